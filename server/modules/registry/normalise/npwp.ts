import { cellText, fail, isBlank, ok, type Result } from './result.ts'

/** Luhn (mod 10) check of a digit string, its last digit being the check digit. */
export function luhnValid(digits: string): boolean {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i])
    if (i % 2 === 1) {
      digit *= 2
      if (digit > 9) digit -= 9
    }
    sum += digit
  }
  return sum % 10 === 0
}

/**
 * NPWP (tax number) as digits. The 15-digit form `XX.XXX.XXX.X-XXX.XXX` carries a Luhn check
 * digit in position 9 over the first nine digits; since PMK 112/2022 the 16-digit form is either
 * '0' + the 15-digit number (checked the same way) or, for resident individuals, their NIK
 * (16 digits, structure not re-checked here: parseNik does that with the region list).
 * @example normaliseNpwp('01.300.066.6-091.000') // { ok: true, value: '013000666091000' }
 */
export function normaliseNpwp(raw: unknown): Result<string | null> {
  if (isBlank(raw)) return ok(null)
  const text = cellText(raw) ?? ''
  const digits = text.replace(/[\s.\-]/g, '')
  if (!/^\d+$/.test(digits) || (digits.length !== 15 && digits.length !== 16)) {
    return fail('NPWP_INVALID', 'NPWP must have 15 or 16 digits')
  }
  const old = digits.length === 15 ? digits : digits.startsWith('0') ? digits.slice(1) : null
  if (old === null) return ok(digits)
  if (!luhnValid(old.slice(0, 9))) return fail('NPWP_CHECK_DIGIT', 'the NPWP check digit (9th digit) is wrong')
  return ok(digits)
}
