import path from 'node:path'

/** Typed configuration read once from the environment and validated at start. */
export interface Config {
  /** Directory holding the embedded PostgreSQL cluster, keys and uploaded files. */
  dataDir: string
  /** External PostgreSQL server; when absent the embedded server in `dataDir` is used. */
  databaseUrl: string | undefined
  host: string
  port: number
  /** Public origin used in links printed to the console and in e-mails. */
  publicUrl: string
  /** True when served over HTTPS (cookies get `Secure` and the `__Host-` prefix). */
  secureCookies: boolean
  logLevel: string
  /** Serve `/api/docs` (browsable OpenAPI). */
  apiDocs: boolean
  /** Number of proxies in front of the server whose X-Forwarded-For may be trusted. */
  trustProxy: number
  sessionIdleMinutes: number
  sessionAbsoluteHours: number
  rateLimit: { apiPerMinute: number; loginPerMinute: number }
  /** `SMTP_URL` (smtp:// or smtps://user:pass@host:port): send e-mail through it; unset, e-mails are written as .eml files under `<dataDir>/outbox/`. */
  smtpUrl?: string
  /** `PULIH_MAIL_FROM`: sender of the platform's e-mails (default `Pulih <no-reply@PUBLIC_URL host>`). */
  mailFrom?: string
}

export class ConfigError extends Error {}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max} (got "${raw}")`)
  }
  return value
}

function boolFrom(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false
  throw new ConfigError(`${name} must be true or false (got "${raw}")`)
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const host = env.HOST || '127.0.0.1'
  const port = intFrom(env, 'PORT', 3000, 0, 65535)
  // Listening on every interface still prints a link a browser on this machine can open.
  const linkHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host
  const publicUrl = (env.PULIH_PUBLIC_URL || `http://${linkHost.includes(':') ? `[${linkHost}]` : linkHost}:${port}`).replace(/\/$/, '')
  if (!/^https?:\/\//.test(publicUrl)) throw new ConfigError(`PULIH_PUBLIC_URL must start with http:// or https:// (got "${publicUrl}")`)
  const databaseUrl = env.DATABASE_URL || undefined
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// URL')
  }
  const logLevel = env.LOG_LEVEL || 'info'
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "${logLevel}")`)
  }
  const smtpUrl = env.SMTP_URL || undefined
  if (smtpUrl && !/^smtps?:\/\/[^/?#\s]+/.test(smtpUrl)) throw new ConfigError('SMTP_URL must be an smtp:// or smtps:// URL')
  const mailFrom = env.PULIH_MAIL_FROM || undefined
  if (mailFrom && (/[\r\n]/.test(mailFrom) || !/@[^@\s>]+\.[^@\s>]+>?$/.test(mailFrom))) throw new ConfigError('PULIH_MAIL_FROM must be an e-mail address, e.g. "Pulih <no-reply@example.go.id>"')
  return {
    ...(smtpUrl ? { smtpUrl } : {}),
    ...(mailFrom ? { mailFrom } : {}),
    dataDir: path.resolve(cwd, env.PULIH_DATA_DIR || 'data'),
    databaseUrl,
    host,
    port,
    publicUrl,
    secureCookies: boolFrom(env, 'PULIH_SECURE_COOKIES', publicUrl.startsWith('https://')),
    logLevel,
    apiDocs: boolFrom(env, 'PULIH_API_DOCS', true),
    trustProxy: intFrom(env, 'PULIH_TRUST_PROXY', 0, 0, 10),
    sessionIdleMinutes: intFrom(env, 'PULIH_SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionAbsoluteHours: intFrom(env, 'PULIH_SESSION_ABSOLUTE_HOURS', 12, 1, 72),
    rateLimit: {
      apiPerMinute: intFrom(env, 'PULIH_RATE_LIMIT_API', 600, 10, 1_000_000),
      loginPerMinute: intFrom(env, 'PULIH_RATE_LIMIT_LOGIN', 10, 1, 10_000),
    },
  }
}
