import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, type TestClient } from '../../../../test/app.ts'

const LIMITS = { rateLimit: { apiPerMinute: 100_000, loginPerMinute: 100_000 } }
// Photos go to a data directory of this test file alone, removed at the end.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulih-products-'))
const productsDir = path.join(dataDir, 'files', 'products')

let t: TestApp
let officer: TestClient
let jabar: TestClient
let jateng: TestClient
let admin: TestClient
let westFirm: { id: string }
let centralFirm: { id: string }

beforeAll(async () => {
  t = await createTestApp({ ...LIMITS, dataDir })
  ;({ client: officer } = await t.signInAs('officer'))
  ;({ client: jabar } = await t.signInAs('regional_officer', { organisation: { provinceCode: '32' } }))
  ;({ client: jateng } = await t.signInAs('regional_officer', { organisation: { provinceCode: '33' } }))
  ;({ client: admin } = await t.signInAs('admin'))
  westFirm = await createFirm({ name: 'CV Batik Sekar Jagad', regencyCode: '32.04' })
  centralFirm = await createFirm({ name: 'Tenun Ikat Troso', regencyCode: '33.20' })
})
afterAll(async () => {
  await t?.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

async function createFirm(body: Record<string, unknown>) {
  const response = await officer.post('/api/firms', { kbliMain: '13134', ...body })
  expect(response.statusCode, response.body).toBe(201)
  return response.json() as { id: string }
}

const productBody = (overrides: Record<string, unknown> = {}) => ({
  name: 'Kain Batik Tulis Motif Parang',
  description: 'Batik tulis katun primisima, pewarna alami, 2 x 1,15 m',
  kbliCode: '13134',
  hsCode: '5208.52',
  priceIdr: 850_000,
  unit: 'PCS',
  weightGrams: 350,
  lengthMm: 2000,
  widthMm: 1150,
  minOrder: 2,
  monthlyCapacity: 120,
  stock: 35,
  certifications: ['Batikmark', 'SNI'],
  exportReady: true,
  ...overrides,
})

async function createProduct(client: TestClient, firmId: string, overrides: Record<string, unknown> = {}) {
  const response = await client.post(`/api/firms/${firmId}/products`, productBody(overrides))
  expect(response.statusCode, response.body).toBe(201)
  return response.json()
}

/** A multipart/form-data body with one file, as a browser's form would send it. */
function upload(client: TestClient, productId: string, data: Buffer, filename: string, type: string) {
  const boundary = `----pulih${crypto.randomBytes(8).toString('hex')}`
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`
  return client.request({
    method: 'POST',
    url: `/api/products/${productId}/photos`,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([Buffer.from(head), data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  })
}

/** A real photo-like picture (a gradient with a shape) of the given size and format. */
async function picture(format: 'jpeg' | 'png' | 'webp' | 'gif', width = 800, height = 600, exif = false) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g"><stop offset="0" stop-color="#8b4513"/><stop offset="1" stop-color="#f4a460"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/><circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 4}" fill="#1e3a8a"/></svg>`
  let image = sharp(Buffer.from(svg))
  if (exif) {
    image = image.withExif({
      IFD0: { Copyright: 'SecretCameraOwner', Make: 'PulihCam' },
      IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '6/1 54/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '107/1 36/1 0/1' },
    })
  }
  return image.toFormat(format).toBuffer()
}

/** Files stored for products, relative to the products folder. */
function storedFiles(): string[] {
  if (!fs.existsSync(productsDir)) return []
  return fs.readdirSync(productsDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name))
}

const auditOf = (action: string, entityId: string) =>
  t.db.selectFrom('audit_log').select(['before', 'after', 'actor_role']).where('action', '=', action).where('entity_id', '=', entityId).execute()

describe('products', () => {
  it('are created normalised, audited, and listed with their firm', async () => {
    const product = await createProduct(officer, westFirm.id, { name: '  Kain Batik   Tulis Motif Parang ' })
    expect(product).toMatchObject({
      firmId: westFirm.id,
      name: 'Kain Batik Tulis Motif Parang',
      kbliCode: '13134',
      hsCode: '520852',
      priceIdr: 850_000,
      unit: 'pcs',
      weightGrams: 350,
      lengthMm: 2000,
      widthMm: 1150,
      heightMm: null,
      minOrder: 2,
      monthlyCapacity: 120,
      stock: 35,
      certifications: ['Batikmark', 'SNI'],
      exportReady: true,
      photos: [],
    })
    const [entry] = await auditOf('product.created', product.id)
    expect(entry.actor_role).toBe('officer')
    expect(entry.after).toMatchObject({ id: product.id, priceIdr: 850_000, hsCode: '520852' })

    expect((await officer.get(`/api/products/${product.id}`)).json()).toEqual(product)
    const list = (await officer.get(`/api/firms/${westFirm.id}/products`)).json().items
    expect(list.map((p: { id: string }) => p.id)).toContain(product.id)
    // A 4-digit heading is accepted too; defaults fill what a small firm leaves out.
    const simple = await createProduct(officer, westFirm.id, {
      name: 'Taplak Meja Batik',
      hsCode: '6304',
      exportReady: false,
      lengthMm: undefined,
      widthMm: undefined,
      minOrder: undefined,
      monthlyCapacity: undefined,
      stock: undefined,
      certifications: undefined,
    })
    expect(simple).toMatchObject({ hsCode: '6304', minOrder: 1, monthlyCapacity: 0, stock: 0, certifications: [], lengthMm: null })
  })

  it('are changed with before and after in the audit log', async () => {
    const product = await createProduct(officer, westFirm.id, { name: 'Kemeja Batik Cap' })
    const response = await jabar.patch(`/api/products/${product.id}`, { priceIdr: 275_000, stock: 0, hsCode: null, exportReady: false, widthMm: null })
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json()).toMatchObject({ priceIdr: 275_000, stock: 0, hsCode: null, exportReady: false, widthMm: null, lengthMm: 2000, name: 'Kemeja Batik Cap' })
    const [entry] = await auditOf('product.updated', product.id)
    expect(entry.actor_role).toBe('regional_officer')
    expect(entry.before).toMatchObject({ priceIdr: 850_000, stock: 35, hsCode: '520852' })
    expect(entry.after).toMatchObject({ priceIdr: 275_000, stock: 0, hsCode: null })
    // Rules hold over the merged record: export-ready again needs an HS code back.
    const needsHs = await jabar.patch(`/api/products/${product.id}`, { exportReady: true })
    expect(needsHs.statusCode).toBe(400)
    expect(needsHs.json()).toMatchObject({ code: 'PRODUCT_EXPORT_NEEDS_HS', details: { field: 'hsCode' } })
    expect((await jabar.patch(`/api/products/${product.id}`, {})).statusCode).toBe(400)
  })

  it('are deleted with an audit entry holding what was removed', async () => {
    const product = await createProduct(officer, westFirm.id, { name: 'Selendang Batik' })
    expect((await officer.delete(`/api/products/${product.id}`)).statusCode).toBe(204)
    expect((await officer.get(`/api/products/${product.id}`)).statusCode).toBe(404)
    expect((await officer.delete(`/api/products/${product.id}`)).statusCode).toBe(404)
    const [entry] = await auditOf('product.deleted', product.id)
    expect(entry.before).toMatchObject({ id: product.id, name: 'Selendang Batik' })
    expect(entry.after).toBeNull()
  })

  it('refuse bad input naming the field, and save nothing', async () => {
    const count = async () => (await t.db.selectFrom('products').select('id').execute()).length
    const before = await count()
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ kbliCode: '99999' }, 'KBLI_NOT_FOUND', 'kbliCode'],
      [{ hsCode: '8888.88' }, 'PRODUCT_HS_NOT_FOUND', 'hsCode'],
      [{ hsCode: '0000' }, 'PRODUCT_HS_NOT_FOUND', 'hsCode'],
      [{ hsCode: '09' }, 'VALIDATION_FAILED', 'body.hsCode'],
      [{ hsCode: null, exportReady: true }, 'PRODUCT_EXPORT_NEEDS_HS', 'hsCode'],
      [{ priceIdr: -1 }, 'VALIDATION_FAILED', 'body.priceIdr'],
      [{ priceIdr: 10.5 }, 'VALIDATION_FAILED', 'body.priceIdr'],
      [{ weightGrams: 0 }, 'VALIDATION_FAILED', 'body.weightGrams'],
      [{ lengthMm: 0 }, 'VALIDATION_FAILED', 'body.lengthMm'],
      [{ minOrder: 0 }, 'VALIDATION_FAILED', 'body.minOrder'],
      [{ monthlyCapacity: -3 }, 'VALIDATION_FAILED', 'body.monthlyCapacity'],
      [{ stock: -1 }, 'VALIDATION_FAILED', 'body.stock'],
      [{ name: 'X' }, 'VALIDATION_FAILED', 'body.name'],
      [{ name: '  A  ' }, 'PRODUCT_NAME_INVALID', 'name'],
      [{ unit: '   ' }, 'PRODUCT_UNIT_INVALID', 'unit'],
      [{ unit: undefined }, 'VALIDATION_FAILED', 'body.unit'],
      [{ firmId: centralFirm.id }, 'VALIDATION_FAILED', 'body.firmId'],
    ]
    for (const [overrides, code, field] of cases) {
      const response = await officer.post(`/api/firms/${westFirm.id}/products`, productBody(overrides))
      expect(response.statusCode, JSON.stringify(overrides)).toBe(400)
      expect(response.json(), JSON.stringify(overrides)).toMatchObject({ code, details: { field } })
    }
    const english = await officer.request({
      method: 'POST',
      url: `/api/firms/${westFirm.id}/products`,
      payload: productBody({ hsCode: '8888' }),
      headers: { 'accept-language': 'en' },
    })
    expect(english.json().message).toBe('Unknown HS code 8888 (HS 2022, 4-digit heading or 6-digit subheading).')
    expect(await count()).toBe(before)
    const noFirm = await officer.post(`/api/firms/${crypto.randomUUID()}/products`, productBody())
    expect(noFirm.statusCode).toBe(404)
    expect(noFirm.json().code).toBe('FIRM_NOT_FOUND')
  })
})

