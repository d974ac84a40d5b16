import fs from 'node:fs'
import { pipeline, Transform } from 'node:stream'
import { parse, CsvError } from 'csv-parse'
import { SpreadsheetError } from './errors.ts'
import type { Delimiter, TextEncoding } from './sniff.ts'
import type { RowSource } from './types.ts'

// One record longer than this is an unclosed quote swallowing the file; failing early keeps
// memory flat instead of buffering the rest of the file into one field.
const MAX_RECORD_CHARS = 1_000_000

/**
 * Streams the records of a CSV file as raw rows. Row numbers count records from 1 the way Excel
 * numbers the rows when it opens the file: blank lines count, a quoted newline does not.
 *
 * @example
 * const source = openCsvSource('/tmp/firms.csv', 'utf-8', ';')
 * for await (const row of source.rows) console.log(row.rowNumber, row.cells)
 */
export function openCsvSource(path: string, encoding: TextEncoding, delimiter: Delimiter): RowSource {
  const file = fs.createReadStream(path, { highWaterMark: 256 * 1024 })
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    // Regional files carry inch marks and stray quotes inside unquoted fields (`Pipa 3" PVC`).
    relax_quotes: true,
    // Blank lines must still produce a record so that row numbers stay aligned with the file.
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_CHARS,
  })
  // UTF-8 goes to csv-parse as bytes (it handles characters split across chunks); other
  // encodings are decoded to text first, which csv-parse re-encodes as UTF-8.
  if (encoding === 'utf-8') pipeline(file, parser, () => {})
  else pipeline(file, decoder(encoding), parser, () => {})

  async function* rows() {
    let rowNumber = 0
    try {
      for await (const record of parser as AsyncIterable<string[]>) {
        rowNumber++
        const cells = record.map((value) => (value === '' ? null : value))
        yield { rowNumber, cells }
      }
    } catch (error) {
      if (error instanceof CsvError) {
        throw new SpreadsheetError('FILE_MALFORMED', { rowNumber: rowNumber + 1, reason: csvReason(error) }, { cause: error })
      }
      throw error
    } finally {
      file.destroy()
      parser.destroy()
    }
  }

  return { rows: rows(), bytesRead: () => file.bytesRead, totalBytes: undefined }
}

function decoder(encoding: TextEncoding): Transform {
  // TextDecoder in streaming mode keeps a character split across two chunks intact.
  const textDecoder = new TextDecoder(encoding)
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const text = textDecoder.decode(chunk, { stream: true })
      callback(null, text.length > 0 ? text : undefined)
    },
    flush(callback) {
      const text = textDecoder.decode()
      callback(null, text.length > 0 ? text : undefined)
    },
  })
}

function csvReason(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed (unbalanced ")'
    case 'CSV_MAX_RECORD_SIZE':
      return 'a record is too long, probably an unbalanced quote (")'
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'text follows a closing quote (")'
    default:
      return error.code
  }
}
