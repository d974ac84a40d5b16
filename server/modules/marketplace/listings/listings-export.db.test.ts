// Exports each marketplace's bulk-upload file, opens it with exceljs and checks every row against
// that marketplace's rules; then the same through `npx pulih listings export` on this database.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, type TestClient, type TestUser } from '../../../../test/app.ts'
import { shareFirmForTest, signInAsPartner } from '../test-fixtures.ts'
import { createFirm, createProduct, mapCategory, picture, uploadPhoto } from './test-fixtures.ts'
import { charCount, convertWeight } from './rules.ts'
import { MARKETPLACE_RULES, type MarketplaceCode } from './rules.data.ts'
import { firstDataRow, labelRow, LISTING_TEMPLATES, SKIPPED_SHEET, type ListingTemplate } from './templates.ts'

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulih-listings-export-'))
const SECRET = crypto.createHash('sha256').update('listings-export').digest('hex')
let t: TestApp
let officer: TestClient
let officerUser: TestUser
let westFirm: { id: string }
let centralFirm: { id: string }
const grams = new Map<string, number>() // product name → weight in grams

type Open = Exclude<MarketplaceCode, 'bukalapak'>
const OPEN: Open[] = ['shopee', 'tokopedia', 'tiktok_shop', 'blibli']

const SHIRT = 'Kemeja Batik Tulis Pria Lengan Panjang' // 38 characters
const TABLE = 'Meja Makan Jati Minimalis Enam Kursi Jepara' // 43 characters
const FABRIC = 'Kain' // too short for Shopee/TikTok, no photo, price too low
const BAG = 'Tas Kulit Sapi Asli Garut Wanita Model Selempang' // no category mapped

/** Which products each marketplace's file must hold (the others are left out with reasons). */
const EXPECTED: Record<Open, string[]> = {
  shopee: [SHIRT, TABLE],
  tokopedia: [SHIRT], // the table's 2500-character description is over Tokopedia's 2000
  tiktok_shop: [SHIRT, TABLE],
  blibli: [SHIRT, TABLE],
}

