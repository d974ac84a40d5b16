// Shared result type and cell helpers for the normalisers. Import files arrive as CSV text or
// XLSX cells (strings, numbers, dates, booleans, rich-text objects), so every normaliser takes
// `unknown` and reports bad input as a value instead of throwing: one bad cell must never abort
// the other rows of a million-row file.

/** Stable machine-readable error codes; the import writes them into its errors file. */
export type NormaliseErrorCode =
  | 'REQUIRED'
  | 'NIB_INVALID'
  | 'NIK_INVALID'
  | 'NIK_INVALID_LENGTH'
  | 'NIK_REGION_UNKNOWN'
  | 'NIK_BIRTH_DATE_INVALID'
  | 'NIK_SERIAL_INVALID'
  | 'NPWP_INVALID'
  | 'NPWP_CHECK_DIGIT'
  | 'PHONE_INVALID'
  | 'EMAIL_INVALID'
  | 'NUMBER_INVALID'
  | 'DATE_INVALID'
  | 'YEAR_INVALID'
  | 'KBLI_INVALID'
  | 'KBLI_UNKNOWN'
  | 'REGION_NOT_FOUND'
  | 'REGION_AMBIGUOUS'

export type Ok<T> = { ok: true; value: T }
export type Err<C extends string = NormaliseErrorCode> = { ok: false; code: C; message?: string }
export type Result<T, C extends string = NormaliseErrorCode> = Ok<T> | Err<C>

/**
 * A successful result.
 * @example ok(42) // { ok: true, value: 42 }
 */
export function ok<T>(value: T): Ok<T> {
  return { ok: true, value }
}

/**
 * A failed result with a stable code and an English message for logs and the errors file.
 * @example fail('NIB_INVALID', 'NIB must have 13 digits') // { ok: false, code: 'NIB_INVALID', message: '…' }
 */
export function fail<C extends string>(code: C, message?: string): Err<C> {
  return message === undefined ? { ok: false, code } : { ok: false, code, message }
}

// Spreadsheets are full of invisible characters: no-break spaces from copy-paste, zero-width
// spaces and byte-order marks. `\s` covers most but not U+200B..U+200D or U+2060.
const INVISIBLE = /[\s\u200B-\u200D\u2060]+/g

/**
 * Text of a cell with invisible characters turned into plain spaces and trimmed; null for cells
 * that are not text or numbers (dates, booleans, objects) so callers can reject them.
 * @example cellText(' 0812\u00A03456 ') // '0812 3456'
 */
export function cellText(raw: unknown): string | null {
  if (typeof raw === 'string') return raw.replace(INVISIBLE, ' ').trim()
  if (typeof raw === 'number') return Number.isFinite(raw) ? String(raw) : null
  if (typeof raw === 'bigint') return String(raw)
  return null
}

/**
 * Whether a cell counts as empty: null, undefined or only whitespace.
 * @example isBlank('  ') // true
 */
export function isBlank(raw: unknown): boolean {
  return raw === null || raw === undefined || (typeof raw === 'string' && raw.replace(INVISIBLE, '') === '')
}

/** A short quoted excerpt of the raw value for messages, so a 10 kB cell does not flood the errors file. */
export function quote(raw: unknown): string {
  const text = safeString(raw)
  return JSON.stringify(text.length > 40 ? text.slice(0, 40) + '…' : text)
}

/** String(raw), except that objects whose conversion throws (Object.create(null)) do not. */
export function safeString(raw: unknown): string {
  if (typeof raw === 'string') return raw
  try {
    return String(raw)
  } catch {
    return Object.prototype.toString.call(raw)
  }
}
