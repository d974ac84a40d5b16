// A marketplace partner's day in a real browser against the real server: the firm owner consents
// to Tokopedia on a phone; the Tokopedia partner signs in, sees only the nominated firm whose owner
// consented, opens it with the owner's contact, records the store opened (after a wrong-domain
// error), plans a workshop in the firm's regency and invites it, and reads the funnel; the owner withdraws consent and the partner no longer sees the firm.
// Every page visited is checked with axe; the phone width fits.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser } from 'playwright-core'
import { startPulih, type PulihServer } from './support/server.ts'
import { checkAccessibility, chromiumAvailable, horizontalOverflow, launchBrowser, openTab, screenshot, widestElements, type Tab } from './support/browser.ts'
import { TestClient } from '../test/app.ts'
import { acceptAndEnrol, heading, signIn, tokenOf } from './support/journeys.ts'

const ADMIN = { email: 'admin@kemenperin.go.id', name: 'Ratna Admin', password: 'Pulih-setup-2020-kuat!' }
const OFFICER = { email: 'budi@kemenperin.go.id', name: 'Budi Petugas', password: 'petugas nasional ikm 2020 kuat' }
const PARTNER = { email: 'dewi@tokopedia.com', name: 'Dewi Mitra', password: 'mitra lokapasar tokopedia 2020' }
const OWNER = { email: 'sari@batiksari.id', name: 'Sari Pemilik', password: 'kain tenun ikat pewarna alam 9' }