describe('product scope', () => {
  it('follows the firm: a regional officer of another province gets 404 everywhere', async () => {
    const product = await createProduct(officer, centralFirm.id, { name: 'Kain Tenun Ikat Troso' })
    expect((await jateng.get(`/api/products/${product.id}`)).statusCode).toBe(200)
    expect((await jabar.get(`/api/products/${product.id}`)).statusCode).toBe(404)
    expect((await jabar.get(`/api/firms/${centralFirm.id}/products`)).statusCode).toBe(404)
    expect((await jabar.post(`/api/firms/${centralFirm.id}/products`, productBody())).statusCode).toBe(404)
    expect((await jabar.patch(`/api/products/${product.id}`, { stock: 1 })).statusCode).toBe(404)
    expect((await jabar.delete(`/api/products/${product.id}`)).statusCode).toBe(404)
    expect((await upload(jabar, product.id, await picture('jpeg'), 'a.jpg', 'image/jpeg')).statusCode).toBe(404)
    const untouched = (await jateng.get(`/api/products/${product.id}`)).json()
    expect(untouched.stock).toBe(35)
    // Admins see the registry but do not change firms' records.
    expect((await admin.get(`/api/products/${product.id}`)).statusCode).toBe(200)
    expect((await admin.patch(`/api/products/${product.id}`, { stock: 1 })).statusCode).toBe(403)
  })

  it("lets a firm owner manage their own firm's products only", async () => {
    const owner = await t.createUser('firm_owner')
    const ownFirm = await createFirm({ name: 'Keripik Tempe Bu Sri', regencyCode: '35.73', kbliMain: '10794' })
    await t.db.updateTable('firms').set({ organisation_id: owner.organisationId }).where('id', '=', ownFirm.id).execute()
    const client = await t.signIn(owner)
    const own = await createProduct(client, ownFirm.id, {
      name: 'Keripik Tempe Original 250 g',
      kbliCode: '10794',
      hsCode: null,
      exportReady: false,
      unit: 'bungkus',
      priceIdr: 15_000,
      weightGrams: 250,
    })
    expect((await client.get(`/api/firms/${ownFirm.id}/products`)).json().items.map((p: { id: string }) => p.id)).toEqual([own.id])
    expect((await client.patch(`/api/products/${own.id}`, { stock: 400 })).json().stock).toBe(400)
    const [entry] = await auditOf('product.created', own.id)
    expect(entry.actor_role).toBe('firm_owner')

    const other = await createProduct(officer, westFirm.id, { name: 'Sarung Batik' })
    expect((await client.get(`/api/products/${other.id}`)).statusCode).toBe(404)
    expect((await client.get(`/api/firms/${westFirm.id}/products`)).statusCode).toBe(404)
    expect((await client.post(`/api/firms/${westFirm.id}/products`, productBody())).statusCode).toBe(404)
    expect((await client.patch(`/api/products/${other.id}`, { stock: 0 })).statusCode).toBe(404)
    expect((await client.delete(`/api/products/${other.id}`)).statusCode).toBe(404)
    expect((await client.delete(`/api/products/${own.id}`)).statusCode).toBe(204)
  })
})

