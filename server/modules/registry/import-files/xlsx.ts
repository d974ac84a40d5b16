import path from 'node:path'
import type { Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import { SpreadsheetError } from './errors.ts'
import type { CellValue, RowSource } from './types.ts'
import { openZipEntry, readZipDirectory, readZipEntryText, ZipFormatError, type ZipEntry } from './zip.ts'

// exceljs's streaming WorkbookReader, used part by part. These methods are not in its typings
// but have been stable since 4.0 (exceljs is pinned to ^4.4.0); the integration tests in
// xlsx.test.ts break loudly if a release changes them.
interface WorkbookReaderInternals {
  _parseRels(entry: Readable): Promise<void>
  _parseWorkbook(entry: Readable): Promise<void>
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Generator<{ eventType: string; value: AsyncIterable<ExcelJS.Row> }>
  workbookRels?: Array<{ Id: string; Target: string; Type?: string; TargetMode?: string }>
  model?: { sheets?: Array<{ name: string; id: number; rId: string; state?: string }> }
}

export interface XlsxSheetInfo {
  name: string
  state: 'visible' | 'hidden' | 'veryHidden'
  part: string
}

export interface OpenedXlsx {
  source: RowSource
  sheetName: string
  sheetNames: string[]
}

/**
 * Finds out whether a ZIP is an XLSX; if it is not, says what it is instead.
 *
 * @example
 * await inspectZip('/tmp/a.zip', size) // { kind: 'other', detected: 'zip', entries }
 */
export async function inspectZip(
  file: string,
  fileSize: number,
): Promise<{ kind: 'xlsx'; entries: Map<string, ZipEntry> } | { kind: 'other'; detected: 'ods' | 'xlsb' | 'zip' }> {
  let list: ZipEntry[]
  try {
    list = await readZipDirectory(file, fileSize)
  } catch (error) {
    if (error instanceof ZipFormatError) throw new SpreadsheetError('FILE_MALFORMED', { reason: `ZIP: ${error.message}` }, { cause: error })
    throw error
  }
  // Part names are case-insensitive in OPC, and some writers capitalise them.
  const entries = new Map(list.map((e) => [e.name.replace(/^\/+/, '').toLowerCase(), e]))
  if (entries.has('xl/workbook.xml')) return { kind: 'xlsx', entries }
  if (entries.has('xl/workbook.bin')) return { kind: 'other', detected: 'xlsb' }
  const mimetype = entries.get('mimetype')
  if (mimetype && mimetype.uncompressedSize < 200) {
    const text = await readZipEntryText(file, mimetype).catch(() => '')
    if (text.includes('opendocument.spreadsheet')) return { kind: 'other', detected: 'ods' }
  }
  return { kind: 'other', detected: 'zip' }
}

/**
 * Opens one worksheet of an XLSX for streaming: loads the workbook, its relationships and the
 * shared strings (those must be in memory, the format puts them in a separate part), then
 * streams the sheet's XML without ever holding the sheet.
 *
 * @example
 * const { source, sheetName } = await openXlsxSource('/tmp/firms.xlsx', entries, 'Data')
 */
export async function openXlsxSource(file: string, entries: Map<string, ZipEntry>, sheet?: string | number): Promise<OpenedXlsx> {
  try {
    return await openXlsx(file, entries, sheet)
  } catch (error) {
    if (error instanceof ZipFormatError) throw new SpreadsheetError('FILE_MALFORMED', { reason: `ZIP: ${error.message}` }, { cause: error })
    if (error instanceof SpreadsheetError) throw error
    throw new SpreadsheetError('FILE_MALFORMED', { reason: `XLSX: ${(error as Error).message}` }, { cause: error })
  }
}

async function openXlsx(file: string, entries: Map<string, ZipEntry>, sheet?: string | number): Promise<OpenedXlsx> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
  }) as unknown as WorkbookReaderInternals
  const part = async (name: string) => {
    const entry = entries.get(name.toLowerCase())
    if (!entry) return undefined
    const opened = await openZipEntry(file, entry)
    // Decoding here (not in exceljs, which decodes chunk by chunk) keeps a UTF-8 character that
    // straddles two chunks intact; exceljs would turn it into U+FFFD.
    opened.stream.setEncoding('utf8')
    return opened
  }

  const rels = await part('xl/_rels/workbook.xml.rels')
  if (rels) await reader._parseRels(rels.stream)
  await reader._parseWorkbook((await part('xl/workbook.xml'))!.stream)

  const sheets = worksheetsOf(reader, entries)
  if (sheets.length === 0) throw new SpreadsheetError('FILE_EMPTY', { reason: 'the workbook has no worksheet' })
  const chosen = chooseSheet(sheets, sheet)

  const sharedStringsPart =
    resolvePart(reader.workbookRels?.find((r) => r.Type?.endsWith('/sharedStrings'))?.Target) ?? 'xl/sharedstrings.xml'
  const sharedStrings = await part(sharedStringsPart)
  if (sharedStrings) for await (const _ of reader._parseSharedStrings(sharedStrings.stream)) continue

  const sheetEntry = entries.get(chosen.part.toLowerCase())!
  const opened = await part(chosen.part)
  const sheetNo = /(\d+)\.xml$/i.exec(chosen.part)?.[1] ?? '1'
  const worksheet = reader._parseWorksheet(opened!.stream, sheetNo).next().value!.value

  async function* rows() {
    try {
      for await (const row of worksheet) {
        yield { rowNumber: row.number, cells: rowCells(row) }
      }
    } catch (error) {
      if (error instanceof SpreadsheetError) throw error
      const reason = error instanceof ZipFormatError || (error as { code?: string }).code?.startsWith('Z_') ? 'ZIP' : 'XML'
      throw new SpreadsheetError('FILE_MALFORMED', { reason: `${reason}: ${(error as Error).message}` }, { cause: error })
    } finally {
      opened!.stream.destroy()
    }
  }

  return {
    source: { rows: rows(), bytesRead: () => opened!.compressedBytesRead(), totalBytes: sheetEntry.compressedSize },
    sheetName: chosen.name,
    sheetNames: sheets.map((s) => s.name),
  }
}

