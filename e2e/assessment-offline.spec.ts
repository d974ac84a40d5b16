// The impact survey on a phone without a connection, in a real browser against the real server:
// an officer opens the form for two firms while online, loses the connection, enters a field
// error (shown in Bahasa Indonesia at entry), submits two responses that wait on the device,
// reloads the page offline and still sees them queued, comes back online and sees them sent;
// each response exists exactly once as version 1, and sending the same submissions again (as
// after a lost answer) stores nothing new. Pages are checked with axe and fit 360 px.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startPulih, type PulihServer } from './support/server.ts'
import { checkAccessibility, chromiumAvailable, horizontalOverflow, launchBrowser, openTab, screenshot, widestElements, type Tab } from './support/browser.ts'
import { TestClient } from '../test/app.ts'
import { acceptAndEnrol, heading, signIn } from './support/journeys.ts'

const ADMIN = { email: 'admin@kemenperin.go.id', name: 'Ratna Admin', password: 'Pulih-setup-2020-kuat!' }
const OFFICER = { email: 'budi@kemenperin.go.id', name: 'Budi Petugas', password: 'petugas nasional ikm 2020 kuat' }
const FIRM_A = 'Batik Tulis Lestari'
const FIRM_B = 'Tenun Ikat Troso'
const PHONE = { width: 360, height: 800 }

const tokenOf = (link: string) => new URLSearchParams(new URL(link).hash.slice(1)).get('token') ?? ''

async function fits(page: Page, label: string) {
  expect(await horizontalOverflow(page), `${label}: ${await widestElements(page)}`).toBe(0)
}

function outbox(page: Page) {
  return page.getByRole('region', { name: 'Kiriman di perangkat ini' })
}

/** The outbox row of a firm. */
function outboxRow(page: Page, firm: string) {
  return outbox(page).getByRole('listitem').filter({ hasText: firm })
}

async function fillAnswers(page: Page, values: { baseline: string; reference: string; before: string; working: string }) {
  await page.getByLabel('Omzet per bulan sebelum krisis (Rp)').fill(values.baseline)
  await page.getByLabel(/Omzet pada bulan acuan/).fill(values.reference)
  await page.getByLabel('Tenaga kerja sebelum krisis').fill(values.before)
  await page.getByLabel('Masih bekerja').fill(values.working)
  await page.getByLabel('Dirumahkan, tidak dibayar').fill('2')
  await page.getByLabel('Diberhentikan (PHK)').fill('1')
  await page.getByRole('checkbox', { name: 'Marketplace' }).check()
  await page.getByRole('button', { name: 'Tambah: Pembiayaan' }).click()
  await page.getByRole('button', { name: 'Tambah: Bahan baku' }).click()
  await page.getByRole('button', { name: 'Naikkan Bahan baku' }).click()
}

