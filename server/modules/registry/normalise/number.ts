import { cellText, fail, isBlank, ok, quote, type Result } from './result.ts'

const GROUPED = {
  '.': /^[1-9]\d{0,2}(?:\.\d{3})+$/,
  ',': /^[1-9]\d{0,2}(?:,\d{3})+$/,
} as const

/**
 * A number as Indonesian spreadsheets write it; empty → null.
 *
 * Rules:
 * - a `number` cell passes through (NaN and ±Infinity are NUMBER_INVALID);
 * - spaces (also no-break spaces) are ignored, so '1 500 000' is 1500000;
 * - a leading 'Rp', 'Rp.' or 'IDR' and a trailing ',-' or '.-' are dropped ('Rp2.000.000,-');
 * - a sign '-' or '+' may stand before or after the currency; '(1.000)' is negative as in
 *   accounting formats; a lone '-' (how accounting formats show nothing) is null;
 * - with both '.' and ',' the later one is the decimal separator and the other groups
 *   thousands: '1.500.000,50' → 1500000.5, '1,500,000.50' → 1500000.5;
 * - only commas: one comma is the Indonesian decimal comma ('2,5' → 2.5, so '1,500' → 1.5);
 *   several commas group thousands the English way ('1,500,000' → 1500000);
 * - only dots: several dots group thousands ('1.500.000'); a single dot groups thousands when
 *   it follows 1–3 digits (not starting with 0) and is followed by exactly 3 digits
 *   ('1.500' → 1500), otherwise it is a decimal point ('1.5', '0.500', '1234.567');
 * - thousands groups must be well formed (3 digits each), else NUMBER_INVALID ('1.50.000');
 * - scientific notation as Excel writes large numbers into CSV ('1.5E+09') is accepted;
 * - anything else (letters, units, two numbers) is NUMBER_INVALID.
 * @example parseIndonesianNumber('Rp 1.500.000,50') // { ok: true, value: 1500000.5 }
 * @example parseIndonesianNumber('1.500') // { ok: true, value: 1500 }
 */
export function parseIndonesianNumber(raw: unknown): Result<number | null> {
  if (typeof raw === 'number') return Number.isFinite(raw) ? ok(raw) : invalid(raw)
  if (isBlank(raw)) return ok(null)
  const text = cellText(raw)
  if (text === null) return invalid(raw)

  let s = text.replace(/\s+/g, '')
  if (s === '-') return ok(null)
  let negative = false
  const parenthesised = /^\((.*)\)$/.exec(s)
  if (parenthesised) {
    negative = true
    s = parenthesised[1]
  }
  const sign = /^([+-]?)(?:rp\.?|idr)?([+-]?)/i.exec(s)
  if (sign && sign[0] !== '') {
    // At most one sign overall, and not combined with parentheses.
    if ((sign[1] && sign[2]) || (parenthesised && (sign[1] || sign[2]))) return invalid(raw)
    if (sign[1] === '-' || sign[2] === '-') negative = true
    s = s.slice(sign[0].length)
  }
  s = s.replace(/[.,]-$/, '')

  let value: number
  if (/^\d+(?:\.\d+)?e[+-]?\d+$/i.test(s)) {
    value = Number(s)
  } else {
    const normalised = canonicalDigits(s)
    if (normalised === null) return invalid(raw)
    value = Number(normalised)
  }
  if (!Number.isFinite(value)) return invalid(raw)
  if (negative) value = -value
  // -0 would print as "0" but compare unequal in some places (Object.is); keep plain zero.
  return ok(value === 0 ? 0 : value)
}

/** '1.500.000,50' → '1500000.50'; null when the separators do not follow the rules above. */
function canonicalDigits(s: string): string | null {
  if (!/^\d[\d.,]*$/.test(s) || !/\d$/.test(s)) return null
  const dots = count(s, '.')
  const commas = count(s, ',')
  if (dots === 0 && commas === 0) return s

  if (dots > 0 && commas > 0) {
    const decimal = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ','
    const thousands = decimal === '.' ? ',' : '.'
    if (count(s, decimal) !== 1) return null
    const [integer, fraction] = s.split(decimal)
    if (!GROUPED[thousands].test(integer) || !/^\d+$/.test(fraction)) return null
    return integer.split(thousands).join('') + '.' + fraction
  }

  const separator = dots > 0 ? '.' : ','
  const n = dots + commas
  if (n > 1) return GROUPED[separator].test(s) ? s.split(separator).join('') : null
  const [integer, fraction] = s.split(separator)
  if (separator === '.' && GROUPED['.'].test(s)) return integer + fraction
  return integer + '.' + fraction
}

function count(s: string, char: string): number {
  let n = 0
  for (const c of s) if (c === char) n++
  return n
}

function invalid(raw: unknown) {
  return fail('NUMBER_INVALID', `not a number: ${quote(raw)}`)
}
