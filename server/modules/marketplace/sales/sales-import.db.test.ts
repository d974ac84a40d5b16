// Sales reports: messy CSV and XLSX uploads with every kind of bad row, idempotent re-imports,
// the marketplace's scope on what may be written (not shared = not found, never "exists"), the
// first-sale stage move, dry runs and the CLI.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, type TestClient } from '../../../../test/app.ts'
import { SYSTEM_CONTEXT } from '../../../platform/audit/audit.service.ts'
import { shareFirmForTest, signInAsPartner } from '../test-fixtures.ts'
import { importSales, type SalesImport } from './sales-import.service.ts'
import { importSalesCli } from './sales.cli.ts'

const LIMITS = { rateLimit: { apiPerMinute: 100_000, loginPerMinute: 100_000 } }
const nib = (n: number) => `91300077${String(n).padStart(5, '0')}`

let t: TestApp
let officer: TestClient
let officerId: string
let tokopedia: TestClient
let dir: string
const firms = new Map<string, string>()

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulih-sales-imports-'))
  t = await createTestApp({ ...LIMITS, dataDir: dir })
  const signedIn = await t.signInAs('officer')
  officer = signedIn.client
  officerId = signedIn.user.id
  ;({ client: tokopedia } = await signInAsPartner(t, 'tokopedia'))
  for (const [key, n] of [['A', 1], ['B', 2], ['C', 3], ['D', 4], ['E', 5], ['F', 6]] as const) {
    const created = await officer.post('/api/firms', { name: `Usaha Lokapasar ${key}`, nib: nib(n), regencyCode: '32.04', kbliMain: '13134' })
    expect(created.statusCode, created.body).toBe(201)
    firms.set(key, created.json().id)
  }
  // A, B: shared with Tokopedia (A has listed products, B only a store). C: nominated, no consent.
  // D: shared with Shopee only. E: shared with Tokopedia, consent withdrawn. F: nothing.
  await shareFirmForTest(t, { firmId: firms.get('A')!, marketplaceCode: 'tokopedia', byUserId: officerId, stage: 'products_listed', storeUrl: 'https://www.tokopedia.com/usaha-a' })
  await shareFirmForTest(t, { firmId: firms.get('B')!, marketplaceCode: 'tokopedia', byUserId: officerId, stage: 'store_opened', storeUrl: 'https://tokopedia.com/usaha-b' })
  const c = await t.db.selectFrom('firms').select(['province_code', 'regency_code']).where('id', '=', firms.get('C')!).executeTakeFirstOrThrow()
  await t.db
    .insertInto('marketplace_nominations')
    .values({ firm_id: firms.get('C')!, marketplace_code: 'tokopedia', stage: 'nominated', source: 'manual', nominated_by: officerId, province_code: c.province_code, regency_code: c.regency_code })
    .execute()
  await shareFirmForTest(t, { firmId: firms.get('D')!, marketplaceCode: 'shopee', byUserId: officerId, stage: 'products_listed' })
  await shareFirmForTest(t, { firmId: firms.get('E')!, marketplaceCode: 'tokopedia', byUserId: officerId, stage: 'store_opened' })
  await t.db.updateTable('marketplace_consents').set({ withdrawn_at: new Date(), withdrawn_by: officerId }).where('firm_id', '=', firms.get('E')!).execute()
}, 120_000)
afterAll(async () => {
  await t?.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

function multipart(fields: Record<string, string>, file: { name: string; content: Buffer | string }) {
  const boundary = `----pulih${crypto.randomBytes(8).toString('hex')}`
  const chunks: Buffer[] = []
  for (const [name, value] of Object.entries(fields)) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`))
  chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), Buffer.from(file.content), Buffer.from('\r\n'))
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

const upload = (client: TestClient, fields: Record<string, string>, file: { name: string; content: Buffer | string }) => {
  const body = multipart(fields, file)
  return client.request({ method: 'POST', url: '/api/marketplace/sales/imports', payload: body.payload, headers: body.headers })
}

async function finished(client: TestClient, id: string): Promise<SalesImport> {
  for (let i = 0; i < 400; i++) {
    const body = (await client.get(`/api/marketplace/sales/imports/${id}`)).json() as SalesImport
    if (body.status === 'done' || body.status === 'failed') return body
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error('import did not finish')
}

const errorsOf = (id: string) =>
  t.db.selectFrom('import_errors').select(['row_number', 'column_name', 'code', 'message']).where('import_id', '=', id).orderBy('row_number').orderBy('seq').execute()
const salesOf = (key: string, marketplace = 'tokopedia') =>
  t.db
    .selectFrom('marketplace_sales')
    .select(['month', 'gmv_idr', 'orders', 'units', 'source', 'import_id'])
    .where('firm_id', '=', firms.get(key)!)
    .where('marketplace_code', '=', marketplace)
    .orderBy('month')
    .execute()
const stageOf = async (key: string, marketplace = 'tokopedia') =>
  (await t.db.selectFrom('marketplace_nominations').select('stage').where('firm_id', '=', firms.get(key)!).where('marketplace_code', '=', marketplace).executeTakeFirstOrThrow()).stage

// As a partner exports it: a title row, semicolons, English and Indonesian headers, Rupiah notation.
const messyCsv = (firstGmv = 'Rp 1.500.000') =>
  '\uFEFFLAPORAN PENJUALAN MITRA IKM;;;;;\r\n' +
  'No NIB;URL Toko;Periode;GMV (Rp);Orders;Units Sold\r\n' +
  `${nib(1)};;Mei 2020;${firstGmv};12;20\r\n` + // 3 ok (A, by NIB)
  `;https://www.Tokopedia.com/usaha-a/?utm=x;2020-06;2.000.000;15;\r\n` + // 4 ok (A, by URL)
  `${nib(2)};;06/2020;0;0;0\r\n` + // 5 ok (B, a month without orders)
  `${nib(3)};;2020-05;100.000;1;1\r\n` + // 6 C: nominated, no consent
  `${nib(4)};;2020-05;100.000;1;1\r\n` + // 7 D: shared with Shopee only
  `${nib(5)};;2020-05;100.000;1;1\r\n` + // 8 E: consent withdrawn
  `9130009999999;;2020-05;100.000;1;1\r\n` + // 9 no such firm
  `${nib(1)};;mei-2020;1.000;1;1\r\n` + // 10 same store and month again
  `${nib(1)};;2099-01;1.000;1;1\r\n` + // 11 future
  `${nib(1)};;Foo 2020;1.000;1;1\r\n` + // 12 month unknown
  `${nib(1)};;2020-07;abc;3;3\r\n` + // 13 number invalid
  `${nib(1)};;2020-08;-5.000;3;3\r\n` + // 14 negative
  `${nib(1)};;2020-09;500.000;"2,5";3\r\n` + // 15 count not whole
  `${nib(1)};;2020-10;500.000;0;0\r\n` + // 16 GMV without orders
  `;;2020-10;1;1;1\r\n` + // 17 no firm key
  `123;;2020-10;1;1;1\r\n` + // 18 NIB invalid
  `${nib(1)};;;1;1;1\r\n` + // 19 month missing
  `${nib(1)};https://www.tokopedia.com/usaha-b;2020-11;100.000;1;1\r\n` + // 20 keys disagree
  `${nib(1)};;2020-11;100.000;5;3\r\n` + // 21 units below orders
  `${nib(1)};;2020-12;1.000.000.000.000.000;1;1\r\n` // 22 too large

describe('a partner uploads a messy CSV', () => {
  let first: SalesImport

  it('saves the good rows and reports every bad one with row, column and code', async () => {
    const accepted = await upload(tokopedia, {}, { name: 'penjualan-juni.csv', content: messyCsv() })
    expect(accepted.statusCode, accepted.body).toBe(202)
    expect(accepted.json()).toMatchObject({ kind: 'sales', marketplaceCode: 'tokopedia' })
    first = await finished(tokopedia, accepted.json().id)
    expect(first.status).toBe('done')
    expect(first.summary).toEqual({ inserted: 3, updated: 0, unchanged: 0, rejected: 17 })
    const errors = await errorsOf(first.id)
    expect(errors.map((e) => [e.row_number, e.column_name, e.code])).toEqual([
      [6, 'nib', 'SALES_FIRM_NOT_FOUND'],
      [7, 'nib', 'SALES_FIRM_NOT_FOUND'],
      [8, 'nib', 'SALES_FIRM_NOT_FOUND'],
      [9, 'nib', 'SALES_FIRM_NOT_FOUND'],
      [10, 'bulan', 'SALES_ROW_REPEATED'],
      [11, 'bulan', 'SALES_MONTH_IN_FUTURE'],
      [12, 'bulan', 'SALES_MONTH_INVALID'],
      [13, 'omzet', 'NUMBER_INVALID'],
      [14, 'omzet', 'SALES_NUMBER_NEGATIVE'],
      [15, 'jumlah_pesanan', 'SALES_COUNT_NOT_WHOLE'],
      [16, 'jumlah_pesanan', 'SALES_ORDERS_MISSING'],
      [17, null, 'SALES_FIRM_KEY_REQUIRED'],
      [18, 'nib', 'NIB_INVALID'],
      [19, 'bulan', 'REQUIRED'],
      [20, 'url_toko', 'SALES_FIRM_KEYS_DISAGREE'],
      [21, 'unit_terjual', 'SALES_UNITS_BELOW_ORDERS'],
      [22, 'omzet', 'SALES_NUMBER_TOO_LARGE'],
    ])
    // Not consented, another marketplace's firm, withdrawn and non-existent read exactly alike.
    expect(new Set(errors.filter((e) => e.code === 'SALES_FIRM_NOT_FOUND').map((e) => e.message)).size).toBe(1)
    expect(await salesOf('A')).toMatchObject([
      { gmv_idr: '1500000', orders: 12, units: 20, source: 'upload', import_id: first.id },
      { gmv_idr: '2000000', orders: 15, units: null },
    ])
    expect((await salesOf('B')).map((r) => r.orders)).toEqual([0])
    for (const key of ['C', 'D', 'E', 'F']) {
      expect(await t.db.selectFrom('marketplace_sales').select('id').where('firm_id', '=', firms.get(key)!).execute()).toEqual([])
    }
  })

  it('moves a store with orders to first_sale, and leaves one without orders where it was', async () => {
    expect(await stageOf('A')).toBe('first_sale')
    expect(await stageOf('B')).toBe('store_opened')
    const event = await t.db
      .selectFrom('marketplace_stage_events')
      .select(['from_stage', 'to_stage', 'details', 'actor_role'])
      .where('firm_id', '=', firms.get('A')!)
      .where('to_stage', '=', 'first_sale')
      .executeTakeFirstOrThrow()
    expect(event).toMatchObject({ from_stage: 'products_listed', actor_role: 'marketplace_partner' })
    expect(event.details).toMatchObject({ importId: first.id })
  })

  it('serves the errors file to the partner and officers, not to other partners', async () => {
    const csv = await tokopedia.get(`/api/marketplace/sales/imports/${first.id}/errors.csv`)
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.body).toContain('SALES_MONTH_IN_FUTURE')
    expect(csv.body.split('\n').filter((line) => line.trim()).length).toBe(18)
    expect((await officer.get(`/api/marketplace/sales/imports/${first.id}`)).statusCode).toBe(200)
    // The registry's list of imports still answers with sales imports among them.
    const all = await officer.get('/api/imports')
    expect(all.statusCode, all.body).toBe(200)
    const { client: shopee } = await signInAsPartner(t, 'shopee')
    expect((await shopee.get(`/api/marketplace/sales/imports/${first.id}`)).statusCode).toBe(404)
    expect((await shopee.get(`/api/marketplace/sales/imports/${first.id}/errors.csv`)).statusCode).toBe(404)
  })

  it('re-imports the same file as unchanged, and a changed figure as one audited update', async () => {
    const again = await finished(tokopedia, (await upload(tokopedia, {}, { name: 'penjualan-juni.csv', content: messyCsv() })).json().id)
    expect(again.summary).toEqual({ inserted: 0, updated: 0, unchanged: 3, rejected: 17 })
    const changed = await finished(tokopedia, (await upload(tokopedia, {}, { name: 'penjualan-juni-revisi.csv', content: messyCsv('1.750.000') })).json().id)
    expect(changed.summary).toEqual({ inserted: 0, updated: 1, unchanged: 2, rejected: 17 })
    expect((await salesOf('A'))[0]).toMatchObject({ gmv_idr: '1750000', import_id: changed.id })
    const audit = await t.db.selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'marketplace_sales.updated').execute()
    expect(audit).toHaveLength(1)
    expect(audit[0].before).toMatchObject({ gmvIdr: 1500000, orders: 12 })
    expect(audit[0].after).toMatchObject({ gmvIdr: 1750000, importId: changed.id })
    const imported = await t.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'marketplace_sales.imported').execute()
    expect(imported.map((a) => a.entity_id)).toEqual([first.id])
  })

  it('refuses what the uploader may not do', async () => {
    const { client: owner } = await t.signInAs('firm_owner')
    expect((await upload(owner, {}, { name: 'x.csv', content: messyCsv() })).statusCode).toBe(403)
    const other = await upload(tokopedia, { marketplace: 'shopee' }, { name: 'x.csv', content: messyCsv() })
    expect(other.statusCode).toBe(403)
    const missing = await upload(officer, {}, { name: 'x.csv', content: messyCsv() })
    expect(missing.statusCode).toBe(400)
    expect(missing.json().code).toBe('SALES_MARKETPLACE_REQUIRED')
    expect((await upload(officer, { marketplace: 'amazon' }, { name: 'x.csv', content: messyCsv() })).statusCode).toBe(404)
    // No upload is left behind by a refused request.
    expect(fs.readdirSync(path.join(dir, 'imports')).filter((f) => f.endsWith('.upload'))).toEqual([])
    const noKey = await finished(tokopedia, (await upload(tokopedia, {}, { name: 'x.csv', content: 'bulan;omzet;jumlah_pesanan\n2020-05;1;1\n' })).json().id)
    expect(noKey).toMatchObject({ status: 'failed', error: { code: 'IMPORT_COLUMNS_MISSING' } })
  })
})

