// The national dashboard in a real browser against the real server: an officer sees the firms
// assessed and the median, a map of 38 named provinces, a figure listing exactly the firms behind
// it, a province click filtering, working XLSX/PDF downloads; a regional officer sees only their
// province; the programme candidates page; every page checked with axe; 360 px fits.
import fs from 'node:fs'
import crypto from 'node:crypto'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startPulih, type PulihServer } from './support/server.ts'
import { checkAccessibility, chromiumAvailable, horizontalOverflow, launchBrowser, openTab, widestElements, type Tab } from './support/browser.ts'
import { TestClient } from '../test/app.ts'
import { tokenOf, acceptAndEnrol, heading, signIn } from './support/journeys.ts'

const ADMIN = { email: 'admin@kemenperin.go.id', name: 'Ratna Admin', password: 'Pulih-setup-2020-kuat!' }
const OFFICER = { email: 'budi@kemenperin.go.id', name: 'Budi Petugas', password: 'petugas nasional ikm 2020 kuat' }
const WEST_JAVA = { email: 'asep@disperin.jabarprov.go.id', name: 'Asep Dinas Jabar', password: 'dinas perindustrian jabar 32' }

const FIRMS = [
  { name: 'Batik Cirebon Jaya', regencyCode: '32.09', kbliMain: '13134', reference: 6_000_000 },
  { name: 'Kerajinan Bambu Tasik', regencyCode: '32.06', kbliMain: '16291', reference: 16_000_000 },
  { name: 'Mebel Jepara Indah', regencyCode: '33.20', kbliMain: '31001', reference: 2_000_000 },
]

const answers = (reference: number) => ({
  baselineTurnoverIdr: 20_000_000,
  referenceTurnoverIdr: reference,
  channels: ['offline'],
  workersBefore: 10,
  workersWorking: 6,
  sentHomePaid: 1,
  sentHomePartlyPaid: 0,
  sentHomeUnpaid: 2,
  laidOff: 1,
  materials: [{ material: 'Kain mori', unit: 'meter', neededPerMonth: 500, obtained: 200, cause: 'import_disruption' }],
  exports: [],
  needs: ['financing', 'raw_materials', 'marketing'],
})

/** The headline card's value (reloading until the rollup worker has applied the responses). */
async function cardValue(page: Page, figure: string, expected: string) {
  for (let i = 0; i < 20; i++) {
    const text = (await page.locator(`[data-figure="${figure}"] .figure-value`).innerText().catch(() => '')).trim()
    if (text === expected) return
    await page.waitForTimeout(500)
    await page.reload()
    await heading(page, 'Dasbor nasional')
  }
  expect((await page.locator(`[data-figure="${figure}"] .figure-value`).innerText()).trim()).toBe(expected)
}

async function download(page: Page, name: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()])
  return fs.readFileSync((await file.path())!)
}

