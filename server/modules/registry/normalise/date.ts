import { cellText, fail, isBlank, ok, quote, type Result } from './result.ts'

/**
 * 'YYYY-MM-DD' when year/month/day form a real date of the (proleptic) Gregorian calendar, else null.
 * @example calendarDate(2020, 2, 29) // '2020-02-29'
 * @example calendarDate(2021, 2, 29) // null
 */
export function calendarDate(year: number, month: number, day: number): string | null {
  if (![year, month, day].every(Number.isInteger)) return null
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return null
  // Date.UTC maps years 0..99 to 1900..1999; setUTCFullYear does not.
  const last = new Date(0)
  last.setUTCFullYear(year, month, 0)
  if (day > last.getUTCDate()) return null
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

const MONTHS: Record<string, number> = {}
// Indonesian and English month names and their common abbreviations.
for (const [month, names] of [
  [1, 'januari jan january'],
  [2, 'februari pebruari feb peb february'],
  [3, 'maret mar march'],
  [4, 'april apr'],
  [5, 'mei may'],
  [6, 'juni jun june'],
  [7, 'juli jul july'],
  [8, 'agustus agu agt ags aug august'],
  [9, 'september sep sept'],
  [10, 'oktober okt oct october'],
  [11, 'november nopember nov nop'],
  [12, 'desember des dec december'],
] as const) {
  for (const name of names.split(' ')) MONTHS[name] = month
}

const EXCEL_SERIAL_MAX = 60_000
const MS_PER_DAY = 86_400_000
const EXCEL_DAY_ONE = Date.UTC(1900, 0, 1)

/** Excel 1900 date system serial → 'YYYY-MM-DD', or an error for out-of-range serials and serial 60. */
function fromExcelSerial(serial: number, raw: unknown): Result<string> {
  const day = Math.floor(serial)
  if (!(day >= 1 && day <= EXCEL_SERIAL_MAX)) {
    return fail('DATE_INVALID', `Excel date serial out of range 1..${EXCEL_SERIAL_MAX}: ${quote(raw)}`)
  }
  // Lotus 1-2-3 treated 1900 as a leap year and Excel kept the bug: serial 60 is the
  // nonexistent 1900-02-29 and every later serial is one day ahead of a plain day count.
  if (day === 60) return fail('DATE_INVALID', 'Excel serial 60 is 1900-02-29, which does not exist')
  const offset = day < 60 ? day - 1 : day - 2
  return ok(new Date(EXCEL_DAY_ONE + offset * MS_PER_DAY).toISOString().slice(0, 10))
}

function invalid(raw: unknown) {
  return fail('DATE_INVALID', `not a date (expected dd/mm/yyyy or yyyy-mm-dd): ${quote(raw)}`)
}

function checked(year: number, month: number, day: number, raw: unknown): Result<string> {
  const iso = calendarDate(year, month, day)
  return iso === null ? fail('DATE_INVALID', `no such calendar date: ${quote(raw)}`) : ok(iso)
}

/**
 * A date cell as 'YYYY-MM-DD'; empty → null.
 *
 * Accepted: 'dd/mm/yyyy' and 'd/m/yyyy' with '/', '-' or '.' (day first, as Indonesia writes
 * dates, so '12/31/2020' is DATE_INVALID rather than guessed); ISO 'yyyy-mm-dd' (also with '/'
 * and with a trailing time, which is ignored); day, month name and year in Indonesian or
 * English ('17 Agustus 2020', '17-Aug-2020'); Excel serial numbers 1..60000 of the 1900 date
 * system, as numbers or 5-digit strings (time fractions ignored); and Date objects, read in UTC
 * because spreadsheet readers deliver date cells as UTC midnight. Impossible dates
 * ('31/02/2020') are DATE_INVALID.
 * @example parseDate('05/06/2020') // { ok: true, value: '2020-06-05' }
 * @example parseDate(43831) // { ok: true, value: '2020-01-01' }
 */
export function parseDate(raw: unknown): Result<string | null> {
  if (raw instanceof Date) {
    if (Number.isNaN(raw.getTime())) return invalid(raw)
    return checked(raw.getUTCFullYear(), raw.getUTCMonth() + 1, raw.getUTCDate(), raw)
  }
  if (typeof raw === 'number') return Number.isFinite(raw) ? fromExcelSerial(raw, raw) : invalid(raw)
  if (isBlank(raw)) return ok(null)
  const text = cellText(raw)
  if (text === null) return invalid(raw)

  if (/^\d{5}(?:\.\d+)?$/.test(text)) return fromExcelSerial(Number(text), raw)

  const iso = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text)
  if (iso) return checked(Number(iso[1]), Number(iso[3]), Number(iso[4]), raw)

  const dmy = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?: \d{1,2}[:.]\d{2}(?:[:.]\d{2})?)?$/.exec(text)
  if (dmy) return checked(Number(dmy[4]), Number(dmy[3]), Number(dmy[1]), raw)

  const named = /^(\d{1,2})[\s\-/.]+([a-z]+)\.?[\s\-/.,]+(\d{4})$/i.exec(text)
  if (named) {
    const month = MONTHS[named[2].toLowerCase()]
    if (month === undefined) return invalid(raw)
    return checked(Number(named[3]), month, Number(named[1]), raw)
  }
  return invalid(raw)
}

const FIRST_YEAR = 1900

/**
 * A year such as tahun_berdiri (year founded): 1900..the current year (UTC) of `today`;
 * empty → null. Numbers must be the year itself; text may be a 4-digit year or any date
 * parseDate accepts ('12/05/2015' → 2015), and Date objects give their year.
 * @example parseYear('2015') // { ok: true, value: 2015 }
 */
export function parseYear(raw: unknown, today: Date = new Date()): Result<number | null> {
  if (isBlank(raw)) return ok(null)
  let year: number | null = null
  if (typeof raw === 'number') {
    year = raw
  } else if (raw instanceof Date) {
    year = Number.isNaN(raw.getTime()) ? null : raw.getUTCFullYear()
  } else {
    const text = cellText(raw)
    if (text !== null && /^\d{4}$/.test(text)) {
      year = Number(text)
    } else if (text !== null && !/^\d+(?:\.\d+)?$/.test(text)) {
      // A bare number that is not 4 digits is not read as an Excel serial here: in a year
      // column it is far more likely a typo than a date.
      const date = parseDate(text)
      if (date.ok && date.value !== null) year = Number(date.value.slice(0, 4))
    }
  }
  const current = today.getUTCFullYear()
  if (year === null || !Number.isInteger(year) || year < FIRST_YEAR || year > current) {
    return fail('YEAR_INVALID', `year must be ${FIRST_YEAR}..${current}: ${quote(raw)}`)
  }
  return ok(year)
}

/** The month number of an Indonesian or English month name or abbreviation, e.g. `monthNumber('Mei')` → 5; null when unknown. */
export function monthNumber(name: string): number | null {
  return MONTHS[name.trim().toLowerCase()] ?? null
}
