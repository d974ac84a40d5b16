// Marketplace listings in a real browser against the real server: an officer maps a Shopee
// category, sees which products need fixing and why, fills in the required attribute, and
// downloads the bulk-upload file; the pages pass axe and fit a 360 px phone.
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser } from 'playwright-core'
import { startPulih, type PulihServer } from './support/server.ts'
import { checkAccessibility, chromiumAvailable, horizontalOverflow, launchBrowser, openTab, screenshot, widestElements, type Tab } from './support/browser.ts'
import { TestClient } from '../test/app.ts'
import { tokenOf, acceptAndEnrol, heading, signIn } from './support/journeys.ts'

const ADMIN = { email: 'admin@kemenperin.go.id', name: 'Ratna Admin', password: 'Pulih-setup-2020-kuat!' }
const OFFICER = { email: 'sari@kemenperin.go.id', name: 'Sari Petugas', password: 'petugas lokapasar ikm 2020 kuat' }
const SHIRT = 'Kemeja Batik Tulis Pria Lengan Panjang'
const SHORT = 'Kain Batik'

describe.skipIf(!chromiumAvailable)('marketplace listings in the browser', () => {
  let server: PulihServer
  let browser: Browser
  const tabs: Tab[] = []
  let officerSecret = ''

  beforeAll(async () => {
    server = await startPulih()
    browser = await launchBrowser()
    const admin = new TestClient(server.app)
    await acceptAndEnrol(admin, { token: tokenOf(await server.setupLink()), email: ADMIN.email, name: ADMIN.name, password: ADMIN.password })
    const ministry = (await admin.get('/api/organisations?kind=ministry')).json().items[0]
    const invited = await admin.post('/api/invitations', { email: OFFICER.email, name: OFFICER.name, role: 'officer', organisationId: ministry.id })
    expect(invited.statusCode, invited.body).toBe(201)
    const officer = new TestClient(server.app)
    officerSecret = await acceptAndEnrol(officer, { token: tokenOf(invited.json().link), password: OFFICER.password })
    const firm = await officer.post('/api/firms', { name: 'CV Batik Sekar Jagad', regencyCode: '32.04', kbliMain: '13134' })
    expect(firm.statusCode, firm.body).toBe(201)
    for (const name of [SHIRT, SHORT]) {
      const product = await officer.post(`/api/firms/${firm.json().id}/products`, {
        name,
        description: 'Batik tulis tangan, katun primisima, pewarna alam.',
        hsCode: '620520',
        priceIdr: 250_000,
        unit: 'pcs',
        weightGrams: 350,
        stock: 10,
      })
      expect(product.statusCode, product.body).toBe(201)
    }
  }, 180_000)

  afterAll(async () => {
    for (const tab of tabs) await tab.context.close()
    await browser?.close()
    await server?.close()
  })

  test('an officer maps a category, fixes an attribute and downloads the Shopee file', async () => {
    const tab = await openTab(browser, server.url)
    tabs.push(tab)
    const page = tab.page
    await signIn(page, OFFICER, officerSecret)

    await page.goto('/marketplace/categories?marketplace=shopee')
    await heading(page, 'Pemetaan kategori lokapasar')
    await page.getByText('Belum ada pemetaan.').waitFor()
    await page.getByLabel('Awalan HS', { exact: true }).fill('62')
    await page.getByLabel('Id kategori', { exact: true }).fill('100012')
    await page.getByLabel('Nama kategori', { exact: true }).fill('Pakaian Batik')
    await page.getByLabel('Atribut wajib', { exact: true }).fill('Merek')
    await page.getByRole('button', { name: 'Simpan', exact: true }).click()
    await page.getByText('Pemetaan disimpan.').waitFor()
    await page.getByRole('region', { name: 'Pemetaan kategori' }).getByRole('cell', { name: 'Pakaian Batik' }).waitFor()
    await checkAccessibility(page, 'marketplace-categories')

    await page.goto('/marketplace/listings?marketplace=shopee')
    await heading(page, 'Produk siap lokapasar')
    await page.getByText('0 siap, 2 perlu diperbaiki, 0 tidak dapat didaftarkan.').waitFor()
    const table = page.getByRole('region', { name: 'Produk dan yang harus diperbaiki' })
    const shirt = table.locator('tbody tr').filter({ hasText: SHIRT })
    await shirt.getByText('Atribut "Merek" wajib untuk kategori Pakaian Batik di Shopee; isi nilainya.').waitFor()
    await shirt.getByText('Produk punya 0 foto; Shopee meminta paling sedikit 1. Unggah foto produk.').waitFor()
    await table.locator('tbody tr').filter({ hasText: SHORT }).getByText('Nama produk 10 karakter; Shopee meminta paling sedikit 20.').waitFor()
    await checkAccessibility(page, 'marketplace-listings')
    await screenshot(page, 'marketplace-listings')

    await shirt.getByText('Atribut Shopee').click()
    await shirt.getByLabel('Merek').fill('Sekar Jagad')
    await shirt.getByRole('button', { name: 'Simpan atribut' }).click()
    await expect.poll(() => shirt.getByText('Atribut "Merek" wajib', { exact: false }).count()).toBe(0)

    // The download link carries the filters; the file opens as Shopee's template with both left out (no photos).
    const href = await page.getByRole('link', { name: 'Unduh berkas unggah massal Shopee (XLSX)' }).getAttribute('href')
    expect(href).toBe('/api/marketplace/listings/export?marketplace=shopee')
    const response = await page.request.get(href!)
    expect(response.status()).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load((await response.body()) as unknown as ArrayBuffer)
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Template', 'Pulih - tidak diekspor'])
    expect(response.headers()['x-pulih-skipped']).toBe('2')

    await page.getByLabel('Lokapasar', { exact: true }).selectOption('bukalapak')
    await page.getByText('Bukalapak tidak menerima produk fisik baru; ekspor tidak tersedia.').waitFor()
    expect(tab.errors).toEqual([])
  })

  test('the listings page fits a phone', async () => {
    const tab = await openTab(browser, server.url, { width: 360, height: 800 })
    tabs.push(tab)
    await signIn(tab.page, OFFICER, officerSecret)
    await tab.page.goto('/marketplace/listings?marketplace=tokopedia')
    await heading(tab.page, 'Produk siap lokapasar')
    await tab.page.getByText(/siap, \d+ perlu diperbaiki/).waitFor()
    expect(await horizontalOverflow(tab.page), await widestElements(tab.page)).toBe(0)
    await checkAccessibility(tab.page, 'marketplace-listings-phone')
    expect(tab.errors).toEqual([])
  })
})