describe.skipIf(!chromiumAvailable)("a marketplace partner's day in the browser", () => {
  let server: PulihServer
  let browser: Browser
  const tabs: Tab[] = []

  beforeAll(async () => {
    server = await startPulih()
    browser = await launchBrowser()
    const admin = new TestClient(server.app)
    await acceptAndEnrol(admin, { token: tokenOf(await server.setupLink()), email: ADMIN.email, name: ADMIN.name, password: ADMIN.password })
    const ministry = (await admin.get('/api/organisations?kind=ministry')).json().items[0]
    const tokopedia = (await admin.get('/api/organisations?kind=marketplace')).json().items.find((o: { name: string }) => o.name === 'Tokopedia')
    expect(tokopedia).toBeDefined()
    const invite = async (person: { email: string; name: string }, role: string, organisationId: string) => {
      const created = await admin.post('/api/invitations', { email: person.email, name: person.name, role, organisationId })
      expect(created.statusCode, created.body).toBe(201)
      return tokenOf(created.json().link)
    }
    const officer = new TestClient(server.app)
    await acceptAndEnrol(officer, { token: await invite(OFFICER, 'officer', ministry.id), password: OFFICER.password })
    // Partners have no second factor: accepting the invitation is enough.
    const accepted = await new TestClient(server.app).post('/api/invitations/accept', { token: await invite(PARTNER, 'marketplace_partner', tokopedia.id), password: PARTNER.password })
    expect(accepted.statusCode, accepted.body).toBe(200)

    const registered = await new TestClient(server.app).post('/api/registrations', {
      account: { email: OWNER.email, name: OWNER.name, password: OWNER.password, phone: '0812-3456-7890' },
      firm: { name: 'Batik Sari Garut', regencyCode: '32.05', kbliMain: '13134' },
    })
    expect(registered.statusCode, registered.body).toBe(201)
    const other = await officer.post('/api/firms', { name: 'Tenun Ikat Sumba', regencyCode: '53.11' })
    expect(other.statusCode, other.body).toBe(201)
    const nominated = await officer.post('/api/marketplace/nominations', { marketplaceCode: 'tokopedia', firmIds: [registered.json().firm.id, other.json().id] })
    expect(nominated.json()).toMatchObject({ nominated: 2 })
  }, 180_000)

  afterAll(async () => {
    for (const tab of tabs) await tab.context.close()
    await browser?.close()
    await server?.close()
  })

  test('the owner consents to Tokopedia on a phone', async () => {
    const tab = await openTab(browser, server.url, { width: 360, height: 800 })
    tabs.push(tab)
    const page = tab.page
    await signIn(page, OWNER)
    await page.goto('/marketplace')
    await heading(page, 'Lokapasar untuk usaha Anda')
    const card = page.locator('[data-marketplace="tokopedia"]')
    await card.getByText('Dinominasikan — tahap: Dinominasikan').waitFor()
    await checkAccessibility(page, 'marketplace consent (owner)')
    await card.getByRole('button', { name: 'Setujui berbagi data — Tokopedia' }).click()
    await card.getByText('Dinominasikan — tahap: Disetujui pemilik').waitFor()
    await card.getByText(/Anda menyetujui sejak/).waitFor()
    await screenshot(page, 'marketplace-consent')
    expect(await horizontalOverflow(page), await widestElements(page)).toBe(0)
    expect(tab.errors).toEqual([])
  })

  test('the partner sees only the consented firm, records its store opened, plans a workshop and reads the funnel', async () => {
    const tab = await openTab(browser, server.url)
    tabs.push(tab)
    const page = tab.page
    await signIn(page, PARTNER)
    await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: 'Lokapasar' }).click()
    await heading(page, 'Pendampingan lokapasar')
    const table = page.getByRole('region', { name: 'Daftar nominasi' }).getByRole('table')
    await expect.poll(async () => (await table.locator('tbody tr td:first-child').allInnerTexts()).map((s) => s.trim())).toEqual(['Batik Sari Garut'])
    await checkAccessibility(page, 'nominations (partner)')
    await screenshot(page, 'marketplace-nominations')

    await table.getByRole('link', { name: 'Batik Sari Garut' }).click()
    await heading(page, 'Batik Sari Garut di Tokopedia')
    await page.getByText('Sari Pemilik · +6281234567890 · sari@batiksari.id').waitFor()
    await page.getByLabel('Tahap baru').selectOption('store_opened')
    await page.getByLabel('URL toko').fill('https://shopee.co.id/batiksari')
    await page.getByRole('button', { name: 'Simpan tahap' }).click()
    await page.getByRole('alert').filter({ hasText: 'bukan alamat Tokopedia' }).waitFor()
    await page.getByLabel('URL toko').fill('https://www.tokopedia.com/batiksarigarut')
    await page.getByRole('button', { name: 'Simpan tahap' }).click()
    await page.getByText('Tahap tersimpan: Toko dibuka.').waitFor()
    await page.getByRole('link', { name: 'https://www.tokopedia.com/batiksarigarut' }).waitFor()
    // No survey answer yet: the sales section says there is no pre-crisis turnover to compare with.
    await page.getByRole('region', { name: 'Penjualan dibanding sebelum krisis' }).getByText('belum mengisi survei dampak', { exact: false }).waitFor()
    const history = page.getByRole('region', { name: 'Riwayat tahap' })
    await expect.poll(async () => (await history.locator('li strong').allInnerTexts()).map((s) => s.trim())).toEqual(['Dinominasikan', 'Disetujui pemilik', 'Toko dibuka'])
    await checkAccessibility(page, 'nomination (partner)')
    await screenshot(page, 'marketplace-nomination')

    // Plan a workshop in Garut and invite the nominated firms of the regency.
    await page.getByRole('navigation', { name: 'Program lokapasar' }).getByRole('link', { name: 'Lokakarya' }).click()
    await heading(page, 'Lokakarya lapangan')
    await page.getByRole('button', { name: 'Rencanakan lokakarya' }).click()
    await page.getByLabel('Judul').fill('Berjualan di Tokopedia untuk IKM batik')
    await page.getByLabel('Provinsi').selectOption('32')
    await page.getByLabel('Kabupaten/kota').selectOption('32.05')
    await page.getByLabel('Tempat').fill('Aula Dinas Perindustrian Garut')
    await page.getByLabel('Tanggal').fill(`${new Date().getUTCFullYear() + 1}-03-10`)
    await page.getByLabel('Mulai').fill('09:00')
    await page.getByLabel('Selesai').fill('12:00')
    await page.getByLabel('Kapasitas').fill('30')
    await page.getByLabel('Pelatih').fill('Tim Tokopedia Bandung')
    await page.getByRole('button', { name: 'Simpan lokakarya' }).click()
    await heading(page, 'Berjualan di Tokopedia untuk IKM batik')
    await page.getByText('WIB', { exact: false }).first().waitFor()
    await page.getByRole('button', { name: /Undang semua usaha yang dinominasikan/ }).click()
    await page.getByText('1 diundang, 0 sudah diundang sebelumnya, 0 ditolak.').waitFor()
    await checkAccessibility(page, 'workshop (partner)')
    await screenshot(page, 'marketplace-workshop')

    await page.getByRole('navigation', { name: 'Program lokapasar' }).getByRole('link', { name: 'Corong' }).click()
    await heading(page, 'Corong pendampingan lokapasar')
    const funnel = page.getByRole('region', { name: 'Tokopedia' }).getByRole('table')
    await expect.poll(async () => (await funnel.locator('tr[data-stage="store_opened"] td').allInnerTexts()).slice(1, 4).map((s) => s.trim())).toEqual(['1', '1', '100 %'])
    await checkAccessibility(page, 'funnel (partner)')
    expect(tab.errors).toEqual([])
  })

  test('after the owner withdraws consent the partner no longer sees the firm', async () => {
    const [ownerTab, partnerTab] = tabs
    const owner = ownerTab.page
    await owner.reload()
    const card = owner.locator('[data-marketplace="tokopedia"]')
    await card.getByRole('button', { name: 'Tarik persetujuan: Tokopedia' }).click()
    await owner.getByRole('button', { name: 'Ya' }).click()
    await card.getByRole('button', { name: 'Setujui berbagi data — Tokopedia' }).waitFor()

    const partner = partnerTab.page
    await partner.goto('/marketplace')
    await heading(partner, 'Pendampingan lokapasar')
    await partner.getByText('Belum ada nominasi yang dapat Anda lihat.').waitFor()
    expect(ownerTab.errors).toEqual([])
    expect(partnerTab.errors).toEqual([])
  })
})
