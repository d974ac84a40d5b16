import { AppError } from '../../../platform/errors.ts'

/** Why a file was rejected whole. Row-level problems are the caller's business, not these. */
export type SpreadsheetErrorCode =
  | 'FILE_FORMAT_UNSUPPORTED'
  | 'FILE_EMPTY'
  | 'FILE_NO_HEADER'
  | 'SHEET_NOT_FOUND'
  | 'FILE_TOO_LARGE'
  | 'FILE_MALFORMED'

/** What an unsupported file turned out to be, so the message can tell the user how to fix it. */
export type DetectedKind = 'pdf' | 'xls' | 'xlsb' | 'encrypted' | 'image' | 'ods' | 'zip' | 'html' | 'xml' | 'binary'

export interface SpreadsheetErrorParams {
  detected?: DetectedKind
  sheet?: string | number
  available?: string[]
  size?: number
  maxBytes?: number
  rowNumber?: number
  searchedRows?: number
  reason?: string
}

/**
 * Message templates in the project's `{param}` format (see platform/i18n/messages.ts), so they
 * can be merged into the global table. `describeSpreadsheetError` gives the richer text.
 */
export const SPREADSHEET_ERROR_MESSAGES: Record<SpreadsheetErrorCode, { id: string; en: string }> = {
  FILE_FORMAT_UNSUPPORTED: {
    id: 'Format berkas tidak didukung ({detected}). Unggah berkas CSV atau Excel (.xlsx).',
    en: 'Unsupported file format ({detected}). Upload a CSV or Excel (.xlsx) file.',
  },
  FILE_EMPTY: { id: 'Berkas kosong: tidak ada baris berisi data.', en: 'The file is empty: it has no rows with data.' },
  FILE_NO_HEADER: {
    id: 'Baris judul kolom (header) tidak ditemukan di {searchedRows} baris pertama.',
    en: 'No header row found in the first {searchedRows} rows.',
  },
  SHEET_NOT_FOUND: {
    id: 'Lembar "{sheet}" tidak ditemukan. Lembar yang tersedia: {available}.',
    en: 'Sheet "{sheet}" not found. Available sheets: {available}.',
  },
  FILE_TOO_LARGE: { id: 'Berkas terlalu besar ({size}; batas {maxBytes}).', en: 'The file is too large ({size}; limit {maxBytes}).' },
  FILE_MALFORMED: {
    id: 'Berkas rusak atau tidak dapat dibaca (baris {rowNumber}): {reason}.',
    en: 'The file is damaged or cannot be read (row {rowNumber}): {reason}.',
  },
}

// Each kind says what the file is and what to do instead; that is what an office clerk needs.
const UNSUPPORTED_HINTS: Record<DetectedKind, { id: string; en: string }> = {
  pdf: {
    id: 'Berkas ini adalah PDF. Unggah data aslinya dalam format Excel (.xlsx) atau CSV.',
    en: 'This file is a PDF. Upload the original data as Excel (.xlsx) or CSV.',
  },
  xls: {
    id: 'Berkas ini berformat Excel lama (.xls). Buka di Excel lalu pilih Simpan Sebagai > Buku Kerja Excel (.xlsx) atau CSV.',
    en: 'This is a legacy Excel (.xls) file. Open it in Excel and Save As > Excel Workbook (.xlsx) or CSV.',
  },
  xlsb: {
    id: 'Berkas ini berformat Buku Kerja Biner Excel (.xlsb). Buka di Excel lalu simpan sebagai .xlsx atau CSV.',
    en: 'This is an Excel Binary Workbook (.xlsb). Open it in Excel and save it as .xlsx or CSV.',
  },
  encrypted: {
    id: 'Berkas Excel ini dilindungi kata sandi. Hapus kata sandinya lalu simpan ulang sebelum mengunggah.',
    en: 'This Excel file is password-protected. Remove the password and save it again before uploading.',
  },
  image: {
    id: 'Berkas ini adalah gambar. Unggah data dalam format Excel (.xlsx) atau CSV.',
    en: 'This file is an image. Upload the data as Excel (.xlsx) or CSV.',
  },
  ods: {
    id: 'Berkas ini berformat OpenDocument (.ods). Simpan sebagai .xlsx atau CSV lalu unggah ulang.',
    en: 'This is an OpenDocument (.ods) spreadsheet. Save it as .xlsx or CSV and upload again.',
  },
  zip: {
    id: 'Berkas ini adalah arsip ZIP, bukan buku kerja Excel. Ekstrak lalu unggah berkas .xlsx atau CSV di dalamnya.',
    en: 'This file is a ZIP archive, not an Excel workbook. Extract it and upload the .xlsx or CSV inside.',
  },
  html: {
    id: 'Berkas ini adalah halaman web (HTML) yang diberi nama seperti Excel. Buka di Excel lalu simpan sebagai .xlsx atau CSV.',
    en: 'This file is a web page (HTML) named like a spreadsheet. Open it in Excel and save it as .xlsx or CSV.',
  },
  xml: {
    id: 'Berkas ini adalah XML (mis. Lembar Kerja XML 2003). Buka di Excel lalu simpan sebagai .xlsx atau CSV.',
    en: 'This file is XML (e.g. an XML Spreadsheet 2003). Open it in Excel and save it as .xlsx or CSV.',
  },
  binary: {
    id: 'Isi berkas bukan teks CSV maupun buku kerja Excel (.xlsx).',
    en: 'The file is neither CSV text nor an Excel (.xlsx) workbook.',
  },
}

/** A file rejected whole, with a stable code and the parameters for a localised message. */
export class SpreadsheetError extends AppError {
  declare readonly code: SpreadsheetErrorCode

  constructor(
    code: SpreadsheetErrorCode,
    readonly detail: SpreadsheetErrorParams = {},
    options?: { cause?: unknown },
  ) {
    super(code, code === 'FILE_TOO_LARGE' ? 413 : 400, flattenParams(detail), { ...detail })
    this.name = 'SpreadsheetError'
    this.message = describeSpreadsheetError(this, 'en')
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause
  }
}

/**
 * The full human message for a rejected file, in Indonesian or English.
 *
 * @example
 * describeSpreadsheetError(new SpreadsheetError('FILE_FORMAT_UNSUPPORTED', { detected: 'xls' }), 'id')
 * // 'Berkas ini berformat Excel lama (.xls). Buka di Excel lalu pilih Simpan Sebagai > ...'
 */
export function describeSpreadsheetError(error: SpreadsheetError, locale: 'id' | 'en' = 'id'): string {
  if (error.code === 'FILE_FORMAT_UNSUPPORTED' && error.detail.detected) return UNSUPPORTED_HINTS[error.detail.detected][locale]
  const template = SPREADSHEET_ERROR_MESSAGES[error.code][locale]
  const text = template.replace(/\{(\w+)\}/g, (_, name: string) => String(error.params[name] ?? '?'))
  // A malformed file whose row is unknown (a broken ZIP) should not say "row ?".
  return error.detail.rowNumber === undefined ? text.replace(/ \((baris|row) \?\)/, '') : text
}

function flattenParams(detail: SpreadsheetErrorParams): Record<string, string | number> {
  const out: Record<string, string | number> = {}
  for (const [key, value] of Object.entries(detail)) {
    if (value === undefined) continue
    if (Array.isArray(value)) out[key] = value.join(', ')
    else if ((key === 'size' || key === 'maxBytes') && typeof value === 'number') out[key] = formatBytes(value)
    else out[key] = value as string | number
  }
  return out
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${bytes} B`
}