beforeAll(async () => {
  t = await createTestApp({ rateLimit: { apiPerMinute: 100_000, loginPerMinute: 100_000 }, dataDir })
  ;({ client: officer, user: officerUser } = await t.signInAs('officer'))
  westFirm = await createFirm(officer, { name: 'CV Batik Sekar Jagad', regencyCode: '32.04' })
  centralFirm = await createFirm(officer, { name: 'Mebel Jati Jepara', regencyCode: '33.20', kbliMain: '31001' })
  for (const code of [...OPEN, 'bukalapak']) {
    await mapCategory(officer, { marketplaceCode: code, hsPrefix: '62', categoryId: `${code}-62`, categoryName: 'Pakaian Batik', requiredAttributes: ['Merek'] })
    await mapCategory(officer, { marketplaceCode: code, hsPrefix: '94', categoryId: `${code}-94`, categoryName: 'Furnitur' })
  }
  const shirt = await createProduct(officer, westFirm.id, { name: SHIRT, hsCode: '620520', weightGrams: 1234 })
  // Ten photos: more than any marketplace takes, so the export must cut them.
  const photo = await picture(700, 700)
  for (let i = 0; i < 10; i++) await uploadPhoto(officer, shirt.id, photo)
  for (const code of OPEN) {
    const set = await officer.patch(`/api/marketplace/products/${shirt.id}/attributes`, { marketplace: code, values: [{ name: 'Merek', value: 'Sekar Jagad' }] })
    expect(set.statusCode, set.body).toBe(200)
  }
  const table = await createProduct(officer, centralFirm.id, {
    name: TABLE,
    hsCode: '940360',
    kbliCode: '31001',
    weightGrams: 45_001,
    priceIdr: 7_500_000,
    description: `Meja makan kayu jati Jepara, finishing melamin. ${'Kayu jati grade A dari Perhutani. '.repeat(70)}`.slice(0, 2500),
    lengthMm: 1805,
    widthMm: 900,
    heightMm: 760,
  })
  await uploadPhoto(officer, table.id, await picture(1000, 800))
  await createProduct(officer, westFirm.id, { name: FABRIC, hsCode: '520852', priceIdr: 50 })
  await createProduct(officer, westFirm.id, { name: BAG, hsCode: '420221', kbliCode: '15121' })
  grams.set(SHIRT, 1234).set(TABLE, 45_001)
}, 180_000)
afterAll(async () => {
  await t?.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

async function open(data: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(data as unknown as ArrayBuffer)
  return workbook
}

const text = (value: ExcelJS.CellValue): string => (value === null || value === undefined ? '' : String(value))

/**
 * Checks the template's own sheet: labels in order, then every data row against the
 * marketplace's rules. Answers the product names in the file.
 */
function checkSheet(workbook: ExcelJS.Workbook, code: Open): string[] {
  const template: ListingTemplate = LISTING_TEMPLATES[code]
  const rules = MARKETPLACE_RULES[code]
  expect(workbook.worksheets.map((w) => w.name)).toEqual([template.sheetName, SKIPPED_SHEET])
  const sheet = workbook.getWorksheet(template.sheetName)!
  const labels = template.columns.map((_, c) => text(sheet.getRow(labelRow(template)).getCell(c + 1).value))
  expect(labels).toEqual(template.columns.map((c) => c.label))
  const index = (key: string) => {
    const i = template.columns.findIndex((c) => c.key === key)
    expect(i, key).toBeGreaterThanOrEqual(0)
    return i + 1
  }
  const keys: Record<Open, { name: string; description: string; weight: string; price: string; stock: string; category: string; images: RegExp }> = {
    shopee: { name: 'ps_product_name', description: 'ps_product_description', weight: 'ps_weight', price: 'ps_price', stock: 'ps_stock', category: 'ps_category', images: /^ps_item_(cover_image|image_\d)$/ },
    tokopedia: { name: 'name', description: 'description', weight: 'weight', price: 'price', stock: 'stock', category: 'category_id', images: /^picture_\d$/ },
    tiktok_shop: { name: 'title', description: 'description', weight: 'package_weight.value', price: 'skus[0].price.amount', stock: 'skus[0].inventory[0].quantity', category: 'category_id', images: /^main_images\[\d\]$/ },
    blibli: { name: 'name', description: 'description', weight: 'weight', price: 'productItems[0].price', stock: 'productItems[0].stock', category: 'categoryCode', images: /^images\[\d\]$/ },
  }
  const k = keys[code]
  const imageColumns = template.columns.flatMap((c, i) => (k.images.test(c.key) ? [i + 1] : []))
  expect(imageColumns.length).toBe(rules.images.max)
  const names: string[] = []
  for (let r = firstDataRow(template); r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r)
    const name = text(row.getCell(index(k.name)).value)
    if (!name) continue
    names.push(name)
    const length = charCount(name)
    if (rules.name.min !== null) expect(length).toBeGreaterThanOrEqual(rules.name.min)
    if (rules.name.max !== null) expect(length).toBeLessThanOrEqual(rules.name.max)
    const description = text(row.getCell(index(k.description)).value)
    if (rules.descriptionRequired) expect(description.length).toBeGreaterThan(0)
    if (rules.descriptionMax !== null) expect(charCount(description)).toBeLessThanOrEqual(rules.descriptionMax)
    const weight = row.getCell(index(k.weight)).value as number
    expect(typeof weight).toBe('number')
    expect(weight).toBe(convertWeight(grams.get(name)!, rules.weight))
    if (rules.weight.unit === 'g') expect(Number.isInteger(weight)).toBe(true)
    else expect(weight).toBeCloseTo(grams.get(name)! / 1000, 1)
    if (rules.weight.range.min !== null) expect(weight).toBeGreaterThanOrEqual(rules.weight.range.min)
    if (rules.weight.range.max !== null) expect(weight).toBeLessThanOrEqual(rules.weight.range.max)
    const price = row.getCell(index(k.price)).value as number
    expect(Number.isInteger(price)).toBe(true)
    if (rules.price.min !== null) expect(price).toBeGreaterThanOrEqual(rules.price.min)
    if (rules.price.max !== null) expect(price).toBeLessThanOrEqual(rules.price.max)
    const stock = row.getCell(index(k.stock)).value as number
    if (rules.stock.min !== null) expect(stock).toBeGreaterThanOrEqual(rules.stock.min)
    if (rules.stock.max !== null) expect(stock).toBeLessThanOrEqual(rules.stock.max)
    expect(text(row.getCell(index(k.category)).value)).toMatch(new RegExp(`^${code}-(62|94)$`))
    const images = imageColumns.map((c) => text(row.getCell(c).value)).filter(Boolean)
    expect(images.length).toBeGreaterThanOrEqual(rules.images.min ?? 1)
    expect(images.length).toBeLessThanOrEqual(rules.images.max!)
    // Images fill the first columns without gaps, as public signed links.
    expect(imageColumns.slice(0, images.length).map((c) => text(row.getCell(c).value))).toEqual(images)
    for (const url of images) expect(url).toMatch(/^https?:\/\/[^/]+\/api\/public\/product-photos\/[A-Za-z0-9_-]{48}$/)
    // Every required column Pulih fills has a value.
    template.columns.forEach((column, c) => {
      if (column.required && column.fill === 'pulih') expect(text(row.getCell(c + 1).value), `${code} ${column.label}`).not.toBe('')
    })
  }
  return names
}

describe('bulk-upload files', () => {
  it.each(OPEN)('%s: only valid products, every row within the rules, the others listed with their reasons', async (code) => {
    const response = await officer.get(`/api/marketplace/listings/export?marketplace=${code}`)
    expect(response.statusCode, response.body).toBe(200)
    expect(response.headers['content-type']).toContain('spreadsheetml')
    expect(response.headers['content-disposition']).toMatch(new RegExp(`attachment; filename="produk-${code}-\\d{4}-\\d{2}-\\d{2}\\.xlsx"`))
    const workbook = await open(response.rawPayload)
    const names = checkSheet(workbook, code)
    expect(names.sort()).toEqual([...EXPECTED[code]].sort())
    expect(response.headers['x-pulih-written']).toBe(String(names.length))
    const skipped = workbook.getWorksheet(SKIPPED_SHEET)!
    const skippedNames = new Set<string>()
    skipped.eachRow((row, n) => {
      if (n === 1) return
      skippedNames.add(text(row.getCell(3).value))
      expect(text(row.getCell(4).value).length).toBeGreaterThan(10)
    })
    expect([...skippedNames].sort()).toEqual([SHIRT, TABLE, FABRIC, BAG].filter((n) => !EXPECTED[code].includes(n)).sort())
    expect(response.headers['x-pulih-skipped']).toBe(String(skippedNames.size))
    const audit = await t.db.selectFrom('audit_log').select('after').where('action', '=', 'marketplace.listings.exported').where('entity_id', '=', code).executeTakeFirstOrThrow()
    expect(audit.after).toMatchObject({ written: names.length, skipped: skippedNames.size })
  })

  it('follows the reference layouts: Shopee "Template" from row 7 with Berat (kg); Tokopedia labels on row 2, data from row 4 with Berat* (Gram)', async () => {
    const shopee = LISTING_TEMPLATES.shopee
    expect([shopee.sheetName, firstDataRow(shopee), shopee.columns.length]).toEqual(['Template', 7, 43])
    expect(shopee.columns.map((c) => c.label).filter((_, i) => [1, 2, 16, 22, 31].includes(i))).toEqual(['Nama Produk', 'Deskripsi Produk', 'Harga', 'Foto Sampul', 'Berat (kg)'])
    const tokopedia = LISTING_TEMPLATES.tokopedia
    expect([labelRow(tokopedia), firstDataRow(tokopedia)]).toEqual([2, 4])
    expect(tokopedia.columns.map((c) => c.label)).toEqual([
      'Pesan Error', 'Nama Produk*', 'Deskripsi Produk', 'Kode Kategori*', 'Berat* (Gram)', 'Minimum Pemesanan*', 'Nomor Etalase',
      'Waktu Proses Preorder', 'Kondisi*', 'Foto Produk 1*', 'Foto Produk 2', 'Foto Produk 3', 'Foto Produk 4', 'Foto Produk 5',
      'URL Video Produk 1', 'URL Video Produk 2', 'URL Video Produk 3', 'SKU Name', 'Status*', 'Jumlah Stok*', 'Harga (Rp)*',
      'Kurir Pengiriman*', 'Asuransi Pengiriman',
    ])
    const response = await officer.get('/api/marketplace/listings/export?marketplace=shopee')
    const sheet = (await open(response.rawPayload)).getWorksheet('Template')!
    expect(text(sheet.getRow(2).getCell(32).value)).toBe('Berat (kg)')
    expect(text(sheet.getRow(7).getCell(2).value)).not.toBe('')
    expect(sheet.getRow(7).getCell(32).value).toBe(text(sheet.getRow(7).getCell(2).value) === SHIRT ? 1.24 : 45.01)
  })

  it('puts photo links a marketplace can fetch without an account', async () => {
    const response = await officer.get('/api/marketplace/listings/export?marketplace=tokopedia')
    const sheet = (await open(response.rawPayload)).getWorksheet(LISTING_TEMPLATES.tokopedia.sheetName)!
    const url = new URL(text(sheet.getRow(4).getCell(10).value))
    const photo = await t.client().get(url.pathname)
    expect(photo.statusCode).toBe(200)
    expect(photo.headers['content-type']).toBe('image/jpeg')
  })

  it('a partner exports only the firms shared with it', async () => {
    const partner = (await signInAsPartner(t, 'shopee')).client
    const before = await partner.get('/api/marketplace/listings/export?marketplace=shopee')
    expect(before.statusCode).toBe(200)
    expect(checkSheet(await open(before.rawPayload), 'shopee')).toEqual([])
    await shareFirmForTest(t, { firmId: centralFirm.id, marketplaceCode: 'shopee', byUserId: officerUser.id })
    const after = await partner.get('/api/marketplace/listings/export?marketplace=shopee')
    expect(checkSheet(await open(after.rawPayload), 'shopee')).toEqual([TABLE])
  })
})

describe('CLI: pulih listings export', () => {
  const cli = (args: string[]) =>
    spawnSync(process.execPath, [path.resolve('bin/pulih.js'), 'listings', 'export', ...args], {
      env: { ...process.env, DATABASE_URL: t.ownerUrl, PULIH_SECRET_KEY: SECRET, PULIH_DATA_DIR: dataDir, PULIH_PUBLIC_URL: 'https://pulih.example.go.id' },
      encoding: 'utf8',
      timeout: 60_000,
    })

  it('writes the file, prints how many were written and which were skipped and why', async () => {
    const out = path.join(dataDir, 'shopee.xlsx')
    const result = cli(['--marketplace', 'shopee', '--out', out])
    expect(result.stderr).not.toContain('pulih:')
    expect(result.status).toBe(0)
    expect(result.stdout).toContain(`wrote 2 products to ${out}; skipped 2`)
    expect(result.stdout).toMatch(/skipped [0-9a-f-]{36} "Kain" \(CV Batik Sekar Jagad\): Product name has 4 characters; Shopee needs at least 20\./)
    expect(result.stdout).toMatch(new RegExp(`"${BAG}" \\(CV Batik Sekar Jagad\\): The product has 0 photos; .*No Shopee category is mapped`))
    const workbook = await open(fs.readFileSync(out))
    expect(checkSheet(workbook, 'shopee').sort()).toEqual([SHIRT, TABLE].sort())
    const url = text(workbook.getWorksheet('Template')!.getRow(7).getCell(23).value)
    expect(url.startsWith('https://pulih.example.go.id/api/public/product-photos/')).toBe(true)

    const central = cli(['--marketplace', 'tokopedia', '--province', '33', '--out', path.join(dataDir, 'tokopedia.xlsx')])
    expect(central.status).toBe(0)
    expect(central.stdout).toContain('wrote 0 products')
    expect(central.stdout).toContain('skipped 1')
    const byFirm = cli(['--marketplace', 'blibli', '--firm', westFirm.id, '--kbli', '141', '--out', path.join(dataDir, 'blibli.xlsx')])
    expect(byFirm.status).toBe(0)
    expect(byFirm.stdout).toContain('wrote 1 products')
  }, 120_000)

  it('exits 1 with the reason for Bukalapak and unknown marketplaces', () => {
    const closed = cli(['--marketplace', 'bukalapak', '--out', path.join(dataDir, 'bukalapak.xlsx')])
    expect(closed.status).toBe(1)
    expect(closed.stderr).toContain('LISTING_EXPORT_CLOSED: Export to Bukalapak refused')
    expect(fs.existsSync(path.join(dataDir, 'bukalapak.xlsx'))).toBe(false)
    const unknown = cli(['--marketplace', 'lazada', '--out', path.join(dataDir, 'x.xlsx')])
    expect(unknown.status).toBe(1)
    expect(unknown.stderr).toContain('MARKETPLACE_NOT_FOUND')
  }, 120_000)
})
