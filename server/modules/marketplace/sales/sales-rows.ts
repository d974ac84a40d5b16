// One row of a marketplace sales report → the monthly figures of one firm store, or every problem
// found in it, each with its column. Pure: firms are matched (by NIB or store URL) later, in
// batches, against what the marketplace may see. Headers are matched by the registry's
// matchHeaders (case, spaces, punctuation and "(Rp)"-style units ignored; English aliases).
import type { CellValue } from '../../registry/import-files/index.ts'
import { cellText, isBlank, monthNumber, normaliseNib, parseDate, parseIndonesianNumber, type ColumnSpec } from '../../registry/normalise/index.ts'
import type { RowProblem } from '../../registry/imports/firm-rows.ts'

export const SALES_IMPORT_KEYS = ['nib', 'url_toko', 'bulan', 'omzet', 'jumlah_pesanan', 'unit_terjual'] as const
export type SalesImportKey = (typeof SALES_IMPORT_KEYS)[number]

/** nib or url_toko (one of them per row) finds the firm; bulan, omzet and jumlah_pesanan are required. */
export const SALES_IMPORT_COLUMNS: readonly ColumnSpec<SalesImportKey>[] = [
  { key: 'nib', aliases: ['nomor induk berusaha', 'no nib', 'nomor nib', 'business_id', 'business id'] },
  { key: 'url_toko', aliases: ['store_url', 'store url', 'shop url', 'url', 'link toko', 'tautan toko', 'alamat toko', 'toko url', 'store link'] },
  { key: 'bulan', aliases: ['month', 'periode', 'period', 'bulan laporan', 'bulan penjualan', 'reporting month'], required: true },
  {
    key: 'omzet',
    aliases: ['gmv', 'gmv idr', 'omset', 'nilai penjualan', 'penjualan', 'total penjualan', 'sales', 'sales value', 'gross merchandise value', 'revenue'],
    required: true,
  },
  {
    key: 'jumlah_pesanan',
    aliases: ['orders', 'order', 'pesanan', 'jumlah order', 'order count', 'number of orders', 'transaksi', 'jumlah transaksi'],
    required: true,
  },
  { key: 'unit_terjual', aliases: ['units', 'units sold', 'unit', 'jumlah unit', 'produk terjual', 'barang terjual', 'qty', 'kuantitas', 'quantity'] },
]

export interface SalesRowValues {
  nib: string | null
  /** The store URL as compared (see normaliseStoreUrl). */
  storeUrl: string | null
  /** First day of the month, 'YYYY-MM-01'. */
  month: string
  gmvIdr: number
  orders: number
  units: number | null
}

export type SalesRowResult = { ok: true; values: SalesRowValues } | { ok: false; problems: RowProblem<string>[] }


const monthOf = (year: number, month: number): string | null =>
  Number.isInteger(year) && Number.isInteger(month) && year >= 1900 && year <= 9999 && month >= 1 && month <= 12
    ? `${year}-${String(month).padStart(2, '0')}-01`
    : null

/**
 * A reporting month as its first day; null when the cell is no month.
 * Accepted: 'YYYY-MM' (also '/' or '.'), 'MM/YYYY' (also '-' or '.'), a month name in Indonesian
 * or English with the year ('Mei 2020', 'May-2020', 'Agustus, 2020'), a full date (its month:
 * '2020-05-31', '31/05/2020', an Excel date cell or date serial).
 * @example parseMonth('Mei 2020') // '2020-05-01'
 * @example parseMonth('05/2020') // '2020-05-01'
 */
export function parseMonth(raw: unknown): string | null {
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : monthOf(raw.getUTCFullYear(), raw.getUTCMonth() + 1)
  if (typeof raw === 'number') {
    // An Excel date serial (1900 system; serial 60 is Excel's phantom 29 Feb 1900), any year up to 9999.
    const day = Math.floor(raw)
    if (!(day >= 1 && day <= 2_958_465) || day === 60) return null
    const date = new Date(Date.UTC(1900, 0, 1) + (day < 60 ? day - 1 : day - 2) * 86_400_000)
    return monthOf(date.getUTCFullYear(), date.getUTCMonth() + 1)
  }
  const text = cellText(raw)
  if (!text) return null
  const s = text.toLowerCase().replace(/\s+/g, ' ').trim()
  let m = /^(\d{4})[-/.](\d{1,2})$/.exec(s)
  if (m) return monthOf(Number(m[1]), Number(m[2]))
  m = /^(\d{1,2})[-/.](\d{4})$/.exec(s)
  if (m) return monthOf(Number(m[2]), Number(m[1]))
  m = /^([a-z]+)\.?[\s,\-/]*(\d{4})$/.exec(s)
  if (m) return monthNumber(m[1]) ? monthOf(Number(m[2]), monthNumber(m[1])!) : null
  m = /^(\d{4})[\s,\-/]*([a-z]+)$/.exec(s)
  if (m) return monthNumber(m[2]) ? monthOf(Number(m[1]), monthNumber(m[2])!) : null
  const date = parseDate(raw)
  return date.ok && date.value ? date.value.slice(0, 8) + '01' : null
}

