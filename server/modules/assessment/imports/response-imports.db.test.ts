import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, type TestClient } from '../../../../test/app.ts'
import { SYSTEM_CONTEXT } from '../../../platform/audit/audit.service.ts'
import type { Import } from '../../registry/imports/imports.service.ts'
import { importResponses } from './response-imports.service.ts'

const LIMITS = { rateLimit: { apiPerMinute: 100_000, loginPerMinute: 100_000 } }
const ROUND = 'Survei Impor April 2020'
const nib = (n: number) => `91200055${String(n).padStart(5, '0')}`

let t: TestApp
let officer: TestClient
let jabar: TestClient
let dir: string
let roundId: string
const firmIds = new Map<number, string>()

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulih-response-imports-'))
  t = await createTestApp({ ...LIMITS, dataDir: dir })
  ;({ client: officer } = await t.signInAs('officer'))
  ;({ client: jabar } = await t.signInAs('regional_officer', { organisation: { provinceCode: '32' } }))
  const round = await officer.post('/api/rounds', { name: ROUND, referenceMonth: '2020-04', opensOn: '2020-05-01', closesOn: '2099-12-31' })
  expect(round.statusCode, round.body).toBe(201)
  roundId = round.json().id
  // Firms 1–12 in Kabupaten Bandung (Jawa Barat), 20 in Jepara (Jawa Tengah).
  for (const n of [...Array.from({ length: 12 }, (_, i) => i + 1), 20]) {
    const created = await officer.post('/api/firms', { name: `Usaha Survei ${n}`, nib: nib(n), regencyCode: n === 20 ? '33.20' : '32.04', kbliMain: '13134', workersTotal: 10 })
    expect(created.statusCode, created.body).toBe(201)
    firmIds.set(n, created.json().id)
  }
}, 120_000)
afterAll(async () => {
  await t?.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

let fileCounter = 0
function writeFile(content: string | Buffer, ext = 'csv'): string {
  const file = path.join(dir, `fixture-${++fileCounter}.${ext}`)
  fs.writeFileSync(file, content)
  return file
}

const run = (file: string, options: { dryRun?: boolean; materialsPath?: string; exportsPath?: string } = {}) =>
  importResponses({ db: t.db }, 'system', SYSTEM_CONTEXT, ROUND, { path: file, fileName: path.basename(file), ...options })

async function errorsOf(id: string) {
  return t.db.selectFrom('import_errors').select(['row_number', 'column_name', 'code', 'message']).where('import_id', '=', id).orderBy('seq').execute()
}

const responseOf = (n: number) =>
  t.db.selectFrom('survey_responses').selectAll().where('round_id', '=', roundId).where('firm_id', '=', firmIds.get(n)!).executeTakeFirst()
const materialsOf = (responseId: string) =>
  t.db.selectFrom('survey_response_materials').select(['material', 'unit', 'needed_per_month', 'obtained', 'cause']).where('response_id', '=', responseId).orderBy('seq').execute()
const exportsOf = (responseId: string) =>
  t.db.selectFrom('survey_response_exports').select(['contracts', 'currency', 'value', 'destination_countries', 'goods_produced']).where('response_id', '=', responseId).orderBy('seq').execute()

// As an office sends it: BOM, a title row, semicolons, header spellings with units, Indonesian numbers.
const messyCsv = (firstTurnover = 'Rp 8.000.000') =>
  '\uFEFFSURVEI DAMPAK IKM KAB. BANDUNG APRIL 2020;;;\r\n' +
  'No NIB;Omzet Normal (Rp);Omset Bulan Ini (Rp);TK Sebelum;Tenaga Kerja Bekerja;Dirumahkan Dibayar;Dirumahkan Dibayar Sebagian;Dirumahkan Tanpa Upah;PHK;Kebutuhan Utama\r\n' +
  `${nib(1)};Rp 20.000.000;${firstTurnover};10;6;1;0;2;1;Permodalan > Bahan baku > Pemasaran\r\n` +
  `${nib(2)};"1.500.000,50";750.000;4;4;;;;;"modal kerja; fasilitasi ekspor"\r\n` +
  `9120009999999;10.000.000;5.000.000;3;3;0;0;0;0;lainnya\r\n` +
  `91200;10.000.000;5.000.000;3;3;0;0;0;0;\r\n` +
  `${nib(3)};;5.000.000;3;3;0;0;0;0;\r\n` +
  `${nib(4)};10.000.000;5.000.000;3;3;1;0;0;0;pemasaran\r\n` +
  `${nib(5)};10.000.000;banyak;3;2;0;0;0;0;pelatihan\r\n`

describe('importing responses', () => {
  let first: Import
  let file: string

  it('reads a messy CSV, saves the good rows and reports every bad one with row, column and code', async () => {
    file = writeFile(messyCsv())
    first = await run(file)
    expect(first, JSON.stringify(await errorsOf(first.id))).toMatchObject({ kind: 'responses', roundId, status: 'done', format: 'csv', summary: { inserted: 2, updated: 0, unchanged: 0, rejected: 5 } })
    const errors = await errorsOf(first.id)
    expect(new Set(errors.map((e) => `${e.row_number}:${e.column_name}:${e.code}`))).toEqual(
      new Set(['5:nib:FIRM_NIB_UNKNOWN', '6:nib:NIB_INVALID', '7:omzet_normal:REQUIRED', '8:tenaga_kerja_bekerja:ANSWER_WORKERS_EXCEED', '9:omzet_bulan_ini:NUMBER_INVALID', '9:kebutuhan_utama:NEED_UNKNOWN']),
    )
    // Messages in Bahasa Indonesia.
    expect(errors.find((e) => e.code === 'FIRM_NIB_UNKNOWN')!.message).toContain('Tidak ada usaha terdaftar dengan NIB 9120009999999')
    expect(errors.find((e) => e.code === 'REQUIRED')!.message).toBe('Kolom omzet_normal wajib diisi.')

    const one = (await responseOf(1))!
    expect(one).toMatchObject({ mode: 'import', import_id: first.id, import_row: 3, version: 1, baseline_turnover_idr: '20000000', reference_turnover_idr: '8000000' })
    expect(one).toMatchObject({ workers_before: 10, workers_working: 6, sent_home_paid: 1, sent_home_unpaid: 2, laid_off: 1, channels: [], needs: ['financing', 'raw_materials', 'marketing'] })
    const two = (await responseOf(2))!
    expect(two).toMatchObject({ baseline_turnover_idr: '1500001', reference_turnover_idr: '750000', sent_home_paid: 0, laid_off: 0, needs: ['financing', 'export'] })
    expect(await responseOf(3)).toBeUndefined()
  })

  it('changes nothing when the same file is imported again, and versions a changed row', async () => {
    const again = await run(file)
    expect(again.summary).toEqual({ inserted: 0, updated: 0, unchanged: 2, rejected: 5 })
    expect((await responseOf(1))!.version).toBe(1)

    const changed = await run(writeFile(messyCsv('Rp 12.000.000')))
    expect(changed.summary).toEqual({ inserted: 0, updated: 1, unchanged: 1, rejected: 5 })
    const one = (await responseOf(1))!
    expect(one).toMatchObject({ version: 2, reference_turnover_idr: '12000000', import_id: changed.id })
    const versions = await t.db.selectFrom('survey_response_versions').select('version').where('response_id', '=', one.id).orderBy('version').execute()
    expect(versions.map((v) => v.version)).toEqual([1, 2])

    const dry = await run(writeFile(messyCsv('Rp 1.000.000')), { dryRun: true })
    expect(dry).toMatchObject({ dryRun: true, summary: { updated: 1, unchanged: 1, rejected: 5 } })
    expect((await responseOf(1))!.version).toBe(2)
  })

  it('reads an XLSX with the three sheets and attaches the child rows to the right firm', async () => {
    const workbook = new ExcelJS.Workbook()
    const main = workbook.addWorksheet('Survei')
    main.addRow(['DATA SURVEI DAMPAK'])
    main.addRow(['NIB', 'Omzet Normal (Rp)', 'Omzet Bulan Ini (Rp)', 'Tenaga Kerja Sebelum', 'Tenaga Kerja Bekerja', 'PHK', 'Kebutuhan Utama', 'Saluran Penjualan'])
    main.addRow([nib(6), 30_000_000, '15.000.000', 8, 8, 0, 'bahan baku; permodalan', 'offline, marketplace'])
    main.addRow([nib(7), 30_000_000, 10_000_000, 8, 5, 3, 'pemasaran', ''])
    main.addRow([nib(6), 1, 1, 1, 1, 0, '', ''])
    const materials = workbook.addWorksheet('Bahan Baku')
    materials.addRow(['nib', 'bahan', 'satuan', 'kebutuhan per bulan', 'diperoleh', 'penyebab'])
    materials.addRow([nib(6), 'Kain mori', 'meter', '1.500', 500, 'gangguan impor'])
    materials.addRow([nib(7), 'Benang', 'kg', 100, 150, 'harga'])
    materials.addRow([nib(6), 'Malam (lilin batik)', 'kg', 50, '12,5', 'Pemasok berhenti'])
    materials.addRow([nib(8), 'Pewarna', 'liter', 20, 10, 'transportasi'])
    materials.addRow([null, 'Lem', 'kg', 1, 1, 'harga'])
    const exports = workbook.addWorksheet('ekspor_tertunda')
    exports.addRow(['nib', 'jumlah_kontrak', 'mata_uang', 'nilai', 'negara_tujuan', 'barang_sudah_diproduksi'])
    exports.addRow([nib(6), 2, 'usd', '15.000', 'Jepang, Belanda', 'ya'])
    const xlsx = writeFile(Buffer.from(await workbook.xlsx.writeBuffer()), 'xlsx')

    const result = await run(xlsx)
    const errors = await errorsOf(result.id)
    expect(result, JSON.stringify(errors)).toMatchObject({ status: 'done', format: 'xlsx', sheet: 'Survei', summary: { inserted: 1, rejected: 4 } })
    expect(new Set(errors.map((e) => `${e.row_number}:${e.column_name}:${e.code}`))).toEqual(
      new Set(['3:bahan_baku.diperoleh:ANSWER_OBTAINED_EXCEEDS_NEEDED', '4:null:RESPONSE_CHILD_ROWS_INVALID', '5:nib:RESPONSE_NIB_REPEATED', '5:bahan_baku.nib:RESPONSE_CHILD_WITHOUT_MAIN', '6:bahan_baku.nib:REQUIRED']),
    )
    expect(errors.find((e) => e.code === 'RESPONSE_CHILD_ROWS_INVALID')!.message).toContain('bahan_baku 3')

    const six = (await responseOf(6))!
    expect(six).toMatchObject({ import_row: 3, channels: ['marketplace', 'offline'], needs: ['raw_materials', 'financing'], has_material_shortfall: true, has_export_held: true })
    expect(await materialsOf(six.id)).toEqual([
      { material: 'Kain mori', unit: 'meter', needed_per_month: '1500.000', obtained: '500.000', cause: 'import_disruption' },
      { material: 'Malam (lilin batik)', unit: 'kg', needed_per_month: '50.000', obtained: '12.500', cause: 'supplier_stopped' },
    ])
    expect(await exportsOf(six.id)).toEqual([{ contracts: 2, currency: 'USD', value: '15000.00', destination_countries: ['JP', 'NL'], goods_produced: true }])
    expect(await responseOf(7)).toBeUndefined()
    expect(await responseOf(8)).toBeUndefined()
  })

  it('refuses a file without the required columns, and an unknown round', async () => {
    const refused = await run(writeFile('nib,omzet_normal,catatan\n9120005500001,10,x\n'))
    expect(refused).toMatchObject({ status: 'failed', error: { code: 'IMPORT_COLUMNS_MISSING' } })
    expect(refused.error!.message).toContain('omzet_bulan_ini')
    await expect(importResponses({ db: t.db }, 'system', SYSTEM_CONTEXT, 'Tidak Ada', { path: writeFile('x'), fileName: 'x.csv' })).rejects.toMatchObject({ code: 'ROUND_NOT_FOUND' })
  })
})

function multipart(fields: Record<string, string>, files: Record<string, { name: string; content: Buffer | string }>) {
  const boundary = `----pulih${crypto.randomBytes(8).toString('hex')}`
  const chunks: Buffer[] = []
  for (const [name, value] of Object.entries(fields)) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`))
  for (const [field, file] of Object.entries(files)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`), Buffer.from(file.content), Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

async function finished(client: TestClient, id: string): Promise<Import> {
  for (let i = 0; i < 400; i++) {
    const body = (await client.get(`/api/imports/${id}`)).json() as Import
    if (body.status === 'done' || body.status === 'failed') return body
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error('import did not finish')
}

describe('over the API', () => {
  it('uploads main and child files; a regional officer is refused firms outside the region', async () => {
    const csv = `nib,omzet_normal,omzet_bulan_ini,tenaga_kerja_sebelum,tenaga_kerja_bekerja,kebutuhan_utama\n${nib(9)},10.000.000,4.000.000,5,5,permodalan\n${nib(20)},10.000.000,4.000.000,5,5,pemasaran\n`
    const materials = `nib;bahan;satuan;kebutuhan_per_bulan;diperoleh;penyebab\n${nib(9)};Rotan;kg;200;50;transportasi\n`
    const body = multipart({}, { file: { name: 'survei jabar.csv', content: csv }, materials: { name: 'bahan.csv', content: materials } })
    const response = await jabar.request({ method: 'POST', url: `/api/rounds/${roundId}/imports`, payload: body.payload, headers: body.headers })
    expect(response.statusCode, response.body).toBe(202)
    expect(response.json()).toMatchObject({ kind: 'responses', roundId, fileName: 'survei jabar.csv' })
    const done = await finished(jabar, response.json().id)
    expect(done).toMatchObject({ status: 'done', summary: { inserted: 1, rejected: 1 } })
    // Uploads are not kept once imported.
    expect(fs.readdirSync(path.join(dir, 'imports'))).toEqual([])
    const errors = await jabar.get(`/api/imports/${done.id}/errors.csv`)
    expect(errors.statusCode).toBe(200)
    expect(errors.body).toContain(`3,nib,FIRM_OUT_OF_REGION`)
    const nine = (await responseOf(9))!
    expect(nine).toMatchObject({ mode: 'import', entered_by: expect.any(String) })
    expect(await materialsOf(nine.id)).toEqual([{ material: 'Rotan', unit: 'kg', needed_per_month: '200.000', obtained: '50.000', cause: 'transport' }])
    expect(await responseOf(20)).toBeUndefined()

    const unknownRound = await jabar.request({ method: 'POST', url: `/api/rounds/${crypto.randomUUID()}/imports`, payload: body.payload, headers: body.headers })
    expect(unknownRound.statusCode).toBe(404)
  })

  it('serves the templates: XLSX with the three sheets, CSV of the main sheet', async () => {
    const csv = await officer.get(`/api/rounds/${roundId}/imports/template.csv`)
    expect(csv.statusCode).toBe(200)
    expect(csv.body).toMatch(/^\uFEFFnib,omzet_normal,omzet_bulan_ini,tenaga_kerja_sebelum,tenaga_kerja_bekerja,dirumahkan_dibayar,dirumahkan_dibayar_sebagian,dirumahkan_tanpa_upah,phk,kebutuhan_utama/)
    const xlsx = await jabar.get(`/api/rounds/${roundId}/imports/template.xlsx`)
    expect(xlsx.statusCode).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['survei', 'bahan_baku', 'ekspor_tertunda', 'Petunjuk'])
    // The template as filled in is itself a valid import (its example NIB is not registered).
    const file = writeFile(xlsx.rawPayload, 'xlsx')
    const result = await run(file, { dryRun: true })
    expect(result).toMatchObject({ status: 'done', summary: { inserted: 0, rejected: 1 } })
    expect((await errorsOf(result.id)).map((e) => e.code)).toEqual(['FIRM_NIB_UNKNOWN'])
  })
})

describe('CLI', () => {
  const cli = (args: string[]) =>
    spawnSync(process.execPath, [path.resolve('bin/pulih.js'), ...args], {
      env: { ...process.env, DATABASE_URL: t.ownerUrl, PULIH_SECRET_KEY: crypto.createHash('sha256').update('k').digest('hex') },
      encoding: 'utf8',
      timeout: 60_000,
    })

  it('imports a file with a materials file, prints the summary and writes the rejected rows', async () => {
    const file = writeFile(`nib,omzet_normal,omzet_bulan_ini,tenaga_kerja_sebelum,tenaga_kerja_bekerja\n${nib(10)},10.000.000,2.000.000,4,2\n9120009999998,1,1,1,1\n`)
    const materials = writeFile(`nib,bahan,satuan,kebutuhan_per_bulan,diperoleh,penyebab\n${nib(10)},Kulit,lembar,100,20,harga\n`)
    const out = path.join(dir, 'cli-errors.csv')
    const result = cli(['import', 'responses', '--round', ROUND, file, '--materials', materials, '--errors', out])
    expect(result.stderr).not.toContain('pulih:')
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('inserted 1, updated 0, unchanged 0, rejected 1')
    expect(fs.readFileSync(out, 'utf8')).toContain('3,nib,FIRM_NIB_UNKNOWN')
    expect(await materialsOf((await responseOf(10))!.id)).toHaveLength(1)

    const again = cli(['import', 'responses', '--round', roundId, file, '--materials', materials, '--dry-run'])
    expect(again.status).toBe(0)
    expect(again.stdout).toContain('dry run (nothing saved): inserted 0, updated 0, unchanged 1, rejected 1')
  }, 120_000)

  it('exits 1 with the reason when the file or the round is refused', () => {
    const pdf = writeFile('%PDF-1.4\n1 0 obj\n', 'csv')
    const refused = cli(['import', 'responses', '--round', ROUND, pdf])
    expect(refused.status).toBe(1)
    expect(refused.stderr).toContain('FILE_FORMAT_UNSUPPORTED')
    const noRound = cli(['import', 'responses', '--round', 'Tidak Ada', pdf])
    expect(noRound.status).toBe(1)
    expect(noRound.stderr).toContain('ROUND_NOT_FOUND')
  }, 120_000)
})
