// NIB and NIK, the two identifiers an IKM row carries. Formats: reference/programs-and-statistics.md §2c.
import { calendarDate } from './date.ts'
import { cellText, fail, isBlank, ok, quote, type Result } from './result.ts'

/** What a NIK tells about its holder, read from its digits. */
export interface NikInfo {
  /** The 16 digits, without separators. */
  nik: string
  /** Province of first registration, e.g. '32'. */
  provinceCode: string
  /** Regency or city of first registration in dotted form, e.g. '32.04'. */
  regencyCode: string
  /**
   * District of first registration in dotted form, e.g. '32.04.11'. Informational only: it is
   * never checked, because district codes in old NIKs may predate splits and renumbering.
   */
  districtCode: string
  sex: 'F' | 'M'
  /** 'YYYY-MM-DD'. */
  birthDate: string
}

// Excel turns long digit strings typed into number cells into "3.20412E+15"; the digits are lost
// by then, so the message tells the office what to fix instead of a generic "invalid".
const SCIENTIFIC = /^\d+(?:[.,]\d+)?e[+-]?\d+$/i

/**
 * Digits of an identifier cell: a leading apostrophe (Excel's "keep as text" marker), spaces,
 * dots and dashes removed. Returns null when the cell is not text or a safe integer.
 */
function identifierDigits(raw: unknown): string | null {
  if (typeof raw === 'number' && !Number.isSafeInteger(raw)) return null
  const text = cellText(raw)
  if (text === null) return null
  return text.replace(/^'/, '').replace(/[\s.\-]/g, '')
}

/**
 * NIB (Nomor Induk Berusaha) as 13 digits; empty → null because many small firms have none.
 * OSS publishes no check digit, so only the shape is checked.
 * @example normaliseNib(' 9120.0012-34567 ') // { ok: true, value: '9120001234567' }
 */
export function normaliseNib(raw: unknown): Result<string | null> {
  if (isBlank(raw)) return ok(null)
  const digits = identifierDigits(raw)
  if (digits === null) return fail('NIB_INVALID', `NIB must be 13 digits, got ${quote(raw)}`)
  if (digits === '') return ok(null)
  if (typeof raw === 'string' && SCIENTIFIC.test(raw.trim())) {
    return fail('NIB_INVALID', 'NIB was stored as a number in scientific notation; format the column as text')
  }
  if (!/^\d{13}$/.test(digits)) return fail('NIB_INVALID', `NIB must be 13 digits, got ${quote(raw)}`)
  return ok(digits)
}

/** Today's date as 'YYYY-MM-DD' in UTC, the reference for "not in the future". */
function utcDay(today: Date): string {
  return today.toISOString().slice(0, 10)
}

/**
 * Parses and checks a NIK (Nomor Induk Kependudukan): 16 digits `PP RR DD ddmmyy ssss`.
 * Checks the regency of first registration against `knownRegencyCodes` (dotted, '32.04'),
 * the birth date (women's day + 40; century 20xx unless that is after `today`, else 19xx)
 * and a serial other than 0000. Empty → null (owner NIK is optional on import).
 * @example parseNik('3204124506900001', new Set(['32.04'])) // { ok: true, value: { nik: '3204124506900001', provinceCode: '32', regencyCode: '32.04', districtCode: '32.04.12', sex: 'F', birthDate: '1990-06-05' } }
 */
export function parseNik(
  raw: unknown,
  knownRegencyCodes: ReadonlySet<string>,
  today: Date = new Date(),
): Result<NikInfo | null> {
  if (isBlank(raw)) return ok(null)
  const digits = identifierDigits(raw)
  if (digits === null) {
    return fail('NIK_INVALID', 'NIK must be 16 digits; a NIK stored as a number loses digits, format the column as text')
  }
  if (digits === '') return ok(null)
  if (typeof raw === 'string' && SCIENTIFIC.test(raw.trim())) {
    return fail('NIK_INVALID', 'NIK was stored as a number in scientific notation; format the column as text')
  }
  if (!/^\d+$/.test(digits)) return fail('NIK_INVALID', `NIK must contain only digits, got ${quote(raw)}`)
  if (digits.length !== 16) return fail('NIK_INVALID_LENGTH', `NIK must be 16 digits, got ${digits.length}`)

  const provinceCode = digits.slice(0, 2)
  const regencyCode = `${provinceCode}.${digits.slice(2, 4)}`
  if (!knownRegencyCodes.has(regencyCode)) {
    return fail('NIK_REGION_UNKNOWN', `NIK region ${regencyCode} is not a known regency or city`)
  }

  const rawDay = Number(digits.slice(6, 8))
  const month = Number(digits.slice(8, 10))
  const yy = Number(digits.slice(10, 12))
  const sex = rawDay > 40 ? 'F' : 'M'
  const day = sex === 'F' ? rawDay - 40 : rawDay
  // Day 32..40 fits neither men (1..31) nor women (41..71); calendarDate rejects day 0 and > 31.
  const recent = calendarDate(2000 + yy, month, day)
  const birthDate = recent !== null && recent <= utcDay(today) ? recent : calendarDate(1900 + yy, month, day)
  if (birthDate === null || birthDate > utcDay(today)) {
    return fail('NIK_BIRTH_DATE_INVALID', `NIK birth date digits ${digits.slice(6, 12)} are not a real date`)
  }

  if (digits.slice(12) === '0000') return fail('NIK_SERIAL_INVALID', 'NIK serial number 0000 is never issued')

  return ok({
    nik: digits,
    provinceCode,
    regencyCode,
    districtCode: `${regencyCode}.${digits.slice(4, 6)}`,
    sex,
    birthDate,
  })
}