describe('product photos', () => {
  let product: { id: string }
  beforeAll(async () => {
    product = await createProduct(officer, westFirm.id, { name: 'Kain Batik Foto' })
  })

  it('accepts JPEG, PNG and WebP by content, stores re-encoded copies and 320 px thumbnails', async () => {
    const cases: Array<['jpeg' | 'png' | 'webp', string, string]> = [
      ['jpeg', 'image/jpeg', 'jpg'],
      ['png', 'image/webp', 'webp'],
      ['webp', 'image/webp', 'webp'],
    ]
    for (const [format, storedMime, extension] of cases) {
      const response = await upload(officer, product.id, await picture(format, 1600, 1200), `../../etc/IMG_0001.${format}`, `image/${format}`)
      expect(response.statusCode, response.body).toBe(201)
      const photo = response.json()
      expect(photo).toMatchObject({ mime: storedMime, width: 1600, height: 1200, position: expect.any(Number) })
      expect(photo.url).toBe(`/api/products/${product.id}/photos/${photo.id}`)

      const row = await t.db.selectFrom('product_photos').selectAll().where('id', '=', photo.id).executeTakeFirstOrThrow()
      expect(row.firm_id).toBe(westFirm.id)
      // Server-made names under the firm's folder; nothing of the uploader's file name.
      expect(row.storage_key).toMatch(new RegExp(`^products/${westFirm.id}/[A-Za-z0-9_-]{20,}\\.${extension}$`))
      expect(row.storage_key).not.toContain('IMG_0001')
      expect(fs.existsSync(path.join(dataDir, 'files', row.storage_key))).toBe(true)

      const thumb = await officer.get(`${photo.url}?size=thumb`)
      expect(thumb.statusCode).toBe(200)
      expect(thumb.headers['content-type']).toBe('image/webp')
      const thumbMeta = await sharp(thumb.rawPayload).metadata()
      expect(thumbMeta.format).toBe('webp')
      expect(Math.max(thumbMeta.width!, thumbMeta.height!)).toBe(320)
    }
    const listed = (await officer.get(`/api/firms/${westFirm.id}/products`)).json().items.find((p: { id: string }) => p.id === product.id)
    expect(listed.photos).toHaveLength(3)
    expect(listed.photos.map((p: { position: number }) => p.position)).toEqual([0, 1, 2])
  })

  it('serves a photo with safe headers, stripped of EXIF and GPS data', async () => {
    const original = await picture('jpeg', 640, 480, true)
    expect((await sharp(original).metadata()).exif).toBeDefined()
    expect(original.includes('SecretCameraOwner')).toBe(true)
    const photo = (await upload(officer, product.id, original, 'rumah-saya.jpg', 'image/jpeg')).json()

    const served = await jabar.get(photo.url)
    expect(served.statusCode).toBe(200)
    expect(served.headers['content-type']).toBe('image/jpeg')
    expect(served.headers['x-content-type-options']).toBe('nosniff')
    expect(served.headers['content-disposition']).toMatch(/^inline; filename="produk-[0-9a-f]{8}-[0-9a-f]{8}\.jpg"$/)
    expect(served.headers['cache-control']).toMatch(/^private\b/)
    const metadata = await sharp(served.rawPayload).metadata()
    expect(metadata).toMatchObject({ format: 'jpeg', width: 640, height: 480 })
    expect(metadata.exif).toBeUndefined()
    expect(served.rawPayload.includes('SecretCameraOwner')).toBe(false)
    expect(served.rawPayload.includes('PulihCam')).toBe(false)
    // A small picture is not enlarged for its thumbnail.
    const thumb = await sharp((await jabar.get(`${photo.url}?size=thumb`)).rawPayload).metadata()
    expect(thumb).toMatchObject({ width: 320, height: 240 })
    expect(thumb.exif).toBeUndefined()

    expect((await jateng.get(photo.url)).statusCode).toBe(404)
    expect((await officer.get(`/api/products/${product.id}/photos/${crypto.randomUUID()}`)).statusCode).toBe(404)
    expect((await officer.get(`${photo.url}?size=huge`)).statusCode).toBe(400)
  })

  it('refuses what is not a JPEG, PNG or WebP whatever its name, and oversized files', async () => {
    const filesBefore = storedFiles()
    const gif = await picture('gif', 64, 64)
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>')
    const cases: Array<[Buffer, string, string, string]> = [
      [Buffer.from('Ini bukan foto, hanya teks biasa.\n'), 'photo.jpg', 'image/jpeg', 'PRODUCT_PHOTO_TYPE_NOT_ALLOWED'],
      [svg, 'photo.svg', 'image/svg+xml', 'PRODUCT_PHOTO_TYPE_NOT_ALLOWED'],
      [svg, 'photo.png', 'image/png', 'PRODUCT_PHOTO_TYPE_NOT_ALLOWED'],
      [gif, 'photo.jpg', 'image/jpeg', 'PRODUCT_PHOTO_TYPE_NOT_ALLOWED'],
      [Buffer.from('<html><body>x</body></html>'), 'photo.webp', 'image/webp', 'PRODUCT_PHOTO_TYPE_NOT_ALLOWED'],
      // The right magic bytes with nothing behind them.
      [Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), crypto.randomBytes(2000)]), 'photo.jpg', 'image/jpeg', 'PRODUCT_PHOTO_UNREADABLE'],
      [Buffer.alloc(0), 'kosong.jpg', 'image/jpeg', 'PRODUCT_PHOTO_MISSING'],
    ]
    for (const [data, filename, type, code] of cases) {
      const response = await upload(officer, product.id, data, filename, type)
      expect(response.statusCode, `${filename}: ${response.body}`).toBe(400)
      expect(response.json()).toMatchObject({ code, details: { field: 'file' } })
    }
    // A real 6 MB image (noise does not compress): refused by size before anything is decoded.
    const noise = await sharp(crypto.randomBytes(1500 * 1400 * 3), { raw: { width: 1500, height: 1400, channels: 3 } })
      .png({ compressionLevel: 0 })
      .toBuffer()
    expect(noise.length).toBeGreaterThan(6 * 1000 * 1000)
    const tooLarge = await upload(officer, product.id, noise, 'besar.png', 'image/png')
    expect(tooLarge.statusCode).toBe(413)
    expect(tooLarge.json().code).toBe('PRODUCT_PHOTO_TOO_LARGE')
    // Not a multipart upload at all.
    const json = await officer.post(`/api/products/${product.id}/photos`, { file: 'aGVsbG8=' })
    expect(json.statusCode).toBe(415)
    expect(storedFiles()).toEqual(filesBefore)
  })

  it('allows at most 10 photos per product', async () => {
    const target = await createProduct(officer, westFirm.id, { name: 'Kain Batik Banyak Foto' })
    // A 3 MB photo is well past the JSON body limit and still within the photo limit.
    const big = await sharp(crypto.randomBytes(1000 * 1000 * 3), { raw: { width: 1000, height: 1000, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer()
    expect(big.length).toBeGreaterThan(3 * 1000 * 1000)
    const first = await upload(officer, target.id, big, 'besar.png', 'image/png')
    expect(first.statusCode, first.body).toBe(201)
    const small = await picture('jpeg', 40, 30)
    for (let i = 1; i < 10; i++) expect((await upload(officer, target.id, small, `${i}.jpg`, 'image/jpeg')).statusCode).toBe(201)
    const eleventh = await upload(officer, target.id, small, '11.jpg', 'image/jpeg')
    expect(eleventh.statusCode).toBe(409)
    expect(eleventh.json().code).toBe('PRODUCT_PHOTO_LIMIT')
    expect((await officer.get(`/api/products/${target.id}`)).json().photos).toHaveLength(10)
  })

  it('removes the files when a photo or its product is deleted', async () => {
    const target = await createProduct(officer, westFirm.id, { name: 'Kain Batik Dihapus' })
    const first = (await upload(officer, target.id, await picture('jpeg'), 'a.jpg', 'image/jpeg')).json()
    const second = (await upload(officer, target.id, await picture('png'), 'b.png', 'image/png')).json()
    const keysOf = async (photoId: string) => {
      const row = await t.db.selectFrom('product_photos').select(['storage_key', 'thumbnail_key']).where('id', '=', photoId).executeTakeFirstOrThrow()
      return [row.storage_key, row.thumbnail_key].map((key) => path.join(dataDir, 'files', key))
    }
    const firstFiles = await keysOf(first.id)
    const secondFiles = await keysOf(second.id)
    expect([...firstFiles, ...secondFiles].every((file) => fs.existsSync(file))).toBe(true)

    expect((await jateng.delete(first.url)).statusCode).toBe(404)
    expect((await officer.delete(first.url)).statusCode).toBe(204)
    expect(firstFiles.some((file) => fs.existsSync(file))).toBe(false)
    expect((await officer.get(first.url)).statusCode).toBe(404)
    const [entry] = await auditOf('product_photo.deleted', target.id)
    expect(entry.before).toMatchObject({ id: first.id })
    expect((await auditOf('product_photo.added', target.id)).length).toBe(2)

    expect((await officer.delete(`/api/products/${target.id}`)).statusCode).toBe(204)
    expect(secondFiles.some((file) => fs.existsSync(file))).toBe(false)
    expect(await t.db.selectFrom('product_photos').select('id').where('product_id', '=', target.id).execute()).toEqual([])
  })
})