describe('an officer uploads an XLSX for a marketplace', () => {
  it('reads date cells, number cells and English headers, and rejects the bad rows', async () => {
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('Sales')
    sheet.addRow(['Business ID', 'Month', 'GMV (IDR)', 'Number of orders', 'Units'])
    sheet.addRow([nib(4), new Date(Date.UTC(2020, 4, 1)), 2500000, 10, 14]) // 2 ok
    sheet.addRow([nib(4), 'Juni 2020', 'Rp 3.000.000,-', '12', '']) // 3 ok
    sheet.addRow([nib(4), new Date(Date.UTC(2099, 0, 1)), 1000, 1, 1]) // 4 future
    sheet.addRow([nib(1), '2020-07', 1000, 1, 1]) // 5 A is not shared with Shopee
    sheet.addRow([nib(4), '2020-08', -1, 1, 1]) // 6 negative
    sheet.addRow([nib(4), '2020-09', 'n/a', 1, 1]) // 7 not a number
    const content = Buffer.from(await workbook.xlsx.writeBuffer())
    const accepted = await upload(officer, { marketplace: 'shopee' }, { name: 'shopee.xlsx', content })
    expect(accepted.statusCode, accepted.body).toBe(202)
    const done = await finished(officer, accepted.json().id)
    expect(done).toMatchObject({ status: 'done', format: 'xlsx', marketplaceCode: 'shopee' })
    expect(done.summary).toEqual({ inserted: 2, updated: 0, unchanged: 0, rejected: 4 })
    expect((await errorsOf(done.id)).map((e) => [e.row_number, e.code])).toEqual([
      [4, 'SALES_MONTH_IN_FUTURE'],
      [5, 'SALES_FIRM_NOT_FOUND'],
      [6, 'SALES_NUMBER_NEGATIVE'],
      [7, 'NUMBER_INVALID'],
    ])
    expect((await salesOf('D', 'shopee')).map((r) => [r.gmv_idr, r.orders, r.units])).toEqual([
      ['2500000', 10, 14],
      ['3000000', 12, null],
    ])
    expect(await stageOf('D', 'shopee')).toBe('first_sale')
  })
})

