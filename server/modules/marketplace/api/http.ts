// The connectors' one HTTP core, on Node's fetch. A call is signed again for each attempt (fresh
// timestamp) over the SAME body bytes: the caller serialises the JSON body once into a Buffer,
// the signer signs that Buffer and exactly that Buffer is sent. Each marketplace's envelope is
// parsed into a ConnectorError with a stable code (messages in api.messages.ts). 429 and 5xx are
// retried with exponential backoff and jitter, honouring Retry-After. Secrets never reach an
// error, a log line or an audit entry: URLs are logged without their query, and any secret
// value found in a remote message is masked.
import { AppError } from '../../../platform/errors.ts'

export type MarketplaceApiCode = 'shopee' | 'tiktok_shop' | 'tokopedia' | 'blibli'

/** What went wrong, as a stable code (localised in api.messages.ts). */
export type ConnectorErrorCode =
  | 'MARKETPLACE_API_SIGNATURE_REJECTED'
  | 'MARKETPLACE_API_TOKEN_EXPIRED'
  | 'MARKETPLACE_API_AUTH_REJECTED'
  | 'MARKETPLACE_API_RATE_LIMITED'
  | 'MARKETPLACE_API_UNAVAILABLE'
  | 'MARKETPLACE_API_TIMEOUT'
  | 'MARKETPLACE_API_REJECTED'
  | 'MARKETPLACE_API_BAD_RESPONSE'

export class ConnectorError extends AppError {
  constructor(
    code: ConnectorErrorCode,
    readonly marketplace: MarketplaceApiCode,
    readonly remote: { code: string; message: string; requestId: string | null; httpStatus: number | null; attempts: number },
  ) {
    super(code, 502, { marketplace, remoteCode: remote.code || '-' }, { remoteCode: remote.code, remoteMessage: remote.message, requestId: remote.requestId, httpStatus: remote.httpStatus, attempts: remote.attempts })
    this.name = 'ConnectorError'
  }
}

/** One signed request, ready to send. `body` is the exact bytes that were signed. */
export interface SignedRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH'
  url: URL
  headers: Record<string, string>
  body?: Buffer
}

/** A remote answer after envelope parsing. */
export type Parsed<T> = { ok: true; data: T } | { ok: false; code: ConnectorErrorCode; remoteCode: string; message: string; requestId: string | null }

export interface HttpOptions {
  fetch?: typeof fetch
  /** Injected in tests so backoff takes no wall time. */
  sleep?: (ms: number) => Promise<void>
  random?: () => number
  /** Attempts in all (first try included). */
  maxAttempts?: number
  baseDelayMs?: number
  maxDelayMs?: number
  /** Retry-After longer than this: give up instead of waiting. */
  maxRetryAfterMs?: number
  timeoutMs?: number
  log?: (entry: { marketplace: string; method: string; path: string; status: number | null; attempt: number; ms: number }) => void
}

export const DEFAULT_HTTP: Required<Omit<HttpOptions, 'fetch' | 'log'>> = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  timeoutMs: 20_000,
}

/**
 * Delay before attempt `attempt + 1`: Retry-After when the server gave one, else exponential
 * backoff with "equal jitter" (half fixed, half random).
 * Example: backoffDelay(1, null, { baseDelayMs: 500, maxDelayMs: 30000 }, () => 0) === 250
 */
export function backoffDelay(attempt: number, retryAfterMs: number | null, options: { baseDelayMs: number; maxDelayMs: number }, random: () => number): number {
  if (retryAfterMs !== null) return retryAfterMs
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1))
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}

/** Retry-After in milliseconds (delta seconds or an HTTP date), or null. Example: parseRetryAfter('2', now) === 2000 */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (!value) return null
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000
  const at = Date.parse(value)
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime())
}

/** Replaces every secret value found in the text (remote messages sometimes echo parameters). */
export function maskSecrets(text: string, secrets: readonly (string | null | undefined)[]): string {
  let out = text
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join('***')
  return out.length > 500 ? `${out.slice(0, 500)}…` : out
}

