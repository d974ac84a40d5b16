// Journeys of the firm registry in a real browser against the real server: an officer records a
// firm (a field error first), finds it by a misspelled name, reveals the owner's NIK with a reason
// and verifies it; a regional officer of another province does not see it; a firm owner registers
// and sees only their own firm; the CSV export holds exactly the filtered rows; /firms at 360 px.
// Every page visited is checked with axe.
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { parse } from 'csv-parse/sync'
import { startPulih, type PulihServer } from './support/server.ts'
import { checkAccessibility, chromiumAvailable, horizontalOverflow, launchBrowser, openTab, screenshot, widestElements, type Tab } from './support/browser.ts'
import { TestClient } from '../test/app.ts'
import { tokenOf, acceptAndEnrol, heading, signIn, visit } from './support/journeys.ts'

const ADMIN = { email: 'admin@kemenperin.go.id', name: 'Ratna Admin', password: 'Pulih-setup-2020-kuat!' }
const OFFICER = { email: 'budi@kemenperin.go.id', name: 'Budi Petugas', password: 'petugas nasional ikm 2020 kuat' }
const EAST_JAVA = { email: 'wati@disperin.jatimprov.go.id', name: 'Wati Dinas Jatim', password: 'dinas perindustrian jatim 35' }
const OWNER = { email: 'ani@keripikbuani.id', name: 'Ani Lestari', password: 'keripik tempe renyah gurih 7' }

const FIRM = { name: 'Batik Tulis Lestari', nik: '3204015505850001', masked: '3204**********01' }
const OWN_FIRM = { name: 'Keripik Tempe Bu Ani', nik: '3273016203900002' }

function nav(page: Page) {
  return page.getByRole('navigation', { name: 'Navigasi utama' })
}

function firmsTable(page: Page) {
  return page.getByRole('region', { name: 'Daftar IKM' }).getByRole('table')
}

/** Names in the firm table's body rows (first cell's link). */
async function tableNames(page: Page): Promise<string[]> {
  return (await firmsTable(page).locator('tbody tr td:first-child a').allInnerTexts()).map((name) => name.trim())
}

/** The token in a setup or invitation link's fragment. */
/**
 * Accepts an invitation over the API and enrols an authenticator, confirming with the previous
 * step's code (the server allows one step of drift), so that the browser's first code is fresh.
 */