describe('the service and the CLI', () => {
  it('dry-runs without saving or moving anything', async () => {
    await shareFirmForTest(t, { firmId: firms.get('F')!, marketplaceCode: 'blibli', byUserId: officerId, stage: 'store_opened' })
    const file = path.join(dir, 'blibli.csv')
    fs.writeFileSync(file, `nib,bulan,omzet,jumlah_pesanan\n${nib(6)},2020-05,"1.000.000",4\n`)
    const result = await importSales({ db: t.db }, 'system', SYSTEM_CONTEXT, 'blibli', { path: file, fileName: 'blibli.csv', dryRun: true })
    expect(result).toMatchObject({ status: 'done', dryRun: true, summary: { inserted: 1, rejected: 0 } })
    expect(await salesOf('F', 'blibli')).toEqual([])
    expect(await stageOf('F', 'blibli')).toBe('store_opened')
  })

  it('imports from the command line, prints the summary line and writes the errors file', async () => {
    const file = path.join(dir, 'blibli-cli.csv')
    const errors = path.join(dir, 'blibli-cli.errors.csv')
    fs.writeFileSync(file, `nib,bulan,omzet,jumlah_pesanan\n${nib(6)},2020-05,"1.000.000",4\n${nib(2)},2020-05,"1.000.000",4\n`)
    const lines: string[] = []
    await importSalesCli({ db: t.db }, file, { marketplace: 'blibli', errors }, (line) => lines.push(line))
    expect(lines[0]).toMatch(/^inserted 1, updated 0, unchanged 0, rejected 1 \(2 rows, import /)
    expect(fs.readFileSync(errors, 'utf8')).toContain('SALES_FIRM_NOT_FOUND')
    expect(await stageOf('F', 'blibli')).toBe('first_sale')
    await expect(importSalesCli({ db: t.db }, file, { marketplace: 'nope' }, () => undefined)).rejects.toMatchObject({ code: 'MARKETPLACE_NOT_FOUND' })
  })
})