describe.skipIf(!chromiumAvailable)('impact survey offline in the browser', () => {
  let server: PulihServer
  let browser: Browser
  let officer: Tab
  let secret = ''
  let roundId = ''
  let apiClient: TestClient
  const firmIds: Record<string, string> = {}

  beforeAll(async () => {
    server = await startPulih()
    browser = await launchBrowser()
    const admin = new TestClient(server.app)
    await acceptAndEnrol(admin, { token: tokenOf(await server.setupLink()), email: ADMIN.email, name: ADMIN.name, password: ADMIN.password })
    const ministry = (await admin.get('/api/organisations?kind=ministry')).json().items[0]
    const invited = await admin.post('/api/invitations', { email: OFFICER.email, name: OFFICER.name, role: 'officer', organisationId: ministry.id })
    expect(invited.statusCode, invited.body).toBe(201)
    const api = new TestClient(server.app)
    apiClient = api
    secret = await acceptAndEnrol(api, { token: tokenOf(invited.json().link), password: OFFICER.password })
    const round = await api.post('/api/rounds', { name: 'Survei Dampak April 2020', referenceMonth: '2020-04', opensOn: '2020-05-01', closesOn: '2099-12-31' })
    expect(round.statusCode, round.body).toBe(201)
    roundId = round.json().id
    for (const [name, regencyCode] of [[FIRM_A, '32.04'], [FIRM_B, '33.20']]) {
      const firm = await api.post('/api/firms', { name, regencyCode, kbliMain: '13134', workersTotal: 10 })
      expect(firm.statusCode, firm.body).toBe(201)
      firmIds[name] = firm.json().id
    }
  })

  afterAll(async () => {
    await officer?.context.close().catch(() => undefined)
    await browser?.close()
    await server?.close()
    expect(officer?.errors ?? [], 'errors logged by the page').toEqual([])
  })

  async function responsesOf(firmId: string) {
    const responses = await server.db.selectFrom('survey_responses').select(['id', 'version']).where('firm_id', '=', firmId).execute()
    const versions = await server.db
      .selectFrom('survey_response_versions')
      .select('version')
      .where('response_id', 'in', responses.length ? responses.map((r) => r.id) : ['00000000-0000-0000-0000-000000000000'])
      .execute()
    return { responses, versions: versions.map((v) => v.version) }
  }

  test('an officer opens the forms online, then enters two responses offline that are sent exactly once', async () => {
    officer = await openTab(browser, server.url, PHONE)
    const { page, context } = officer
    await signIn(page, OFFICER, secret)

    await page.getByRole('button', { name: 'Menu' }).click()
    await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: 'Survei dampak' }).click()
    await heading(page, 'Survei dampak')
    await page.getByRole('region', { name: 'Putaran survei' }).getByText('Survei Dampak April 2020').waitFor()
    await checkAccessibility(page, 'rounds')
    await screenshot(page, 'survey-rounds')
    await fits(page, 'rounds')

    // Open both forms while online, so that the device keeps what they need.
    for (const [firm, word] of [[FIRM_A, 'Batik'], [FIRM_B, 'Tenun']]) {
      await page.getByRole('searchbox', { name: 'Cari IKM' }).fill(word)
      await page.getByRole('button', { name: 'Cari', exact: true }).click()
      await page.getByRole('link', { name: `Isi survei untuk ${firm}` }).first().click()
      await heading(page, `Survei dampak: ${firm}`)
      await page.getByText('Mode: dibantu petugas').waitFor()
      await page.getByText('Belum ada jawaban untuk usaha ini pada putaran ini.').waitFor()
      if (firm === FIRM_A) {
        await checkAccessibility(page, 'response form')
        await screenshot(page, 'survey-form')
        await fits(page, 'response form')
        await page.getByRole('link', { name: 'Kembali ke daftar survei' }).click()
        await heading(page, 'Survei dampak')
      }
    }
    // The service worker keeps the app shell: it controls the page once installed.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 })
    const shell = await page.evaluate(async () => {
      const names = (await caches.keys()).filter((name) => name.startsWith('pulih-shell-'))
      const urls = (await Promise.all(names.map(async (name) => (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname)))).flat()
      return { names, urls }
    })
    expect(shell.names).toHaveLength(1)
    expect(shell.urls).toContain('/index.html')
    expect(shell.urls.some((url) => url.startsWith('/api/')), 'no API answer is cached').toBe(false)

    await context.setOffline(true)
    // A field error at entry: more workers accounted for than before the crisis.
    await fillAnswers(page, { baseline: '20.000.000', reference: '8.000.000', before: '10', working: '12' })
    const working = page.getByLabel('Masih bekerja')
    await expect.poll(() => working.getAttribute('aria-invalid')).toBe('true')
    await page.getByText('Tenaga kerja yang masih bekerja, dirumahkan, dan di-PHK (15) melebihi tenaga kerja sebelum krisis (10).').waitFor()
    await page.getByRole('button', { name: 'Kirim jawaban' }).click()
    await page.getByText('Periksa isian yang ditandai.').waitFor()
    await checkAccessibility(page, 'response form with a field error')
    await working.fill('6')
    await page.getByText('Perubahan penjualan: -60 %').waitFor()
    await page.getByRole('button', { name: 'Kirim jawaban' }).click()
    await outboxRow(page, FIRM_B).getByText('Menunggu dikirim').waitFor()

    // The other firm's form, opened offline (the app shell and its data come from the device).
    await page.goto(`/rounds/${roundId}/respond/${firmIds[FIRM_A]}`)
    await heading(page, `Survei dampak: ${FIRM_A}`)
    await page.getByText('Anda sedang luring. Jawaban disimpan di perangkat ini dan dikirim otomatis saat tersambung.').first().waitFor()
    await fillAnswers(page, { baseline: '1.500.000', reference: '750.000', before: '8', working: '5' })
    await page.getByRole('button', { name: 'Kirim jawaban' }).click()
    await outboxRow(page, FIRM_A).getByText('Menunggu dikirim').waitFor()
    await outboxRow(page, FIRM_B).getByText('Menunggu dikirim').waitFor()

    // A reload without a connection keeps both on the device.
    await page.reload()
    await heading(page, `Survei dampak: ${FIRM_A}`)
    await outboxRow(page, FIRM_A).getByText('Menunggu dikirim').waitFor()
    await outboxRow(page, FIRM_B).getByText('Menunggu dikirim').waitFor()
    expect(await page.getByLabel('Omzet per bulan sebelum krisis (Rp)').inputValue()).toBe('1.500.000')
    await checkAccessibility(page, 'response form offline with queued submissions')
    await fits(page, 'response form offline')
    expect((await responsesOf(firmIds[FIRM_A])).responses).toEqual([])

    // Back online: both are sent, once each.
    await context.setOffline(false)
    await outboxRow(page, FIRM_A).getByText('Terkirim (versi 1)').waitFor({ timeout: 20_000 })
    await outboxRow(page, FIRM_B).getByText('Terkirim (versi 1)').waitFor({ timeout: 20_000 })
    for (const firm of [FIRM_A, FIRM_B]) {
      const stored = await responsesOf(firmIds[firm])
      expect(stored.responses.map((r) => r.version), firm).toEqual([1])
      expect(stored.versions, firm).toEqual([1])
    }
    const b = (await apiClient.get(`/api/rounds/${roundId}/responses/${firmIds[FIRM_B]}`)).json()
    expect(b.mode).toBe('assisted')
    expect(b.answers).toMatchObject({ baselineTurnoverIdr: 20_000_000, workersWorking: 6, needs: ['raw_materials', 'financing'], channels: ['marketplace'] })
  })

  test('sending the same submissions again (an answer lost on the way) stores nothing new', async () => {
    const { page } = officer
    // As if the server's answers had been lost: the device still holds both as waiting.
    const ids: string[] = await page.evaluate(
      () =>
        new Promise<string[]>((resolve, reject) => {
          const open = indexedDB.open('pulih-offline')
          open.onerror = () => reject(open.error)
          open.onsuccess = () => {
            const store = open.result.transaction('outbox', 'readwrite').objectStore('outbox')
            const all = store.getAll()
            all.onsuccess = () => {
              for (const item of all.result) store.put({ ...item, state: 'waiting', version: undefined, outcome: undefined })
              resolve(all.result.map((item: { submissionId: string }) => item.submissionId))
            }
          }
        }),
    )
    expect(ids).toHaveLength(2)
    // The app sends what waits when it starts.
    await page.reload()
    await heading(page, `Survei dampak: ${FIRM_A}`)
    await outboxRow(page, FIRM_A).getByText('Terkirim (versi 1)').waitFor({ timeout: 20_000 })
    await outboxRow(page, FIRM_B).getByText('Terkirim (versi 1)').waitFor({ timeout: 20_000 })
    const outcomes = await page.evaluate(
      () =>
        new Promise<string[]>((resolve) => {
          const open = indexedDB.open('pulih-offline')
          open.onsuccess = () => {
            const all = open.result.transaction('outbox').objectStore('outbox').getAll()
            all.onsuccess = () => resolve(all.result.map((item: { outcome: string }) => item.outcome))
          }
        }),
    )
    expect(outcomes).toEqual(['replayed', 'replayed'])
    for (const firm of [FIRM_A, FIRM_B]) {
      const stored = await responsesOf(firmIds[firm])
      expect(stored.responses.map((r) => r.version), firm).toEqual([1])
      expect(stored.versions, firm).toEqual([1])
    }
    // The version history of the response, online.
    await page.getByRole('region', { name: 'Riwayat versi' }).getByRole('cell', { name: 'Budi Petugas' }).waitFor()
  })
})