describe.skipIf(!chromiumAvailable)('registry journeys in the browser', () => {
  let server: PulihServer
  let browser: Browser
  const tabs: Tab[] = []
  let officer: Tab
  const secrets = { officer: '', eastJava: '' }
  let firmId = ''

  async function tab(viewport?: { width: number; height: number }) {
    const opened = await openTab(browser, server.url, viewport)
    tabs.push(opened)
    return opened
  }

  beforeAll(async () => {
    server = await startPulih()
    browser = await launchBrowser()

    // People and organisations through the API, as an administrator would make them.
    const admin = new TestClient(server.app)
    await acceptAndEnrol(admin, { token: tokenOf(await server.setupLink()), email: ADMIN.email, name: ADMIN.name, password: ADMIN.password })
    const ministry = (await admin.get('/api/organisations?kind=ministry')).json().items[0]
    const eastJavaOffice = await admin.post('/api/organisations', { kind: 'regional_office', name: 'Dinas Perindustrian Jawa Timur', provinceCode: '35' })
    expect(eastJavaOffice.statusCode, eastJavaOffice.body).toBe(201)
    async function invite(person: { email: string; name: string; password: string }, role: string, organisationId: string) {
      const created = await admin.post('/api/invitations', { email: person.email, name: person.name, role, organisationId })
      expect(created.statusCode, created.body).toBe(201)
      return acceptAndEnrol(new TestClient(server.app), { token: tokenOf(created.json().link), password: person.password })
    }
    secrets.officer = await invite(OFFICER, 'officer', ministry.id)
    secrets.eastJava = await invite(EAST_JAVA, 'regional_officer', eastJavaOffice.json().id)
  })

  afterAll(async () => {
    for (const opened of tabs) await opened.context.close().catch(() => undefined)
    await browser?.close()
    await server?.close()
    for (const opened of tabs) expect(opened.errors, 'errors logged by the page').toEqual([])
  })

  test('an officer adds a firm through the form, after a field error for an invalid NIK', async () => {
    officer = await tab()
    const { page } = officer
    await signIn(page, OFFICER, secrets.officer)
    await nav(page).getByRole('link', { name: 'Data IKM' }).click()
    await heading(page, 'Data IKM')
    await firmsTable(page).getByText('Tidak ada IKM yang cocok').waitFor()
    await checkAccessibility(page, 'firms (empty)')

    await page.getByRole('link', { name: 'Tambah IKM' }).click()
    await heading(page, 'Tambah IKM')
    await checkAccessibility(page, 'new firm')
    await page.getByLabel('Nama usaha').fill(FIRM.name)
    await page.getByLabel('Bentuk usaha').selectOption('cv')
    await page.getByLabel('Provinsi').selectOption('32')
    await page.getByLabel('Kabupaten/kota').selectOption('32.04')
    await page.getByLabel('KBLI utama').fill('13134')
    await page.locator('p.hint', { hasText: '13134 — Industri Batik' }).waitFor()
    await page.getByLabel('Jumlah tenaga kerja').fill('12')
    await page.getByLabel('Tenaga kerja perempuan').fill('9')
    await page.getByLabel('Nilai investasi (Rp)').fill('250.000.000')
    await page.getByLabel('Nama pemilik').fill('Siti Rahayu')
    // Day 35 is no one's birthday (men 1–31, women 41–71).
    await page.getByLabel('NIK pemilik').fill('3204013505850001')
    await page.getByLabel('Telepon').fill('0812-3456-7890')
    await page.getByRole('button', { name: 'Simpan IKM' }).click()

    const nikField = page.getByLabel('NIK pemilik')
    await page.locator('.field-error').filter({ hasText: 'NIK tidak valid' }).waitFor()
    expect(await nikField.getAttribute('aria-invalid')).toBe('true')
    await expect.poll(() => nikField.evaluate((element) => element === document.activeElement)).toBe(true)
    await checkAccessibility(page, 'new firm with a field error')
    await screenshot(page, 'firm-form-error')

    await nikField.fill(FIRM.nik)
    await page.getByRole('button', { name: 'Simpan IKM' }).click()
    await heading(page, FIRM.name)
    await page.getByRole('status').filter({ hasText: 'Tersimpan.' }).waitFor()
    firmId = new URL(page.url()).pathname.split('/').pop() ?? ''
    expect(firmId).toMatch(/^[0-9a-f-]{36}$/)
    await page.getByText('Belum diverifikasi').first().waitFor()
    await page.getByText('Industri kecil').first().waitFor()
    await page.getByText('Kabupaten Bandung', { exact: true }).waitFor()
    await checkAccessibility(page, 'firm detail (new)')
  })

  test('the officer finds the firm by a misspelled name, reveals the NIK with a reason, and verifies it', async () => {
    const { page } = officer
    await visit(page, '/firms', 'Data IKM', 'firms (officer)')
    await firmsTable(page).getByRole('link', { name: FIRM.name }).waitFor()
    await page.getByLabel('Cari nama usaha').fill('batik tulis lestri')
    await page.waitForURL(/q=batik/)
    await firmsTable(page).getByRole('link', { name: FIRM.name }).click()
    await heading(page, FIRM.name)
    await checkAccessibility(page, 'firm detail')

    const nik = page.getByTestId('owner-nik')
    expect(await nik.innerText()).toBe(FIRM.masked)
    await page.getByRole('button', { name: 'Lihat NIK' }).click()
    const reason = page.getByLabel('Alasan melihat NIK')
    await reason.fill('cek')
    await page.getByRole('button', { name: 'Tampilkan NIK' }).click()
    await page.getByRole('alert').filter({ hasText: 'minimal 10 karakter' }).waitFor()
    expect(await nik.innerText()).toBe(FIRM.masked)
    await reason.fill('Pemeriksaan data untuk program restrukturisasi kredit')
    await page.getByRole('button', { name: 'Tampilkan NIK' }).click()
    await expect.poll(() => nik.innerText()).toBe(FIRM.nik)
    await checkAccessibility(page, 'firm detail with the NIK shown')
    await page.getByRole('button', { name: 'Sembunyikan NIK' }).click()
    await expect.poll(() => nik.innerText()).toBe(FIRM.masked)

    await page.getByRole('button', { name: 'Verifikasi' }).click()
    await page.getByRole('status').filter({ hasText: 'Data IKM telah diverifikasi.' }).waitFor()
    await page.locator('.badges').getByText('Terverifikasi').waitFor()
    expect(await page.getByRole('button', { name: 'Verifikasi' }).count()).toBe(0)
    const history = page.getByRole('region', { name: 'Riwayat perubahan' }).getByRole('table')
    await history.getByRole('row').filter({ hasText: 'Dicatat' }).waitFor()
    await history.getByRole('row').filter({ hasText: 'Diverifikasi' }).waitFor()
    await checkAccessibility(page, 'firm detail (verified)')
    await screenshot(page, 'firm-detail')
  })

  test('a regional officer of another province does not see the firm', async () => {
    const { page } = await tab()
    await signIn(page, EAST_JAVA, secrets.eastJava)
    await nav(page).getByRole('link', { name: 'Data IKM' }).click()
    await heading(page, 'Data IKM')
    await firmsTable(page).getByText('Tidak ada IKM yang cocok').waitFor()
    await page.getByLabel('Cari nama usaha').fill('Batik Tulis')
    await page.waitForURL(/q=Batik/)
    await firmsTable(page).getByText('Tidak ada IKM yang cocok').waitFor()
    expect(await tableNames(page)).toEqual([])
    await checkAccessibility(page, 'firms (other province)')

    await page.goto(`/firms/${firmId}`)
    await page.getByRole('alert').filter({ hasText: 'tidak ditemukan' }).waitFor()
    await checkAccessibility(page, 'firm detail (not found)')
    const csv = await page.evaluate(async () => (await fetch('/api/firms/export?format=csv')).text())
    expect(csv).not.toContain(FIRM.name)
  })

  test('a firm owner registers from the sign-in page and sees only their own firm', async () => {
    const { page } = await tab()
    await page.goto('/login')
    await heading(page, 'Masuk')
    await page.getByRole('link', { name: 'Daftar sebagai IKM' }).click()
    await heading(page, 'Daftar sebagai IKM')
    await checkAccessibility(page, 'register')
    await page.getByLabel('Nama lengkap').fill(OWNER.name)
    await page.getByLabel('Email').fill(OWNER.email)
    await page.getByLabel('NIK pemilik').fill(OWN_FIRM.nik)
    await page.getByLabel('Telepon').fill('+62 813 2222 3333')
    await page.getByLabel('Kata sandi', { exact: true }).fill(OWNER.password)
    await page.getByLabel('Ulangi kata sandi').fill(OWNER.password)
    await page.getByLabel('Nama usaha').fill(OWN_FIRM.name)
    // Region lists need a session today; without them the form asks for the regency code.
    await page.locator('select option[value="32"], input[name="regency-code"]').first().waitFor({ state: 'attached' })
    if (await page.locator('input[name="regency-code"]').count()) {
      await page.getByLabel('Kode kabupaten/kota').fill('32.73')
    } else {
      await page.getByLabel('Provinsi').selectOption('32')
      await page.getByLabel('Kabupaten/kota').selectOption('32.73')
    }
    await page.getByLabel('KBLI utama').fill('10794')
    await page.getByLabel('Jumlah tenaga kerja').fill('4')
    await screenshot(page, 'register')
    await page.getByRole('button', { name: 'Daftar', exact: true }).click()

    await heading(page, OWN_FIRM.name)
    await page.getByRole('status').filter({ hasText: 'Pendaftaran berhasil' }).waitFor()
    await page.getByText('Didaftarkan sendiri oleh pemilik').waitFor()
    await checkAccessibility(page, 'firm detail (owner)')
    // The owner sees the history of their own firm too, in words (not the audit log's codes).
    const ownHistory = page.getByRole('region', { name: 'Riwayat perubahan' }).getByRole('table')
    await ownHistory.getByRole('row').filter({ hasText: 'Pendaftaran mandiri oleh pemilik' }).waitFor()
    expect(await ownHistory.getByText('firm.registered').count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Verifikasi' }).count()).toBe(0)

    // The owner sees their own NIK without giving a reason, and hides it again.
    const nik = page.getByTestId('owner-nik')
    expect(await nik.innerText()).toBe('3273**********02')
    await page.getByRole('button', { name: 'Lihat NIK' }).click()
    await expect.poll(() => nik.innerText()).toBe(OWN_FIRM.nik)
    await page.getByRole('button', { name: 'Sembunyikan NIK' }).click()
    await expect.poll(() => nik.innerText()).toBe('3273**********02')

    await nav(page).getByRole('link', { name: 'Data IKM' }).click()
    await heading(page, 'Data IKM')
    await firmsTable(page).getByRole('link', { name: OWN_FIRM.name }).waitFor()
    expect(await tableNames(page)).toEqual([OWN_FIRM.name])
    await checkAccessibility(page, 'firms (owner)')
    await page.goto(`/firms/${firmId}`)
    await page.getByRole('alert').filter({ hasText: 'tidak ditemukan' }).waitFor()
  })

  test('the CSV export link downloads exactly the rows of the filtered table', async () => {
    const { page } = officer
    await visit(page, '/firms?province=32', 'Data IKM', 'firms filtered by province')
    await firmsTable(page).getByRole('link', { name: OWN_FIRM.name }).waitFor()
    const shown = (await tableNames(page)).sort()
    expect(shown).toEqual([FIRM.name, OWN_FIRM.name].sort())
    expect(await page.getByRole('link', { name: 'Unduh CSV' }).getAttribute('href')).toBe('/api/firms/export?format=csv&province=32')

    await page.getByLabel('Status verifikasi').selectOption('true')
    await page.waitForURL(/verified=true/)
    await expect.poll(() => tableNames(page)).toEqual([FIRM.name])
    const link = page.getByRole('link', { name: 'Unduh CSV' })
    expect(await link.getAttribute('href')).toBe('/api/firms/export?format=csv&province=32&verified=true')
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
    const file = await download.path()
    const rows: Record<string, string>[] = parse(fs.readFileSync(file, 'utf8'), { columns: true, bom: true })
    expect(rows.map((row) => row['Nama usaha'])).toEqual(await tableNames(page))
    expect(rows[0]['NIK pemilik (disamarkan)']).toBe(FIRM.masked)
    expect(rows[0]['Status verifikasi']).toBe('verified')
    expect(download.suggestedFilename()).toMatch(/^ikm-\d{4}-\d{2}-\d{2}\.csv$/)
  })

  test('sentra: an officer records one and sees its member count', async () => {
    const { page } = officer
    await nav(page).getByRole('link', { name: 'Sentra' }).click()
    await heading(page, 'Sentra IKM')
    await checkAccessibility(page, 'sentra')
    const create = page.getByRole('region', { name: 'Tambah sentra' })
    await create.getByLabel('Nama sentra').fill('Sentra Batik Cigondewah')
    await create.getByLabel('Jenis usaha').fill('Batik tulis')
    await create.getByLabel('Provinsi').selectOption('32')
    await create.getByLabel('Kabupaten/kota').selectOption('32.04')
    await create.getByRole('button', { name: 'Tambah sentra' }).click()
    await page.getByRole('status').filter({ hasText: 'Sentra "Sentra Batik Cigondewah" ditambahkan.' }).waitFor()
    const row = page.getByRole('region', { name: 'Daftar sentra' }).getByRole('row').filter({ hasText: 'Sentra Batik Cigondewah' })
    await row.getByRole('link', { name: /Anggota Sentra Batik Cigondewah: 0 IKM/ }).waitFor()
    await checkAccessibility(page, 'sentra with a row')
    await screenshot(page, 'sentra')
  })

  test('an officer imports a file: progress, summary line and the errors file', async () => {
    const { page } = officer
    await nav(page).getByRole('link', { name: 'Impor' }).click()
    await heading(page, 'Impor data IKM')
    await checkAccessibility(page, 'imports')
    expect(await page.getByRole('link', { name: 'Templat CSV' }).getAttribute('href')).toBe('/api/imports/template.csv')
    const csv = ['Nama Usaha;Provinsi;Kabupaten/Kota;Jumlah Tenaga Kerja', 'Gerabah Kasongan Jaya;Jawa Barat;Kab. Bandung;7', ';Jawa Barat;Kab. Bandung;3'].join('\n')
    await page.getByLabel('Berkas', { exact: true }).setInputFiles({ name: 'dinas-jabar.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    await page.getByRole('button', { name: 'Mulai impor' }).click()
    const progress = page.getByTestId('import-progress')
    await progress.getByText('ditambahkan 1, diperbarui 0, tidak berubah 0, ditolak 1').waitFor({ timeout: 20_000 })
    expect(await progress.getByRole('progressbar').getAttribute('value')).toBe('100')
    const errorsLink = progress.getByRole('link', { name: /errors\.csv/ })
    expect(await errorsLink.getAttribute('href')).toMatch(/^\/api\/imports\/[0-9a-f-]+\/errors\.csv$/)
    const errors = await page.evaluate(async (href) => (await fetch(href)).text(), (await errorsLink.getAttribute('href')) ?? '')
    expect(errors).toContain('nama_usaha')
    await page.getByRole('region', { name: 'Impor terakhir' }).getByRole('row').filter({ hasText: 'dinas-jabar.csv' }).waitFor()
    await checkAccessibility(page, 'imports with a finished import')
    await screenshot(page, 'imports')
  })

  test('at 360 px the firm list fits the screen', async () => {
    const { page } = officer
    await page.setViewportSize({ width: 360, height: 800 })
    await visit(page, '/firms', 'Data IKM', 'firms at 360 px')
    await firmsTable(page).getByRole('link', { name: FIRM.name }).waitFor()
    expect(await horizontalOverflow(page), await widestElements(page)).toBe(0)
    // Only the name search shows at first; the other filters unfold on request.
    expect(await page.getByLabel('Status verifikasi').isVisible()).toBe(false)
    await page.getByRole('button', { name: /Saringan lain/ }).click()
    await page.getByLabel('Status verifikasi').waitFor()
    expect(await horizontalOverflow(page), await widestElements(page)).toBe(0)
    await checkAccessibility(page, 'firms at 360 px with the filters open')
    await screenshot(page, 'firms filters open')
    await visit(page, `/firms/${firmId}`, FIRM.name, 'firm detail at 360 px')
    expect(await horizontalOverflow(page), await widestElements(page)).toBe(0)
    await visit(page, `/firms/${firmId}/edit`, 'Ubah data IKM', 'firm form at 360 px')
    expect(await horizontalOverflow(page), await widestElements(page)).toBe(0)
    await page.setViewportSize({ width: 1280, height: 900 })
  })
})