/**
 * A store URL as compared with the nominations' store_url: lower case, without scheme, "www.",
 * query, fragment and trailing slashes. Null for text that is no URL.
 * @example normaliseStoreUrl('https://www.Tokopedia.com/Batik-Sari/?src=x') // 'tokopedia.com/batik-sari'
 */
export function normaliseStoreUrl(raw: unknown): string | null {
  const text = cellText(raw)
  if (!text || /\s/.test(text)) return null
  const s = text
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '')
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+(\/.*)?$/.test(s)) return null
  return s
}

/** What may be kept of a cell in the errors file: its text, cut to 60 characters. */
function excerpt(raw: CellValue | undefined): string | null {
  if (raw === null || raw === undefined) return null
  const text = raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw).trim()
  if (text === '') return null
  return text.length > 60 ? text.slice(0, 60) + '…' : text
}

/** The first day of the current month in Indonesia's western zone (WIB), where reporting months end last. */
export function currentMonth(now: Date = new Date()): string {
  const wib = new Date(now.getTime() + 7 * 3600_000)
  return `${wib.getUTCFullYear()}-${String(wib.getUTCMonth() + 1).padStart(2, '0')}-01`
}

/** Largest GMV accepted per firm and month (Rp 1 trillion): larger is a typo (an extra zero group). */
export const GMV_MAX = 1_000_000_000_000
const COUNT_MAX = 100_000_000

/** Validates one row on its own (`thisMonth`: the current month, later months are refused). */
export function validateSalesRow(cells: Partial<Record<SalesImportKey, CellValue>>, thisMonth: string): SalesRowResult {
  const problems: RowProblem<string>[] = []
  const add = (column: SalesImportKey | null, code: string, params: Record<string, string | number> = {}) =>
    problems.push({ column, code, params: column ? { column, ...params } : params, value: column ? excerpt(cells[column]) : null })

  let nib: string | null = null
  if (!isBlank(cells.nib)) {
    const parsed = normaliseNib(cells.nib)
    if (!parsed.ok || parsed.value === null) add('nib', 'NIB_INVALID')
    else nib = parsed.value
  }
  let storeUrl: string | null = null
  if (!isBlank(cells.url_toko)) {
    storeUrl = normaliseStoreUrl(cells.url_toko)
    if (storeUrl === null) add('url_toko', 'SALES_STORE_URL_INVALID')
  }
  if (isBlank(cells.nib) && isBlank(cells.url_toko)) add(null, 'SALES_FIRM_KEY_REQUIRED')

  let month = ''
  if (isBlank(cells.bulan)) add('bulan', 'REQUIRED')
  else {
    const parsed = parseMonth(cells.bulan)
    if (parsed === null) add('bulan', 'SALES_MONTH_INVALID')
    else if (parsed > thisMonth) add('bulan', 'SALES_MONTH_IN_FUTURE')
    else month = parsed
  }

  const amount = (column: SalesImportKey, options: { required: boolean; whole: boolean; max: number }): number | null => {
    const raw = cells[column]
    if (isBlank(raw)) {
      if (options.required) add(column, 'REQUIRED')
      return null
    }
    const parsed = parseIndonesianNumber(raw)
    if (!parsed.ok || parsed.value === null) {
      add(column, 'NUMBER_INVALID')
      return null
    }
    if (parsed.value < 0) {
      add(column, 'SALES_NUMBER_NEGATIVE')
      return null
    }
    if (options.whole && !Number.isInteger(parsed.value)) {
      add(column, 'SALES_COUNT_NOT_WHOLE')
      return null
    }
    // Rupiah are stored whole: sen ('1.500.000,50') are rounded away.
    const value = Math.round(parsed.value)
    if (value > options.max) {
      add(column, 'SALES_NUMBER_TOO_LARGE', { max: options.max })
      return null
    }
    return value
  }
  const gmvIdr = amount('omzet', { required: true, whole: false, max: GMV_MAX })
  const orders = amount('jumlah_pesanan', { required: true, whole: true, max: COUNT_MAX })
  const units = amount('unit_terjual', { required: false, whole: true, max: COUNT_MAX })
  if (gmvIdr !== null && orders !== null && gmvIdr > 0 && orders === 0) add('jumlah_pesanan', 'SALES_ORDERS_MISSING')
  if (units !== null && orders !== null && units < orders) add('unit_terjual', 'SALES_UNITS_BELOW_ORDERS')

  if (problems.length > 0) return { ok: false, problems }
  return { ok: true, values: { nib, storeUrl, month, gmvIdr: gmvIdr!, orders: orders!, units } }
}
