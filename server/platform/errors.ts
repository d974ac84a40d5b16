/**
 * Application errors carry a stable code (clients and tests rely on it), an HTTP status and
 * parameters for the localised message (see platform/i18n/messages.ts).
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly statusCode: number,
    readonly params: Record<string, string | number> = {},
    /** Extra machine-readable detail returned to the client (e.g. which field). */
    readonly details?: Record<string, unknown>,
  ) {
    super(code)
    this.name = 'AppError'
  }
}

export const notFound = (code: string, params?: Record<string, string | number>) => new AppError(code, 404, params)
export const forbidden = (code = 'FORBIDDEN') => new AppError(code, 403)
export const unauthorized = (code = 'UNAUTHENTICATED') => new AppError(code, 401)
export const conflict = (code: string, params?: Record<string, string | number>) => new AppError(code, 409, params)
export const badRequest = (code: string, params?: Record<string, string | number>, details?: Record<string, unknown>) =>
  new AppError(code, 400, params, details)

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string }
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint)
}
