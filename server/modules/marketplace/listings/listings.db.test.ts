import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, type TestClient, type TestUser } from '../../../../test/app.ts'
import { shareFirmForTest, signInAsPartner } from '../test-fixtures.ts'
import { createFirm, createProduct, mapCategory, picture, uploadPhoto } from './test-fixtures.ts'
import { photoLinkKey, signPhotoToken } from './photo-links.ts'
import { seedDemoListings } from './demo.ts'
import { SYSTEM_CONTEXT } from '../../../platform/audit/audit.service.ts'

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulih-listings-'))
let t: TestApp
let officer: TestClient
let officerUser: TestUser
let jabar: TestClient
let jateng: TestClient
let owner: TestClient
let shopeePartner: TestClient
let tokopediaPartner: TestClient
let westFirm: { id: string }
let centralFirm: { id: string }

interface Listing {
  productId: string
  productName: string
  firmId: string
  status: string
  category: { categoryId: string; hsPrefix: string | null; kbliPrefix: string | null } | null
  problems: Array<{ code: string; message: string; severity: string }>
  attributes: Array<{ name: string; value: string }>
  canEditAttributes: boolean
}
interface Page {
  items: Listing[]
  total: number
  counts: { ready: number; needsFix: number; notListable: number }
}

beforeAll(async () => {
  t = await createTestApp({ rateLimit: { apiPerMinute: 100_000, loginPerMinute: 100_000 }, dataDir })
  ;({ client: officer, user: officerUser } = await t.signInAs('officer'))
  ;({ client: jabar } = await t.signInAs('regional_officer', { organisation: { provinceCode: '32' } }))
  ;({ client: jateng } = await t.signInAs('regional_officer', { organisation: { provinceCode: '33' } }))
  shopeePartner = (await signInAsPartner(t, 'shopee')).client
  tokopediaPartner = (await signInAsPartner(t, 'tokopedia')).client
  westFirm = await createFirm(officer, { name: 'CV Batik Sekar Jagad', regencyCode: '32.04' })
  centralFirm = await createFirm(officer, { name: 'Mebel Jati Jepara', regencyCode: '33.20', kbliMain: '31001' })
  const ownerUser = await t.createUser('firm_owner')
  await t.db.updateTable('firms').set({ organisation_id: ownerUser.organisationId }).where('id', '=', westFirm.id).execute()
  owner = await t.signIn(ownerUser)
}, 120_000)
afterAll(async () => {
  await t?.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

const listings = async (client: TestClient, query: string, lang = 'id') => {
  const response = await client.get(`/api/marketplace/listings?${query}`, { 'accept-language': lang })
  expect(response.statusCode, response.body).toBe(200)
  return response.json() as Page
}

describe('category mappings', () => {
  it('officers add, change and remove mappings, each audited', async () => {
    const created = await mapCategory(officer, { marketplaceCode: 'blibli', hsPrefix: '4202', categoryId: 'TA-1', categoryName: 'Tas Kulit', requiredAttributes: [' Merek ', 'merek', 'Bahan'] })
    expect(created).toMatchObject({ marketplaceCode: 'blibli', hsPrefix: '4202', kbliPrefix: null, requiredAttributes: ['Merek', 'Bahan'], updatedBy: { id: officerUser.id } })
    const changed = await officer.patch(`/api/marketplace/categories/${created.id}`, { categoryName: 'Tas & Dompet Kulit', hsPrefix: '42' })
    expect(changed.statusCode, changed.body).toBe(200)
    expect(changed.json()).toMatchObject({ categoryName: 'Tas & Dompet Kulit', hsPrefix: '42' })
    expect((await officer.delete(`/api/marketplace/categories/${created.id}`)).statusCode).toBe(204)
    expect((await officer.delete(`/api/marketplace/categories/${created.id}`)).statusCode).toBe(404)
    const audit = await t.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity_id', '=', created.id).orderBy('seq').execute()
    expect(audit.map((a) => a.action)).toEqual(['marketplace.category.created', 'marketplace.category.updated', 'marketplace.category.deleted'])
    expect(audit[1].before).toMatchObject({ categoryName: 'Tas Kulit', hsPrefix: '4202' })
    expect(audit[1].after).toMatchObject({ categoryName: 'Tas & Dompet Kulit', hsPrefix: '42' })
  })

  it('refuses a mapping without a code, with unknown codes, or twice for the same codes', async () => {
    const none = await officer.post('/api/marketplace/categories', { marketplaceCode: 'shopee', categoryId: '1', categoryName: 'Tanpa Kode' })
    expect(none.statusCode).toBe(400)
    expect(none.json().code).toBe('CATEGORY_MAPPING_NEEDS_CODE')
    const unknownHs = await officer.post('/api/marketplace/categories', { marketplaceCode: 'shopee', hsPrefix: '6100', categoryId: '1', categoryName: 'Tidak Ada' })
    expect(unknownHs.json().code).toBe('CATEGORY_HS_NOT_FOUND')
    const unknownKbli = await officer.post('/api/marketplace/categories', { marketplaceCode: 'shopee', kbliPrefix: '99999', categoryId: '1', categoryName: 'Tidak Ada' })
    expect(unknownKbli.json().code).toBe('CATEGORY_KBLI_NOT_FOUND')
    await mapCategory(officer, { marketplaceCode: 'shopee', hsPrefix: '44', categoryId: '100720', categoryName: 'Kerajinan Kayu' })
    const twice = await officer.post('/api/marketplace/categories', { marketplaceCode: 'shopee', hsPrefix: '44', categoryId: '100721', categoryName: 'Lagi' })
    expect(twice.statusCode).toBe(409)
    expect(twice.json().code).toBe('CATEGORY_MAPPING_DUPLICATE')
  })

  it('partners maintain their own marketplace only, and read only its mappings', async () => {
    const own = await mapCategory(shopeePartner, { marketplaceCode: 'shopee', hsPrefix: '46', categoryId: '100721', categoryName: 'Anyaman' })
    const other = await shopeePartner.post('/api/marketplace/categories', { marketplaceCode: 'tokopedia', hsPrefix: '46', categoryId: '1002', categoryName: 'Anyaman' })
    expect(other.statusCode).toBe(403)
    const tokopediaMapping = await mapCategory(officer, { marketplaceCode: 'tokopedia', hsPrefix: '46', categoryId: '1002', categoryName: 'Anyaman' })
    expect((await shopeePartner.patch(`/api/marketplace/categories/${tokopediaMapping.id}`, { categoryName: 'Diubah' })).statusCode).toBe(403)
    expect((await shopeePartner.delete(`/api/marketplace/categories/${tokopediaMapping.id}`)).statusCode).toBe(403)
    expect((await tokopediaPartner.patch(`/api/marketplace/categories/${tokopediaMapping.id}`, { requiredAttributes: ['Bahan'] })).statusCode).toBe(200)
    // Regional officers read but do not maintain.
    expect((await jabar.post('/api/marketplace/categories', { marketplaceCode: 'shopee', hsPrefix: '71', categoryId: '1', categoryName: 'Perak' })).statusCode).toBe(403)

    const seen = (await shopeePartner.get('/api/marketplace/categories')).json().items as Array<{ id: string; marketplaceCode: string }>
    expect(seen.map((m) => m.id)).toContain(own.id)
    expect(new Set(seen.map((m) => m.marketplaceCode))).toEqual(new Set(['shopee']))
    expect((await shopeePartner.get('/api/marketplace/categories?marketplace=tokopedia')).json().items).toEqual([])
    const all = (await jabar.get('/api/marketplace/categories?marketplace=tokopedia')).json().items as Array<{ id: string }>
    expect(all.map((m) => m.id)).toContain(tokopediaMapping.id)
    // A partner whose organisation is no marketplace reads nothing (and is not refused).
    const stray = (await t.signInAs('marketplace_partner')).client
    const strayList = await stray.get('/api/marketplace/categories')
    expect(strayList.statusCode).toBe(200)
    expect(strayList.json().items).toEqual([])
  })
})

describe('the most specific mapping wins', () => {
  it('subheading over heading over chapter; HS with KBLI over HS alone; KBLI alone without HS', async () => {
    const firm = await createFirm(officer, { name: 'Konveksi Presisi', regencyCode: '32.73', kbliMain: '14111' })
    await mapCategory(officer, { marketplaceCode: 'tiktok_shop', hsPrefix: '61', categoryId: 'CH61', categoryName: 'Pakaian Rajut' })
    await mapCategory(officer, { marketplaceCode: 'tiktok_shop', hsPrefix: '6109', categoryId: 'HD6109', categoryName: 'Kaos' })
    await mapCategory(officer, { marketplaceCode: 'tiktok_shop', hsPrefix: '610910', categoryId: 'SH610910', categoryName: 'Kaos Katun' })
    await mapCategory(officer, { marketplaceCode: 'tiktok_shop', hsPrefix: '62', categoryId: 'CH62', categoryName: 'Pakaian' })
    await mapCategory(officer, { marketplaceCode: 'tiktok_shop', hsPrefix: '62', kbliPrefix: '14111', categoryId: 'CH62K', categoryName: 'Pakaian Jadi Konveksi' })
    await mapCategory(officer, { marketplaceCode: 'tiktok_shop', kbliPrefix: '141', categoryId: 'K141', categoryName: 'Pakaian Jadi (KBLI)' })
    const cases: Array<[Record<string, unknown>, string | null]> = [
      [{ name: 'Kaos Katun Sablon Motif Wayang Premium A', hsCode: '610910', kbliCode: null }, 'SH610910'],
      [{ name: 'Kaos Serat Sintetis Motif Wayang Premium', hsCode: '610990', kbliCode: null }, 'HD6109'],
      [{ name: 'Sweater Rajut Wol Motif Wayang Premium AA', hsCode: '611011', kbliCode: null }, 'CH61'],
      [{ name: 'Kemeja Konveksi Katun Lengan Panjang Pria', hsCode: '620520', kbliCode: '14111' }, 'CH62K'],
      [{ name: 'Kemeja Tenun Tangan Lengan Panjang Pria A', hsCode: '620520', kbliCode: '13121' }, 'CH62'],
      [{ name: 'Pakaian Tanpa Kode HS dari Konveksi Bandung', hsCode: null, kbliCode: null }, 'K141'], // firm's main KBLI 14111
      [{ name: 'Meja Kayu Jati Ukir Jepara Ukuran Sedang A', hsCode: '940360', kbliCode: '31001' }, null],
    ]
    const ids = new Map<string, string | null>()
    for (const [overrides, expected] of cases) ids.set((await createProduct(officer, firm.id, overrides)).id, expected)
    const page = await listings(officer, `marketplace=tiktok_shop&firm=${firm.id}`)
    expect(page.total).toBe(cases.length)
    for (const item of page.items) expect(item.category?.categoryId ?? null, item.productName).toBe(ids.get(item.productId))
    const unmapped = page.items.find((i) => i.category === null)!
    expect(unmapped.problems.map((p) => p.code)).toContain('LISTING_CATEGORY_UNMAPPED')
  })
})

describe('listing check', () => {
  let good: { id: string }
  let long: { id: string }

  beforeAll(async () => {
    await mapCategory(officer, { marketplaceCode: 'tokopedia', hsPrefix: '62', categoryId: '1808', categoryName: 'Pakaian Batik', requiredAttributes: ['Merek'] })
    good = await createProduct(officer, westFirm.id, { name: 'Kemeja Batik Tulis Pria Lengan Panjang' })
    await uploadPhoto(officer, good.id, await picture())
    long = await createProduct(officer, westFirm.id, { name: 'Kemeja Batik Tulis Pekalongan Sutra Premium Motif Parang Rusak Barong Warna Alam Bir', stock: 0 })
    await createProduct(officer, centralFirm.id, { name: 'Kursi Tamu Jati Ukir', hsCode: '940161', kbliCode: '31001' })
  })

  it('says per product what to fix, in Bahasa Indonesia or English', async () => {
    const page = await listings(officer, `marketplace=tokopedia&firm=${westFirm.id}`)
    const byId = new Map(page.items.map((i) => [i.productId, i]))
    expect(byId.get(good.id)!.problems.map((p) => p.code)).toEqual(['LISTING_ATTRIBUTE_MISSING'])
    expect(byId.get(good.id)!.problems[0].message).toBe('Atribut "Merek" wajib untuk kategori Pakaian Batik di Tokopedia; isi nilainya.')
    const longItem = byId.get(long.id)!
    expect(longItem.status).toBe('needs_fix')
    expect(longItem.problems.map((p) => p.code)).toEqual(['LISTING_NAME_TOO_LONG', 'LISTING_PHOTOS_MISSING', 'LISTING_STOCK_TOO_LOW', 'LISTING_ATTRIBUTE_MISSING'])
    expect(longItem.problems[0].message).toBe('Nama produk 84 karakter; Tokopedia menerima paling banyak 70.')
    const english = await listings(officer, `marketplace=tokopedia&firm=${westFirm.id}`, 'en')
    expect(english.items.find((i) => i.productId === long.id)!.problems[0].message).toBe('Product name has 84 characters; Tokopedia accepts at most 70.')
  })

  it('the owner fills in the attributes and the product becomes ready', async () => {
    const set = await owner.patch(`/api/marketplace/products/${good.id}/attributes`, { marketplace: 'tokopedia', values: [{ name: 'merek', value: 'Sekar Jagad' }, { name: 'Bahan', value: 'Katun' }] })
    expect(set.statusCode, set.body).toBe(200)
    expect(set.json().attributes).toEqual([{ name: 'Bahan', value: 'Katun' }, { name: 'merek', value: 'Sekar Jagad' }])
    // Another case of the same name replaces the value; an empty value removes it.
    const again = await owner.patch(`/api/marketplace/products/${good.id}/attributes`, { marketplace: 'tokopedia', values: [{ name: 'Merek', value: 'Sekar Jagad Batik' }, { name: 'Bahan', value: null }] })
    expect(again.json().attributes).toEqual([{ name: 'Merek', value: 'Sekar Jagad Batik' }])
    const audit = await t.db.selectFrom('audit_log').select(['action', 'after']).where('entity_id', '=', good.id).where('action', '=', 'marketplace.product_attributes.updated').execute()
    expect(audit).toHaveLength(2)
    const page = await listings(owner, 'marketplace=tokopedia&status=ready')
    expect(page.items.map((i) => i.productId)).toEqual([good.id])
    expect(page.items[0]).toMatchObject({ status: 'ready', problems: [], canEditAttributes: true, attributes: [{ name: 'Merek', value: 'Sekar Jagad Batik' }] })
    expect(page.counts).toEqual({ ready: 1, needsFix: 1, notListable: 0 })
  })

  it('pages and filters by status, province, regency and KBLI', async () => {
    const first = await listings(officer, 'marketplace=tokopedia&status=needs_fix&limit=1')
    const second = await listings(officer, 'marketplace=tokopedia&status=needs_fix&limit=1&offset=1')
    expect(first.items).toHaveLength(1)
    expect(second.items[0].productId).not.toBe(first.items[0].productId)
    expect(first.total).toBe(second.total)
    const central = await listings(officer, 'marketplace=tokopedia&province=33')
    expect(central.items.map((i) => i.productName)).toEqual(['Kursi Tamu Jati Ukir'])
    expect((await listings(officer, 'marketplace=tokopedia&regency=33.20')).total).toBe(1)
    expect((await listings(officer, 'marketplace=tokopedia&kbli=310&province=33')).items.map((i) => i.productName)).toEqual(['Kursi Tamu Jati Ukir'])
  })

  it('Bukalapak: every product is not listable, and its export is refused with the reason', async () => {
    const page = await listings(officer, `marketplace=bukalapak&firm=${westFirm.id}`)
    expect(page.items.every((i) => i.status === 'not_listable')).toBe(true)
    expect(page.items[0].problems.map((p) => p.message)).toEqual([
      'Bukalapak tidak menerima produk fisik baru sejak 2025-02-01; produk tidak dapat didaftarkan di sana.',
    ])
    const refused = await officer.get('/api/marketplace/listings/export?marketplace=bukalapak', { 'accept-language': 'en' })
    expect(refused.statusCode).toBe(409)
    expect(refused.json()).toMatchObject({ code: 'LISTING_EXPORT_CLOSED', message: expect.stringContaining('Bukalapak has taken no new physical products since 2025-02-01') })
  })
})

describe('scope', () => {
  it('regional officers see their province, owners their own firm', async () => {
    const jabarIds = new Set((await listings(jabar, 'marketplace=tokopedia')).items.map((i) => i.firmId))
    expect(jabarIds.has(westFirm.id)).toBe(true)
    expect(jabarIds.has(centralFirm.id)).toBe(false)
    const jatengIds = new Set((await listings(jateng, 'marketplace=tokopedia')).items.map((i) => i.firmId))
    expect([...jatengIds]).toEqual([centralFirm.id])
    const ownIds = new Set((await listings(owner, 'marketplace=shopee')).items.map((i) => i.firmId))
    expect([...ownIds]).toEqual([westFirm.id])
  })

  it('a partner sees only firms nominated to it with live consent, and only on its own marketplace', async () => {
    expect((await listings(tokopediaPartner, 'marketplace=tokopedia')).items).toEqual([])
    expect((await tokopediaPartner.get('/api/marketplace/listings?marketplace=shopee')).statusCode).toBe(403)
    expect((await tokopediaPartner.get('/api/marketplace/listings/export?marketplace=shopee')).statusCode).toBe(403)
    await shareFirmForTest(t, { firmId: westFirm.id, marketplaceCode: 'tokopedia', byUserId: officerUser.id })
    // Shared with Shopee only by nomination, without consent: still hidden from Shopee.
    await t.db
      .insertInto('marketplace_nominations')
      .values({ firm_id: centralFirm.id, marketplace_code: 'tokopedia', source: 'manual', nominated_by: officerUser.id, province_code: '33', regency_code: '33.20' })
      .execute()
    const seen = await listings(tokopediaPartner, 'marketplace=tokopedia')
    expect(new Set(seen.items.map((i) => i.firmId))).toEqual(new Set([westFirm.id]))
    expect(seen.items.every((i) => i.canEditAttributes === false)).toBe(true)
    // Partners read attributes but do not fill them in for the firm.
    const productId = seen.items[0].productId
    const refused = await tokopediaPartner.patch(`/api/marketplace/products/${productId}/attributes`, { marketplace: 'tokopedia', values: [{ name: 'Merek', value: 'X' }] })
    expect(refused.statusCode).toBe(403)
    expect(refused.json().code).toBe('LISTING_ATTRIBUTES_NOT_ALLOWED')
    // Withdrawn consent hides the firm again (404 for its products, empty list).
    await t.db.updateTable('marketplace_consents').set({ withdrawn_at: new Date(), withdrawn_by: officerUser.id }).where('firm_id', '=', westFirm.id).execute()
    expect((await listings(tokopediaPartner, 'marketplace=tokopedia')).items).toEqual([])
    const hidden = await tokopediaPartner.patch(`/api/marketplace/products/${productId}/attributes`, { marketplace: 'tokopedia', values: [{ name: 'Merek', value: 'X' }] })
    expect(hidden.statusCode).toBe(404)
    expect((await shopeePartner.patch(`/api/marketplace/products/${productId}/attributes`, { marketplace: 'shopee', values: [{ name: 'Merek', value: 'X' }] })).statusCode).toBe(404)
  })

  it("other regions' officers cannot fill in attributes (404)", async () => {
    const [item] = (await listings(officer, `marketplace=shopee&firm=${westFirm.id}`)).items
    const response = await jateng.patch(`/api/marketplace/products/${item.productId}/attributes`, { marketplace: 'shopee', values: [{ name: 'Merek', value: 'X' }] })
    expect(response.statusCode).toBe(404)
  })
})

describe('public photo links', () => {
  let photoId: string
  beforeAll(async () => {
    const product = await createProduct(officer, centralFirm.id, { name: 'Lemari Jati Dua Pintu Ukir Jepara Klasik', hsCode: '940360' })
    photoId = (await uploadPhoto(officer, product.id, await picture(640, 640))).id
  })
  const key = () => photoLinkKey(t.keys)

  it('serve the photo without signing in while valid', async () => {
    const { token } = signPhotoToken(key(), photoId, new Date())
    const response = await t.client().get(`/api/public/product-photos/${token}`)
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('image/jpeg')
    expect(response.headers['cache-control']).toBe('public, max-age=86400')
    expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]))
  })

  it('refuse tampered (404) and expired (410) links', async () => {
    const { token } = signPhotoToken(key(), photoId, new Date())
    const raw = Buffer.from(token, 'base64url')
    raw[19] ^= 1 // the expiry
    expect((await t.client().get(`/api/public/product-photos/${raw.toString('base64url')}`)).statusCode).toBe(404)
    const old = signPhotoToken(key(), photoId, new Date(Date.now() - 31 * 86_400_000)).token
    const expired = await t.client().get(`/api/public/product-photos/${old}`)
    expect(expired.statusCode).toBe(410)
    expect(expired.json().code).toBe('PRODUCT_PHOTO_LINK_EXPIRED')
    // A link made with another key is no link at all.
    const foreign = signPhotoToken(photoLinkKey({ blindIndex: Buffer.alloc(32, 1) }), photoId, new Date()).token
    expect((await t.client().get(`/api/public/product-photos/${foreign}`)).statusCode).toBe(404)
  })

  it('stop working when the photo is removed', async () => {
    const row = await t.db.selectFrom('product_photos').select('product_id').where('id', '=', photoId).executeTakeFirstOrThrow()
    const { token } = signPhotoToken(key(), photoId, new Date())
    expect((await officer.delete(`/api/products/${row.product_id}/photos/${photoId}`)).statusCode).toBe(204)
    expect((await t.client().get(`/api/public/product-photos/${token}`)).statusCode).toBe(404)
  })
})

describe('demo mappings', () => {
  it('seed the common IKM chapters for the four open marketplaces, once', async () => {
    const first = await seedDemoListings(t.db, SYSTEM_CONTEXT)
    expect(first.mappings).toBeGreaterThan(40)
    expect((await seedDemoListings(t.db, SYSTEM_CONTEXT)).mappings).toBe(0)
    const perMarketplace = await t.db
      .selectFrom('marketplace_categories')
      .select(['marketplace_code', (eb) => eb.fn.countAll<string>().as('n')])
      .where('note', 'like', 'Data demo%')
      .groupBy('marketplace_code')
      .execute()
    expect(perMarketplace.map((r) => r.marketplace_code).sort()).toEqual(['blibli', 'shopee', 'tiktok_shop', 'tokopedia'])
  })
})
