// Journeys of duplicate firms in a real browser against the real server: an officer sees the
// proposed pairs best first with their reasons, marks one pair distinct, merges the other taking
// fields from the merged firm, finds the result on the survivor's profile and in the firm list,
// then reverts the merge from the history; a regional officer of another province sees only its
// own pairs; an administrator has no duplicates page; the pages fit 360 px. Every page is
// checked with axe. Pairs are found by a background worker, so the pages are reloaded until
// they appear.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startPulih, type PulihServer } from './support/server.ts'
import { checkAccessibility, chromiumAvailable, horizontalOverflow, launchBrowser, openTab, screenshot, widestElements, type Tab } from './support/browser.ts'
import { TestClient } from '../test/app.ts'
import { tokenOf, acceptAndEnrol, heading, signIn } from './support/journeys.ts'

const ADMIN = { email: 'admin@kemenperin.go.id', name: 'Ratna Admin', password: 'Pulih-setup-2020-kuat!' }
const OFFICER = { email: 'budi@kemenperin.go.id', name: 'Budi Petugas', password: 'petugas nasional ikm 2020 kuat' }
const EAST_JAVA = { email: 'wati@disperin.jatimprov.go.id', name: 'Wati Dinas Jatim', password: 'dinas perindustrian jatim 35' }

// Two records of one batik workshop in Kabupaten Bandung (a trailing full stop apart).
const SEKAR = {
  name: 'CV Batik Sekar Arum',
  legalForm: 'cv',
  nib: '9120001111111',
  regencyCode: '32.04',
  address: 'Jl. Cigondewah Kaler 12',
  workersTotal: 12,
  workersWomen: 9,
  owner: { name: 'Siti Rahayu', nik: '3204015505850001', phone: '0812-3456-7890' },
}
const SEKAR_DOT = {
  name: 'CV Batik Sekar Arum.',
  legalForm: 'cv',
  regencyCode: '32.04',
  address: 'Kampung Batik Cigondewah RT 02/05',
  workersTotal: 15,
  workersWomen: 14,
  owner: { name: 'Siti Rahayu', nik: '3204014107920004' },
}
// One owner with two firms in two regencies: proposed for the shared NIK, but really two firms.
const GERABAH = {
  name: 'UD Gerabah Sumber Rejeki',
  legalForm: 'ud',
  regencyCode: '32.04',
  owner: { name: 'Bambang Suryono', nik: '3204011208800003' },
}
const ANYAMAN = {
  name: 'Kerajinan Anyaman Rejeki Jaya',
  legalForm: 'perorangan',
  regencyCode: '32.73',
  owner: { name: 'Bambang Suryono', nik: '3204011208800003' },
}
// A pair in East Java (Sidoarjo), the regional officer's own.
const INTAKO = { name: 'UD Tas Kulit Intako', legalForm: 'ud', regencyCode: '35.15' }
const INTAKO_DOT = { name: 'UD. Tas Kulit Intako', legalForm: 'ud', regencyCode: '35.15' }

function nav(page: Page) {
  return page.getByRole('navigation', { name: 'Navigasi utama' })
}

/** The proposed pair whose text holds `name` (exact: a firm name, not a longer one). */
function pair(page: Page, name: string) {
  return page.getByRole('article').filter({ has: page.getByRole('link', { name, exact: true }) })
}

/** The headings of the proposed pairs in page order, each with the names of its firms. */
async function pairsShown(page: Page): Promise<string[][]> {
  return page
    .getByRole('article')
    .evaluateAll((articles) => articles.map((article) => [...article.querySelectorAll('h4 a')].map((link) => link.textContent ?? '').sort()))
}

/** Reloads the list until the pair of `name` is proposed (the finder runs in the background). */
async function waitForPair(page: Page, name: string) {
  const deadline = Date.now() + 20_000
  while ((await pair(page, name).count()) === 0) {
    if (Date.now() > deadline) throw new Error(`no pair with ${name} after 20 s: ${JSON.stringify(await pairsShown(page))}`)
    await page.waitForTimeout(750)
    await page.getByRole('button', { name: 'Muat ulang' }).click()
    await page.getByRole('button', { name: 'Muat ulang' }).and(page.locator(':enabled')).waitFor()
  }
}

function firmsTable(page: Page) {
  return page.getByRole('region', { name: 'Daftar IKM' }).getByRole('table')
}

