// Streaming reader of the spreadsheet files regional offices send (CSV or XLSX), independent of
// what the rows mean: the import maps headers and validates rows on top of this.
import fs from 'node:fs'
import { open, stat } from 'node:fs/promises'
import { openCsvSource } from './csv.ts'
import { SpreadsheetError } from './errors.ts'
import { classifyHead, detectTextEncoding, sniffDelimiter, type Delimiter, type TextEncoding } from './sniff.ts'
import type { CellValue, RowSource, SpreadsheetRow } from './types.ts'
import { inspectZip, openXlsxSource } from './xlsx.ts'

export { SpreadsheetError, SPREADSHEET_ERROR_MESSAGES, describeSpreadsheetError } from './errors.ts'
export type { DetectedKind, SpreadsheetErrorCode, SpreadsheetErrorParams } from './errors.ts'
export type { CellValue, SpreadsheetRow } from './types.ts'
export type { Delimiter, TextEncoding } from './sniff.ts'

export interface ReadSpreadsheetOptions {
  /** XLSX only: sheet name (case-insensitive) or 1-based position in tab order. Default: the first visible sheet. */
  sheet?: string | number
  /** Reject larger files with FILE_TOO_LARGE before reading them. */
  maxBytes?: number
  /**
   * Tells the header row apart from title rows above it ("DATA IKM KAB. BANDUNG 2024"). Without
   * it the first non-blank row is the header.
   */
  isHeader?: (cells: string[]) => boolean
  /** How many non-blank rows `isHeader` may look at before FILE_NO_HEADER. Default 20. */
  headerSearchRows?: number
}

export interface SpreadsheetReader {
  format: 'csv' | 'xlsx'
  /** XLSX: the sheet being read, and all worksheets in tab order. */
  sheetName?: string
  sheetNames?: string[]
  /** CSV: how the text was decoded and split. */
  encoding?: TextEncoding
  delimiter?: Delimiter
  /** Header cells as text, trimmed; empty header cells are ''. */
  header: string[]
  headerRowNumber: number
  /**
   * Data rows after the header, in file order, blank rows skipped. Cells are as in the file:
   * CSV cells are strings, XLSX cells strings, numbers or Dates; empty cells are null. A row
   * shorter or longer than the header is returned as it is. Date-formatted XLSX cells come as
   * Excel serial numbers (45292 = 2024-01-01), because styles are not read. Iterate once.
   */
  rows(): AsyncIterable<SpreadsheetRow>
  /** Progress: bytes consumed so far, out of `totalBytes`. */
  bytesRead(): number
  /** CSV: the file size. XLSX: the compressed size of the sheet being read (what bytesRead reaches). */
  totalBytes: number
  fileBytes: number
  /** Releases the file when the caller stops before the last row (iterating to the end does it too). */
  close(): Promise<void>
}

/**
 * Opens a CSV or XLSX file (detected from its content), finds the header row and returns a
 * reader that streams the data rows. A file that cannot be imported at all is rejected with a
 * SpreadsheetError (FILE_FORMAT_UNSUPPORTED, FILE_EMPTY, FILE_NO_HEADER, SHEET_NOT_FOUND,
 * FILE_TOO_LARGE, FILE_MALFORMED); reading rows may still throw FILE_MALFORMED for damage found
 * later in the file (an unclosed quote, a truncated ZIP).
 *
 * @example
 * const reader = await readSpreadsheetRows('/tmp/ikm-bandung.xlsx', { sheet: 'Data' })
 * for await (const { rowNumber, cells } of reader.rows()) console.log(rowNumber, cells)
 */
export async function readSpreadsheetRows(file: string, options: ReadSpreadsheetOptions = {}): Promise<SpreadsheetReader> {
  const { size } = await stat(file)
  if (options.maxBytes !== undefined && size > options.maxBytes) {
    throw new SpreadsheetError('FILE_TOO_LARGE', { size, maxBytes: options.maxBytes })
  }
  if (size === 0) throw new SpreadsheetError('FILE_EMPTY')
  const head = await readHead(file, 64 * 1024)
  const verdict = classifyHead(head)

  if (verdict.kind === 'unsupported') {
    const detected = verdict.detected === 'xls' && (await isEncryptedOoxml(file)) ? 'encrypted' : verdict.detected
    throw new SpreadsheetError('FILE_FORMAT_UNSUPPORTED', { detected })
  }

  if (verdict.kind === 'zip') {
    const zip = await inspectZip(file, size)
    if (zip.kind === 'other') throw new SpreadsheetError('FILE_FORMAT_UNSUPPORTED', { detected: zip.detected })
    const { source, sheetName, sheetNames } = await openXlsxSource(file, zip.entries, options.sheet)
    const header = await locateHeader(source, options, sheetName)
    return makeReader({ format: 'xlsx', sheetName, sheetNames }, source, header, size)
  }

  const encoding = await detectTextEncoding(file, head)
  const headText = new TextDecoder(encoding).decode(head)
  const delimiter = sniffDelimiter(headText)
  const source = openCsvSource(file, encoding, delimiter)
  const header = await locateHeader(source, options)
  return makeReader({ format: 'csv', encoding, delimiter }, source, header, size)
}

