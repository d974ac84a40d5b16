import { cellText, fail, isBlank, ok, quote, type Result } from './result.ts'

// Deliberately loose: the import only needs to catch typos and values from the wrong column;
// deliverability is proven by sending mail, not by a regular expression.
const EMAIL = /^[^\s@"(),:;<>[\]\\]+@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/

/**
 * E-mail address trimmed and lower-cased, with a basic shape check; empty → null.
 * A leading 'mailto:' (from pasted links) is dropped.
 * @example normaliseEmail(' Budi@Contoh.CO.ID ') // { ok: true, value: 'budi@contoh.co.id' }
 */
export function normaliseEmail(raw: unknown): Result<string | null> {
  if (isBlank(raw)) return ok(null)
  const text = typeof raw === 'string' ? cellText(raw) : null
  if (text === null) return fail('EMAIL_INVALID', `not an e-mail address: ${quote(raw)}`)
  const email = text.replace(/^mailto:/i, '').toLowerCase()
  const local = email.slice(0, email.lastIndexOf('@'))
  if (
    email.length > 254 ||
    !EMAIL.test(email) ||
    local.length > 64 ||
    local.startsWith('.') ||
    local.endsWith('.') ||
    local.includes('..')
  ) {
    return fail('EMAIL_INVALID', `not an e-mail address: ${quote(raw)}`)
  }
  return ok(email)
}

/**
 * A required name (firm, owner, product): trimmed, inner whitespace collapsed to one space,
 * Unicode NFC so the same name typed on different machines compares equal; empty → REQUIRED.
 * Numbers are accepted as text (a firm may be called "88").
 * @example normaliseName('  CV  Maju\u00A0Jaya ') // { ok: true, value: 'CV Maju Jaya' }
 */
export function normaliseName(raw: unknown): Result<string> {
  const text = cellText(raw)
  if (text === null || text === '') return fail('REQUIRED', 'a value is required')
  return ok(text.normalize('NFC').replace(/\s+/g, ' '))
}

/**
 * KBLI 2020 codes from one cell: separated by ';', ',', '/', '|' or whitespace; each must be
 * 5 digits; duplicates dropped keeping order; the first is the main KBLI. Empty → [].
 * With `knownCodes`, a well-formed code outside the set is KBLI_UNKNOWN.
 * @example parseKbliList('10792; 13121,14111') // { ok: true, value: ['10792', '13121', '14111'] }
 */
export function parseKbliList(raw: unknown, knownCodes?: ReadonlySet<string>): Result<string[]> {
  if (isBlank(raw)) return ok([])
  if (typeof raw === 'number' && !Number.isSafeInteger(raw)) return fail('KBLI_INVALID', `not a KBLI code: ${quote(raw)}`)
  const text = cellText(raw)
  if (text === null) return fail('KBLI_INVALID', `not a KBLI code: ${quote(raw)}`)
  const codes: string[] = []
  for (const part of text.split(/[;,/|\s]+/)) {
    if (part === '') continue
    if (!/^\d{5}$/.test(part)) return fail('KBLI_INVALID', `KBLI codes have 5 digits, got ${quote(part)}`)
    if (knownCodes && !knownCodes.has(part)) return fail('KBLI_UNKNOWN', `KBLI ${part} is not a known KBLI 2020 code`)
    if (!codes.includes(part)) codes.push(part)
  }
  return ok(codes)
}