export interface Call<T> {
  marketplace: MarketplaceApiCode
  /** Builds the signed request for one attempt (a fresh timestamp each time, the same body bytes). */
  sign: () => SignedRequest
  parse: (status: number, json: unknown) => Parsed<T>
  /** Values that must never appear in an error (keys, secrets, tokens). */
  secrets: readonly (string | null | undefined)[]
  /** Retry a timed-out or failed connection too (only for calls safe to repeat). */
  idempotent?: boolean
}

export class HttpCore {
  private readonly options: Required<Omit<HttpOptions, 'fetch' | 'log'>> & Pick<HttpOptions, 'log'> & { fetch: typeof fetch }

  constructor(options: HttpOptions = {}) {
    this.options = { ...DEFAULT_HTTP, ...options, fetch: options.fetch ?? globalThis.fetch }
  }

  async send<T>(call: Call<T>): Promise<T> {
    const o = this.options
    let last: { code: ConnectorErrorCode; remoteCode: string; message: string; requestId: string | null; httpStatus: number | null } | null = null
    for (let attempt = 1; attempt <= o.maxAttempts; attempt++) {
      const request = call.sign()
      const started = Date.now()
      let response: Response
      try {
        response = await o.fetch(request.url, {
          method: request.method,
          headers: request.headers,
          body: request.body as unknown as BodyInit | undefined, // a Buffer is a Uint8Array: sent as is
          signal: AbortSignal.timeout(o.timeoutMs),
          redirect: 'error',
        })
      } catch (error) {
        const timedOut = (error as Error)?.name === 'TimeoutError' || (error as Error)?.name === 'AbortError'
        o.log?.({ marketplace: call.marketplace, method: request.method, path: request.url.pathname, status: null, attempt, ms: Date.now() - started })
        last = { code: timedOut ? 'MARKETPLACE_API_TIMEOUT' : 'MARKETPLACE_API_UNAVAILABLE', remoteCode: timedOut ? 'timeout' : 'network', message: '', requestId: null, httpStatus: null }
        if (!call.idempotent || attempt === o.maxAttempts) break
        await o.sleep(backoffDelay(attempt, null, o, o.random))
        continue
      }
      const text = await response.text()
      o.log?.({ marketplace: call.marketplace, method: request.method, path: request.url.pathname, status: response.status, attempt, ms: Date.now() - started })
      if (response.status === 429 || response.status >= 500) {
        last = {
          code: response.status === 429 ? 'MARKETPLACE_API_RATE_LIMITED' : 'MARKETPLACE_API_UNAVAILABLE',
          remoteCode: String(response.status),
          message: maskSecrets(text.slice(0, 300), call.secrets),
          requestId: null,
          httpStatus: response.status,
        }
        if (attempt === o.maxAttempts) break
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'), new Date())
        if (retryAfter !== null && retryAfter > o.maxRetryAfterMs) break
        await o.sleep(backoffDelay(attempt, retryAfter, o, o.random))
        continue
      }
      let json: unknown
      try {
        json = text === '' ? {} : JSON.parse(text)
      } catch {
        throw new ConnectorError('MARKETPLACE_API_BAD_RESPONSE', call.marketplace, { code: String(response.status), message: '', requestId: null, httpStatus: response.status, attempts: attempt })
      }
      const parsed = call.parse(response.status, json)
      if (parsed.ok) return parsed.data
      throw new ConnectorError(parsed.code, call.marketplace, {
        code: parsed.remoteCode,
        message: maskSecrets(parsed.message, call.secrets),
        requestId: parsed.requestId,
        httpStatus: response.status,
        attempts: attempt,
      })
    }
    throw new ConnectorError(last!.code, call.marketplace, { ...last!, attempts: o.maxAttempts })
  }
}

/** Serialises a JSON body once; these bytes are both signed and sent. */
export const jsonBytes = (value: unknown): Buffer => Buffer.from(JSON.stringify(value), 'utf8')

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v))

// ---------------------------------------------------------------------------------------------
// Envelopes

