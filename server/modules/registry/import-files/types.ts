/** One cell as read: text, a number, a date, or null for an empty cell. */
export type CellValue = string | number | Date | null

/** A row with the 1-based number a person sees in Excel (or counts in the CSV), for error reports. */
export interface SpreadsheetRow {
  rowNumber: number
  cells: CellValue[]
}

/** What a format reader hands to the common code: rows in file order and progress counters. */
export interface RowSource {
  rows: AsyncGenerator<SpreadsheetRow>
  bytesRead(): number
  /** Bytes `bytesRead` will reach at the end, when that is not the file size. */
  totalBytes: number | undefined
}
