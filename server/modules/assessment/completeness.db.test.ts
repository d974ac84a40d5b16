// Survey completeness and reminders on a real database: counts per province and regency, the
// non-respondent list, regional scope, reminders through the outbox (once per 24 hours), and the
// delivery worker writing real .eml files and retrying failures.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, type TestClient, type TestUser } from '../../../test/app.ts'
import { deliverDueEmails, enqueueEmails, fileTransport, MAX_ATTEMPTS, outboxDirOf, parseEml, PermanentMailError, type MailTransport } from '../../../server/platform/outbox/index.ts'
import { maskEmail } from './completeness.ts'

let t: TestApp
let officer: TestClient
let dataDir: string
let roundId: string
const firms: Record<string, { id: string; owner?: TestUser }> = {}

const day = (offset: number) => new Date(Date.now() + 7 * 3600_000 + offset * 86400_000).toISOString().slice(0, 10)

async function addFirm(key: string, regency: string, options: { owner?: boolean; answered?: boolean; merged?: boolean } = {}) {
  let owner: TestUser | undefined
  if (options.owner) owner = await t.createUser('firm_owner', { email: `owner.${key.toLowerCase()}@contoh.co.id`, organisation: { provinceCode: regency.slice(0, 2), regencyCode: regency } })
  const { id } = await t.db
    .insertInto('firms')
    .values({
      name: `IKM ${key}`,
      nib: String(1_000_000_000_000 + Object.keys(firms).length),
      province_code: regency.slice(0, 2),
      regency_code: regency,
      source: 'officer',
      organisation_id: owner?.organisationId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await t.db
    .insertInto('firm_owners')
    .values({ firm_id: id, name: `Pemilik ${key}`, phone_enc: 'x', phone_hash: crypto.randomBytes(32), phone_masked: '+62812*****890', email: `pemilik.${key.toLowerCase()}@contoh.co.id` })
    .execute()
  firms[key] = { id, owner }
  if (options.answered) await answer(id, regency)
  return id
}

async function answer(firmId: string, regency: string, round = roundId) {
  await t.db
    .insertInto('survey_responses')
    .values({
      round_id: round,
      firm_id: firmId,
      mode: 'assisted',
      province_code: regency.slice(0, 2),
      regency_code: regency,
      kbli_division: '--',
      size_class: 'unknown',
      baseline_turnover_idr: 1000,
      reference_turnover_idr: 500,
      workers_before: 3,
      workers_working: 3,
    })
    .execute()
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulih-completeness-'))
  t = await createTestApp({ dataDir, publicUrl: 'https://pulih.example.go.id', rateLimit: { apiPerMinute: 100_000, loginPerMinute: 100_000 } })
  officer = (await t.signInAs('officer')).client
  roundId = (
    await t.db
      .insertInto('survey_rounds')
      .values({ name: 'Survei dampak April 2026', reference_month: '2026-04-01', opens_on: day(-1), closes_on: day(30), province_codes: ['32', '33'] })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id
  // Province 32: Kab. Bandung 3 firms (1 answered), Kota Bandung 2 firms (1 answered) + 1 merged.
  await addFirm('A1', '32.04', { owner: true })
  await addFirm('A2', '32.04', { answered: true })
  await addFirm('A3', '32.04')
  await addFirm('B1', '32.73', { owner: true })
  await addFirm('B2', '32.73', { answered: true })
  const merged = await addFirm('B3', '32.73')
  await t.db.updateTable('firms').set({ merged_into: firms.B1.id }).where('id', '=', merged).execute()
  // Province 33: Kota Semarang 2 firms, none answered.
  await addFirm('C1', '33.74', { owner: true })
  await addFirm('C2', '33.74')
  // Province 35 is not asked by the round.
  await addFirm('D1', '35.78', { owner: true })
}, 120_000)

afterAll(async () => {
  await t.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('completeness', () => {
  it('counts the firms the round asks and those that answered, per province and regency', async () => {
    const national = await officer.get(`/api/rounds/${roundId}/completeness`)
    expect(national.statusCode).toBe(200)
    const body = national.json()
    expect(body).toMatchObject({ firms: 7, answered: 2, notAnswered: 5, ratePct: 28.6, byRegency: null })
    expect(body.byProvince).toEqual([
      { code: '32', name: expect.any(String), firms: 5, answered: 2, notAnswered: 3, ratePct: 40 },
      { code: '33', name: expect.any(String), firms: 2, answered: 0, notAnswered: 2, ratePct: 0 },
    ])
    const province = (await officer.get(`/api/rounds/${roundId}/completeness?province=32`)).json()
    expect(province.byRegency.map((r: { code: string; firms: number; answered: number; ratePct: number }) => [r.code, r.firms, r.answered, r.ratePct])).toEqual([
      ['32.04', 3, 1, 33.3],
      ['32.73', 2, 1, 50],
    ])
    const regency = (await officer.get(`/api/rounds/${roundId}/completeness?regency=3273`)).json()
    expect(regency).toMatchObject({ filter: { provinceCode: '32', regencyCode: '32.73' }, firms: 2, answered: 1 })
    expect((await officer.get(`/api/rounds/${roundId}/completeness?province=35`)).statusCode).toBe(404)
    expect((await officer.get(`/api/rounds/${crypto.randomUUID()}/completeness`)).statusCode).toBe(404)
    expect((await officer.get(`/api/rounds/${roundId}/completeness?province=33&regency=32.04`)).json().code).toBe('FILTER_REGENCY_OUTSIDE_PROVINCE')
  })

  it('lists the firms that did not answer: no respondents, merged or out-of-round firms; owner contact masked; keyset pages', async () => {
    const all = (await officer.get(`/api/rounds/${roundId}/non-respondents`)).json()
    expect(all.items.map((f: { name: string }) => f.name)).toEqual(['IKM A1', 'IKM A3', 'IKM B1', 'IKM C1', 'IKM C2'])
    expect(all.nextCursor).toBeNull()
    const a1 = all.items[0]
    expect(a1).toMatchObject({
      firmId: firms.A1.id,
      nib: expect.stringMatching(/^\d{13}$/),
      provinceCode: '32',
      regencyCode: '32.04',
      regencyName: expect.any(String),
      owner: { name: 'Pemilik A1', phoneMasked: '+62812*****890', emailMasked: 'pe********@contoh.co.id' },
      hasAccount: true,
      lastRemindedAt: null,
    })
    expect(all.items[1].hasAccount).toBe(false)
    expect(JSON.stringify(all)).not.toContain('pemilik.a1@')

    const names: string[] = []
    let cursor: string | null = null
    do {
      const page: { items: Array<{ name: string }>; nextCursor: string | null } = (
        await officer.get(`/api/rounds/${roundId}/non-respondents?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json()
      expect(page.items.length).toBeLessThanOrEqual(2)
      names.push(...page.items.map((f) => f.name))
      cursor = page.nextCursor
    } while (cursor)
    expect(names).toEqual(['IKM A1', 'IKM A3', 'IKM B1', 'IKM C1', 'IKM C2'])

    const kotaBandung = (await officer.get(`/api/rounds/${roundId}/non-respondents?province=32&regency=32.73`)).json()
    expect(kotaBandung.items.map((f: { name: string }) => f.name)).toEqual(['IKM B1'])
    expect((await officer.get(`/api/rounds/${roundId}/non-respondents?cursor=bm9wZQ`)).json().code).toBe('CURSOR_INVALID')
  })

  it('shows a regional officer only their own province or regency', async () => {
    const { client: semarang } = await t.signInAs('regional_officer', { organisation: { provinceCode: '33' } })
    const counts = (await semarang.get(`/api/rounds/${roundId}/completeness`)).json()
    expect(counts).toMatchObject({ filter: { provinceCode: '33' }, firms: 2, answered: 0 })
    expect(counts.byProvince.map((r: { code: string }) => r.code)).toEqual(['33'])
    expect(counts.byRegency.map((r: { code: string }) => r.code)).toEqual(['33.74'])
    const other = await semarang.get(`/api/rounds/${roundId}/completeness?province=32`)
    expect(other.statusCode).toBe(403)
    expect(other.json().code).toBe('OUT_OF_REGION')
    expect((await semarang.get(`/api/rounds/${roundId}/non-respondents?regency=32.04`)).statusCode).toBe(403)
    const list = (await semarang.get(`/api/rounds/${roundId}/non-respondents`)).json()
    expect(list.items.map((f: { name: string }) => f.name)).toEqual(['IKM C1', 'IKM C2'])
    // Naming another province's firm reminds nobody.
    const remind = (await semarang.post(`/api/rounds/${roundId}/reminders`, { firmIds: [firms.A1.id] })).json()
    expect(remind).toMatchObject({ firms: 0, reminded: 0, notified: 0, emailed: 0 })

    const { client: kotaBandung } = await t.signInAs('regional_officer', { organisation: { provinceCode: '32', regencyCode: '32.73' } })
    const regency = (await kotaBandung.get(`/api/rounds/${roundId}/completeness`)).json()
    expect(regency).toMatchObject({ firms: 2, answered: 1 })
    expect(regency.byRegency.map((r: { code: string }) => r.code)).toEqual(['32.73'])
    expect((await kotaBandung.get(`/api/rounds/${roundId}/completeness?regency=32.04`)).statusCode).toBe(403)
    const bandungList = (await kotaBandung.get(`/api/rounds/${roundId}/non-respondents`)).json()
    expect(bandungList.items.map((f: { name: string }) => f.name)).toEqual(['IKM B1'])

    // A round that does not ask the officer's province is not found.
    const { id: otherRound } = await t.db
      .insertInto('survey_rounds')
      .values({ name: 'Survei Jawa Timur', reference_month: '2026-04-01', opens_on: day(-1), closes_on: day(30), province_codes: ['35'] })
      .returning('id')
      .executeTakeFirstOrThrow()
    expect((await semarang.get(`/api/rounds/${otherRound}/completeness`)).statusCode).toBe(404)
  })

  it('refuses every other role', async () => {
    for (const role of ['admin', 'firm_owner', 'bank_officer', 'marketplace_partner'] as const) {
      const { client } = await t.signInAs(role)
      expect((await client.get(`/api/rounds/${roundId}/completeness`)).statusCode, role).toBe(403)
      expect((await client.get(`/api/rounds/${roundId}/non-respondents`)).statusCode, role).toBe(403)
      expect((await client.post(`/api/rounds/${roundId}/reminders`, {})).statusCode, role).toBe(403)
    }
    expect((await t.client().get(`/api/rounds/${roundId}/completeness`)).statusCode).toBe(401)
  })
})

describe('reminders', () => {
  it('notifies the owners of non-responding firms in-app and by e-mail once per 24 hours, audited', async () => {
    const first = await officer.post(`/api/rounds/${roundId}/reminders`, { province: '32' })
    expect(first.statusCode).toBe(200)
    // A1 and B1 have owner accounts; A3 has none.
    expect(first.json()).toEqual({ firms: 3, reminded: 2, notified: 2, emailed: 2, skipped: 0, withoutAccount: 1 })

    const mails = await t.db.selectFrom('email_outbox').selectAll().orderBy('to_address').execute()
    expect(mails.map((m) => [m.to_address, m.status, m.attempts])).toEqual([
      ['owner.a1@contoh.co.id', 'queued', 0],
      ['owner.b1@contoh.co.id', 'queued', 0],
    ])
    expect(mails[0].subject).toBe('Pengingat survei dampak: Survei dampak April 2026')
    expect(mails[0].body_text).toContain(`https://pulih.example.go.id/rounds/${roundId}/respond/${firms.A1.id}`)
    expect(mails[0].body_text).toContain('IKM A1')

    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'survey_round.reminders_sent').where('actor_role', '=', 'officer').execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ entity_id: roundId, actor_role: 'officer' })
    expect((audit[0].after as { remindedFirmIds: string[] }).remindedFirmIds.sort()).toEqual([firms.A1.id, firms.B1.id].sort())

    const again = (await officer.post(`/api/rounds/${roundId}/reminders`, { province: '32' })).json()
    expect(again).toEqual({ firms: 3, reminded: 0, notified: 0, emailed: 0, skipped: 2, withoutAccount: 1 })
    expect(await t.db.selectFrom('email_outbox').select('id').execute()).toHaveLength(2)
    expect(await t.db.selectFrom('notifications').select('id').execute()).toHaveLength(2)

    const listed = (await officer.get(`/api/rounds/${roundId}/non-respondents?regency=32.04`)).json()
    expect(listed.items.find((f: { firmId: string }) => f.firmId === firms.A1.id).lastRemindedAt).not.toBeNull()

    // After 24 hours the firm may be reminded again (a new notification and e-mail).
    await t.db.updateTable('survey_reminders').set({ reminded_at: new Date(Date.now() - 25 * 3600_000) }).where('firm_id', '=', firms.A1.id).execute()
    const later = (await officer.post(`/api/rounds/${roundId}/reminders`, { firmIds: [firms.A1.id, firms.B1.id, firms.A2.id] })).json()
    expect(later).toEqual({ firms: 2, reminded: 1, notified: 1, emailed: 1, skipped: 1, withoutAccount: 0 })
    expect((await t.db.selectFrom('survey_reminders').select('reminders').where('firm_id', '=', firms.A1.id).executeTakeFirstOrThrow()).reminders).toBe(2)
  })

  it('shows the owner the notification in their language and lets them mark it read', async () => {
    const owner = await t.signIn(firms.B1.owner!)
    const list = await owner.get('/api/notifications', { 'accept-language': 'en' })
    expect(list.statusCode).toBe(200)
    const body = list.json()
    expect(body.unreadCount).toBe(1)
    expect(body.items).toHaveLength(1)
    expect(body.items[0]).toMatchObject({
      kind: 'assessment.reminder',
      title: 'Reminder: answer the survey "Survei dampak April 2026"',
      link: `/rounds/${roundId}/respond/${firms.B1.id}`,
      readAt: null,
    })
    expect(body.items[0].body).toContain('IKM B1')
    const indonesian = (await owner.get('/api/notifications')).json()
    expect(indonesian.items[0].title).toBe('Pengingat: isi survei "Survei dampak April 2026"')

    // Nobody else sees or marks it.
    const stranger = await t.signIn(firms.C1.owner!)
    expect((await stranger.get('/api/notifications')).json()).toEqual({ items: [], unreadCount: 0, nextCursor: null })
    expect((await stranger.post(`/api/notifications/${body.items[0].id}/read`, {})).statusCode).toBe(404)

    const read = await owner.post(`/api/notifications/${body.items[0].id}/read`, {})
    expect(read.json()).toEqual({ unreadCount: 0, marked: 1 })
    const after = (await owner.get('/api/notifications')).json()
    expect(after.items[0].readAt).not.toBeNull()
    expect((await owner.get('/api/notifications?unread=true')).json().items).toEqual([])
  })

  it('pages notifications newest first and marks them all read', async () => {
    const owner = firms.C1.owner!
    await t.db
      .insertInto('notifications')
      .values(
        Array.from({ length: 5 }, (_, i) => ({
          user_id: owner.id,
          kind: 'test.note',
          title_code: 'NOTIFY_SURVEY_REMINDER_TITLE',
          body_code: 'NOTIFY_SURVEY_REMINDER_BODY',
          params: JSON.stringify({ round: `R${i}`, firm: 'IKM C1', closesOn: '2026-05-31' }),
          created_at: new Date(Date.now() - (5 - i) * 60_000),
        })),
      )
      .execute()
    const client = await t.signIn(owner)
    const titles: string[] = []
    let cursor: string | null = null
    do {
      const page: { items: Array<{ title: string }>; nextCursor: string | null; unreadCount: number } = (
        await client.get(`/api/notifications?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json()
      expect(page.unreadCount).toBe(5)
      titles.push(...page.items.map((n) => n.title))
      cursor = page.nextCursor
    } while (cursor)
    expect(titles.map((title) => /"(R\d)"/.exec(title)![1])).toEqual(['R4', 'R3', 'R2', 'R1', 'R0'])
    expect((await client.post('/api/notifications/read-all', {})).json()).toEqual({ unreadCount: 0, marked: 5 })
    expect((await client.get('/api/notifications')).json().unreadCount).toBe(0)
  })

  it('refuses reminders for a round that is not open', async () => {
    const { id } = await t.db
      .insertInto('survey_rounds')
      .values({ name: 'Survei lama', reference_month: '2026-01-01', opens_on: day(-60), closes_on: day(-30), province_codes: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    const response = await officer.post(`/api/rounds/${id}/reminders`, {})
    expect(response.statusCode).toBe(409)
    expect(response.json().code).toBe('REMINDER_ROUND_NOT_OPEN')
    expect((await officer.get(`/api/rounds/${id}/completeness`)).json()).toMatchObject({ firms: 8, answered: 0 })
  })

  it('queues nothing for a change that is rolled back', async () => {
    const before = (await t.db.selectFrom('email_outbox').select('id').execute()).length
    await expect(
      t.db.transaction().execute(async (trx) => {
        await enqueueEmails(trx, [{ to: 'x@contoh.id', subject: 'S', text: 'T' }])
        throw new Error('rolled back')
      }),
    ).rejects.toThrow('rolled back')
    expect(await t.db.selectFrom('email_outbox').select('id').execute()).toHaveLength(before)
  })
})

describe('e-mail delivery', () => {
  const from = 'Pulih <no-reply@pulih.example.go.id>'

  it('writes each queued e-mail as a real .eml file and marks it sent', async () => {
    const transport = fileTransport(outboxDirOf(t.config))
    const result = await deliverDueEmails(t.db, transport, { from })
    expect(result).toEqual({ sent: 3, retrying: 0, failed: 0 })
    const files = fs.readdirSync(path.join(dataDir, 'outbox')).filter((f) => f.endsWith('.eml'))
    expect(files).toHaveLength(3)
    const parsed = files.map((file) => parseEml(fs.readFileSync(path.join(dataDir, 'outbox', file), 'utf8')))
    expect(parsed.map((p) => p.headers.to).sort()).toEqual(['owner.a1@contoh.co.id', 'owner.a1@contoh.co.id', 'owner.b1@contoh.co.id'])
    for (const p of parsed) {
      expect(p.headers.subject).toBe('Pengingat survei dampak: Survei dampak April 2026')
      expect(p.headers.from).toBe('"Pulih" <no-reply@pulih.example.go.id>')
      expect(p.text).toMatch(/^Yth\. Test firm_owner \d+,\n\nIKM [AB]1 belum mengisi survei/)
    }
    const rows = await t.db.selectFrom('email_outbox').selectAll().execute()
    expect(rows.every((r) => r.status === 'sent' && r.sent_at !== null && r.attempts === 1 && r.message_id)).toBe(true)
    expect(parsed.map((p) => p.headers['message-id']).sort()).toEqual(rows.map((r) => `<${r.message_id}>`).sort())
    // Nothing is sent twice.
    expect(await deliverDueEmails(t.db, transport, { from })).toEqual({ sent: 0, retrying: 0, failed: 0 })
  })

  it('retries failures with growing delays, recording attempts, until they run out', async () => {
    await enqueueEmails(t.db, [{ to: 'retry@contoh.id', subject: 'Coba lagi', text: 'Isi', dedupeKey: 'test:retry' }])
    expect(await enqueueEmails(t.db, [{ to: 'retry@contoh.id', subject: 'Coba lagi', text: 'Isi', dedupeKey: 'test:retry' }])).toBe(0)
    let calls = 0
    const failing: MailTransport = {
      description: 'failing',
      send: async () => {
        calls++
        throw new Error('connection refused')
      },
    }
    const row = () => t.db.selectFrom('email_outbox').selectAll().where('dedupe_key', '=', 'test:retry').executeTakeFirstOrThrow()
    // Due from the database's now() (microseconds); a JavaScript Date of the same millisecond may be earlier.
    let now = new Date((await row()).next_attempt_at.getTime() + 1)
    expect(await deliverDueEmails(t.db, failing, { from, now })).toEqual({ sent: 0, retrying: 1, failed: 0 })
    let state = await row()
    expect(state).toMatchObject({ status: 'queued', attempts: 1, last_error: 'connection refused' })
    expect(state.next_attempt_at.getTime() - now.getTime()).toBe(30_000)
    // Not due yet: nothing happens.
    expect(await deliverDueEmails(t.db, failing, { from, now: new Date(now.getTime() + 10_000) })).toEqual({ sent: 0, retrying: 0, failed: 0 })
    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
      now = new Date(state.next_attempt_at.getTime() + 1)
      await deliverDueEmails(t.db, failing, { from, now })
      const next = await row()
      expect(next.attempts).toBe(attempt)
      if (attempt < MAX_ATTEMPTS) expect(next.next_attempt_at.getTime() - now.getTime()).toBe(30_000 * 2 ** (attempt - 1))
      state = next
    }
    expect(state.status).toBe('failed')
    expect(calls).toBe(MAX_ATTEMPTS)

    // A message that the server refuses for good is not retried; a later success clears the error.
    await enqueueEmails(t.db, [{ to: 'gone@contoh.id', subject: 'S', text: 'T', dedupeKey: 'test:gone' }, { to: 'ok@contoh.id', subject: 'S', text: 'T', dedupeKey: 'test:ok' }])
    const flaky: MailTransport = {
      description: 'flaky',
      send: async (message) => {
        if (message.to === 'gone@contoh.id') throw new PermanentMailError('550 no such user')
        if (calls++ % 2 === 0) throw new Error('451 busy')
      },
    }
    calls = 0
    now = new Date(Date.now() + 3600_000)
    expect(await deliverDueEmails(t.db, flaky, { from, now })).toEqual({ sent: 0, retrying: 1, failed: 1 })
    expect(await deliverDueEmails(t.db, flaky, { from, now: new Date(now.getTime() + 60_000) })).toEqual({ sent: 1, retrying: 0, failed: 0 })
    const ok = await t.db.selectFrom('email_outbox').selectAll().where('dedupe_key', '=', 'test:ok').executeTakeFirstOrThrow()
    expect(ok).toMatchObject({ status: 'sent', attempts: 2, last_error: null })
    const gone = await t.db.selectFrom('email_outbox').selectAll().where('dedupe_key', '=', 'test:gone').executeTakeFirstOrThrow()
    expect(gone).toMatchObject({ status: 'failed', attempts: 1, last_error: '550 no such user' })
  })
})

describe('maskEmail', () => {
  it('keeps the start of the local part and the domain', () => {
    expect(maskEmail('budi.santoso@mail.id')).toBe('bu**********@mail.id')
    expect(maskEmail('ab@x.id')).toBe('a*@x.id')
    expect(maskEmail('a@x.id')).toBe('a*@x.id')
  })
})