/** Shopee: HTTP 200 even on logical errors; `error` non-empty means failure. */
export function parseShopee<T>(status: number, json: unknown): Parsed<T> {
  const body = (json ?? {}) as { error?: string; message?: string; request_id?: string; response?: unknown }
  const requestId = body.request_id ?? null
  if (!body.error && status < 400) return { ok: true, data: body as T }
  const remote = str(body.error) || String(status)
  const message = str(body.message)
  let code: ConnectorErrorCode = 'MARKETPLACE_API_REJECTED'
  if (/invalid_acc?ees?s_token|access_token.*expire|token.*expired/i.test(remote) || /access token.*expired/i.test(message)) code = 'MARKETPLACE_API_TOKEN_EXPIRED'
  else if (/sign/i.test(remote) || /wrong sign/i.test(message)) code = 'MARKETPLACE_API_SIGNATURE_REJECTED'
  else if (/auth|partner|refresh_token/i.test(remote) || status === 401 || status === 403) code = 'MARKETPLACE_API_AUTH_REJECTED'
  return { ok: false, code, remoteCode: remote, message, requestId }
}

/** TikTok Shop: `{code, message, request_id, data}`, success when code === 0. */
export function parseTiktok<T>(status: number, json: unknown): Parsed<T> {
  const body = (json ?? {}) as { code?: number; message?: string; request_id?: string; data?: unknown }
  const requestId = body.request_id ?? null
  if (body.code === 0 && status < 400) return { ok: true, data: body.data as T }
  const remote = str(body.code ?? status)
  let code: ConnectorErrorCode = 'MARKETPLACE_API_REJECTED'
  if (body.code === 106001) code = 'MARKETPLACE_API_SIGNATURE_REJECTED'
  else if (body.code === 105002 || body.code === 105001) code = 'MARKETPLACE_API_TOKEN_EXPIRED'
  else if (status === 401 || status === 403) code = 'MARKETPLACE_API_AUTH_REJECTED'
  return { ok: false, code, remoteCode: remote, message: str(body.message), requestId }
}

/** Tokopedia: `{header:{process_time, messages, reason, error_code}, data}`. */
export function parseTokopedia<T>(status: number, json: unknown): Parsed<T> {
  const body = (json ?? {}) as { header?: { error_code?: string | number; reason?: string; messages?: string }; data?: unknown }
  const errorCode = str(body.header?.error_code)
  if (status < 400 && (errorCode === '' || errorCode === '0')) return { ok: true, data: body.data as T }
  const message = str(body.header?.reason) || str(body.header?.messages)
  let code: ConnectorErrorCode = 'MARKETPLACE_API_REJECTED'
  if (status === 401) code = 'MARKETPLACE_API_TOKEN_EXPIRED'
  else if (status === 403) code = 'MARKETPLACE_API_AUTH_REJECTED'
  return { ok: false, code, remoteCode: errorCode || String(status), message, requestId: null }
}

/** Tokopedia's token endpoint answers plain OAuth JSON. */
export function parseOauth<T>(status: number, json: unknown): Parsed<T> {
  const body = (json ?? {}) as { access_token?: string; error?: string; error_description?: string }
  if (status < 400 && body.access_token) return { ok: true, data: body as T }
  return { ok: false, code: 'MARKETPLACE_API_AUTH_REJECTED', remoteCode: str(body.error) || String(status), message: str(body.error_description), requestId: null }
}

/** Blibli: `{requestId, errorCode, errorMessage, value|content}` [I]; errors like ERR-PA401001. */
export function parseBlibli<T>(status: number, json: unknown): Parsed<T> {
  const body = (json ?? {}) as { requestId?: string; errorCode?: string | null; errorMessage?: string | null; success?: boolean }
  const requestId = body.requestId ?? null
  const errorCode = str(body.errorCode)
  if (status < 400 && errorCode === '' && body.success !== false) return { ok: true, data: body as T }
  let code: ConnectorErrorCode = 'MARKETPLACE_API_REJECTED'
  if (/SIGNATURE|PA401002/i.test(errorCode)) code = 'MARKETPLACE_API_SIGNATURE_REJECTED'
  else if (status === 401 || /PA401/.test(errorCode)) code = 'MARKETPLACE_API_AUTH_REJECTED'
  return { ok: false, code, remoteCode: errorCode || String(status), message: str(body.errorMessage), requestId }
}
