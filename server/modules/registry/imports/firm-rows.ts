// One import row → the firm and owner values to store, or every problem found in it. Pure: the
// reference data (regions, KBLI codes) comes in through a context built once per import, so a
// million rows cost no extra queries here.
import type { CellValue } from '../import-files/index.ts'
import {
  cellText,
  isBlank,
  normaliseEmail,
  normaliseName,
  normaliseNib,
  normalisePhone,
  parseIndonesianNumber,
  parseKbliList,
  parseNik,
  parseYear,
  type FirmImportKey,
  type RegionMatcher,
} from '../normalise/index.ts'
import { maskNik, maskPhone } from '../../../platform/privacy.ts'
import type { LegalForm } from '../firms.service.ts'

/** Region scope of the importer: null for national officers and the CLI (everything). */
export interface ImportScope {
  provinceCode: string
  regencyCode: string | null
}

export interface RowContext {
  matcher: RegionMatcher
  /** Dotted regency codes, for the region part of a NIK. */
  regencyCodes: ReadonlySet<string>
  kbliCodes: ReadonlySet<string>
  scope: ImportScope | null
  today?: Date
}

export interface RowProblem<K extends string = FirmImportKey> {
  column: K | null
  code: string
  params: Record<string, string | number>
  /** Excerpt of the value as written, personal data masked. */
  value: string | null
}

/**
 * What a valid row says about the firm. Fields the file leaves empty are null and mean
 * "not known": they fill a new firm's record but never erase what an existing firm has.
 */
export interface FirmRowValues {
  nib: string | null
  name: string
  legalForm: LegalForm | null
  address: string | null
  provinceCode: string
  regencyCode: string
  districtCode: string | null
  kbli: string[] | null
  workersTotal: number | null
  workersWomen: number | null
  investmentIdr: number | null
  annualTurnoverIdr: number | null
  yearFounded: number | null
  sentra: string | null
  owner: { name: string; nik: string | null; phone: string | null; email: string | null } | null
}

export type RowResult = { ok: true; values: FirmRowValues } | { ok: false; problems: RowProblem[] }

const LEGAL_FORM_WORDS: Record<string, LegalForm> = {
  perorangan: 'perorangan',
  perseorangan: 'perorangan',
  usahaperorangan: 'perorangan',
  usahaperseorangan: 'perorangan',
  individu: 'perorangan',
  individual: 'perorangan',
  ud: 'ud',
  usahadagang: 'ud',
  cv: 'cv',
  persekutuankomanditer: 'cv',
  commanditairevennootschap: 'cv',
  firma: 'firma',
  fa: 'firma',
  pt: 'pt',
  perseroanterbatas: 'pt',
  ptperorangan: 'pt_perorangan',
  ptperseorangan: 'pt_perorangan',
  perseroanperorangan: 'pt_perorangan',
  koperasi: 'koperasi',
  kop: 'koperasi',
  lainnya: 'lainnya',
  lain: 'lainnya',
  lainlain: 'lainnya',
  other: 'lainnya',
}

/**
 * Legal form as offices write it ('PT.', 'C.V.', 'Usaha Dagang', 'Koperasi Serba Usaha'); empty → null.
 * @example legalFormOf('C.V.') // 'cv'
 */
export function legalFormOf(raw: unknown): LegalForm | null | undefined {
  if (isBlank(raw)) return null
  const text = cellText(raw)
  if (text === null) return undefined
  const key = text.toLowerCase().replace(/[^a-z]/g, '')
  if (LEGAL_FORM_WORDS[key]) return LEGAL_FORM_WORDS[key]
  // "Koperasi Serba Usaha", "Koperasi Produsen …": every cooperative is a koperasi.
  if (key.startsWith('koperasi')) return 'koperasi'
  return undefined
}

/**
 * What may be kept of a cell in the errors file: owner NIK and phone masked (the file is sent
 * around by e-mail), everything else cut to 60 characters.
 * @example excerptOf('nik_pemilik', '3204124508900001') // '3204**********01'
 */
export function excerptOf(column: FirmImportKey | null, raw: CellValue | undefined): string | null {
  if (raw === null || raw === undefined) return null
  const text = raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw).trim()
  if (text === '') return null
  if (column === 'nik_pemilik') return maskNik(text.replace(/[^0-9A-Za-z]/g, ''))
  if (column === 'telepon') return maskPhone(text.replace(/[^0-9+]/g, ''))
  return text.length > 60 ? text.slice(0, 60) + '…' : text
}

type Cells = Partial<Record<FirmImportKey, CellValue>>

// Date-formatted XLSX cells arrive as Excel serial numbers (styles are not read). In a year
// column a number of 3000 or more cannot be a year, so it is read as a date (day 1 = 1900-01-01).
function excelDate(raw: CellValue | undefined): CellValue | undefined {
  if (typeof raw !== 'number' || raw < 3000 || raw > 2_958_465) return raw
  return new Date(Date.UTC(1899, 11, 30) + Math.floor(raw) * 86_400_000)
}

/**
 * Validates one row on its own and reports every problem with its column and code.
 * @example validateFirmRow({ nama_usaha: 'CV Maju', provinsi: 'Jawa Barat', kabupaten_kota: 'Kab. Bandung' }, context)
 * // { ok: true, values: { name: 'CV Maju', provinceCode: '32', regencyCode: '32.04', … } }
 */
