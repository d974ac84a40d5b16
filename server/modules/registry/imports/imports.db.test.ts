import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, type TestClient } from '../../../../test/app.ts'
import { SYSTEM_CONTEXT } from '../../../platform/audit/audit.service.ts'
import { FIRM_IMPORT_KEYS } from '../normalise/index.ts'
import { readSpreadsheetRows } from '../import-files/index.ts'
import { ownerValues } from '../firms.service.ts'
import { importedOwnerValues, importFirms, summaryLine, type Import } from './imports.service.ts'

const LIMITS = { rateLimit: { apiPerMinute: 100_000, loginPerMinute: 100_000 } }
// Valid NIKs: Kabupaten Bandung (32.04), women born 05-08-1990, serials 0001…
const nik = (serial: number) => `32041245089${String(serial).padStart(5, '0')}`

let t: TestApp
let officer: TestClient
let jabar: TestClient
let dir: string
let district: { code: string; name: string }
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulih-imports-'))
  t = await createTestApp({ ...LIMITS, dataDir: dir })
  ;({ client: officer } = await t.signInAs('officer'))
  ;({ client: jabar } = await t.signInAs('regional_officer', { organisation: { provinceCode: '32' } }))
  district = await t.db.selectFrom('districts').select(['code', 'name']).where('regency_code', '=', '32.04').orderBy('code').executeTakeFirstOrThrow()
}, 60_000)
afterAll(async () => {
  await t.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

let fileCounter = 0
function writeFile(content: string | Buffer, ext = 'csv'): string {
  const file = path.join(dir, `fixture-${++fileCounter}.${ext}`)
  fs.writeFileSync(file, content)
  return file
}

const run = (file: string, options: { dryRun?: boolean; sheet?: string } = {}) =>
  importFirms({ db: t.db, keys: t.keys }, 'system', SYSTEM_CONTEXT, { path: file, fileName: path.basename(file), ...options })

async function errorsOf(id: string) {
  return t.db.selectFrom('import_errors').select(['row_number', 'column_name', 'code', 'message', 'value_excerpt']).where('import_id', '=', id).orderBy('seq').execute()
}

const firmByName = (name: string) =>
  t.db
    .selectFrom('firms as f')
    .leftJoin('firm_owners as o', 'o.firm_id', 'f.id')
    .select(['f.id', 'f.nib', 'f.name', 'f.legal_form', 'f.address', 'f.province_code', 'f.regency_code', 'f.district_code', 'f.kbli_main', 'f.kbli_others'])
    .select(['f.workers_total', 'f.workers_women', 'f.investment_idr', 'f.annual_turnover_idr', 'f.year_founded', 'f.source', 'f.source_import_id', 'f.source_row'])
    .select(['o.name as owner_name', 'o.nik_masked', 'o.phone_masked', 'o.email', 'o.nik_hash'])
    .where('f.name', '=', name)
    .execute()

// The messy CSV an office sends: BOM, semicolons, a title row, header spellings, quoted
// newlines, Indonesian numbers, dd/mm/yyyy, regions by code, name and abbreviation, phones in
// every form.
const messyCsv = () =>
  '\uFEFFDATA IKM KABUPATEN BANDUNG TAHUN 2024;;;\r\n' +
  ';;;\r\n' +
  'No NIB;Nama Usaha;Bentuk Usaha;Nama Pemilik;NIK Pemilik;No HP/WA;E-mail;Alamat Usaha;Propinsi;Kabupaten/Kota;Kecamatan;Kode KBLI;Jumlah Tenaga Kerja;TK Perempuan;Nilai Investasi (Rp);Omzet Tahunan (Rp);Tahun Berdiri;Keterangan\r\n' +
  `9120001111001;CV Batik Sekar Jagad;C.V.;Siti Rahmawati;${nik(1)};0812-3456-7890;Siti@Contoh.ID;"Jl. Raya Soreang 12\r\nRT 01/RW 02";JAWA BARAT;Kab. Bandung;${district.name};13134;12;9;Rp 1.500.000;"1.200.000.000,50";12/05/2015;catatan\r\n` +
  `;Keripik Maju Jaya;UD;Budi Santoso;${nik(2)};+62 812 3456 7891;;Jl. Kopo;32;3204;;10792;5;2;350.000.000;Rp 2.000.000;2018;\r\n` +
  `;Tenun Kota;Perorangan;Ani;${nik(3)};62812345678920;;;Prov. Jawa Barat;Kota Bandung;;;3;3;;;2020-01-31;\r\n` +
  `;Anyaman Bambu Lestari;;Dedi;;081234567893;;;Jawa Barat;KABUPATEN BANDUNG;;;;;;;;\r\n`

const messyFile = () => writeFile(messyCsv())

describe('importing messy files', () => {
  let first: Import
  let file: string

  it('reads a messy CSV: BOM, semicolons, title rows, header variants, quoted newlines, Indonesian numbers and dates', async () => {
    file = messyFile()
    first = await run(file)
    expect(first.status, JSON.stringify(first.error)).toBe('done')
    expect(await errorsOf(first.id)).toEqual([])
    expect(first.summary).toEqual({ inserted: 4, updated: 0, unchanged: 0, rejected: 0 })
    expect(first.totalRows).toBe(4)
    expect(first.format).toBe('csv')

    const [batik] = await firmByName('CV Batik Sekar Jagad')
    expect(batik).toMatchObject({
      nib: '9120001111001',
      legal_form: 'cv',
      address: 'Jl. Raya Soreang 12 RT 01/RW 02',
      province_code: '32',
      regency_code: '32.04',
      district_code: district.code,
      kbli_main: '13134',
      workers_total: 12,
      workers_women: 9,
      investment_idr: '1500000',
      annual_turnover_idr: '1200000001',
      year_founded: 2015,
      source: 'import',
      source_import_id: first.id,
      source_row: 4,
      owner_name: 'Siti Rahmawati',
      nik_masked: '3204**********01',
      phone_masked: '+62812*****890',
      email: 'siti@contoh.id',
    })
    const [kota] = await firmByName('Tenun Kota')
    expect(kota).toMatchObject({ regency_code: '32.73', year_founded: 2020, phone_masked: '+62812******920' })
    const [keripik] = await firmByName('Keripik Maju Jaya')
    expect(keripik).toMatchObject({ regency_code: '32.04', legal_form: 'ud', annual_turnover_idr: '2000000', year_founded: 2018 })
    const [anyaman] = await firmByName('Anyaman Bambu Lestari')
    expect(anyaman).toMatchObject({ regency_code: '32.04', legal_form: 'perorangan', nik_masked: null })
  })

  it('stores NIK and phone only encrypted, hashed as firm registration does', async () => {
    const text = JSON.stringify(await t.db.selectFrom('firm_owners').selectAll().execute())
    expect(text).not.toContain(nik(1))
    expect(text).not.toContain('81234567890')
    const viaService = await ownerValues(t.db, t.keys, { name: 'Siti', nik: nik(1), phone: '0812-3456-7890' })
    const viaImport = importedOwnerValues(t.keys, { name: 'Siti', nik: nik(1), phone: '+6281234567890', email: null })
    expect(viaImport.nik_hash!.equals(viaService.nik_hash!)).toBe(true)
    expect(viaImport.phone_hash!.equals(viaService.phone_hash!)).toBe(true)
    expect(viaImport.nik_masked).toBe(viaService.nik_masked)
  })

  it('changes nothing when the same file is imported again', async () => {
    const auditBefore = await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', 'firm.updated').executeTakeFirstOrThrow()
    const again = await run(file)
    expect(again.summary).toEqual({ inserted: 0, updated: 0, unchanged: 4, rejected: 0 })
    const auditAfter = await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', 'firm.updated').executeTakeFirstOrThrow()
    expect(auditAfter.n).toBe(auditBefore.n)
    expect(summaryLine(again.summary)).toBe('inserted 0, updated 0, unchanged 4, rejected 0')
  })

  it('updates the firm whose NIB matches, and audits what changed', async () => {
    const csv = `nib,nama_usaha,provinsi,kabupaten_kota,jumlah_tenaga_kerja,tenaga_kerja_perempuan\n9120001111001,CV Batik Sekar Jagad,32,32.04,20,9\n`
    const result = await run(writeFile(csv))
    expect(result.summary).toEqual({ inserted: 0, updated: 1, unchanged: 0, rejected: 0 })
    const [firm] = await firmByName('CV Batik Sekar Jagad')
    // Columns the file does not have, and empty cells, keep what the firm had.
    expect(firm).toMatchObject({ workers_total: 20, workers_women: 9, kbli_main: '13134', owner_name: 'Siti Rahmawati' })
    const entry = await t.db.selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'firm.updated').where('entity_id', '=', firm.id).executeTakeFirstOrThrow()
    expect(entry.before).toMatchObject({ workersTotal: 12 })
    expect(entry.after).toMatchObject({ workersTotal: 20, importId: result.id, importRow: 2 })
  })

  it('matches a row without NIB by owner NIK + name + regency', async () => {
    const csv = `nama_usaha,nik_pemilik,nama_pemilik,provinsi,kabupaten_kota,omzet_tahunan\nKERIPIK  maju jaya,${nik(2)},Budi Santoso,Jawa Barat,Kabupaten Bandung,Rp 3.000.000\n`
    const before = (await t.db.selectFrom('firms').select('id').execute()).length
    const result = await run(writeFile(csv))
    expect(result.summary).toEqual({ inserted: 0, updated: 1, unchanged: 0, rejected: 0 })
    expect((await t.db.selectFrom('firms').select('id').execute()).length).toBe(before)
    const [firm] = await firmByName('KERIPIK maju jaya')
    expect(firm.annual_turnover_idr).toBe('3000000')
    // The same NIK and name in another regency is another firm.
    const elsewhere = await run(writeFile(`nama_usaha,nik_pemilik,nama_pemilik,provinsi,kabupaten_kota\nKeripik Maju Jaya,${nik(2)},Budi Santoso,32,Kota Bandung\n`))
    expect(elsewhere.summary.inserted).toBe(1)
  })

  it('writes no firm in a dry run, but counts what would change', async () => {
    const before = (await t.db.selectFrom('firms').select('id').execute()).length
    const csv = `nama_usaha,provinsi,kabupaten_kota,nib\nUsaha Baru Satu,32,32.04,9120009990001\nUsaha Baru Dua,32,32.04,\nCV Batik Sekar Jagad,32,32.04,9120001111001\n,32,32.04,\n`
    const result = await run(writeFile(csv), { dryRun: true })
    expect(result).toMatchObject({ status: 'done', dryRun: true, summary: { inserted: 2, updated: 0, unchanged: 1, rejected: 1 } })
    expect((await t.db.selectFrom('firms').select('id').execute()).length).toBe(before)
    expect(await errorsOf(result.id)).toMatchObject([{ row_number: 5, column_name: 'nama_usaha', code: 'REQUIRED' }])
  })

  it('reads XLSX: the first sheet or the one named, title rows, numbers and dates as Excel stores them', async () => {
    const workbook = new ExcelJS.Workbook()
    workbook.addWorksheet('Ringkasan').addRow(['bukan data'])
    const sheet = workbook.addWorksheet('Data IKM')
    sheet.addRow(['REKAP IKM PROVINSI JAWA BARAT'])
    sheet.addRow(['Nama Usaha', 'Provinsi', 'Kab/Kota', 'NIK', 'Telepon', 'Omset', 'Tahun Mulai Usaha', 'TK', 'NIB', 'Pemilik'])
    sheet.addRow(['Konveksi Rapi', 'Jawa Barat', 'Kab. Bandung', nik(4), '0812 3456 7894', 2500000, new Date(Date.UTC(2016, 2, 1)), 7, '9120001111004', 'Rina'])
    // Excel keeps 15 significant digits: a NIK typed as a number ends in 0 (…8900005 → …8900000).
    sheet.addRow(['Sepatu Cibaduyut', 'jawa barat', 'kota bandung', 3204124508900000, null, 'Rp 1.500.000,50', 2019, 'tujuh', null, 'Asep'])
    const file = writeFile(Buffer.from(await workbook.xlsx.writeBuffer()), 'xlsx')
    const wrongSheet = await run(file)
    expect(wrongSheet.status).toBe('failed')
    expect(wrongSheet.error?.code).toBe('FILE_NO_HEADER')
    const result = await run(file, { sheet: 'data ikm' })
    expect(result, JSON.stringify(await errorsOf(result.id))).toMatchObject({ status: 'done', format: 'xlsx', sheet: 'Data IKM', summary: { inserted: 1, rejected: 1 } })
    const [firm] = await firmByName('Konveksi Rapi')
    expect(firm).toMatchObject({ annual_turnover_idr: '2500000', year_founded: 2016, workers_total: 7, nib: '9120001111004' })
    const errors = await errorsOf(result.id)
    // A 16-digit NIK typed as a number has lost its last digits: refused, and never stored in clear.
    expect(errors.map((e) => [e.row_number, e.column_name, e.code])).toEqual([
      [4, 'nik_pemilik', 'NIK_SERIAL_INVALID'],
      [4, 'jumlah_tenaga_kerja', 'NUMBER_INVALID'],
    ])
    expect(JSON.stringify(errors)).not.toContain('320412450890')
  })
})

describe('bad rows', () => {
  it('refuses every bad row with row number, column and code, and keeps the good rows around them', async () => {
    const header = 'nib,nama_usaha,bentuk_usaha,nama_pemilik,nik_pemilik,telepon,email,provinsi,kabupaten_kota,kecamatan,kbli,jumlah_tenaga_kerja,tenaga_kerja_perempuan,nilai_investasi,tahun_berdiri,sentra'
    const rows: Array<[string, string | null, string | null]> = [
      ['9120002220001,Baik Satu,,,,,,32,32.04,,,,,,,', null, null],
      ['91200,Nib Pendek,,,,,,32,32.04,,,,,,,', 'nib', 'NIB_INVALID'],
      [',,,,,,,32,32.04,,,,,,,', 'nama_usaha', 'REQUIRED'],
      [',Tanpa Provinsi,,,,,,,32.04,,,,,,,', 'provinsi', 'REQUIRED'],
      [',Provinsi Salah,,,,,,Atlantis,32.04,,,,,,,', 'provinsi', 'REGION_NOT_FOUND'],
      [',Kabupaten Salah,,,,,,32,Kab. Atlantis,,,,,,,', 'kabupaten_kota', 'REGION_NOT_FOUND'],
      [',Kabupaten Ganda,,,,,,32,Bandung,,,,,,,', 'kabupaten_kota', 'REGION_AMBIGUOUS'],
      [',Kecamatan Salah,,,,,,32,32.04,Atlantis,,,,,,', 'kecamatan', 'REGION_NOT_FOUND'],
      [',Nik Pendek,,Ana,320412450890,,,32,32.04,,,,,,,', 'nik_pemilik', 'NIK_INVALID_LENGTH'],
      [',Telepon Salah,,Ana,,12345,,32,32.04,,,,,,,', 'telepon', 'PHONE_INVALID'],
      [',Email Salah,,Ana,,,ana@,32,32.04,,,,,,,', 'email', 'EMAIL_INVALID'],
      [',Pemilik Hilang,,,,081234567899,,32,32.04,,,,,,,', 'nama_pemilik', 'OWNER_NAME_REQUIRED'],
      [',Bentuk Salah,Yayasan,,,,,32,32.04,,,,,,,', 'bentuk_usaha', 'LEGAL_FORM_INVALID'],
      [',Kbli Salah,,,,,,32,32.04,,123,,,,,', 'kbli', 'KBLI_INVALID'],
      [',Kbli Asing,,,,,,32,32.04,,99999,,,,,', 'kbli', 'KBLI_UNKNOWN'],
      [',Angka Salah,,,,,,32,32.04,,,banyak,,,,', 'jumlah_tenaga_kerja', 'NUMBER_INVALID'],
      [',Pekerja Salah,,,,,,32,32.04,,,3,5,,,', 'tenaga_kerja_perempuan', 'FIRM_WORKERS_INCONSISTENT'],
      [',Investasi Negatif,,,,,,32,32.04,,,,,-5000,,', 'nilai_investasi', 'NUMBER_INVALID'],
      [',Tahun Salah,,,,,,32,32.04,,,,,,1850,', 'tahun_berdiri', 'YEAR_INVALID'],
      [',Sentra Asing,,,,,,32,32.04,,,,,,,Sentra Atlantis', 'sentra', 'SENTRA_NOT_FOUND'],
      ['9120002220002,Baik Dua,,,,,,32,32.04,,,,,,,', null, null],
    ]
    const csv = [header, ...rows.map((r) => r[0])].join('\n') + '\n'
    const result = await run(writeFile(csv))
    const bad = rows.filter((r) => r[2] !== null)
    expect(result).toMatchObject({ status: 'done', summary: { inserted: 2, updated: 0, unchanged: 0, rejected: bad.length } })
    const errors = await errorsOf(result.id)
    const expected = rows.flatMap((r, i) => (r[2] ? [[i + 2, r[1], r[2]]] : []))
    expect(errors.map((e) => [e.row_number, e.column_name, e.code])).toEqual(expected)
    for (const error of errors) expect(error.message.length).toBeGreaterThan(5)
    expect(errors.find((e) => e.code === 'NIK_INVALID_LENGTH')!.value_excerpt).toBe('3204******90')
    expect(errors.find((e) => e.code === 'PHONE_INVALID')!.value_excerpt).not.toContain('12345')
    expect((await firmByName('Baik Dua')).length).toBe(1)
  })

  it('refuses malformed files whole, with a coded reason, and saves nothing', async () => {
    const before = (await t.db.selectFrom('firms').select('id').execute()).length
    const cases: Array<[string | Buffer, string, string]> = [
      [Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'), 'pdf', 'FILE_FORMAT_UNSUPPORTED'],
      ['', 'csv', 'FILE_EMPTY'],
      ['apa saja\nbaris dua\nbaris tiga\n', 'csv', 'FILE_NO_HEADER'],
      ['nib,nama_usaha,telepon\n9120003330001,Tanpa Wilayah,0812\n', 'csv', 'IMPORT_COLUMNS_MISSING'],
    ]
    for (const [content, ext, code] of cases) {
      const result = await run(writeFile(content, ext))
      expect(result.status, code).toBe('failed')
      expect(result.error?.code).toBe(code)
      expect(result.error?.message.length).toBeGreaterThan(10)
      expect(result.summary).toEqual({ inserted: 0, updated: 0, unchanged: 0, rejected: 0 })
    }
    expect((await t.db.selectFrom('firms').select('id').execute()).length).toBe(before)
  })
})

function multipart(fields: Record<string, string>, file: { name: string; content: Buffer | string }) {
  const boundary = `----pulih${crypto.randomBytes(8).toString('hex')}`
  const chunks: Buffer[] = []
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`))
  }
  chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`))
  chunks.push(Buffer.from(file.content))
  chunks.push(Buffer.from(`\r\n--${boundary}--\r\n`))
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

async function upload(client: TestClient, fields: Record<string, string>, file: { name: string; content: Buffer | string }) {
  const body = multipart(fields, file)
  return client.request({ method: 'POST', url: '/api/imports', payload: body.payload, headers: body.headers })
}

async function settled(client: TestClient, id: string): Promise<Import> {
  for (let i = 0; i < 400; i++) {
    const response = await client.get(`/api/imports/${id}`)
    expect(response.statusCode, response.body).toBe(200)
    const body = response.json() as Import
    if (body.status === 'done' || body.status === 'failed') return body
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error('import did not finish')
}

describe('over the API', () => {
  it('uploads, shows progress and the summary, and gives the errors as CSV', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => `Usaha Api ${i},Jawa Barat,${i % 100 === 7 ? 'Kab. Atlantis' : 'Kab. Bandung'},${nik(100 + i)},Pemilik ${i}`)
    const csv = `nama_usaha,provinsi,kabupaten_kota,nik_pemilik,nama_pemilik\n${rows.join('\n')}\n`
    const response = await upload(officer, { dryRun: 'false' }, { name: '../../etc/data ikm.csv', content: csv })
    expect(response.statusCode, response.body).toBe(202)
    const accepted = response.json() as Import
    expect(accepted).toMatchObject({ fileName: 'data ikm.csv', dryRun: false })
    expect(['queued', 'running', 'done']).toContain(accepted.status)
    const done = await settled(officer, accepted.id)
    expect(done).toMatchObject({ status: 'done', progress: 1, totalRows: 1200, processedRows: 1200, summary: { inserted: 1188, rejected: 12 } })
    // The upload is not kept once imported.
    expect(fs.readdirSync(path.join(dir, 'imports'))).toEqual([])

    const list = await officer.get('/api/imports')
    expect(list.json().items.map((i: Import) => i.id)).toContain(accepted.id)

    const errors = await officer.get(`/api/imports/${accepted.id}/errors.csv`)
    expect(errors.statusCode).toBe(200)
    expect(errors.headers['content-type']).toContain('text/csv')
    expect(errors.headers['content-disposition']).toBe('attachment; filename="data_ikm-kesalahan.csv"')
    expect(errors.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    const lines = errors.body.replace(/^\uFEFF/, '').trim().split('\n')
    expect(lines[0]).toBe('baris,kolom,kode,pesan,nilai')
    expect(lines).toHaveLength(13)
    expect(lines[1]).toMatch(/^9,kabupaten_kota,REGION_NOT_FOUND,/)
  })

  it('lets a regional officer import only firms of their region, and see only their own imports', async () => {
    const csv = `nama_usaha,provinsi,kabupaten_kota\nUsaha Jabar,32,32.04\nUsaha Jateng,Jawa Tengah,Kab. Semarang\n`
    const response = await upload(jabar, {}, { name: 'campur.csv', content: csv })
    expect(response.statusCode, response.body).toBe(202)
    const done = await settled(jabar, response.json().id)
    expect(done.summary).toMatchObject({ inserted: 1, rejected: 1 })
    const errors = await jabar.get(`/api/imports/${done.id}/errors.csv`)
    expect(errors.body).toContain('3,kabupaten_kota,FIRM_OUT_OF_REGION')
    expect((await firmByName('Usaha Jateng')).length).toBe(0)

    // A firm of another province is not updated through its NIB either.
    await run(writeFile(`nib,nama_usaha,provinsi,kabupaten_kota\n9120004440001,Usaha Jateng Lama,33,33.22\n`))
    const moved = await upload(jabar, {}, { name: 'pindah.csv', content: `nib,nama_usaha,provinsi,kabupaten_kota\n9120004440001,Usaha Jateng Lama,32,32.04\n` })
    const refused = await settled(jabar, moved.json().id)
    expect(refused.summary).toMatchObject({ updated: 0, rejected: 1 })
    expect((await firmByName('Usaha Jateng Lama'))[0].regency_code).toBe('33.22')

    const { client: other } = await t.signInAs('regional_officer', { organisation: { provinceCode: '32' } })
    expect((await other.get(`/api/imports/${done.id}`)).statusCode).toBe(404)
    expect((await other.get(`/api/imports/${done.id}/errors.csv`)).statusCode).toBe(404)
    expect((await other.get('/api/imports')).json().items).toEqual([])
    // National officers oversee all imports.
    expect((await officer.get(`/api/imports/${done.id}`)).statusCode).toBe(200)
  })

  it('refuses uploads without a file, and reports a refused file on the import', async () => {
    const json = await officer.post('/api/imports', {})
    expect(json.statusCode).toBe(415)
    expect(json.json().code).toBe('IMPORT_MULTIPART_REQUIRED')
    const body = multipart({ dryRun: 'true' }, { name: 'x.csv', content: '' })
    const noFile = await officer.request({
      method: 'POST',
      url: '/api/imports',
      payload: Buffer.from(body.payload.toString('latin1').replace('name="file"', 'name="other"'), 'latin1'),
      headers: body.headers,
    })
    expect(noFile.statusCode).toBe(400)
    expect(noFile.json().code).toBe('IMPORT_FILE_REQUIRED')
    const pdf = await upload(officer, {}, { name: 'laporan.xlsx', content: Buffer.from('%PDF-1.4\n1 0 obj\n') })
    const failed = await settled(officer, pdf.json().id)
    expect(failed.status).toBe('failed')
    expect(failed.error).toMatchObject({ code: 'FILE_FORMAT_UNSUPPORTED' })
    expect(failed.error!.message).toContain('PDF')
  })

  it('gives templates that open and have the canonical headers, and import as they are', async () => {
    const csv = await officer.get('/api/imports/template.csv')
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-disposition']).toContain('attachment')
    expect(csv.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(FIRM_IMPORT_KEYS.join(','))
    const dry = await run(writeFile(csv.rawPayload), { dryRun: true })
    expect(dry).toMatchObject({ status: 'done', summary: { inserted: 1, rejected: 0 } })

    const xlsx = await officer.get('/api/imports/template.xlsx')
    expect(xlsx.statusCode).toBe(200)
    const file = writeFile(xlsx.rawPayload, 'xlsx')
    const reader = await readSpreadsheetRows(file)
    expect(reader.header).toEqual([...FIRM_IMPORT_KEYS])
    expect(reader.sheetNames).toEqual(['Data', 'Petunjuk'])
    await reader.close()
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    const guide = workbook.getWorksheet('Petunjuk')!
    expect(guide.getCell('A2').value).toBe('nib')
    expect(String(guide.getCell('C3').value)).toContain('Nama usaha')
    const dryXlsx = await run(file, { dryRun: true })
    expect(dryXlsx).toMatchObject({ status: 'done', summary: { inserted: 1, rejected: 0 } })
  })
})

describe('CLI', () => {
  const cli = (args: string[]) =>
    spawnSync(process.execPath, [path.resolve('bin/pulih.js'), ...args], {
      env: { ...process.env, DATABASE_URL: t.ownerUrl, PULIH_SECRET_KEY: crypto.createHash('sha256').update('k').digest('hex') },
      encoding: 'utf8',
      timeout: 60_000,
    })

  it('imports a file, prints the summary and writes the rejected rows', async () => {
    const file = writeFile(`nama_usaha,provinsi,kabupaten_kota,telepon,nama_pemilik\nUsaha Cli Satu,32,32.04,0812-1111-2222,Ana\nUsaha Cli Dua,32,Atlantis,,\n`)
    const out = path.join(dir, 'cli-errors.csv')
    const result = cli(['import', 'firms', file, '--errors', out])
    expect(result.stderr).not.toContain('pulih:')
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('inserted 1, updated 0, unchanged 0, rejected 1')
    expect(result.stdout).toContain(`row errors written to ${out}`)
    expect(fs.readFileSync(out, 'utf8')).toContain('3,kabupaten_kota,REGION_NOT_FOUND')
    const [firm] = await firmByName('Usaha Cli Satu')
    expect(firm.source).toBe('import')
    const entry = await t.db.selectFrom('audit_log').select('actor_role').where('action', '=', 'firm.imported').where('entity_id', '=', firm.source_import_id).executeTakeFirstOrThrow()
    expect(entry.actor_role).toBe('cli')

    const dry = cli(['import', 'firms', file, '--dry-run'])
    expect(dry.status).toBe(0)
    expect(dry.stdout).toContain('dry run (nothing saved): inserted 0, updated 0, unchanged 1, rejected 1')
    expect(dry.stdout).toContain(path.join(dir, `${path.parse(file).name}.errors.csv`))
  }, 120_000)

  it('exits 1 with the reason when the file is refused', () => {
    const file = writeFile('%PDF-1.4\n1 0 obj\n', 'csv')
    const result = cli(['import', 'firms', file])
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('FILE_FORMAT_UNSUPPORTED')
    expect(result.stderr).toContain('PDF')
    const missing = cli(['import', 'firms', path.join(dir, 'nope.csv')])
    expect(missing.status).toBe(1)
    expect(missing.stderr).toContain('no such file')
  }, 120_000)
})
