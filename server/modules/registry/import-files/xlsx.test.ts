import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readSpreadsheetRows, type SpreadsheetError } from './index.ts'
import { makeZip, readAll, tempDir } from './test-helpers.ts'
import { toCell } from './xlsx.ts'

const tmp = tempDir()
afterAll(() => tmp.cleanup())

// Excel's serial for a UTC calendar date (1900 system), which is what date cells read as.
const serial = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000 + 25_569

let workbookFile: string
beforeAll(async () => {
  const wb = new ExcelJS.Workbook()
  const guide = wb.addWorksheet('Petunjuk')
  guide.addRow(['Isi lembar Data, satu usaha per baris.'])

  const data = wb.addWorksheet('Data')
  data.addRow(['DATA IKM KABUPATEN BANDUNG 2024']) // row 1: title
  data.addRow([]) // row 2: blank
  data.addRow(['nib', 'nama_usaha', 'jumlah_tenaga_kerja', 'tanggal_berdiri', 'nilai_investasi', 'ekspor', 'situs', 'catatan', 'status'])
  data.addRow([
    '9120001234567',
    'Keripik Bu Sri',
    12,
    new Date(Date.UTC(2019, 6, 17)),
    { formula: 'C4*1000000', result: 12_000_000 },
    true,
    { text: 'tokobusri.id', hyperlink: 'https://tokobusri.id' },
    { richText: [{ text: 'Sentra ' }, { font: { bold: true }, text: 'keripik' }] },
    { error: '#N/A' },
  ])
  const sparse = data.getRow(5)
  sparse.getCell(1).value = '9120001234568'
  sparse.getCell(4).value = 45_000.5
  sparse.getCell(5).value = { formula: 'D5*2', result: 90_001 }
  sparse.commit()
  // row 6 left blank on purpose
  data.getCell('B7').value = 'Tenun Ikat Ñ'
  data.getCell('E7').value = { sharedFormula: 'E5', result: 7 } as unknown as ExcelJS.CellValue

  const other = wb.addWorksheet('Rekap 2023')
  other.addRow(['kode', 'jumlah'])
  other.addRow(['32.04', 1500])
  workbookFile = tmp.file('multi.xlsx')
  await wb.xlsx.writeFile(workbookFile)
})