async function tableNames(page: Page): Promise<string[]> {
  return (await firmsTable(page).locator('tbody tr td:first-child a').allInnerTexts()).map((name) => name.trim())
}

/** Accepts an invitation over the API and enrols an authenticator (see registry.spec.ts). */
describe.skipIf(!chromiumAvailable)('duplicate firms in the browser', () => {
  let server: PulihServer
  let browser: Browser
  const tabs: Tab[] = []
  let officer: Tab
  let officerApi: TestClient
  const secrets = { admin: '', officer: '', eastJava: '' }
  const ids: Record<string, string> = {}

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
    const ministry = (await admin.get('/api/organisations?kind=ministry')).json().items[0]
    const eastJavaOffice = await admin.post('/api/organisations', { kind: 'regional_office', name: 'Dinas Perindustrian Jawa Timur', provinceCode: '35' })
    expect(eastJavaOffice.statusCode, eastJavaOffice.body).toBe(201)
    async function invite(person: { email: string; name: string; password: string }, role: string, organisationId: string) {
      const created = await admin.post('/api/invitations', { email: person.email, name: person.name, role, organisationId })
      expect(created.statusCode, created.body).toBe(201)
      const client = new TestClient(server.app)
      return { client, secret: await acceptAndEnrol(client, { token: tokenOf(created.json().link), password: person.password }) }
    }
    const budi = await invite(OFFICER, 'officer', ministry.id)
    secrets.officer = budi.secret
    officerApi = budi.client
    secrets.eastJava = (await invite(EAST_JAVA, 'regional_officer', eastJavaOffice.json().id)).secret

    // The firms, recorded by the national officer as offices would send them (oldest first).
    await officerApi.fetchCsrf()
    for (const firm of [SEKAR, SEKAR_DOT, GERABAH, ANYAMAN, INTAKO, INTAKO_DOT]) {
      const created = await officerApi.post('/api/firms', firm)
      expect(created.statusCode, created.body).toBe(201)
      ids[firm.name] = created.json().id
    }
  })

  afterAll(async () => {
    for (const opened of tabs) await opened.context.close().catch(() => undefined)
    await browser?.close()
    await server?.close()
    for (const opened of tabs) expect(opened.errors, 'errors logged by the page').toEqual([])
  })

  test('an officer sees the proposed pairs best first, with their reasons and both firms side by side', async () => {
    officer = await tab()
    const { page } = officer
    await signIn(page, OFFICER, secrets.officer)
    await nav(page).getByRole('link', { name: 'Duplikat' }).click()
    await heading(page, 'Duplikat data IKM')
    await waitForPair(page, SEKAR.name)
    await waitForPair(page, GERABAH.name)
    await waitForPair(page, INTAKO.name)
    await checkAccessibility(page, 'duplicates')
    await screenshot(page, 'duplicates')

    const shown = await pairsShown(page)
    expect(shown).toHaveLength(3)
    expect(shown).toContainEqual([SEKAR.name, SEKAR_DOT.name])
    expect(shown).toContainEqual([ANYAMAN.name, GERABAH.name])
    expect(shown).toContainEqual([INTAKO.name, INTAKO_DOT.name])
    // The NIK pair scores 70 %, below the two near-identical names.
    expect(shown[2]).toEqual([ANYAMAN.name, GERABAH.name])
    await page.getByText('3 pasangan, skor tertinggi lebih dulu.').waitFor()

    const sekar = pair(page, SEKAR.name)
    await sekar.getByRole('heading', { level: 3, name: /^Pasangan [12]: skor (9\d|100)%$/ }).waitFor()
    await sekar.getByText(/^Nama mirip \((9\d|100)%\) di kabupaten\/kota yang sama$/).waitFor()
    expect(await sekar.getByText('NIK pemilik sama').count()).toBe(0)
    await sekar.getByText(SEKAR.nib).waitFor()
    await sekar.getByText('3204**********01').waitFor()
    await expect.poll(() => sekar.getByText('Kabupaten Bandung', { exact: true }).count()).toBe(2)
    expect(await sekar.getByText('Dicatat oleh petugas').count()).toBe(2)
    expect(await sekar.getByText('Belum diverifikasi').count()).toBe(2)

    const gerabah = pair(page, GERABAH.name)
    await gerabah.getByRole('heading', { level: 3, name: 'Pasangan 3: skor 70%' }).waitFor()
    await gerabah.getByText('NIK pemilik sama', { exact: true }).waitFor()
    expect(await gerabah.getByText('3204**********03').count()).toBe(2)
    await gerabah.getByText('Kota Bandung', { exact: true }).waitFor()

    // Filters: West Java only, then a minimum score above the NIK pair's.
    await page.getByLabel('Provinsi').selectOption('32')
    await page.waitForURL(/province=32/)
    await expect.poll(() => pairsShown(page)).toHaveLength(2)
    expect(await pair(page, INTAKO.name).count()).toBe(0)
    await page.getByLabel('Skor minimal').selectOption('80')
    await page.waitForURL(/minScore=80/)
    await expect.poll(() => pairsShown(page)).toEqual([[SEKAR.name, SEKAR_DOT.name]])
    await checkAccessibility(page, 'duplicates filtered')
    await page.getByRole('button', { name: 'Atur ulang' }).click()
    await expect.poll(() => pairsShown(page)).toHaveLength(3)
  })

  test('the officer marks the pair of one owner\'s two firms as distinct, and it is not proposed again', async () => {
    const { page } = officer
    const gerabah = pair(page, GERABAH.name)
    await gerabah.getByRole('button', { name: /^Tandai .* sebagai usaha berbeda$/ }).click()
    await gerabah.getByLabel('Catatan (opsional)').fill('Pemilik sama, tetapi usaha gerabah dan anyaman yang terpisah.')
    await checkAccessibility(page, 'duplicates with the distinct form open')
    await gerabah.getByRole('button', { name: 'Simpan sebagai usaha berbeda' }).click()
    await page.getByRole('status').filter({ hasText: 'ditandai sebagai usaha berbeda dan tidak diusulkan lagi' }).waitFor()
    expect(await pair(page, GERABAH.name).count()).toBe(0)
    expect(await pairsShown(page)).toHaveLength(2)

    await page.reload()
    await heading(page, 'Duplikat data IKM')
    await pair(page, SEKAR.name).waitFor()
    expect(await pair(page, GERABAH.name).count()).toBe(0)
    // Deciding twice answers 409.
    const again = await officerApi.post('/api/firms/duplicates/decisions', { firmA: ids[GERABAH.name], firmB: ids[ANYAMAN.name], decision: 'distinct' })
    expect(again.statusCode).toBe(409)
  })

  test('the officer merges the batik pair field by field and finds the result on the survivor', async () => {
    const { page } = officer
    await pair(page, SEKAR.name).getByRole('link', { name: /^Bandingkan dan gabungkan/ }).click()
    await heading(page, 'Bandingkan dan gabungkan')
    await page.getByText(/^Diusulkan karena: Nama mirip/).waitFor()
    await checkAccessibility(page, 'compare and merge')

    // The firm recorded first (with the NIB) survives by default; choose it explicitly anyway.
    const survivor = page.getByRole('radio', { name: new RegExp(`^Usaha [AB]: ${SEKAR.name} \\(dicatat`) })
    expect(await survivor.isChecked()).toBe(true)
    await survivor.check()
    const table = page.getByRole('region', { name: 'Perbandingan isian' })
    // Defaults: the survivor's values, or the only one filled in (the NIB is the survivor's).
    expect(await table.getByRole('radio', { name: new RegExp(`^NIB dari Usaha [AB]: ${SEKAR.nib}$`) }).isChecked()).toBe(true)
    expect(await table.getByRole('radio', { name: /^Alamat dari Usaha [AB]: Jl\. Cigondewah Kaler 12$/ }).isChecked()).toBe(true)
    const summary = page.getByTestId('merge-summary')
    await summary.getByText(`"${SEKAR_DOT.name}" akan digabungkan ke "${SEKAR.name}"`, { exact: false }).waitFor()
    await summary.getByText(`Tidak ada isian "${SEKAR.name}" yang berubah.`).waitFor()

    await table.getByRole('radio', { name: /^Alamat dari Usaha [AB]: Kampung Batik Cigondewah RT 02\/05$/ }).check()
    // 14 women of the survivor's 12 workers cannot be: the merge waits for a consistent choice.
    await table.getByRole('radio', { name: /^Tenaga kerja perempuan dari Usaha [AB]: 14$/ }).check()
    await page.getByRole('alert').filter({ hasText: 'Tenaga kerja perempuan yang dipilih (14) melebihi jumlah tenaga kerja yang dipilih (12)' }).waitFor()
    const confirm = page.getByRole('button', { name: `Gabungkan "${SEKAR_DOT.name}" ke "${SEKAR.name}"` })
    expect(await confirm.isDisabled()).toBe(true)
    await table.getByRole('radio', { name: /^Jumlah tenaga kerja dari Usaha [AB]: 15$/ }).check()
    expect(await page.getByRole('alert').count()).toBe(0)
    await summary.getByText('Alamat: Jl. Cigondewah Kaler 12 → Kampung Batik Cigondewah RT 02/05').waitFor()
    await summary.getByText('Jumlah tenaga kerja: 12 → 15').waitFor()
    await summary.getByText('Tenaga kerja perempuan: 9 → 14').waitFor()
    await checkAccessibility(page, 'compare and merge with choices')
    await screenshot(page, 'merge')

    await confirm.click()
    await heading(page, 'Penggabungan selesai')
    await page.getByRole('status').filter({ hasText: `"${SEKAR_DOT.name}" telah digabungkan ke "${SEKAR.name}".` }).waitFor()
    await page.getByText(`Isian yang diambil dari "${SEKAR_DOT.name}": Alamat, Jumlah tenaga kerja, Tenaga kerja perempuan.`).waitFor()
    await checkAccessibility(page, 'merge done')

    await page.getByRole('link', { name: `Buka profil ${SEKAR.name}` }).click()
    await heading(page, SEKAR.name)
    expect(new URL(page.url()).pathname).toBe(`/firms/${ids[SEKAR.name]}`)
    const profile = page.getByRole('region', { name: 'Profil usaha' })
    await profile.getByText('Kampung Batik Cigondewah RT 02/05').waitFor()
    await profile.getByText(SEKAR.nib).waitFor()
    expect(await profile.locator('dt:text-is("Jumlah tenaga kerja") + dd').innerText()).toBe('15')

    await nav(page).getByRole('link', { name: 'Data IKM' }).click()
    await heading(page, 'Data IKM')
    await firmsTable(page).getByRole('link', { name: SEKAR.name, exact: true }).waitFor()
    const names = await tableNames(page)
    expect(names).not.toContain(SEKAR_DOT.name)
    expect(names).toHaveLength(5)

    // The merged firm answers 404, and merging it again is refused.
    await page.goto(`/duplicates/compare/${ids[SEKAR.name]}/${ids[SEKAR_DOT.name]}`)
    await page.getByRole('alert').filter({ hasText: 'tidak ditemukan' }).waitFor()
    await page.getByText('mungkin sudah digabungkan').waitFor()
    await checkAccessibility(page, 'compare (not found)')

    await page.goto('/duplicates')
    await heading(page, 'Duplikat data IKM')
    await pair(page, INTAKO.name).waitFor()
    expect(await pair(page, SEKAR.name).count()).toBe(0)
  })

  test('the officer reverts the merge from the history and both firms are back', async () => {
    const { page } = officer
    await page.getByRole('link', { name: 'Riwayat penggabungan' }).click()
    await heading(page, 'Riwayat penggabungan')
    const table = page.getByRole('region', { name: 'Daftar penggabungan' }).getByRole('table')
    const row = table.getByRole('row').filter({ hasText: SEKAR_DOT.name })
    await row.waitFor()
    expect(await table.locator('tbody tr').count()).toBe(1)
    await row.getByText('Alamat, Jumlah tenaga kerja, Tenaga kerja perempuan').waitFor()
    await row.getByText(OFFICER.name).waitFor()
    await row.getByText('Berlaku').waitFor()
    await checkAccessibility(page, 'merge history')

    await row.getByRole('button', { name: `Batalkan penggabungan ${SEKAR_DOT.name} ke ${SEKAR.name}` }).click()
    await row.getByText('Yakin?').waitFor()
    await checkAccessibility(page, 'merge history confirming')
    await row.getByRole('button', { name: 'Ya' }).click()
    await page.getByRole('status').filter({ hasText: `Penggabungan "${SEKAR_DOT.name}" ke "${SEKAR.name}" dibatalkan` }).waitFor()
    await row.getByText('Dibatalkan').waitFor()
    await row.getByText(`oleh ${OFFICER.name}`, { exact: false }).waitFor()
    expect(await row.getByRole('button', { name: /Batalkan penggabungan/ }).count()).toBe(0)
    await checkAccessibility(page, 'merge history reverted')
    await screenshot(page, 'merges')

    // Reverting twice answers 409.
    const merges = (await officerApi.get('/api/firms/merges')).json().items
    expect((await officerApi.post(`/api/firms/merges/${merges[0].id}/revert`, {})).statusCode).toBe(409)

    await row.getByRole('link', { name: SEKAR_DOT.name }).click()
    await heading(page, SEKAR_DOT.name)
    await page.getByText('Kampung Batik Cigondewah RT 02/05').waitFor()
    await page.goto(`/firms/${ids[SEKAR.name]}`)
    await heading(page, SEKAR.name)
    await page.getByRole('region', { name: 'Profil usaha' }).getByText(SEKAR.address).waitFor()

    await nav(page).getByRole('link', { name: 'Data IKM' }).click()
    await heading(page, 'Data IKM')
    await firmsTable(page).getByRole('link', { name: SEKAR_DOT.name, exact: true }).waitFor()
    expect((await tableNames(page)).sort()).toEqual([SEKAR, SEKAR_DOT, GERABAH, ANYAMAN, INTAKO, INTAKO_DOT].map((firm) => firm.name).sort())
  })

  test('a regional officer of another province sees only its own pairs', async () => {
    // The reverted pair is proposed again, nationally.
    await expect
      .poll(
        async () =>
          ((await officerApi.get('/api/firms/duplicates')).json().items as Array<{ firmA: { name: string } }>).some((item) =>
            item.firmA.name.startsWith(SEKAR.name),
          ),
        { timeout: 20_000, interval: 500 },
      )
      .toBe(true)

    const { page } = await tab()
    await signIn(page, EAST_JAVA, secrets.eastJava)
    await nav(page).getByRole('link', { name: 'Duplikat' }).click()
    await heading(page, 'Duplikat data IKM')
    await waitForPair(page, INTAKO.name)
    expect(await pairsShown(page)).toEqual([[INTAKO.name, INTAKO_DOT.name]])
    // Only their own province to choose.
    expect(await page.getByLabel('Provinsi').locator('option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value))).toEqual(['', '35'])
    await checkAccessibility(page, 'duplicates (regional officer)')

    await page.goto('/duplicates?province=32')
    await heading(page, 'Duplikat data IKM')
    await page.getByText('Tidak ada pasangan duplikat untuk saringan ini.').waitFor()
    expect(await pairsShown(page)).toEqual([])

    await page.goto(`/duplicates/compare/${ids[SEKAR.name]}/${ids[SEKAR_DOT.name]}`)
    await page.getByRole('alert').filter({ hasText: 'tidak ditemukan' }).waitFor()
    await page.goto('/duplicates/merges')
    await heading(page, 'Riwayat penggabungan')
    await page.getByText('Belum ada penggabungan.').waitFor()
    await checkAccessibility(page, 'merge history (regional officer)')
  })

  test('an administrator has no duplicates page', async () => {
    const { page } = await tab()
    await signIn(page, ADMIN, secrets.admin)
    await nav(page).getByRole('link', { name: 'Pengguna' }).waitFor()
    expect(await nav(page).getByRole('link', { name: 'Duplikat' }).count()).toBe(0)
    await page.goto('/duplicates')
    expect(await page.getByRole('heading', { level: 1, name: 'Duplikat data IKM' }).count()).toBe(0)
  })

  test('at 360 px the duplicates, compare and history pages fit the screen', async () => {
    const { page } = officer
    await page.setViewportSize({ width: 360, height: 800 })
    await page.goto('/duplicates')
    await heading(page, 'Duplikat data IKM')
    await waitForPair(page, SEKAR.name)
    expect(await horizontalOverflow(page), await widestElements(page)).toBe(0)
    await checkAccessibility(page, 'duplicates at 360 px')
    await screenshot(page, 'duplicates')
    await pair(page, SEKAR.name).getByRole('link', { name: /^Bandingkan dan gabungkan/ }).click()
    await heading(page, 'Bandingkan dan gabungkan')
    expect(await horizontalOverflow(page), await widestElements(page)).toBe(0)
    await checkAccessibility(page, 'compare at 360 px')
    await screenshot(page, 'merge')
    await page.goto('/duplicates/merges')
    await heading(page, 'Riwayat penggabungan')
    expect(await horizontalOverflow(page), await widestElements(page)).toBe(0)
    await page.setViewportSize({ width: 1280, height: 900 })
  })
})
