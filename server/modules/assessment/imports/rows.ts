// One row of the survey-response import → the answers it gives, or every problem found in it,
// each with its column. Pure: firms are matched by NIB later, in batches. The instrument's own
// rules (answerProblems, shared with the form and the API) decide what is consistent; this file
// only reads cells and says which column a rule's field came from.
import type { CellValue } from '../../registry/import-files/index.ts'
import { cellText, isBlank, normaliseNib, parseIndonesianNumber } from '../../registry/normalise/index.ts'
import type { RowProblem } from '../../registry/imports/firm-rows.ts'
import { answerProblems } from '../responses.service.ts'
import type { Answers, ExportAnswer, MaterialAnswer, RuleProblem } from '../rules.ts'
import { CHILD_SHEETS, type ExportImportKey, type MaterialImportKey, type ResponseImportKey } from './columns.ts'
import { parseCause, parseChannels, parseCountries, parseCurrency, parseNeeds, parseYesNo, type ValueResult } from './values.ts'

export type Problem = RowProblem<string>
type Cells<K extends string> = Partial<Record<K, CellValue>>

/** A main-sheet row's answers, before its child rows are attached. */
export interface MainRowValues {
  nib: string
  answers: Omit<Answers, 'materials' | 'exports'>
}

export type RowResult<T> = { ok: true; values: T } | { ok: false; problems: Problem[] }
/** A child row always answers its NIB when it could read one, so a bad row still rejects its firm's response. */
export type ChildRowResult<T> = { nib: string | null } & ({ ok: true; value: T } | { ok: false; problems: Problem[] })

/** What may be kept of a cell in the errors file: its text, cut to 60 characters. */
export function excerpt(raw: CellValue | undefined): string | null {
  if (raw === null || raw === undefined) return null
  const text = raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw).trim()
  if (text === '') return null
  return text.length > 60 ? text.slice(0, 60) + '…' : text
}

/** Collects problems of one row; `prefix` names the sheet of child rows ('bahan_baku.satuan'). */
function collector<K extends string>(cells: Cells<K>, prefix = '') {
  const problems: Problem[] = []
  const add = (column: K | null, code: string, params: Record<string, string | number> = {}) => {
    const name = column === null ? (prefix ? prefix.slice(0, -1) : null) : prefix + column
    problems.push({ column: name, code, params: name ? { column: name, ...params } : params, value: column ? excerpt(cells[column]) : null })
  }
  const number = (column: K, options: { required?: boolean; whole?: boolean } = {}): number => {
    const raw = cells[column]
    if (isBlank(raw)) {
      if (options.required) add(column, 'REQUIRED')
      return 0
    }
    const result = parseIndonesianNumber(raw)
    if (!result.ok || result.value === null) {
      add(column, 'NUMBER_INVALID')
      return 0
    }
    // Rupiah are stored whole: sen ('1.500.000,50') are rounded away. Counts stay as written
    // so the rules can say a count must be whole.
    return options.whole ? Math.round(result.value) : result.value
  }
  const value = <T>(column: K, result: ValueResult<T>, fallback: T): T => {
    if (result.ok) return result.value
    add(column, result.code, { value: result.part ?? '' })
    return fallback
  }
  const text = (column: K, max: number, required = false): string => {
    const raw = cells[column]
    if (isBlank(raw)) {
      if (required) add(column, 'REQUIRED')
      return ''
    }
    const content = (cellText(raw) ?? (raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw))).replace(/\s+/g, ' ')
    if (content.length > max) add(column, 'TEXT_TOO_LONG', { max })
    return content
  }
  const nib = (column: K): string | null => {
    const raw = cells[column]
    if (isBlank(raw)) {
      add(column, 'REQUIRED')
      return null
    }
    const result = normaliseNib(raw)
    if (!result.ok || result.value === null) {
      add(column, 'NIB_INVALID')
      return null
    }
    return result.value
  }
  const rules = (found: RuleProblem[], columnOf: (field: string) => K | null) => {
    for (const p of found) add(columnOf(p.field), p.code, p.params)
  }
  return { problems, add, number, value, text, nib, rules }
}

