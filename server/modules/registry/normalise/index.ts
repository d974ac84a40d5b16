/**
 * Pure normalisers for registry data as people actually write it (import files, forms):
 * identifiers, phones, numbers, dates, names, header rows and region names. No I/O.
 *
 * Conventions shared by every function here:
 * - input is `unknown` (a CSV string or any XLSX cell value); bad input is returned as
 *   `{ ok: false, code, message }` with a stable SCREAMING_SNAKE code, never thrown;
 * - an empty cell (null, undefined, whitespace) is `{ ok: true, value: null }` for optional
 *   fields (or [] for lists); only normaliseName answers REQUIRED, and the caller decides which
 *   other fields are required.
 * Masking a NIK for display is `maskNik` in server/platform/privacy.ts, shared with the audit log.
 */
export { calendarDate, monthNumber, parseDate, parseYear } from './date.ts'
export {
  FIRM_IMPORT_COLUMNS,
  FIRM_IMPORT_KEYS,
  matchHeaders,
  normaliseHeader,
  type ColumnSpec,
  type FirmImportKey,
  type HeaderMatch,
} from './headers.ts'
export { normaliseNib, parseNik, type NikInfo } from './identifiers.ts'
export { luhnValid, normaliseNpwp } from './npwp.ts'
export { parseIndonesianNumber } from './number.ts'
export { normalisePhone } from './phone.ts'
export {
  createRegionMatcher,
  type DistrictRecord,
  type ProvinceRecord,
  type RegencyRecord,
  type RegionData,
  type RegionMatcher,
} from './regions.ts'
export { cellText, fail, isBlank, ok, type Err, type NormaliseErrorCode, type Ok, type Result } from './result.ts'
export {
  MEDIUM_INVESTMENT_LIMIT,
  SMALL_INVESTMENT_LIMIT,
  SMALL_WORKERS_LIMIT,
  sizeClass,
  type SizeClass,
} from './size-class.ts'
export { normaliseEmail, normaliseName, parseKbliList } from './text.ts'