/**
 * Index of the first row whose cells (as trimmed text) the predicate accepts as a header, or -1.
 * Use it to skip title rows that offices put above the column names.
 *
 * @example
 * findHeaderRow(firstRows, (cells) => cells.filter((c) => KNOWN_HEADERS.has(normalise(c))).length >= 3)
 * // 2 when rows 1-2 are a title and a blank-ish subtitle
 */
export function findHeaderRow<R extends { cells: CellValue[] }>(firstRows: R[], predicate: (cells: string[], row: R) => boolean): number {
  return firstRows.findIndex((row) => predicate(headerCells(row.cells), row))
}

/**
 * Whether a row has nothing in it (all cells empty or blank text); such rows are skipped.
 *
 * @example
 * isBlankRow([null, '  ', '']) // true
 */
export function isBlankRow(cells: CellValue[]): boolean {
  for (const cell of cells) {
    if (cell === null || cell === undefined) continue
    if (typeof cell === 'string' && cell.trim() === '') continue
    return false
  }
  return true
}

interface LocatedHeader {
  row: SpreadsheetRow
  pending: SpreadsheetRow[]
}

// Reads ahead until the header is found, keeping the rows read after it for rows().
async function locateHeader(source: RowSource, options: ReadSpreadsheetOptions, sheetName?: string): Promise<LocatedHeader> {
  const limit = options.isHeader ? (options.headerSearchRows ?? 20) : 1
  const candidates: SpreadsheetRow[] = []
  try {
    while (candidates.length < limit) {
      const next = await source.rows.next()
      if (next.done) break
      if (!isBlankRow(next.value.cells)) candidates.push(next.value)
    }
    if (candidates.length === 0) {
      throw new SpreadsheetError('FILE_EMPTY', sheetName === undefined ? {} : { sheet: sheetName })
    }
    const index = options.isHeader ? findHeaderRow(candidates, options.isHeader) : 0
    if (index < 0) throw new SpreadsheetError('FILE_NO_HEADER', { searchedRows: candidates.length })
    return { row: candidates[index], pending: candidates.slice(index + 1) }
  } catch (error) {
    await source.rows.return(undefined)
    throw error
  }
}

function makeReader(
  meta: Pick<SpreadsheetReader, 'format' | 'sheetName' | 'sheetNames' | 'encoding' | 'delimiter'>,
  source: RowSource,
  located: LocatedHeader,
  fileBytes: number,
): SpreadsheetReader {
  let iterated = false
  const totalBytes = source.totalBytes ?? fileBytes
  return {
    ...meta,
    header: headerCells(located.row.cells),
    headerRowNumber: located.row.rowNumber,
    totalBytes,
    fileBytes,
    bytesRead: () => Math.min(source.bytesRead(), totalBytes),
    close: async () => {
      await source.rows.return(undefined)
    },
    rows() {
      if (iterated) throw new Error('SpreadsheetReader.rows() can be iterated only once')
      iterated = true
      return (async function* () {
        try {
          yield* located.pending
          for await (const row of source.rows) {
            if (!isBlankRow(row.cells)) yield row
          }
        } finally {
          await source.rows.return(undefined)
        }
      })()
    },
  }
}

function headerCells(cells: CellValue[]): string[] {
  return Array.from(cells, (cell) => {
    if (cell === null || cell === undefined) return ''
    if (cell instanceof Date) return cell.toISOString()
    return String(cell).trim()
  })
}

async function readHead(file: string, length: number): Promise<Buffer> {
  const fh = await open(file, 'r')
  try {
    const buffer = Buffer.alloc(length)
    const { bytesRead } = await fh.read(buffer, 0, length, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await fh.close()
  }
}

// A password-protected .xlsx is an OLE2 container holding an "EncryptedPackage" stream; its
// name is stored in UTF-16LE in the container's directory, which may be anywhere in the file.
async function isEncryptedOoxml(file: string): Promise<boolean> {
  const needle = Buffer.from('EncryptedPackage', 'utf16le')
  let tail = Buffer.alloc(0)
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    const buf = Buffer.concat([tail, chunk as Buffer])
    if (buf.includes(needle)) return true
    tail = buf.subarray(Math.max(0, buf.length - needle.length))
  }
  return false
}