const MAIN_FIELDS: Record<string, ResponseImportKey> = {
  baselineTurnoverIdr: 'omzet_normal',
  referenceTurnoverIdr: 'omzet_bulan_ini',
  workersBefore: 'tenaga_kerja_sebelum',
  workersWorking: 'tenaga_kerja_bekerja',
  sentHomePaid: 'dirumahkan_dibayar',
  sentHomePartlyPaid: 'dirumahkan_dibayar_sebagian',
  sentHomeUnpaid: 'dirumahkan_tanpa_upah',
  laidOff: 'phk',
  needs: 'kebutuhan_utama',
  channels: 'saluran_penjualan',
  notes: 'catatan',
}

const MATERIAL_FIELDS: Record<string, MaterialImportKey> = {
  material: 'bahan',
  unit: 'satuan',
  neededPerMonth: 'kebutuhan_per_bulan',
  obtained: 'diperoleh',
  cause: 'penyebab',
}

const EXPORT_FIELDS: Record<string, ExportImportKey> = {
  contracts: 'jumlah_kontrak',
  currency: 'mata_uang',
  value: 'nilai',
  destinationCountries: 'negara_tujuan',
  goodsProduced: 'barang_sudah_diproduksi',
}

/** The column of a rule's field: `workersWorking` → tenaga_kerja_bekerja; `materials.0.obtained` → diperoleh. */
const fieldColumn = <K extends string>(fields: Record<string, K>) => (field: string): K | null => fields[field.split('.').at(-1)!] ?? null

/**
 * Reads a main-sheet row: NIB, turnover and worker counts required (the sent-home and laid-off
 * counts may be left empty for 0), needs ranked as written. The consistency rules run on the
 * whole response once its child rows are attached (responseProblems).
 * @example validateResponseRow({ nib: '9120001111001', omzet_normal: 'Rp 20.000.000', omzet_bulan_ini: '8.000.000', tenaga_kerja_sebelum: 10, tenaga_kerja_bekerja: 6 })
 * // { ok: true, values: { nib: '9120001111001', answers: { baselineTurnoverIdr: 20000000, … } } }
 */
export function validateResponseRow(cells: Cells<ResponseImportKey>): RowResult<MainRowValues> {
  const c = collector(cells)
  const nib = c.nib('nib')
  const answers: MainRowValues['answers'] = {
    baselineTurnoverIdr: c.number('omzet_normal', { required: true, whole: true }),
    referenceTurnoverIdr: c.number('omzet_bulan_ini', { required: true, whole: true }),
    channels: c.value('saluran_penjualan', parseChannels(cells.saluran_penjualan), []),
    workersBefore: c.number('tenaga_kerja_sebelum', { required: true }),
    workersWorking: c.number('tenaga_kerja_bekerja', { required: true }),
    sentHomePaid: c.number('dirumahkan_dibayar'),
    sentHomePartlyPaid: c.number('dirumahkan_dibayar_sebagian'),
    sentHomeUnpaid: c.number('dirumahkan_tanpa_upah'),
    laidOff: c.number('phk'),
    needs: c.value('kebutuhan_utama', parseNeeds(cells.kebutuhan_utama), []),
    notes: c.text('catatan', 4000) || null,
  }
  if (c.problems.length > 0 || nib === null) return { ok: false, problems: c.problems }
  return { ok: true, values: { nib, answers } }
}

/**
 * The rule problems of a whole response (main row and attached child rows), each on the main
 * row's column; a problem of a child row (its own rules ran when it was read) names its sheet.
 */
export function responseProblems(answers: Answers, cells: Cells<ResponseImportKey>): Problem[] {
  const main = fieldColumn(MAIN_FIELDS)
  return answerProblems(answers).map((p) => {
    const sheet = p.field.startsWith('materials.') ? CHILD_SHEETS.materials.name : p.field.startsWith('exports.') ? CHILD_SHEETS.exports.name : null
    const column = sheet ?? main(p.field)
    return { column, code: p.code, params: column ? { column, ...p.params } : p.params, value: column && !sheet ? excerpt(cells[column as ResponseImportKey]) : null }
  })
}

