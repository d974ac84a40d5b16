// Pages that make no sense to return to once signed in (and would loop back to sign-in).
const SIGN_IN_PAGES = ['/login', '/enrol', '/setup', '/invite', '/register']

/** Where to come back to after signing in: only same-site paths, never another origin. */
export function safeNext(value: string | null): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return '/'
  if (/[\u0000-\u001f]/.test(value)) return '/'
  const path = value.split(/[?#]/)[0]
  if (SIGN_IN_PAGES.includes(path)) return '/'
  return value
}

export function loginPath(next: string): string {
  return next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login'
}