function worksheetsOf(reader: WorkbookReaderInternals, entries: Map<string, ZipEntry>): XlsxSheetInfo[] {
  const rels = reader.workbookRels ?? []
  const result: XlsxSheetInfo[] = []
  for (const s of reader.model?.sheets ?? []) {
    const rel = rels.find((r) => r.Id === s.rId)
    // Chart sheets and dialog sheets have no cells to import.
    if (!rel || (rel.Type && !rel.Type.endsWith('/worksheet'))) continue
    const part = resolvePart(rel.Target)
    if (!part || !entries.has(part.toLowerCase())) continue
    const state = s.state === 'hidden' || s.state === 'veryHidden' ? s.state : 'visible'
    result.push({ name: s.name, state, part })
  }
  return result
}

// Relationship targets are relative to xl/ ("worksheets/sheet1.xml") or absolute
// ("/xl/worksheets/sheet1.xml", as openpyxl writes them).
function resolvePart(target: string | undefined): string | undefined {
  if (!target) return undefined
  const t = target.replace(/\\/g, '/')
  return t.startsWith('/') ? t.slice(1) : path.posix.normalize(`xl/${t}`)
}

function chooseSheet(sheets: XlsxSheetInfo[], wanted: string | number | undefined): XlsxSheetInfo {
  const available = sheets.map((s) => s.name)
  if (wanted === undefined || wanted === '') {
    // A hidden first sheet is usually a lookup list, not the data the office meant to send.
    return sheets.find((s) => s.state === 'visible') ?? sheets[0]
  }
  if (typeof wanted === 'number') {
    const found = Number.isInteger(wanted) ? sheets[wanted - 1] : undefined
    if (!found) throw new SpreadsheetError('SHEET_NOT_FOUND', { sheet: wanted, available })
    return found
  }
  const key = (name: string) => name.trim().toLowerCase()
  const found = sheets.find((s) => s.name === wanted) ?? sheets.find((s) => key(s.name) === key(wanted))
  if (!found) throw new SpreadsheetError('SHEET_NOT_FOUND', { sheet: wanted, available })
  return found
}

function rowCells(row: ExcelJS.Row): CellValue[] {
  // row.values is 1-based and sparse: index 0 and missing cells are holes.
  const values = row.values as unknown[]
  const cells: CellValue[] = new Array(Math.max(0, values.length - 1))
  for (let i = 1; i < values.length; i++) cells[i - 1] = toCell(values[i])
  return cells
}

/**
 * Maps an exceljs cell value to a plain cell: formulas give their cached result, rich text its
 * plain text, hyperlinks their text, booleans 'TRUE'/'FALSE', error values their code ('#N/A').
 * A formula without a cached result (never calculated, or an error like #DIV/0!, which exceljs
 * drops) is null.
 *
 * @example
 * toCell({ formula: 'A1*2', result: 4 }) // 4
 */
export function toCell(value: unknown): CellValue {
  if (value === null || value === undefined) return null
  if (typeof value === 'string') return value === '' ? null : value
  if (typeof value === 'number') return Number.isNaN(value) ? '#ERROR' : value
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>
    if (Array.isArray(v.richText)) return toCell((v.richText as Array<{ text?: string }>).map((r) => r.text ?? '').join(''))
    if ('formula' in v || 'sharedFormula' in v || 'result' in v) {
      const result = v.result
      if (result && typeof result === 'object' && 'error' in result) return String((result as { error: unknown }).error)
      return toCell(result)
    }
    if ('error' in v) return String(v.error)
    if ('text' in v) return toCell(v.text)
  }
  return null
}