describe.skipIf(!chromiumAvailable)('national dashboard in the browser', () => {
  let server: PulihServer
  let browser: Browser
  const tabs: Tab[] = []
  const secrets = { officer: '', westJava: '' }
  const firmIds: Record<string, string> = {}

  beforeAll(async () => {
    server = await startPulih()
    browser = await launchBrowser()
    const admin = new TestClient(server.app)
    await acceptAndEnrol(admin, { token: tokenOf(await server.setupLink()), email: ADMIN.email, name: ADMIN.name, password: ADMIN.password })
    const ministry = (await admin.get('/api/organisations?kind=ministry')).json().items[0]
    const office = await admin.post('/api/organisations', { kind: 'regional_office', name: 'Dinas Perindustrian Jawa Barat', provinceCode: '32' })
    expect(office.statusCode, office.body).toBe(201)
    async function invite(person: { email: string; name: string; password: string }, role: string, organisationId: string) {
      const created = await admin.post('/api/invitations', { email: person.email, name: person.name, role, organisationId })
      expect(created.statusCode, created.body).toBe(201)
      const client = new TestClient(server.app)
      const secret = await acceptAndEnrol(client, { token: tokenOf(created.json().link), password: person.password })
      return { secret, client }
    }
    const officer = await invite(OFFICER, 'officer', ministry.id)
    secrets.officer = officer.secret
    secrets.westJava = (await invite(WEST_JAVA, 'regional_officer', office.json().id)).secret
    const api = officer.client
    const round = await api.post('/api/rounds', { name: 'Survei April 2020', referenceMonth: '2020-04', opensOn: '2020-05-01', closesOn: '2099-12-31' })
    expect(round.statusCode, round.body).toBe(201)
    for (const firm of FIRMS) {
      const created = await api.post('/api/firms', { name: firm.name, regencyCode: firm.regencyCode, kbliMain: firm.kbliMain, workersTotal: 12, investmentIdr: 300_000_000 })
      expect(created.statusCode, created.body).toBe(201)
      firmIds[firm.name] = created.json().id
      const submitted = await api.post(`/api/rounds/${round.json().id}/responses`, { submissionId: crypto.randomUUID(), firmId: created.json().id, answers: answers(firm.reference) })
      expect(submitted.statusCode, submitted.body).toBe(201)
    }
  }, 120_000)

  afterAll(async () => {
    for (const opened of tabs) await opened.context.close().catch(() => undefined)
    await browser?.close()
    await server?.close()
    for (const opened of tabs) expect(opened.errors, 'errors logged by the page').toEqual([])
  })

  test('an officer sees the figures, the map, the firms behind a figure, a province filter and the downloads', async () => {
    const opened = await openTab(browser, server.url)
    tabs.push(opened)
    const { page } = opened
    await signIn(page, OFFICER, secrets.officer)
    await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: 'Dasbor nasional' }).click()
    await heading(page, 'Dasbor nasional')
    await cardValue(page, 'assessed', '3')
    // Drops of 70 %, 20 % and 90 %: the median change is −70 %.
    await cardValue(page, 'median', '-70 %')

    const provinces = page.getByRole('group', { name: /Peta 38 provinsi/ }).getByRole('button')
    await expect.poll(() => provinces.count()).toBe(38)
    const names = await provinces.evaluateAll((paths) => paths.map((p) => p.getAttribute('aria-label') ?? ''))
    expect(names.every((n) => /^.+: .+$/.test(n))).toBe(true)
    expect(names).toContain('Jawa Tengah: -90 %')
    await checkAccessibility(page, 'dashboard (national)')

    // The drop ≥ 50 % figure lists exactly its firms.
    await page.locator('[data-figure="drop50"] a').click()
    await heading(page, 'IKM dengan omzet turun 50 % atau lebih')
    const list = page.getByRole('region', { name: 'Daftar IKM di balik angka' })
    await list.getByRole('link', { name: 'Mebel Jepara Indah' }).waitFor()
    expect((await list.locator('tbody tr td:first-child a').allInnerTexts()).sort()).toEqual(['Batik Cirebon Jaya', 'Mebel Jepara Indah'])
    await checkAccessibility(page, 'dashboard drill-down')
    await list.getByRole('link', { name: 'Batik Cirebon Jaya' }).click()
    await heading(page, 'Batik Cirebon Jaya')
    await page.goBack()
    await page.getByRole('link', { name: /Kembali ke dasbor/ }).click()
    await heading(page, 'Dasbor nasional')

    // A province click filters the dashboard (and the URL).
    await page.getByRole('button', { name: /^Jawa Barat: / }).click()
    await page.waitForURL(/province=32/)
    await cardValue(page, 'assessed', '2')
    await page.getByRole('heading', { name: 'Per kabupaten/kota' }).waitFor()
    await checkAccessibility(page, 'dashboard (Jawa Barat)')

    const xlsx = await download(page, 'Unduh XLSX')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx as unknown as ArrayBuffer)
    const figures = new Map<string, unknown>()
    workbook.getWorksheet('Ringkasan')!.eachRow((row) => figures.set(String(row.getCell(1).value), row.getCell(2).value))
    expect(figures.get('IKM yang disurvei')).toBe(2)
    const pdf = await download(page, 'Unduh ringkasan PDF')
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF')

    await page.goto('/triage?programme=financing')
    await heading(page, 'Kandidat program')
    await page.getByRole('region', { name: 'Kandidat Pembiayaan' }).getByRole('link', { name: 'Mebel Jepara Indah' }).waitFor()
    await page.getByText(/omzet turun 90 %/).first().waitFor()
    await checkAccessibility(page, 'triage')
  })

  test('a regional officer sees only their province; the dashboard fits 360 px', async () => {
    const opened = await openTab(browser, server.url, { width: 360, height: 800 })
    tabs.push(opened)
    const { page } = opened
    await signIn(page, WEST_JAVA, secrets.westJava)
    await page.goto('/dashboard')
    await heading(page, 'Dasbor nasional')
    await cardValue(page, 'assessed', '2')
    await page.getByText('Anda melihat wilayah kerja Anda: Jawa Barat.').waitFor()
    expect(await page.getByLabel('Provinsi', { exact: true }).isDisabled()).toBe(true)
    const areas = await page.locator('.table-wrap[aria-label="Per provinsi"] tbody tr td:first-child').allInnerTexts()
    expect(areas).toEqual(['Jawa Barat'])
    await page.locator('[data-figure="assessed"] a').click()
    await heading(page, 'IKM yang disurvei')
    const list = page.getByRole('region', { name: 'Daftar IKM di balik angka' })
    await list.getByRole('link', { name: 'Batik Cirebon Jaya' }).waitFor()
    expect((await list.locator('tbody tr td:first-child a').allInnerTexts()).sort()).toEqual(['Batik Cirebon Jaya', 'Kerajinan Bambu Tasik'])
    await page.goBack()
    await heading(page, 'Dasbor nasional')
    await page.getByRole('group', { name: /Peta 38 provinsi/ }).waitFor()
    expect(await horizontalOverflow(page), await widestElements(page)).toBe(0)
    await checkAccessibility(page, 'dashboard at 360 px (regional)')
  })
})
