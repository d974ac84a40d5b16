// Journeys of a firm's products in a real browser against the real server: the firm's owner adds a
// product (an unknown HS code refused next to its field first), uploads a real PNG and sees its
// thumbnail, is refused a text file renamed .jpg with the server's message, edits the product and
// removes the photo; an administrator sees the product without any action, a regional officer of
// another province does not see it; the product pages at 360 px; the owner deletes the product.
// Every page visited is checked with axe.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser, Locator, Page } from 'playwright-core'
import sharp from 'sharp'
import { startPulih, type PulihServer } from './support/server.ts'
import { checkAccessibility, chromiumAvailable, horizontalOverflow, launchBrowser, openTab, screenshot, widestElements, type Tab } from './support/browser.ts'
import { TestClient } from '../test/app.ts'
import { tokenOf, acceptAndEnrol, heading, signIn, visit } from './support/journeys.ts'

const ADMIN = { email: 'admin@kemenperin.go.id', name: 'Ratna Admin', password: 'Pulih-setup-2020-kuat!' }
const EAST_JAVA = { email: 'wati@disperin.jatimprov.go.id', name: 'Wati Dinas Jatim', password: 'dinas perindustrian jatim 35' }
const OWNER = { email: 'sari@batiktrusmi.id', name: 'Sari Wulandari', password: 'batik tulis trusmi cirebon 9' }
const FIRM = 'Batik Tulis Sari Trusmi'
const PRODUCT = 'Taplak Meja Batik Tulis'

/** Accepts an invitation over the API and enrols an authenticator (see registry.spec.ts for why the previous step). */
/** Signs in with a password, and with an authenticator code when the role needs one. */
function productsPanel(page: Page): Locator {
  return page.getByRole('region', { name: 'Produk', exact: true })
}

function photosPanel(page: Page): Locator {
  return page.getByRole('region', { name: /^Foto produk/ })
}

/** Whether an image element has loaded real pixels, and how wide they are. */
function naturalWidth(image: Locator): Promise<number> {
  return image.evaluate((element) => ((element as HTMLImageElement).complete ? (element as HTMLImageElement).naturalWidth : 0))
}

