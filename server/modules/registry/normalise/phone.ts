import { cellText, fail, isBlank, ok, quote, type Result } from './result.ts'

/**
 * Indonesian phone number in E.164 ('+62' + national significant number); empty → null.
 *
 * Rules, in order:
 * - spaces, dashes, dots, parentheses and a leading apostrophe are removed;
 * - the prefix is '+62', '0062', '62' or the trunk '0'; '+62 (0) 812…' drops the stray 0 too;
 *   digits with no prefix ('812…', what Excel leaves of a number cell) are taken as national;
 * - a '62' at the start is always read as the country code (a landline written without its
 *   trunk 0 and starting 62 cannot be told apart, so it is rejected rather than guessed);
 * - the national number has 8–12 digits and starts with 2–9; mobile numbers (starting 8) have
 *   9–12 digits, since Indonesian mobile numbers are 10–13 digits with the 0;
 * - anything else (another country code, letters, extensions, two numbers in one cell) is
 *   PHONE_INVALID.
 * @example normalisePhone('0812-3456-7890') // { ok: true, value: '+6281234567890' }
 * @example normalisePhone('(022) 1234567') // { ok: true, value: '+62221234567' }
 */
export function normalisePhone(raw: unknown): Result<string | null> {
  if (isBlank(raw)) return ok(null)
  if (typeof raw === 'number' && !(Number.isSafeInteger(raw) && raw > 0)) return invalid(raw)
  const text = cellText(raw)
  if (text === null) return invalid(raw)
  const compact = text.replace(/^'/, '').replace(/[\s\-.()]/g, '')
  if (compact === '') return ok(null)

  const countryCode = /^(?:\+|00)?62/.exec(compact)
  let national: string
  if (countryCode !== null) {
    // '+62 (0)812…' and '+62 0812…' are common; the trunk 0 is never part of the E.164 number.
    national = compact.slice(countryCode[0].length).replace(/^0/, '')
  } else if (compact.startsWith('+') || compact.startsWith('00')) {
    return fail('PHONE_INVALID', `not an Indonesian number (+62): ${quote(raw)}`)
  } else {
    national = compact.replace(/^0/, '')
  }

  if (!/^[2-9]\d+$/.test(national)) return invalid(raw)
  const min = national.startsWith('8') ? 9 : 8
  if (national.length < min || national.length > 12) return invalid(raw)
  return ok('+62' + national)
}

function invalid(raw: unknown) {
  return fail('PHONE_INVALID', `not a valid Indonesian phone number: ${quote(raw)}`)
}
