import crypto from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { describeSpreadsheetError, findHeaderRow, isBlankRow, readSpreadsheetRows, SpreadsheetError } from './index.ts'
import { makeZip, tempDir } from './test-helpers.ts'

const tmp = tempDir()
afterAll(() => tmp.cleanup())

const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])

async function rejection(content: string | Buffer, name = 'upload.xlsx', options = {}): Promise<SpreadsheetError> {
  const error = await readSpreadsheetRows(tmp.file(name, content), options).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(SpreadsheetError)
  return error as SpreadsheetError
}

describe('files rejected whole', () => {
  it.each([
    ['a PDF', Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n', 'latin1'), crypto.randomBytes(2000)]), 'pdf'],
    ['a legacy .xls (OLE2)', Buffer.concat([OLE2, Buffer.alloc(504), crypto.randomBytes(4000)]), 'xls'],
    [
      'a password-protected .xlsx (OLE2 with EncryptedPackage)',
      Buffer.concat([OLE2, Buffer.alloc(2000), Buffer.from('EncryptedPackage', 'utf16le'), Buffer.alloc(100)]),
      'encrypted',
    ],
    ['a PNG image', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(500)]), 'image'],
    ['a JPEG photo', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), crypto.randomBytes(500)]), 'image'],
    ['random bytes', crypto.randomBytes(8192), 'binary'],
    ['a ZIP that is not a workbook', makeZip([['laporan.docx', 'x'], ['foto.jpg', 'y']]), 'zip'],
    ['an OpenDocument spreadsheet', makeZip([['mimetype', 'application/vnd.oasis.opendocument.spreadsheet'], ['content.xml', '<x/>']]), 'ods'],
    ['an Excel binary workbook', makeZip([['[Content_Types].xml', '<x/>'], ['xl/workbook.bin', 'bin']]), 'xlsb'],
    ['an HTML table named .xls', '<html><body><table><tr><td>nib</td></tr></table></body></html>', 'html'],
    ['an XML Spreadsheet 2003', '\uFEFF<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>', 'xml'],
  ])('%s: FILE_FORMAT_UNSUPPORTED (%s)', async (_, content, detected) => {
    const error = await rejection(content)
    expect(error).toMatchObject({ code: 'FILE_FORMAT_UNSUPPORTED', statusCode: 400, detail: { detected } })
  })

  it('an empty file: FILE_EMPTY', async () => {
    const error = await rejection('', 'kosong.csv')
    expect(error.code).toBe('FILE_EMPTY')
    expect(describeSpreadsheetError(error, 'id')).toBe('Berkas kosong: tidak ada baris berisi data.')
  })

  it('a file over the limit: FILE_TOO_LARGE before reading it', async () => {
    const error = await rejection('nib\n'.repeat(1000), 'big.csv', { maxBytes: 1024 })
    expect(error).toMatchObject({ code: 'FILE_TOO_LARGE', statusCode: 413, params: { size: '3.9 KB', maxBytes: '1.0 KB' } })
    expect(error.message).toBe('The file is too large (3.9 KB; limit 1.0 KB).')
  })

  it('a broken ZIP: FILE_MALFORMED without a row number in the message', async () => {
    const error = await rejection(Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), crypto.randomBytes(300)]))
    expect(error.code).toBe('FILE_MALFORMED')
    expect(describeSpreadsheetError(error, 'id')).toMatch(/^Berkas rusak atau tidak dapat dibaca: ZIP: /)
  })

  it('explains each rejection in Indonesian and English', () => {
    const xls = new SpreadsheetError('FILE_FORMAT_UNSUPPORTED', { detected: 'xls' })
    expect(describeSpreadsheetError(xls, 'id')).toContain('Excel lama (.xls)')
    expect(describeSpreadsheetError(xls, 'en')).toContain('legacy Excel (.xls)')
    const sheet = new SpreadsheetError('SHEET_NOT_FOUND', { sheet: 'Data', available: ['Sheet1', 'Sheet2'] })
    expect(describeSpreadsheetError(sheet, 'id')).toBe('Lembar "Data" tidak ditemukan. Lembar yang tersedia: Sheet1, Sheet2.')
    expect(sheet.params).toEqual({ sheet: 'Data', available: 'Sheet1, Sheet2' })
    const noHeader = new SpreadsheetError('FILE_NO_HEADER', { searchedRows: 20 })
    expect(describeSpreadsheetError(noHeader, 'id')).toBe('Baris judul kolom (header) tidak ditemukan di 20 baris pertama.')
  })
})

describe('helpers', () => {
  it('findHeaderRow finds the first row the predicate accepts, -1 when none', () => {
    const rows = [
      { rowNumber: 1, cells: ['LAPORAN IKM 2024'] },
      { rowNumber: 3, cells: [' NIB ', 'Nama Usaha', null, 2024] },
    ]
    expect(findHeaderRow(rows, (cells) => cells[0] === 'NIB')).toBe(1)
    expect(findHeaderRow(rows, (cells) => cells.join('|') === 'NIB|Nama Usaha||2024')).toBe(1)
    expect(findHeaderRow(rows, () => false)).toBe(-1)
  })

  it('isBlankRow treats empty and whitespace-only cells as blank', () => {
    expect(isBlankRow([])).toBe(true)
    expect(isBlankRow([null, ' ', '\t'])).toBe(true)
    expect(isBlankRow([null, 0])).toBe(false)
  })
})