describe('XLSX', () => {
  it('reads the first sheet by default', async () => {
    const { reader, rows } = await readAll(workbookFile)
    expect(reader).toMatchObject({ format: 'xlsx', sheetName: 'Petunjuk', sheetNames: ['Petunjuk', 'Data', 'Rekap 2023'] })
    expect(reader.header).toEqual(['Isi lembar Data, satu usaha per baris.'])
    expect(rows).toEqual([])
  })

  it('reads a sheet by name (any case) or by 1-based position', async () => {
    for (const sheet of ['Rekap 2023', ' rekap 2023 ', 3]) {
      const { reader, rows } = await readAll(workbookFile, { sheet })
      expect(reader.sheetName).toBe('Rekap 2023')
      expect(reader.header).toEqual(['kode', 'jumlah'])
      expect(rows).toEqual([{ rowNumber: 2, cells: ['32.04', 1500] }])
    }
  })

  it('rejects an unknown sheet with SHEET_NOT_FOUND listing the sheets', async () => {
    const error = (await readSpreadsheetRows(workbookFile, { sheet: 'Sheet1' }).catch((e: unknown) => e)) as SpreadsheetError
    expect(error).toMatchObject({ code: 'SHEET_NOT_FOUND', detail: { sheet: 'Sheet1', available: ['Petunjuk', 'Data', 'Rekap 2023'] } })
    expect(error.message).toBe('Sheet "Sheet1" not found. Available sheets: Petunjuk, Data, Rekap 2023.')
    await expect(readSpreadsheetRows(workbookFile, { sheet: 4 })).rejects.toMatchObject({ code: 'SHEET_NOT_FOUND' })
  })

  it('gives cell values as text, numbers and serial dates, with Excel row numbers below a title', async () => {
    const { reader, rows } = await readAll(workbookFile, { sheet: 'Data', isHeader: (cells) => cells.includes('nib') })
    expect(reader.headerRowNumber).toBe(3)
    expect(reader.header[0]).toBe('nib')
    expect(rows.map((r) => r.rowNumber)).toEqual([4, 5, 7])
    expect(rows[0].cells).toEqual([
      '9120001234567',
      'Keripik Bu Sri',
      12,
      serial(2019, 7, 17), // date cell: a serial, because styles are not read
      12_000_000, // formula: its cached result
      'TRUE',
      'tokobusri.id', // hyperlink: its text
      'Sentra keripik', // rich text: joined
      '#N/A',
    ])
    // Empty cells in the middle are null; the row ends at its last filled cell.
    expect(rows[1].cells).toEqual(['9120001234568', null, null, 45_000.5, 90_001])
    expect(rows[2].cells).toEqual([null, 'Tenun Ikat Ñ', null, null, 7])
  })

  it('without a header predicate takes the first non-blank row as the header', async () => {
    const { reader, rows } = await readAll(workbookFile, { sheet: 'Data' })
    expect(reader.headerRowNumber).toBe(1)
    expect(reader.header).toEqual(['DATA IKM KABUPATEN BANDUNG 2024'])
    expect(rows[0].rowNumber).toBe(3)
  })

  it('streams a large sheet from the streaming writer, keeping non-ASCII text intact', async () => {
    const file = tmp.file('stream.xlsx')
    // Dense non-ASCII text so read chunks surely end inside a character: bare exceljs turns
    // a few of these into U+FFFD, because it decodes every chunk on its own.
    const names = ['Kopi Gayo ☕☕☕ éééé', 'Tenun Ñandutí ÑÑÑÑ', 'Ukiran — Ö — Ö — Ö', 'Batik 𝔅𝔅𝔅 Lasem']
    for (const useSharedStrings of [true, false]) {
      const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings })
      const sheet = writer.addWorksheet('Data')
      sheet.addRow(['no', 'nama', 'nilai']).commit()
      for (let i = 0; i < 20_000; i++) sheet.addRow([i, `${names[i % 4]} ${i}`, i * 1.5]).commit()
      sheet.commit()
      await writer.commit()

      const reader = await readSpreadsheetRows(file)
      let n = 0
      for await (const row of reader.rows()) {
        expect(row).toEqual({ rowNumber: n + 2, cells: [n, `${names[n % 4]} ${n}`, n * 1.5] })
        n++
      }
      expect(n).toBe(20_000)
      expect(reader.bytesRead()).toBe(reader.totalBytes)
      expect(reader.totalBytes).toBeLessThan(reader.fileBytes)
    }
  })

  it('defaults to the first visible sheet when the first one is hidden', async () => {
    const wb = new ExcelJS.Workbook()
    wb.addWorksheet('Daftar KBLI', { state: 'hidden' }).addRow(['kbli'])
    wb.addWorksheet('Isian').addRow(['nib'])
    const file = tmp.file('hidden.xlsx')
    await wb.xlsx.writeFile(file)
    const reader = await readSpreadsheetRows(file)
    expect(reader.sheetName).toBe('Isian')
    expect((await readSpreadsheetRows(file, { sheet: 1 })).sheetName).toBe('Daftar KBLI')
  })

  it('rejects an empty sheet with FILE_EMPTY naming the sheet', async () => {
    const wb = new ExcelJS.Workbook()
    wb.addWorksheet('Kosong')
    const file = tmp.file('empty-sheet.xlsx')
    await wb.xlsx.writeFile(file)
    const error = (await readSpreadsheetRows(file).catch((e: unknown) => e)) as SpreadsheetError
    expect(error).toMatchObject({ code: 'FILE_EMPTY', detail: { sheet: 'Kosong' } })
  })

  it('reads XLSX laid out by other writers: absolute targets, shared strings last, inline strings', async () => {
    const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    const rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    const type = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
    const zip = makeZip(
      [
        ['[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'],
        [
          'xl/workbook.xml',
          `<?xml version="1.0"?><workbook ${ns} ${rel}><sheets><sheet name="Data &amp; Rekap" sheetId="7" r:id="rId9"/></sheets></workbook>`,
        ],
        [
          'xl/_rels/workbook.xml.rels',
          `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
            `<Relationship Id="rId9" Type="${type}/worksheet" Target="/xl/worksheets/sheet5.xml"/>` +
            `<Relationship Id="rId2" Type="${type}/sharedStrings" Target="/xl/sharedStrings.xml"/></Relationships>`,
        ],
        [
          'xl/worksheets/sheet5.xml',
          `<?xml version="1.0"?><worksheet ${ns}><sheetData>` +
            '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="C2" t="inlineStr"><is><t>kota</t></is></c></row>' +
            '<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3"><v>3.5</v></c><c r="C3" t="str"><f>"Bandung"</f><v>Bandung</v></c></row>' +
            '</sheetData></worksheet>',
        ],
        ['xl/sharedStrings.xml', `<?xml version="1.0"?><sst ${ns}><si><t>nib</t></si><si><r><t>12</t></r><r><t>34</t></r></si></sst>`],
      ],
      true,
    )
    const { reader, rows } = await readAll(tmp.file('other-writer.xlsx', zip))
    expect(reader).toMatchObject({ sheetName: 'Data & Rekap', headerRowNumber: 2, header: ['nib', '', 'kota'] })
    expect(rows).toEqual([{ rowNumber: 3, cells: ['1234', 3.5, 'Bandung'] }])
  })

  it('reports a sheet whose compressed data is damaged as FILE_MALFORMED, not a crash', async () => {
    const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    const rowsXml = Array.from({ length: 5000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i * 7919}</v></c></row>`).join('')
    const zip = makeZip(
      [
        ['xl/workbook.xml', `<workbook ${ns} xmlns:r="r"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`],
        ['xl/_rels/workbook.xml.rels', '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'],
        ['xl/worksheets/sheet1.xml', `<worksheet ${ns}><sheetData>${rowsXml}</sheetData></worksheet>`],
      ],
      true,
    )
    // Garble the middle of the deflated sheet, as a broken download would.
    const sheetAt = zip.indexOf('xl/worksheets/sheet1.xml') + 'xl/worksheets/sheet1.xml'.length
    for (let i = sheetAt + 3000; i < sheetAt + 3400; i++) zip[i] = (zip[i] * 31 + 7) & 0xff
    // Depending on where the damage falls, opening (reading the header) or a later row fails.
    const file = tmp.file('damaged.xlsx', zip)
    const error = await (async () => {
      const reader = await readSpreadsheetRows(file)
      for await (const _ of reader.rows()) continue
    })().catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'FILE_MALFORMED' })
    expect((error as Error).message).toMatch(/^The file is damaged or cannot be read: ZIP: /)
  })

  it('rejects a truncated XLSX as FILE_MALFORMED', async () => {
    const full = (await import('node:fs')).readFileSync(workbookFile)
    const file = tmp.file('truncated.xlsx', full.subarray(0, Math.floor(full.length * 0.6)))
    await expect(readSpreadsheetRows(file)).rejects.toMatchObject({ code: 'FILE_MALFORMED' })
  })
})

describe('toCell', () => {
  it.each([
    [undefined, null],
    ['', null],
    [0, 0],
    [Number.NaN, '#ERROR'],
    [false, 'FALSE'],
    [{ formula: 'A1' }, null],
    [{ formula: 'A1', result: 'x' }, 'x'],
    [{ formula: 'A1', result: { error: '#REF!' } }, '#REF!'],
    [{ richText: [{ text: '' }] }, null],
    [{ text: 'link', hyperlink: 'http://x' }, 'link'],
  ])('%j -> %j', (value, expected) => {
    expect(toCell(value)).toEqual(expected)
  })
})
