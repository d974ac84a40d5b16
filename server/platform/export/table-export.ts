import { PassThrough, type Readable } from 'node:stream'
import { stringify } from 'csv-stringify'
import ExcelJS from 'exceljs'

/** One column of a downloadable table: its header (Indonesian, as offices read them), width and value. */
export interface ExportColumn<T> {
  header: string
  width: number
  value: (row: T) => string | number | null
}

/** CSV (UTF-8 with BOM so Excel reads it right) streamed from the rows as they arrive. */
export function tableCsv<T>(columns: ExportColumn<T>[], rows: AsyncIterable<T>): Readable {
  const out = stringify({ header: true, columns: columns.map((c) => c.header), bom: true })
  ;(async () => {
    try {
      for await (const row of rows) {
        if (!out.write(columns.map((c) => c.value(row) ?? ''))) await new Promise((resolve) => out.once('drain', resolve))
      }
      out.end()
    } catch (error) {
      out.destroy(error as Error)
    }
  })()
  return out
}

/** XLSX streamed row by row (exceljs streaming writer), so memory stays flat for large exports. */
export function tableXlsx<T>(columns: ExportColumn<T>[], rows: AsyncIterable<T>, sheetName: string): Readable {
  const out = new PassThrough()
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true })
  const sheet = workbook.addWorksheet(sheetName)
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }))
  sheet.getRow(1).font = { bold: true }
  ;(async () => {
    try {
      for await (const row of rows) sheet.addRow(columns.map((c) => c.value(row))).commit()
      sheet.commit()
      await workbook.commit()
    } catch (error) {
      out.destroy(error as Error)
    }
  })()
  return out
}