export function validateFirmRow(cells: Cells, context: RowContext): RowResult {
  const problems: RowProblem[] = []
  const problem = (column: FirmImportKey | null, code: string, params: Record<string, string | number> = {}) => {
    problems.push({ column, code, params: column ? { column, ...params } : params, value: column ? excerptOf(column, cells[column]) : null })
  }
  const take = <T>(column: FirmImportKey, result: { ok: true; value: T } | { ok: false; code: string }, fallback: T): T => {
    if (result.ok) return result.value
    problem(column, result.code, result.code === 'NIK_INVALID' ? { reason: 'format salah' } : {})
    return fallback
  }
  const text = (column: FirmImportKey, max: number): string | null => {
    const raw = cells[column]
    if (isBlank(raw)) return null
    const value = raw instanceof Date ? raw.toISOString().slice(0, 10) : (cellText(raw) ?? String(raw)).replace(/\s+/g, ' ')
    if (value.length > max) {
      problem(column, 'TEXT_TOO_LONG', { max })
      return null
    }
    return value
  }
  const count = (column: FirmImportKey): number | null => {
    const value = take(column, parseIndonesianNumber(cells[column]), null)
    if (value !== null && (!Number.isSafeInteger(value) || value < 0 || value > 2_147_483_647)) {
      problem(column, 'NUMBER_INVALID')
      return null
    }
    return value
  }
  const rupiah = (column: FirmImportKey): number | null => {
    const value = take(column, parseIndonesianNumber(cells[column]), null)
    if (value === null) return null
    // Rupiah amounts are stored whole; sen ('1.500.000,50') are rounded away.
    const whole = Math.round(value)
    if (whole < 0 || !Number.isSafeInteger(whole)) {
      problem(column, 'NUMBER_INVALID')
      return null
    }
    return whole
  }

  const nib = take('nib', normaliseNib(cells.nib), null)
  let name = ''
  const nameResult = normaliseName(cells.nama_usaha)
  if (!nameResult.ok) problem('nama_usaha', 'REQUIRED')
  else if (nameResult.value.length < 2 || nameResult.value.length > 200) problem('nama_usaha', 'FIRM_NAME_INVALID')
  else name = nameResult.value

  const legalForm = legalFormOf(cells.bentuk_usaha)
  if (legalForm === undefined) problem('bentuk_usaha', 'LEGAL_FORM_INVALID')

  const ownerName = text('nama_pemilik', 200)
  const nik = take('nik_pemilik', parseNik(cells.nik_pemilik, context.regencyCodes, context.today), null)
  const phone = take('telepon', normalisePhone(cells.telepon), null)
  const email = take('email', normaliseEmail(cells.email), null)
  if (!ownerName && (nik || phone || email)) problem('nama_pemilik', 'OWNER_NAME_REQUIRED')
  const address = text('alamat', 500)

  let provinceCode: string | null = null
  let regencyCode: string | null = null
  let districtCode: string | null = null
  if (isBlank(cells.provinsi)) problem('provinsi', 'REQUIRED')
  else provinceCode = take('provinsi', context.matcher.matchProvince(cells.provinsi), null)
  if (isBlank(cells.kabupaten_kota)) problem('kabupaten_kota', 'REQUIRED')
  else if (provinceCode) regencyCode = take('kabupaten_kota', context.matcher.matchRegency(cells.kabupaten_kota, provinceCode), null)
  if (regencyCode) districtCode = take('kecamatan', context.matcher.matchDistrict(cells.kecamatan, regencyCode), null)

  // Regional offices import only their own region's firms (issue 3, access scoping).
  const scope = context.scope
  if (scope && provinceCode && regencyCode) {
    if (provinceCode !== scope.provinceCode || (scope.regencyCode && regencyCode !== scope.regencyCode)) {
      problem('kabupaten_kota', 'FIRM_OUT_OF_REGION')
    }
  }

  const kbliList = take('kbli', parseKbliList(cells.kbli, context.kbliCodes), [])
  const workersTotal = count('jumlah_tenaga_kerja')
  const workersWomen = count('tenaga_kerja_perempuan')
  if (workersTotal !== null && workersWomen !== null && workersWomen > workersTotal) {
    problem('tenaga_kerja_perempuan', 'FIRM_WORKERS_INCONSISTENT')
  }
  const investmentIdr = rupiah('nilai_investasi')
  const annualTurnoverIdr = rupiah('omzet_tahunan')
  const yearFounded = take('tahun_berdiri', parseYear(excelDate(cells.tahun_berdiri), context.today), null)
  const sentra = text('sentra', 200)

  if (problems.length > 0) return { ok: false, problems }
  return {
    ok: true,
    values: {
      nib,
      name,
      legalForm: legalForm ?? null,
      address,
      provinceCode: provinceCode!,
      regencyCode: regencyCode!,
      districtCode,
      kbli: kbliList.length > 0 ? kbliList : null,
      workersTotal,
      workersWomen,
      investmentIdr,
      annualTurnoverIdr,
      yearFounded,
      sentra,
      owner: ownerName ? { name: ownerName, nik: nik?.nik ?? null, phone, email } : null,
    },
  }
}
