// Journeys of the identity slice in a real browser against the real server: first-start setup,
// authenticator enrolment, sign-in with a code, invitations, role-based navigation, sign-out,
// language switch, and a phone-width layout. Every page visited is checked with axe.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startPulih, type PulihServer } from './support/server.ts'
import {
  checkAccessibility,
  chromiumAvailable,
  freshTotp,
  horizontalOverflow,
  widestElements,
  launchBrowser,
  openTab,
  screenshot,
  type Tab,
} from './support/browser.ts'
import { heading, visit } from './support/journeys.ts'

const ADMIN = { email: 'admin@kemenperin.go.id', name: 'Ratna Admin', password: 'Pulih-setup-2020-kuat!' }
const BANKER = { email: 'dewi@bankmitra.co.id', name: 'Dewi Bankir', password: 'kata sandi bank mitra 2020' }
const OWNER = { email: 'sari@batiksari.id', name: 'Sari Pemilik', password: 'kain tenun ikat pewarna alam 9' }

async function navLinks(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: 'Navigasi utama' })
  return (await nav.getByRole('link').allInnerTexts()).map((text) => text.trim())
}

describe.skipIf(!chromiumAvailable)('identity journeys in the browser', () => {
  let server: PulihServer
  let browser: Browser
  const tabs: Tab[] = []
  let admin: Tab
  let adminSecret = ''
  let bankLink = ''
  let ownerLink = ''

  async function tab(viewport?: { width: number; height: number }) {
    const opened = await openTab(browser, server.url, viewport)
    tabs.push(opened)
    return opened
  }

  beforeAll(async () => {
    server = await startPulih()
    browser = await launchBrowser()
  })

  afterAll(async () => {
    for (const opened of tabs) await opened.context.close().catch(() => undefined)
    await browser?.close()
    await server?.close()
    for (const opened of tabs) expect(opened.errors, 'errors logged by the page').toEqual([])
  })

  test('first-start setup creates the national administrator, who enrols an authenticator', async () => {
    admin = await tab()
    const { page } = admin

    await page.goto('/login')
    await heading(page, 'Masuk')
    await page.getByText('Sistem belum disiapkan').waitFor()
    await checkAccessibility(page, 'login (before setup)')

    await visit(page, await server.setupLink(), 'Penyiapan awal Pulih', 'setup')
    await page.getByText('administrator nasional pertama').waitFor()
    await page.getByLabel('Email administrator').fill(ADMIN.email)
    await page.getByLabel('Nama lengkap administrator').fill(ADMIN.name)
    await page.getByLabel('Kata sandi baru').fill('pendek')
    await page.getByLabel('Ulangi kata sandi').fill('pendek')
    await page.getByRole('button', { name: 'Buat akun' }).click()
    await page.getByRole('alert').filter({ hasText: 'minimal 12 karakter' }).waitFor()
    await checkAccessibility(page, 'setup with a form error')

    await page.getByLabel('Kata sandi baru').fill(ADMIN.password)
    await page.getByLabel('Ulangi kata sandi').fill(ADMIN.password)
    await page.getByRole('button', { name: 'Buat akun' }).click()

    await page.waitForURL('**/enrol')
    await heading(page, 'Daftarkan aplikasi autentikator')
    await page.getByRole('img', { name: 'Kode QR untuk aplikasi autentikator' }).waitFor()
    expect(new URL(page.url()).hash).toBe('')
    await checkAccessibility(page, 'enrol')
    await screenshot(page, 'enrol')
    adminSecret = (await page.getByTestId('totp-secret').getAttribute('data-secret')) ?? ''
    expect(adminSecret).toMatch(/^[A-Z2-7]+=*$/)

    await page.getByLabel('Kode 6 angka').fill(await freshTotp(adminSecret))
    await page.getByRole('button', { name: 'Konfirmasi' }).click()
    await page.waitForURL(`${server.url}/`)
    await heading(page, `Selamat datang, ${ADMIN.name}`)
    expect(await page.getByTestId('home-role').innerText()).toBe('Administrator nasional')
    expect(await page.getByText('Segera hadir').count()).toBe(4)
    expect(await navLinks(page)).toEqual(['Beranda', 'Data IKM', 'Sentra', 'Dasbor nasional', 'Survei dampak', 'Lokapasar', 'Organisasi', 'Pengguna', 'Log audit'])
    await checkAccessibility(page, 'home (admin)')
    await screenshot(page, 'home-admin')
  })

  test('the administrator adds organisations and invites a bank officer and a firm owner', async () => {
    const { page } = admin
    await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: 'Organisasi' }).click()
    await heading(page, 'Organisasi')
    await checkAccessibility(page, 'organisations')

    const create = page.getByRole('region', { name: 'Tambah organisasi' })
    async function addOrganisation(kind: string, name: string, fill?: () => Promise<void>) {
      await create.getByLabel('Jenis').selectOption(kind)
      await create.getByLabel('Nama').fill(name)
      await fill?.()
      await create.getByRole('button', { name: 'Tambah' }).click()
      await page.getByRole('status').filter({ hasText: `Organisasi "${name}" ditambahkan.` }).waitFor()
    }
    await addOrganisation('bank', 'Bank Mitra Usaha')
    await addOrganisation('firm', 'CV Batik Sari')
    await addOrganisation('regional_office', 'Dinas Perindustrian Jawa Barat', async () => {
      await create.getByLabel('Provinsi').selectOption('32')
      await create.getByLabel('Kabupaten/kota').selectOption('32.04')
    })
    await addOrganisation('embassy', 'KBRI Tokyo', async () => {
      await create.getByLabel(/Kode negara/).fill('jp')
    })
    const table = page.getByRole('region', { name: 'Daftar organisasi' }).getByRole('table')
    await table.getByRole('row').filter({ hasText: 'Dinas Perindustrian Jawa Barat' }).filter({ hasText: 'Jawa Barat' }).waitFor()
    await table.getByRole('row').filter({ hasText: 'KBRI Tokyo' }).filter({ hasText: 'JP' }).waitFor()
    await checkAccessibility(page, 'organisations with rows')
    await screenshot(page, 'organisations')

    await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: 'Pengguna' }).click()
    await heading(page, 'Pengguna')
    await checkAccessibility(page, 'users')
    const invite = page.getByRole('region', { name: 'Undang pengguna' })
    async function inviteUser(person: { email: string; name: string }, role: string, organisation: string): Promise<string> {
      await invite.getByLabel('Email').fill(person.email)
      await invite.getByLabel('Nama lengkap').fill(person.name)
      await invite.getByLabel('Peran').selectOption(role)
      await invite.getByLabel('Organisasi').selectOption({ label: organisation })
      await invite.getByRole('button', { name: 'Buat undangan' }).click()
      await page.getByTestId('invitation-created').filter({ hasText: person.email }).waitFor()
      const link = await invite.getByLabel('Tautan undangan').inputValue()
      expect(link).toMatch(/\/invite#token=/)
      return server.local(link)
    }
    bankLink = await inviteUser(BANKER, 'bank_officer', 'Bank Mitra Usaha')
    await checkAccessibility(page, 'users with a new invitation link')
    ownerLink = await inviteUser(OWNER, 'firm_owner', 'CV Batik Sari')
    const pending = page.getByRole('region', { name: 'Daftar undangan tertunda' })
    await pending.getByRole('row').filter({ hasText: BANKER.email }).waitFor()
    await pending.getByRole('row').filter({ hasText: OWNER.email }).waitFor()
    await screenshot(page, 'users')
  })

  test('a bank officer accepts the invitation in a fresh browser, enrols, and manages API tokens', async () => {
    const { page } = await tab()
    await visit(page, bankLink, 'Terima undangan', 'invite (bank officer)')
    await page.getByText(BANKER.email).waitFor()
    await page.getByText('Bank Mitra Usaha').waitFor()
    await page.getByLabel('Kata sandi baru').fill(BANKER.password)
    await page.getByLabel('Ulangi kata sandi').fill(BANKER.password)
    await page.getByRole('button', { name: 'Buat akun' }).click()

    await page.waitForURL('**/enrol')
    await heading(page, 'Daftarkan aplikasi autentikator')
    const secret = (await page.getByTestId('totp-secret').getAttribute('data-secret')) ?? ''
    await page.getByLabel('Kode 6 angka').fill(await freshTotp(secret))
    await page.getByRole('button', { name: 'Konfirmasi' }).click()
    await heading(page, `Selamat datang, ${BANKER.name}`)
    expect(await navLinks(page)).toEqual(['Beranda', 'Token API'])

    await page.getByRole('link', { name: 'Token API' }).first().click()
    await heading(page, 'Token API')
    await checkAccessibility(page, 'tokens')
    await page.getByLabel('Nama token').fill('Sistem kredit')
    await page.getByRole('button', { name: 'Buat token' }).click()
    const created = page.getByTestId('token-created')
    await created.waitFor()
    expect(await created.getByLabel('Token').inputValue()).not.toBe('')
    await page.getByRole('region', { name: 'Daftar token API' }).getByRole('row').filter({ hasText: 'Sistem kredit' }).waitFor()
    await checkAccessibility(page, 'tokens with a new token')
    await screenshot(page, 'tokens')

    await page.goto('/admin/users')
    await heading(page, 'Tidak diizinkan')
  })

  test('a firm owner sees only their own pages, is refused admin pages, switches language and signs out', async () => {
    const { page } = await tab()
    await visit(page, ownerLink, 'Terima undangan', 'invite (firm owner)')
    await page.getByLabel('Kata sandi baru').fill(OWNER.password)
    await page.getByLabel('Ulangi kata sandi').fill(OWNER.password)
    await page.getByRole('button', { name: 'Buat akun' }).click()
    // Firm owners need no second factor: straight to the home page.
    await heading(page, `Selamat datang, ${OWNER.name}`)
    expect(await navLinks(page)).toEqual(['Beranda', 'Data IKM', 'Sentra', 'Survei dampak', 'Lokapasar'])

    await visit(page, '/admin/users', 'Tidak diizinkan', 'not allowed')
    expect(await page.getByText('Anda tidak diizinkan membuka halaman ini').count()).toBe(1)
    await visit(page, '/audit', 'Tidak diizinkan', 'not allowed (audit)')
    await visit(page, '/halaman-yang-tidak-ada', 'Halaman tidak ditemukan', 'not found')

    await visit(page, '/profile', 'Profil', 'profile')
    await page.getByRole('button', { name: 'Ganti kata sandi' }).click()
    await page.getByRole('alert').filter({ hasText: 'Isian ini wajib diisi.' }).waitFor()
    await page.getByLabel('Kata sandi saat ini').fill('bukan kata sandi yang benar')
    await page.getByLabel('Kata sandi baru', { exact: true }).fill('kata sandi baru yang panjang 7')
    await page.getByLabel('Ulangi kata sandi baru').fill('kata sandi baru yang panjang 7')
    await page.getByRole('button', { name: 'Ganti kata sandi' }).click()
    await page.getByRole('alert').filter({ hasText: 'Kata sandi saat ini salah.' }).waitFor()
    await checkAccessibility(page, 'profile with a server error')

    // English, remembered across reloads, sent to the API (its error messages come back in English).
    await page.getByRole('group', { name: /Bahasa/ }).getByRole('button', { name: 'EN' }).click()
    await heading(page, 'Profile')
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    await page.reload()
    await heading(page, 'Profile')
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    await page.getByLabel('Current password').fill('bukan kata sandi yang benar')
    await page.getByLabel('New password', { exact: true }).fill('kata sandi baru yang panjang 7')
    await page.getByLabel('Repeat new password').fill('kata sandi baru yang panjang 7')
    await page.getByRole('button', { name: 'Change password' }).click()
    await page.getByRole('alert').filter({ hasText: 'Current password is wrong.' }).waitFor()
    await checkAccessibility(page, 'profile (English)')
    await screenshot(page, 'profile-en')
    await page.getByRole('group', { name: /Language/ }).getByRole('button', { name: 'ID' }).click()
    await heading(page, 'Profil')

    await page.getByRole('button', { name: /Menu pengguna/ }).click()
    await page.getByRole('button', { name: 'Keluar' }).click()
    await page.waitForURL('**/login')
    await page.getByText('Anda telah keluar.').waitFor()

    // A protected page sends an anonymous visitor to sign in, and back afterwards.
    await page.goto('/profile')
    await page.waitForURL('**/login?next=%2Fprofile')
    await page.getByLabel('Email').fill(OWNER.email)
    await page.getByLabel('Kata sandi', { exact: true }).fill('salah sekali kata sandinya')
    await page.getByRole('button', { name: 'Masuk' }).click()
    await page.getByRole('alert').filter({ hasText: 'Email atau kata sandi salah.' }).waitFor()
    await checkAccessibility(page, 'login with an error')
    await page.getByLabel('Kata sandi', { exact: true }).fill(OWNER.password)
    await page.getByRole('button', { name: 'Masuk' }).click()
    await page.waitForURL('**/profile')
    await heading(page, 'Profil')
  })

  test('the administrator signs in again with a code and reads the audit log', async () => {
    const { page } = await tab()
    await page.goto('/admin/users')
    await page.waitForURL('**/login?next=%2Fadmin%2Fusers')
    await heading(page, 'Masuk')
    await checkAccessibility(page, 'login')
    await screenshot(page, 'login')
    await page.getByLabel('Email').fill(ADMIN.email)
    await page.getByLabel('Kata sandi', { exact: true }).fill(ADMIN.password)
    await page.getByRole('button', { name: 'Masuk' }).click()

    await heading(page, 'Kode autentikator')
    await page.getByLabel('Kode 6 angka').fill('12')
    await page.getByRole('button', { name: 'Verifikasi' }).click()
    await page.getByRole('alert').filter({ hasText: 'Masukkan tepat 6 angka.' }).waitFor()
    await checkAccessibility(page, 'login code step')
    await page.getByLabel('Kode 6 angka').fill(await freshTotp(adminSecret))
    await page.getByRole('button', { name: 'Verifikasi' }).click()
    await page.waitForURL('**/admin/users')
    await heading(page, 'Pengguna')

    const users = page.getByRole('region', { name: 'Daftar pengguna' })
    const ownerRow = users.getByRole('row').filter({ hasText: OWNER.email })
    await ownerRow.waitFor()
    await ownerRow.getByRole('button', { name: `Nonaktifkan: ${OWNER.name}` }).click()
    await ownerRow.getByRole('button', { name: 'Ya' }).click()
    await ownerRow.getByText('Nonaktif', { exact: true }).waitFor()
    await checkAccessibility(page, 'users after disabling one')

    await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: 'Log audit' }).click()
    await heading(page, 'Log audit')
    const entries = page.getByRole('region', { name: 'Entri log audit' })
    const acceptance = entries.getByRole('row').filter({ hasText: 'invitation.accepted' }).first()
    await acceptance.waitFor()
    await acceptance.getByRole('button', { name: /Rincian/ }).click()
    await entries.getByRole('rowheader', { name: 'email' }).first().waitFor()
    await checkAccessibility(page, 'audit with details open')
    await screenshot(page, 'audit')

    await page.getByLabel('Tindakan').fill('user.updated')
    await page.getByRole('button', { name: 'Cari' }).click()
    await entries.getByRole('row').filter({ hasText: 'invitation.accepted' }).first().waitFor({ state: 'detached' })
  })

  test('at 360 px the layout fits the screen and the navigation folds into a menu button', async () => {
    const { page } = await tab({ width: 360, height: 740 })
    await page.goto('/login')
    await page.getByLabel('Email').fill(OWNER.email)
    await page.getByLabel('Kata sandi', { exact: true }).fill(OWNER.password)
    await page.getByRole('button', { name: 'Masuk' }).click()
    // The firm owner was disabled in the previous journey and can no longer sign in.
    await page.getByRole('alert').waitFor()
    await page.goto('/login')
    await page.getByLabel('Email').fill(ADMIN.email)
    await page.getByLabel('Kata sandi', { exact: true }).fill(ADMIN.password)
    await page.getByRole('button', { name: 'Masuk' }).click()
    await heading(page, 'Kode autentikator')
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0)
    await screenshot(page, 'login-code')
    await page.getByLabel('Kode 6 angka').fill(await freshTotp(adminSecret))
    await page.getByRole('button', { name: 'Verifikasi' }).click()
    await heading(page, `Selamat datang, ${ADMIN.name}`)

    const menu = page.getByRole('button', { name: 'Menu', exact: true })
    const nav = page.getByRole('navigation', { name: 'Navigasi utama' })
    expect(await nav.isVisible()).toBe(false)
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0)
    await checkAccessibility(page, 'home at 360 px')
    await screenshot(page, 'home-admin')
    await menu.click()
    expect(await menu.getAttribute('aria-expanded')).toBe('true')
    expect(await nav.getByRole('button', { name: 'Keluar' }).isVisible()).toBe(true)
    await checkAccessibility(page, 'home at 360 px with the menu open')
    await screenshot(page, 'home-menu-open')
    await nav.getByRole('link', { name: 'Pengguna' }).click()
    await heading(page, 'Pengguna')
    expect(await nav.isVisible()).toBe(false)
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0)
    await checkAccessibility(page, 'users at 360 px')
    await screenshot(page, 'users')
    for (const [path, title] of [
      ['/admin/organisations', 'Organisasi'],
      ['/audit', 'Log audit'],
      ['/profile', 'Profil'],
    ] as const) {
      await page.goto(path)
      await heading(page, title)
      await screenshot(page, path.replace(/\W+/g, '-').replace(/^-/, ''))
      expect(await horizontalOverflow(page), `${path}: ${await widestElements(page)}`).toBeLessThanOrEqual(0)
    }
  })
})