// Answers with nothing in them but the one child row: the rules' problems are then that row's.
const EMPTY: Answers = {
  baselineTurnoverIdr: 0,
  referenceTurnoverIdr: 0,
  channels: [],
  workersBefore: 0,
  workersWorking: 0,
  sentHomePaid: 0,
  sentHomePartlyPaid: 0,
  sentHomeUnpaid: 0,
  laidOff: 0,
  materials: [],
  exports: [],
  needs: [],
}

/**
 * Reads a row of the bahan_baku sheet: material, unit, monthly need, quantity obtained (not more
 * than the need) and the shortfall's cause.
 * @example validateMaterialRow({ nib: '9120001111001', bahan: 'Kain mori', satuan: 'meter', kebutuhan_per_bulan: '500', diperoleh: '200', penyebab: 'gangguan impor' })
 * // { ok: true, nib: '9120001111001', value: { material: 'Kain mori', unit: 'meter', neededPerMonth: 500, obtained: 200, cause: 'import_disruption' } }
 */
export function validateMaterialRow(cells: Cells<MaterialImportKey>): ChildRowResult<MaterialAnswer> {
  const c = collector(cells, `${CHILD_SHEETS.materials.name}.`)
  const nib = c.nib('nib')
  const material = c.text('bahan', 120, true)
  const unit = c.text('satuan', 20, true)
  const neededPerMonth = c.number('kebutuhan_per_bulan', { required: true })
  const obtained = c.number('diperoleh', { required: true })
  const cause = c.value('penyebab', parseCause(cells.penyebab), null)
  if (cause === null && isBlank(cells.penyebab)) c.add('penyebab', 'REQUIRED')
  const value: MaterialAnswer = { material, unit, neededPerMonth, obtained, cause: cause ?? 'other' }
  if (c.problems.length === 0) c.rules(answerProblems({ ...EMPTY, materials: [value] }), fieldColumn(MATERIAL_FIELDS))
  return c.problems.length > 0 ? { ok: false, nib, problems: c.problems } : { ok: true, nib, value }
}

/**
 * Reads a row of the ekspor_tertunda sheet: contracts held, ISO 4217 currency, value, destination
 * countries (codes or names) and whether the goods are already made (empty = no).
 * @example validateExportRow({ nib: '9120001111001', jumlah_kontrak: '2', mata_uang: 'usd', nilai: '15.000', negara_tujuan: 'Jepang, Belanda', barang_sudah_diproduksi: 'ya' })
 * // { ok: true, nib: '9120001111001', value: { contracts: 2, currency: 'USD', value: 15000, destinationCountries: ['JP', 'NL'], goodsProduced: true } }
 */
export function validateExportRow(cells: Cells<ExportImportKey>): ChildRowResult<ExportAnswer> {
  const c = collector(cells, `${CHILD_SHEETS.exports.name}.`)
  const nib = c.nib('nib')
  const contracts = c.number('jumlah_kontrak', { required: true })
  const currency = c.value('mata_uang', parseCurrency(cells.mata_uang), null)
  if (currency === null && isBlank(cells.mata_uang)) c.add('mata_uang', 'REQUIRED')
  const amount = c.number('nilai', { required: true })
  const destinationCountries = c.value('negara_tujuan', parseCountries(cells.negara_tujuan), [])
  if (isBlank(cells.negara_tujuan)) c.add('negara_tujuan', 'REQUIRED')
  const goodsProduced = c.value('barang_sudah_diproduksi', parseYesNo(cells.barang_sudah_diproduksi), null) ?? false
  const value: ExportAnswer = { contracts, currency: currency ?? '', value: amount, destinationCountries, goodsProduced }
  if (c.problems.length === 0) c.rules(answerProblems({ ...EMPTY, exports: [value] }), fieldColumn(EXPORT_FIELDS))
  return c.problems.length > 0 ? { ok: false, nib, problems: c.problems } : { ok: true, nib, value }
}
