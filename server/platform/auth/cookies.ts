import type { Config } from '../../config.ts'

/** Cookie names: with HTTPS the `__Host-` prefix pins them to this host, path `/`, Secure. */
export function cookieNames(config: Pick<Config, 'secureCookies'>) {
  const prefix = config.secureCookies ? '__Host-' : ''
  return { session: `${prefix}pulih_session`, csrf: `${prefix}pulih_csrf` }
}

export function cookieOptions(config: Pick<Config, 'secureCookies'>) {
  return { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: config.secureCookies }
}
