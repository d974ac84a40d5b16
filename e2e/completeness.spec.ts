// Survey completeness in a real browser against the real server: an officer opens the completeness
// of a round, sees how many firms answered per province, the firms that did not, and sends them a
// reminder; the delivery worker writes the e-mail as an .eml file; the firm owner signs in, sees the
// bell's unread count and the reminder, and opens it. Every page visited is checked with axe.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser } from 'playwright-core'
import { startPulih, type PulihServer } from './support/server.ts'
import { checkAccessibility, chromiumAvailable, horizontalOverflow, launchBrowser, openTab, screenshot, widestElements, type Tab } from './support/browser.ts'
import { TestClient } from '../test/app.ts'
import { parseEml } from '../server/platform/outbox/index.ts'
import { tokenOf, acceptAndEnrol, heading, signIn } from './support/journeys.ts'

const ADMIN = { email: 'admin@kemenperin.go.id', name: 'Ratna Admin', password: 'Pulih-setup-2020-kuat!' }
const OFFICER = { email: 'budi@kemenperin.go.id', name: 'Budi Petugas', password: 'petugas nasional ikm 2020 kuat' }
const OWNER = { email: 'ani@keripikbuani.id', name: 'Ani Lestari', password: 'keripik tempe renyah gurih 7' }
const ROUND = 'Survei April 2020'

const answers = {
  baselineTurnoverIdr: 20_000_000,
  referenceTurnoverIdr: 8_000_000,
  channels: ['offline'],
  workersBefore: 10,
  workersWorking: 6,
  sentHomePaid: 1,
  sentHomePartlyPaid: 0,
  sentHomeUnpaid: 2,
  laidOff: 1,
  materials: [],
  exports: [],
  needs: ['financing'],
}

describe.skipIf(!chromiumAvailable)('survey completeness and reminders in the browser', () => {
  let server: PulihServer
  let browser: Browser
  const tabs: Tab[] = []
  let officerSecret = ''
  let roundId = ''
  let ownFirmId = ''

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

    const round = await officer.post('/api/rounds', { name: ROUND, referenceMonth: '2020-04', opensOn: '2020-05-01', closesOn: '2099-12-31' })
    expect(round.statusCode, round.body).toBe(201)
    roundId = round.json().id

    // The owner registers their own firm (so it has an account to remind); two more firms are recorded
    // by the officer, and one of those answers.
    const registered = await new TestClient(server.app).post('/api/registrations', {
      account: { email: OWNER.email, name: OWNER.name, password: OWNER.password },
      firm: { name: 'Keripik Tempe Bu Ani', regencyCode: '32.73' },
    })
    expect(registered.statusCode, registered.body).toBe(201)
    ownFirmId = registered.json().firm.id
    const answered = await officer.post('/api/firms', { name: 'Batik Cirebon Jaya', regencyCode: '32.09' })
    expect(answered.statusCode, answered.body).toBe(201)
    const submitted = await officer.post(`/api/rounds/${roundId}/responses`, { submissionId: crypto.randomUUID(), firmId: answered.json().id, answers })
    expect(submitted.statusCode, submitted.body).toBe(201)
    const silent = await officer.post('/api/firms', { name: 'Mebel Jepara Indah', regencyCode: '33.20' })
    expect(silent.statusCode, silent.body).toBe(201)
  }, 180_000)

  afterAll(async () => {
    for (const tab of tabs) await tab.context.close()
    await browser?.close()
    await server?.close()
  })

  test('an officer sees who answered and reminds the others; the owner sees the reminder', async () => {
    const officerTab = await openTab(browser, server.url)
    tabs.push(officerTab)
    const page = officerTab.page
    await signIn(page, OFFICER, officerSecret)
    await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: 'Kelengkapan survei' }).click()
    await heading(page, 'Kelengkapan survei')
    await page.getByText('1 dari 3 usaha sudah mengisi (33,3%).').waitFor()
    const provinces = page.getByRole('region', { name: 'Per provinsi' }).getByRole('table')
    await expect.poll(() => provinces.locator('tbody tr').count()).toBe(2)
    const westJava = provinces.locator('tbody tr').filter({ hasText: '32' }).first()
    expect((await westJava.locator('td').allInnerTexts()).slice(1)).toEqual(['2', '1', '1', '50%'])
    const firms = page.getByRole('region', { name: 'Usaha yang belum mengisi' }).getByRole('table')
    await expect.poll(async () => (await firms.locator('tbody tr td:first-child').allInnerTexts()).map((s) => s.trim())).toEqual([
      'Keripik Tempe Bu Ani',
      'Mebel Jepara Indah',
    ])
    await checkAccessibility(page, 'completeness')
    await screenshot(page, 'completeness')

    // Drill down into West Java: per regency.
    await westJava.getByRole('link').click()
    await page.getByRole('region', { name: 'Per kabupaten/kota' }).waitFor()
    await expect.poll(async () => (await firms.locator('tbody tr td:first-child').allInnerTexts()).map((s) => s.trim())).toEqual(['Keripik Tempe Bu Ani'])
    await page.getByLabel('Provinsi').selectOption('')
    await page.getByRole('region', { name: 'Per provinsi' }).waitFor()

    await page.getByRole('button', { name: 'Kirim pengingat ke 2 usaha yang belum mengisi' }).click()
    await page.getByRole('button', { name: 'Ya' }).click()
    await page.getByText('Pengingat dikirim ke 1 usaha: 1 notifikasi dan 1 email. 0 usaha dilewati', { exact: false }).waitFor()
    await expect.poll(async () => (await firms.locator('tbody tr').first().locator('td').last().innerText()).trim()).not.toBe('Belum pernah')
    expect(officerTab.errors).toEqual([])

    // The delivery worker writes the e-mail for an operator to open.
    const outbox = path.join(server.config.dataDir, 'outbox')
    await expect
      .poll(() => (fs.existsSync(outbox) ? fs.readdirSync(outbox).filter((f) => f.endsWith('.eml')) : []), { timeout: 20_000, interval: 500 })
      .toHaveLength(1)
    const eml = parseEml(fs.readFileSync(path.join(outbox, fs.readdirSync(outbox).find((f) => f.endsWith('.eml'))!), 'utf8'))
    expect(eml.headers.to).toBe(OWNER.email)
    expect(eml.headers.subject).toBe(`Pengingat survei dampak: ${ROUND}`)
    expect(eml.text).toContain(`${server.url}/rounds/${roundId}/respond/${ownFirmId}`)

    // The owner sees the reminder behind the bell and opens it.
    const ownerTab = await openTab(browser, server.url, { width: 360, height: 800 })
    tabs.push(ownerTab)
    const owner = ownerTab.page
    await signIn(owner, OWNER, null)
    await owner.getByRole('link', { name: 'Notifikasi, 1 belum dibaca' }).click()
    await heading(owner, 'Notifikasi')
    await owner.getByRole('heading', { level: 2, name: `Pengingat: isi survei "${ROUND}"` }).waitFor()
    await owner.getByText(`Keripik Tempe Bu Ani belum mengisi survei dampak dan kebutuhan "${ROUND}"`, { exact: false }).waitFor()
    await checkAccessibility(owner, 'notifications')
    await screenshot(owner, 'notifications')
    expect(await horizontalOverflow(owner), await widestElements(owner)).toBe(0)
    await owner.getByRole('link', { name: 'Buka' }).click()
    await owner.waitForURL(`**/rounds/${roundId}/respond/${ownFirmId}`)
    await owner.getByRole('link', { name: 'Notifikasi' }).waitFor()
    expect(ownerTab.errors).toEqual([])
  })
})