describe.skipIf(!chromiumAvailable)('product journeys in the browser', () => {
  let server: PulihServer
  let browser: Browser
  const tabs: Tab[] = []
  let owner: Tab
  const secrets = { admin: '', eastJava: '' }
  let firmId = ''
  let productId = ''

  async function tab(viewport?: { width: number; height: number }) {
    const opened = await openTab(browser, server.url, viewport)
    tabs.push(opened)
    return opened
  }

  beforeAll(async () => {
    server = await startPulih()
    browser = await launchBrowser()

    const admin = new TestClient(server.app)
    secrets.admin = await acceptAndEnrol(admin, { token: tokenOf(await server.setupLink()), email: ADMIN.email, name: ADMIN.name, password: ADMIN.password })
    const eastJavaOffice = await admin.post('/api/organisations', { kind: 'regional_office', name: 'Dinas Perindustrian Jawa Timur', provinceCode: '35' })
    expect(eastJavaOffice.statusCode, eastJavaOffice.body).toBe(201)
    const invited = await admin.post('/api/invitations', { email: EAST_JAVA.email, name: EAST_JAVA.name, role: 'regional_officer', organisationId: eastJavaOffice.json().id })
    expect(invited.statusCode, invited.body).toBe(201)
    secrets.eastJava = await acceptAndEnrol(new TestClient(server.app), { token: tokenOf(invited.json().link), password: EAST_JAVA.password })

    // The owner registers their firm in Cirebon (West Java) themselves.
    const registered = await new TestClient(server.app).post('/api/registrations', {
      account: { email: OWNER.email, name: OWNER.name, password: OWNER.password },
      firm: { name: FIRM, legalForm: 'ud', regencyCode: '3209', kbliMain: '13134', workersTotal: 8 },
    })
    expect(registered.statusCode, registered.body).toBe(201)
    firmId = registered.json().firm.id
  })

  afterAll(async () => {
    for (const opened of tabs) await opened.context.close().catch(() => undefined)
    await browser?.close()
    await server?.close()
    for (const opened of tabs) expect(opened.errors, 'errors logged by the page').toEqual([])
  })

  test('the firm owner adds a product, after a field error for an unknown HS code', async () => {
    owner = await tab()
    const { page } = owner
    await signIn(page, OWNER)
    await visit(page, `/firms/${firmId}`, FIRM, 'firm detail without products')
    await productsPanel(page).getByText('Tidak ada data.').waitFor()

    await productsPanel(page).getByRole('link', { name: 'Tambah produk' }).click()
    await heading(page, 'Tambah produk')
    await page.getByRole('link', { name: FIRM }).waitFor()
    await checkAccessibility(page, 'new product')
    await page.getByLabel('Nama produk', { exact: true }).fill(PRODUCT)
    await page.getByLabel('Deskripsi', { exact: true }).fill('Katun primisima, motif mega mendung.\nPewarna alami.')
    await page.getByLabel('Sertifikasi', { exact: true }).fill('SNI, Batikmark')
    await page.getByLabel('Kode KBLI 2020', { exact: true }).fill('13134')
    await page.locator('p.hint', { hasText: '13134 — Industri Batik' }).waitFor()
    await page.getByLabel('Kode HS 2022', { exact: true }).fill('6304.95')
    await page.getByLabel('Siap ekspor (wajib memiliki kode HS)').check()
    await page.getByLabel('Harga per satuan (Rp)', { exact: true }).fill('175.000')
    await page.getByLabel('Satuan', { exact: true }).fill('lembar')
    await page.getByLabel('Pemesanan minimum', { exact: true }).fill('5')
    await page.getByLabel('Kapasitas per bulan', { exact: true }).fill('120')
    await page.getByLabel('Stok', { exact: true }).fill('40')
    await page.getByLabel('Berat per satuan (gram)', { exact: true }).fill('450')
    await page.getByLabel('Panjang (mm)', { exact: true }).fill('1500')
    await page.getByLabel('Lebar (mm)', { exact: true }).fill('1500')
    await page.getByRole('button', { name: 'Simpan produk' }).click()

    // The server refuses the code; its Indonesian message stands next to the field, which takes focus.
    const hsField = page.getByLabel('Kode HS 2022', { exact: true })
    await page.locator('.field-error').filter({ hasText: 'Kode HS 6304.95 tidak dikenal' }).waitFor()
    expect(await hsField.getAttribute('aria-invalid')).toBe('true')
    await expect.poll(() => hsField.evaluate((element) => element === document.activeElement)).toBe(true)
    await checkAccessibility(page, 'new product with a field error')
    await screenshot(page, 'product-form-error')

    await hsField.fill('6304.92')
    await page.locator('p.hint', { hasText: '6304.92 — Furnishing articles; of cotton' }).waitFor()
    await page.getByRole('button', { name: 'Simpan produk' }).click()
    await heading(page, PRODUCT)
    await page.getByRole('status').filter({ hasText: 'Tersimpan.' }).waitFor()
    productId = new URL(page.url()).pathname.split('/').pop() ?? ''
    expect(productId).toMatch(/^[0-9a-f-]{36}$/)
    const details = page.getByRole('region', { name: 'Rincian produk' })
    await details.getByText(/Rp\s175\.000/).waitFor()
    await details.getByText('6304.92', { exact: true }).waitFor()
    await details.getByText('1.500 × 1.500 × ? mm').waitFor()
    await details.getByText('5 lembar', { exact: true }).waitFor()
    await details.getByText('SNI, Batikmark').waitFor()
    await page.locator('.badges').getByText('Siap ekspor').waitFor()
    await checkAccessibility(page, 'product page')
  })

  test('the owner uploads a real PNG, sees its thumbnail, and a text file renamed .jpg is refused', async () => {
    const { page } = owner
    const photos = photosPanel(page)
    await photos.getByText('Belum ada foto.').waitFor()
    const png = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 23, g: 74, b: 140 } } })
      .png()
      .toBuffer()
    await photos.getByLabel('Berkas foto').setInputFiles({ name: 'taplak.png', mimeType: 'image/png', buffer: png })
    await photos.getByRole('button', { name: 'Unggah foto' }).click()
    await photos.getByRole('status').filter({ hasText: 'Foto ditambahkan.' }).waitFor()
    const thumbnail = photos.getByRole('img', { name: `Foto 1 dari ${PRODUCT}` })
    expect(await thumbnail.getAttribute('src')).toMatch(new RegExp(`^/api/products/${productId}/photos/[0-9a-f-]{36}\\?size=thumb$`))
    // The thumbnail is the server's 320 px re-encoding of the 640 × 480 upload.
    await expect.poll(() => naturalWidth(thumbnail)).toBe(320)
    await photos.getByText('640 × 480 piksel').waitFor()
    expect(await photos.getByRole('link', { name: 'Buka foto 1 ukuran penuh' }).getAttribute('href')).toMatch(/^\/api\/products\/.+\/photos\/[0-9a-f-]{36}$/)
    await checkAccessibility(page, 'product page with a photo')

    // A text file with a photo's name and type is refused by its content, in the user's language.
    await photos.getByLabel('Berkas foto').setInputFiles({ name: 'foto-produk.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('Ini bukan foto, hanya teks biasa.\n') })
    await photos.getByRole('button', { name: 'Unggah foto' }).click()
    const fileField = photos.getByLabel('Berkas foto')
    await photos.locator('.field-error').filter({ hasText: 'Berkas ini bukan foto JPEG, PNG, atau WebP.' }).waitFor()
    expect(await fileField.getAttribute('aria-invalid')).toBe('true')
    expect(await photos.getByRole('img').count()).toBe(1)
    await checkAccessibility(page, 'product page with a refused upload')
    await screenshot(page, 'product-photos')

    // The firm's product list shows the thumbnail and links to the product.
    await page.getByRole('link', { name: FIRM }).click()
    await heading(page, FIRM)
    const row = productsPanel(page).getByRole('row').filter({ hasText: PRODUCT })
    await row.getByText('1 foto').waitFor()
    await row.getByText('HS 6304.92').waitFor()
    await expect.poll(() => naturalWidth(row.locator('img.product-thumb'))).toBe(320)
    expect(await row.getByRole('link', { name: PRODUCT }).getAttribute('href')).toBe(`/products/${productId}`)
    await checkAccessibility(page, 'firm detail with a product')
  })

  test('an administrator sees the product without actions; a regional officer of another province does not see it', async () => {
    const { page } = await tab()
    await signIn(page, ADMIN, secrets.admin)
    await visit(page, `/firms/${firmId}`, FIRM, 'firm detail (admin)')
    await productsPanel(page).getByRole('link', { name: PRODUCT }).click()
    await heading(page, PRODUCT)
    await expect.poll(() => naturalWidth(photosPanel(page).getByRole('img', { name: `Foto 1 dari ${PRODUCT}` }))).toBe(320)
    expect(await page.getByRole('link', { name: 'Ubah produk' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: /Hapus/ }).count()).toBe(0)
    expect(await page.getByLabel('Berkas foto').count()).toBe(0)
    await checkAccessibility(page, 'product page (admin)')
    await page.goto(`/firms/${firmId}`)
    await heading(page, FIRM)
    await productsPanel(page).getByRole('link', { name: PRODUCT }).waitFor()
    expect(await productsPanel(page).getByRole('link', { name: 'Tambah produk' }).count()).toBe(0)
    // The form itself says so rather than failing on save.
    await visit(page, `/products/${productId}/edit`, 'Ubah produk', 'product form (admin)')
    await page.getByRole('alert').filter({ hasText: 'tidak berwenang mengubahnya' }).waitFor()
    expect(await page.getByRole('button', { name: 'Simpan' }).count()).toBe(0)

    const other = await tab()
    await signIn(other.page, EAST_JAVA, secrets.eastJava)
    await other.page.goto(`/products/${productId}`)
    await other.page.getByRole('alert').filter({ hasText: 'Produk tidak ditemukan.' }).waitFor()
    await checkAccessibility(other.page, 'product page (other province)')
    const photo = await other.page.evaluate(async (id) => (await fetch(`/api/products/${id}`)).status, productId)
    expect(photo).toBe(404)
    await other.page.goto(`/firms/${firmId}/products/new`)
    await other.page.getByRole('alert').filter({ hasText: 'tidak ditemukan' }).waitFor()
  })

  test('the owner edits the product and removes its photo', async () => {
    const { page } = owner
    await visit(page, `/products/${productId}`, PRODUCT, 'product page (owner)')
    await page.getByRole('link', { name: 'Ubah produk' }).click()
    await heading(page, 'Ubah produk')
    expect(await page.getByLabel('Nama produk', { exact: true }).inputValue()).toBe(PRODUCT)
    expect(await page.getByLabel('Kode HS 2022', { exact: true }).inputValue()).toBe('6304.92')
    expect(await page.getByLabel('Siap ekspor (wajib memiliki kode HS)').isChecked()).toBe(true)
    await checkAccessibility(page, 'edit product')
    await page.getByLabel('Harga per satuan (Rp)', { exact: true }).fill('185.000')
    await page.getByLabel('Stok', { exact: true }).fill('35')
    await page.getByLabel('Tinggi (mm)', { exact: true }).fill('15')
    await page.getByRole('button', { name: 'Simpan', exact: true }).click()
    await heading(page, PRODUCT)
    await page.getByRole('status').filter({ hasText: 'Tersimpan.' }).waitFor()
    const details = page.getByRole('region', { name: 'Rincian produk' })
    await details.getByText(/Rp\s185\.000/).waitFor()
    await details.getByText('35 lembar', { exact: true }).waitFor()
    await details.getByText('1.500 × 1.500 × 15 mm').waitFor()

    const photos = photosPanel(page)
    await photos.getByRole('button', { name: 'Hapus foto 1' }).click()
    await photos.getByRole('group', { name: 'Hapus foto 1' }).getByRole('button', { name: 'Ya' }).click()
    await photos.getByRole('status').filter({ hasText: 'Foto dihapus.' }).waitFor()
    await photos.getByText('Belum ada foto.').waitFor()
    expect(await photos.getByRole('img').count()).toBe(0)
    await checkAccessibility(page, 'product page after removing the photo')
    const stored = await page.evaluate(async (id) => (await (await fetch(`/api/products/${id}`)).json()) as { priceIdr: number; stock: number; photos: unknown[] }, productId)
    expect(stored).toMatchObject({ priceIdr: 185_000, stock: 35, photos: [] })
  })

  test('at 360 px the product pages fit the screen; the owner deletes the product', async () => {
    const { page } = owner
    await page.setViewportSize({ width: 360, height: 800 })
    await visit(page, `/products/${productId}/edit`, 'Ubah produk', 'product form at 360 px')
    expect(await horizontalOverflow(page), await widestElements(page)).toBe(0)
    await visit(page, `/firms/${firmId}/products/new`, 'Tambah produk', 'new product at 360 px')
    expect(await horizontalOverflow(page), await widestElements(page)).toBe(0)
    await visit(page, `/products/${productId}`, PRODUCT, 'product page at 360 px')
    expect(await horizontalOverflow(page), await widestElements(page)).toBe(0)

    await page.getByRole('button', { name: `Hapus produk ${PRODUCT}` }).click()
    const confirm = page.getByRole('group', { name: `Hapus produk ${PRODUCT}` })
    expect(await horizontalOverflow(page), await widestElements(page)).toBe(0)
    await confirm.getByRole('button', { name: 'Ya' }).click()
    await heading(page, FIRM)
    await page.getByRole('status').filter({ hasText: `Produk "${PRODUCT}" telah dihapus.` }).waitFor()
    await productsPanel(page).getByText('Tidak ada data.').waitFor()
    expect(await horizontalOverflow(page), await widestElements(page)).toBe(0)
    await checkAccessibility(page, 'firm detail at 360 px after deleting the product')
    const gone = await page.evaluate(async (id) => (await fetch(`/api/products/${id}`)).status, productId)
    expect(gone).toBe(404)
    await page.setViewportSize({ width: 1280, height: 900 })
  })
})
