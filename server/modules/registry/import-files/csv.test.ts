import { afterAll, describe, expect, it } from 'vitest'
import { readSpreadsheetRows } from './index.ts'
import { sniffDelimiter } from './sniff.ts'
import { readAll, tempDir } from './test-helpers.ts'

const tmp = tempDir()
afterAll(() => tmp.cleanup())

const cp1252 = (text: string) => Buffer.from(text, 'latin1')

describe('CSV as regional offices send it', () => {
  it('reads UTF-8 with a BOM, commas and CRLF, without the BOM in the first header', async () => {
    const file = tmp.file('bom.csv', '\uFEFFnib,nama_usaha,omzet_tahunan\r\n1234567890123,Keripik Bu Sri,"1.500.000,50"\r\n')
    const { reader, rows } = await readAll(file)
    expect(reader).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ',', headerRowNumber: 1 })
    expect(reader.header).toEqual(['nib', 'nama_usaha', 'omzet_tahunan'])
    expect(rows).toEqual([{ rowNumber: 2, cells: ['1234567890123', 'Keripik Bu Sri', '1.500.000,50'] }])
  })

  it('reads semicolons with quoted separators, doubled quotes and newlines; row numbers count records', async () => {
    const csv = [
      'nib;nama_usaha;alamat;catatan',
      '001;"Batik ""Sekar"" Jaya";"Jl. Merdeka 1; RT 02\nDesa Sukamaju";ok',
      '002;Tenun Ikat;"Jl. Sudirman, No. 5";',
      '003;Gerabah;Kasongan;"multi',
      'line',
      'note"',
      '004;Anyaman;Tasik;fine',
    ].join('\n')
    const { reader, rows } = await readAll(tmp.file('semicolon.csv', csv))
    expect(reader.delimiter).toBe(';')
    expect(rows.map((r) => r.rowNumber)).toEqual([2, 3, 4, 5])
    expect(rows[0].cells).toEqual(['001', 'Batik "Sekar" Jaya', 'Jl. Merdeka 1; RT 02\nDesa Sukamaju', 'ok'])
    expect(rows[1].cells).toEqual(['002', 'Tenun Ikat', 'Jl. Sudirman, No. 5', null])
    expect(rows[2].cells[3]).toBe('multi\nline\nnote')
    expect(rows[3].cells).toEqual(['004', 'Anyaman', 'Tasik', 'fine'])
  })

  it('reads tab-separated files', async () => {
    const { reader, rows } = await readAll(tmp.file('tab.csv', 'nib\tnama\n1\tA, B\n'))
    expect(reader.delimiter).toBe('\t')
    expect(rows[0].cells).toEqual(['1', 'A, B'])
  })

  it('decodes Windows-1252 files instead of failing, even when the first accent is far down', async () => {
    const filler = Array.from({ length: 3000 }, (_, i) => `${i};Usaha ${i};Rp 1.000.000`).join('\r\n')
    const bytes = Buffer.concat([
      cp1252('nib;nama_usaha;nilai_investasi\r\n'),
      cp1252(`${filler}\r\n`),
      cp1252('9999;Caf\xe9 Ibu Ren\xe9;Rp 2.000.000\r\n'),
    ])
    expect(bytes.includes(Buffer.from([0xe9]))).toBe(true)
    const { reader, rows } = await readAll(tmp.file('cp1252.csv', bytes))
    expect(reader.encoding).toBe('windows-1252')
    expect(rows).toHaveLength(3001)
    expect(rows.at(-1)).toEqual({ rowNumber: 3002, cells: ['9999', 'Café Ibu René', 'Rp 2.000.000'] })
    // Windows-1252, not Latin-1: 0x80 is the euro sign, 0x93/0x94 are curly quotes.
    const { rows: smart } = await readAll(tmp.file('cp1252-smart.csv', Buffer.from([...Buffer.from('a;b\n'), 0x93, 0x78, 0x94, 0x3b, 0x80, 0x0a])))
    expect(smart[0].cells).toEqual(['\u201cx\u201d', '€'])
  })

  it('keeps multi-byte UTF-8 characters intact across read chunks', async () => {
    const names = ['Kopi Gayo Aceh ☕', 'Tenun Ñandutí', 'Ukiran Jepara — Ö', 'Batik 𝔅 Lasem']
    const lines = ['no,nama']
    for (let i = 0; i < 20_000; i++) lines.push(`${i},${names[i % names.length]}`)
    const { rows } = await readAll(tmp.file('utf8-big.csv', lines.join('\n')))
    expect(rows).toHaveLength(20_000)
    for (const [i, row] of rows.entries()) expect(row.cells[1]).toBe(names[i % names.length])
  })

  it('reads UTF-16 "Unicode text" as Excel saves it', async () => {
    const text = '\uFEFFnib\tnama\r\n1\tUsaha é\r\n'
    const { reader, rows } = await readAll(tmp.file('utf16.txt', Buffer.from(text, 'utf16le')))
    expect(reader).toMatchObject({ encoding: 'utf-16le', delimiter: '\t', header: ['nib', 'nama'] })
    expect(rows).toEqual([{ rowNumber: 2, cells: ['1', 'Usaha é'] }])
  })

  it('returns short and long rows as they are, skips blank rows but keeps their numbers, ignores trailing blank lines', async () => {
    const csv = 'a,b,c\n1,2\n\n,,\n3,4,5,6\n"",x,\n\n\n\r\n'
    const { rows } = await readAll(tmp.file('ragged.csv', csv))
    expect(rows).toEqual([
      { rowNumber: 2, cells: ['1', '2'] },
      { rowNumber: 5, cells: ['3', '4', '5', '6'] },
      { rowNumber: 6, cells: [null, 'x', null] },
    ])
  })

  it('skips title rows above the header when the caller recognises the header', async () => {
    const csv = 'DATA IKM KABUPATEN BANDUNG TAHUN 2024\nDinas Perindustrian;;\n\nnib;nama_usaha;kbli\n123;Keripik;10794\n'
    const isHeader = (cells: string[]) => cells.includes('nib')
    const { reader, rows } = await readAll(tmp.file('title.csv', csv), { isHeader })
    expect(reader.delimiter).toBe(';')
    expect(reader.headerRowNumber).toBe(4)
    expect(reader.header).toEqual(['nib', 'nama_usaha', 'kbli'])
    expect(rows).toEqual([{ rowNumber: 5, cells: ['123', 'Keripik', '10794'] }])
  })

  it('rejects a file whose header the caller does not recognise with FILE_NO_HEADER', async () => {
    const file = tmp.file('noheader.csv', 'foo,bar\n1,2\n')
    await expect(readSpreadsheetRows(file, { isHeader: (c) => c.includes('nib') })).rejects.toMatchObject({
      code: 'FILE_NO_HEADER',
      params: { searchedRows: 2 },
    })
  })

  it('rejects a CSV with only blank lines as FILE_EMPTY', async () => {
    await expect(readSpreadsheetRows(tmp.file('blank.csv', '\r\n \r\n,,\r\n'))).rejects.toMatchObject({ code: 'FILE_EMPTY' })
  })

  it('reports an unclosed quote as FILE_MALFORMED at the row where it starts', async () => {
    const file = tmp.file('unclosed.csv', 'a,b\n1,2\n3,"never closed\n4,5\n')
    const reader = await readSpreadsheetRows(file)
    const seen: number[] = []
    const error = await (async () => {
      for await (const row of reader.rows()) seen.push(row.rowNumber)
    })().catch((e: unknown) => e)
    expect(seen).toEqual([2])
    expect(error).toMatchObject({ code: 'FILE_MALFORMED', params: { rowNumber: 3 } })
  })

  it('reports progress up to the file size and can be closed early', async () => {
    const lines = ['a,b']
    for (let i = 0; i < 50_000; i++) lines.push(`${i},value ${i}`)
    const file = tmp.file('progress.csv', lines.join('\n'))
    const reader = await readSpreadsheetRows(file)
    let count = 0
    for await (const _ of reader.rows()) count++
    expect(count).toBe(50_000)
    expect(reader.bytesRead()).toBe(reader.totalBytes)
    expect(reader.totalBytes).toBe(reader.fileBytes)

    const early = await readSpreadsheetRows(file)
    for await (const row of early.rows()) if (row.rowNumber === 10) break
    await early.close()
    expect(early.bytesRead()).toBeLessThan(early.totalBytes)
    expect(() => early.rows()).toThrow(/only once/)
  })
})

describe('sniffDelimiter', () => {
  it.each([
    ['a,b,c\n', ','],
    ['a;b;c\n', ';'],
    ['a\tb\tc\n', '\t'],
    ['"x;y;z",b,c\n', ','],
    ['nama;"alamat, kota";"a,b,c"\n', ';'],
    ['JUDUL TANPA PEMISAH\n\nnib;nama\n', ';'],
    ['Nilai (Rp, juta);Nama;Kota\n', ';'],
    ['single column\n', ','],
  ])('%j -> %j', (text, expected) => {
    expect(sniffDelimiter(text)).toBe(expected)
  })
})
