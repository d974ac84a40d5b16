// Field workshops over the API against real PostgreSQL: the local zone per province, scoping of
// partners and regional officers, invitations with the ICS attached (outbox row and .eml),
// registrations up to capacity with a waiting list and promotion, the last seat under
// concurrency, changes and cancellation (SEQUENCE, METHOD:CANCEL), attendance → trained, outcomes.
import fs from 'node:fs'
import ICAL from 'ical.js'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, type TestClient } from '../../../../test/app.ts'
import { deliverDueEmails, fileTransport, outboxDirOf, parseEml, senderOf } from '../../../platform/outbox/index.ts'
import { shareFirmForTest, signInAsPartner } from '../test-fixtures.ts'

let t: TestApp
let officer: TestClient
let officerId: string
let jabar: TestClient
let jateng: TestClient
let shopee: TestClient
let tokopedia: TestClient
const firms: Record<string, string> = {}
const owners: Record<string, TestClient> = {}
const ownerEmails: Record<string, string> = {}

const plan = (overrides: Record<string, unknown> = {}) => ({
  marketplaceCode: 'shopee',
  title: 'Berjualan di Shopee untuk IKM tenun',
  description: 'Foto produk, harga, ongkos kirim; bawa 3 produk.',
  venue: 'Aula Dinas Perindustrian',
  address: 'Jl. Soreang No. 1',
  regencyCode: '32.04',
  date: '2031-03-10',
  startTime: '09:00',
  endTime: '12:00',
  capacity: 2,
  trainers: ['Rina Kartika', 'Dedi Supriadi'],
  ...overrides,
})

/** A firm in the regency with a signed-in owner (a firm organisation of its own). */
async function firmWithOwner(name: string, regencyCode = '32.04') {
  const id = (await officer.post('/api/firms', { name, regencyCode, kbliMain: '13134' })).json().id as string
  const province = regencyCode.slice(0, 2)
  const organisationId = await t.createOrganisation({ kind: 'firm', name: `Org ${name}`, provinceCode: province, regencyCode })
  await t.db.updateTable('firms').set({ organisation_id: organisationId }).where('id', '=', id).execute()
  const { client, user } = await t.signInAs('firm_owner', { organisationId })
  firms[name] = id
  owners[name] = client
  ownerEmails[name] = user.email
  return id
}

/** Moves a workshop into the past (time passing), for attendance. */
const startedAgo = async (id: string) =>
  sql`UPDATE marketplace_workshops SET starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour' WHERE id = ${id}`.execute(t.db)

beforeAll(async () => {
  t = await createTestApp({ rateLimit: { apiPerMinute: 100_000, loginPerMinute: 100_000 } })
  const signedIn = await t.signInAs('officer')
  officer = signedIn.client
  officerId = signedIn.user.id
  ;({ client: jabar } = await t.signInAs('regional_officer', { organisation: { provinceCode: '32' } }))
  ;({ client: jateng } = await t.signInAs('regional_officer', { organisation: { provinceCode: '33' } }))
  ;({ client: shopee } = await signInAsPartner(t, 'shopee'))
  ;({ client: tokopedia } = await signInAsPartner(t, 'tokopedia'))
  for (const name of ['Tenun Sari', 'Batik Ayu', 'Rajut Indah', 'Anyaman Jaya', 'Kulit Garut']) await firmWithOwner(name)
  await firmWithOwner('Mebel Jepara', '33.20')
  // Shared with Shopee (nominated + consent): all but Kulit Garut.
  for (const name of ['Tenun Sari', 'Batik Ayu', 'Rajut Indah', 'Anyaman Jaya']) {
    await shareFirmForTest(t, { firmId: firms[name], marketplaceCode: 'shopee', byUserId: officerId })
  }
}, 120_000)
afterAll(async () => t?.close())

describe('planning in local time', () => {
  it('takes the zone of the province: Jawa Barat WIB, Bali WITA, Papua WIT', async () => {
    const cases = [
      ['32.04', 'Asia/Jakarta', 'WIB', '2031-03-10T02:00:00.000Z'],
      ['51.71', 'Asia/Makassar', 'WITA', '2031-03-10T01:00:00.000Z'],
      ['91.71', 'Asia/Jayapura', 'WIT', '2031-03-10T00:00:00.000Z'],
    ] as const
    for (const [regencyCode, zone, label, instant] of cases) {
      const created = await officer.post('/api/workshops', plan({ regencyCode }))
      expect(created.statusCode, created.body).toBe(201)
      expect(created.json()).toMatchObject({ timeZone: zone, zoneLabel: label, startsAt: instant, localDate: '2031-03-10', localStart: '09:00', localEnd: '12:00', status: 'planned', sequence: 0 })
      const stored = await t.db.selectFrom('marketplace_workshops').select(['time_zone', 'starts_at']).where('id', '=', created.json().id).executeTakeFirstOrThrow()
      expect(stored.time_zone).toBe(zone)
      expect(stored.starts_at.toISOString()).toBe(instant)
    }
    const audit = await t.db.selectFrom('audit_log').select('action').where('action', '=', 'marketplace.workshop.plan').execute()
    expect(audit).toHaveLength(3)
  })

  it('refuses impossible times, an end before the start, unknown regencies and a closed marketplace', async () => {
    expect((await officer.post('/api/workshops', plan({ date: '2031-02-30' }))).json().code).toBe('WORKSHOP_TIME_INVALID')
    expect((await officer.post('/api/workshops', plan({ endTime: '08:00' }))).json().code).toBe('WORKSHOP_END_BEFORE_START')
    expect((await officer.post('/api/workshops', plan({ regencyCode: '32.99' }))).json().code).toBe('WORKSHOP_REGENCY_UNKNOWN')
    expect((await officer.post('/api/workshops', plan({ date: '2020-03-10' }))).json().code).toBe('WORKSHOP_IN_PAST')
    const closed = await officer.post('/api/workshops', plan({ marketplaceCode: 'bukalapak' }))
    expect(closed.statusCode).toBe(409)
    expect(closed.json().code).toBe('MARKETPLACE_CLOSED')
  })
})

describe('scope', () => {
  it('lets a partner plan only for its marketplace and see only its workshops', async () => {
    expect((await shopee.post('/api/workshops', plan({ marketplaceCode: 'tokopedia' }))).statusCode).toBe(403)
    const own = await shopee.post('/api/workshops', plan())
    expect(own.statusCode, own.body).toBe(201)
    const id = own.json().id
    expect((await tokopedia.get(`/api/workshops/${id}`)).statusCode).toBe(404)
    expect((await tokopedia.get(`/api/workshops/${id}/invite.ics`)).statusCode).toBe(404)
    const tokopediaList = (await tokopedia.get('/api/workshops')).json()
    expect(tokopediaList.items.map((w: { marketplaceCode: string }) => w.marketplaceCode)).not.toContain('shopee')
    const shopeeList = (await shopee.get('/api/workshops?marketplace=shopee')).json()
    expect(shopeeList.items.every((w: { marketplaceCode: string }) => w.marketplaceCode === 'shopee')).toBe(true)
    expect(shopeeList.items.find((w: { id: string }) => w.id === id)).toMatchObject({ canManage: true })
  })

  it('never lets a partner see or invite a firm not shared with it', async () => {
    const id = (await shopee.post('/api/workshops', plan())).json().id
    const invitable = (await shopee.get(`/api/workshops/${id}/invitable-firms`)).json().items.map((f: { firmName: string }) => f.firmName).sort()
    expect(invitable).toEqual(['Anyaman Jaya', 'Batik Ayu', 'Rajut Indah', 'Tenun Sari'])
    const invite = await shopee.post(`/api/workshops/${id}/invitations`, { firmIds: [firms['Kulit Garut'], firms['Tenun Sari']] })
    expect(invite.statusCode, invite.body).toBe(200)
    expect(invite.json()).toMatchObject({ invited: 1, refused: 1 })
    expect(invite.json().results.find((r: { firmId: string }) => r.firmId === firms['Kulit Garut'])).toMatchObject({ outcome: 'refused', code: 'FIRM_NOT_FOUND' })
    // Registering a hidden firm on its behalf is refused as not found, too.
    expect((await shopee.post(`/api/workshops/${id}/registrations`, { firmId: firms['Kulit Garut'] })).statusCode).toBe(404)
    // When Tenun Sari withdraws its consent, the partner no longer sees it among the participants.
    await sql`UPDATE marketplace_consents SET withdrawn_at = now(), withdrawn_by = granted_by WHERE firm_id = ${firms['Tenun Sari']}`.execute(t.db)
    const participants = (await shopee.get(`/api/workshops/${id}/participants`)).json().items
    expect(participants).toEqual([])
    expect((await officer.get(`/api/workshops/${id}/participants`)).json().items.map((p: { firmName: string }) => p.firmName)).toEqual(['Tenun Sari'])
    await sql`UPDATE marketplace_consents SET withdrawn_at = NULL, withdrawn_by = NULL WHERE firm_id = ${firms['Tenun Sari']}`.execute(t.db)
  })

  it('keeps a regional officer to its region', async () => {
    expect((await jateng.post('/api/workshops', plan())).statusCode).toBe(403)
    const id = (await jabar.post('/api/workshops', plan({ marketplaceCode: 'tokopedia' }))).json().id
    expect((await jateng.get(`/api/workshops/${id}`)).statusCode).toBe(404)
    expect((await jateng.get('/api/workshops')).json().items.map((w: { provinceCode: string }) => w.provinceCode)).not.toContain('32')
    // Jawa Barat's officer cannot invite a Central Java firm (outside the region and the workshop's province).
    const invite = await jabar.post(`/api/workshops/${id}/invitations`, { firmIds: [firms['Mebel Jepara']] })
    expect(invite.json()).toMatchObject({ invited: 0, refused: 1 })
    // A firm owner sees only workshops its firm is invited to.
    expect((await owners['Mebel Jepara'].get(`/api/workshops/${id}`)).statusCode).toBe(404)
  })
})

describe('invitations', () => {
  it('notifies the owner in-app and by e-mail with the ICS attached, in the outbox row and the delivered .eml', async () => {
    const id = (await shopee.post('/api/workshops', plan({ regencyCode: '32.04', title: 'Undangan: foto, harga; kirim' }))).json().id
    const invite = await shopee.post(`/api/workshops/${id}/invitations`, { firmIds: [firms['Batik Ayu']] })
    expect(invite.json()).toMatchObject({ invited: 1 })
    const notes = (await owners['Batik Ayu'].get('/api/notifications')).json().items
    expect(notes[0]).toMatchObject({ kind: 'marketplace.workshop.invited', link: `/marketplace/workshops/${id}` })
    expect(notes[0].title).toContain('Shopee')

    const row = await t.db
      .selectFrom('email_outbox')
      .select(['id', 'subject', 'body_text', 'attachments'])
      .where('to_address', '=', ownerEmails['Batik Ayu'])
      .where('subject', 'like', '%Undangan: foto%')
      .executeTakeFirstOrThrow()
    expect(row.subject).toBe('Undangan lokakarya Shopee: Undangan: foto, harga; kirim')
    expect(row.body_text).toContain('10-03-2031 09.00–12.00 WIB')
    const stored = row.attachments as Array<{ filename: string; contentType: string; content: string }>
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({ filename: 'lokakarya.ics', contentType: 'text/calendar; charset=UTF-8; method=REQUEST' })
    const ics = Buffer.from(stored[0].content, 'base64').toString('utf8')
    expect(ics).toContain('DTSTART;TZID=Asia/Jakarta:20310310T090000')
    expect(ics).toContain(`UID:workshop-${id}@`)

    // Delivered as a .eml file: multipart with the same calendar, which parses.
    const dir = outboxDirOf(t.config)
    await deliverDueEmails(t.db, fileTransport(dir), { from: senderOf(t.config), limit: 500 })
    const sent = await t.db.selectFrom('email_outbox').select(['status', 'message_id']).where('id', '=', row.id).executeTakeFirstOrThrow()
    expect(sent.status).toBe('sent')
    const file = fs.readdirSync(dir).find((f) => f.includes(sent.message_id!.split('@')[0]))!
    const eml = parseEml(fs.readFileSync(`${dir}/${file}`, 'utf8'))
    expect(eml.headers['content-type']).toMatch(/^multipart\/mixed/)
    expect(eml.text).toContain('Berkas kalender (.ics) terlampir.')
    expect(eml.attachments).toHaveLength(1)
    const calendar = new ICAL.Component(ICAL.parse(eml.attachments[0].content.toString('utf8')))
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST')
    const vevent = calendar.getFirstSubcomponent('vevent')!
    expect(vevent.getFirstPropertyValue('summary')).toBe('Undangan: foto, harga; kirim (Shopee)')
    expect(vevent.getFirstPropertyValue('attendee')).toBe(`mailto:${ownerEmails['Batik Ayu']}`)
    expect(vevent.getFirstPropertyValue('sequence')).toBe(0)

    // Download: same UID; the owner now sees the workshop with its invitation.
    const download = await owners['Batik Ayu'].get(`/api/workshops/${id}/invite.ics`)
    expect(download.statusCode).toBe(200)
    expect(download.headers['content-type']).toContain('text/calendar')
    expect(download.body).toContain(`UID:workshop-${id}@`)
    const mine = (await owners['Batik Ayu'].get(`/api/workshops/${id}`)).json().mine
    expect(mine).toEqual([{ firmId: firms['Batik Ayu'], firmName: 'Batik Ayu', invited: true, status: null, position: null, attended: null }])
  })

  it('invites all nominated firms of the marketplace in the regency at once, and not twice', async () => {
    const id = (await officer.post('/api/workshops', plan())).json().id
    const bulk = await officer.post(`/api/workshops/${id}/invitations`, { allNominatedInRegency: true })
    expect(bulk.statusCode, bulk.body).toBe(200)
    expect(bulk.json()).toMatchObject({ invited: 4, alreadyInvited: 0, refused: 0 })
    const again = await officer.post(`/api/workshops/${id}/invitations`, { allNominatedInRegency: true })
    expect(again.json()).toMatchObject({ invited: 0, alreadyInvited: 4 })
    const audits = await t.db.selectFrom('audit_log').select('after').where('action', '=', 'marketplace.workshop.invite').where('entity_id', '=', id).execute()
    expect(audits).toHaveLength(1)
  })
})

describe('registrations and the waiting list', () => {
  it('seats up to capacity, waitlists the rest in order, refuses a double registration and promotes on cancellation', async () => {
    const id = (await officer.post('/api/workshops', plan({ capacity: 2 }))).json().id
    await officer.post(`/api/workshops/${id}/invitations`, { allNominatedInRegency: true })
    expect((await owners['Kulit Garut'].post(`/api/workshops/${id}/registrations`, { firmId: firms['Kulit Garut'] })).statusCode).toBe(404)

    const order = ['Tenun Sari', 'Batik Ayu', 'Rajut Indah', 'Anyaman Jaya']
    const answers = []
    for (const name of order) answers.push((await owners[name].post(`/api/workshops/${id}/registrations`, { firmId: firms[name] })).json())
    expect(answers.map((a) => [a.status, a.position])).toEqual([
      ['registered', null],
      ['registered', null],
      ['waitlisted', 1],
      ['waitlisted', 2],
    ])
    const twice = await owners['Batik Ayu'].post(`/api/workshops/${id}/registrations`, { firmId: firms['Batik Ayu'] })
    expect(twice.statusCode).toBe(409)
    expect(twice.json().code).toBe('WORKSHOP_ALREADY_REGISTERED')
    // An owner cannot register someone else's firm.
    expect((await owners['Batik Ayu'].post(`/api/workshops/${id}/registrations`, { firmId: firms['Tenun Sari'] })).statusCode).toBe(404)

    const cancelled = await owners['Batik Ayu'].delete(`/api/workshops/${id}/registrations/${firms['Batik Ayu']}`)
    expect(cancelled.statusCode, cancelled.body).toBe(200)
    expect(cancelled.json()).toEqual({ promotedFirmId: firms['Rajut Indah'] })
    const participants = (await officer.get(`/api/workshops/${id}/participants`)).json().items
    const byName = Object.fromEntries(participants.map((p: { firmName: string; status: string | null; position: number | null }) => [p.firmName, [p.status, p.position]]))
    expect(byName).toEqual({ 'Tenun Sari': ['registered', null], 'Rajut Indah': ['registered', null], 'Anyaman Jaya': ['waitlisted', 1], 'Batik Ayu': [null, null] })
    const notes = (await owners['Rajut Indah'].get('/api/notifications')).json().items
    expect(notes.map((n: { kind: string }) => n.kind)).toContain('marketplace.workshop.promoted')
    expect(await t.db.selectFrom('email_outbox').select('id').where('to_address', '=', ownerEmails['Rajut Indah']).where('subject', 'like', 'Anda mendapat kursi%').execute()).toHaveLength(1)
    expect((await owners['Anyaman Jaya'].get(`/api/workshops/${id}`)).json().mine[0]).toMatchObject({ status: 'waitlisted', position: 1 })

    // Raising the capacity seats the waiting list.
    const raised = await officer.patch(`/api/workshops/${id}`, { capacity: 3 })
    expect(raised.statusCode, raised.body).toBe(200)
    expect(raised.json()).toMatchObject({ registered: 3, waitlisted: 0, sequence: 1 })
    expect((await officer.patch(`/api/workshops/${id}`, { capacity: 2 })).json().code).toBe('WORKSHOP_CAPACITY_BELOW_REGISTERED')
  })

  it('never gives the last seat twice when registrations arrive at the same time', async () => {
    const id = (await officer.post('/api/workshops', plan({ capacity: 1 }))).json().id
    const names = ['Tenun Sari', 'Batik Ayu', 'Rajut Indah', 'Anyaman Jaya']
    await officer.post(`/api/workshops/${id}/invitations`, { allNominatedInRegency: true })
    const answers = await Promise.all(names.map((name) => owners[name].post(`/api/workshops/${id}/registrations`, { firmId: firms[name] })))
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201])
    const statuses = answers.map((a) => a.json().status).sort()
    expect(statuses).toEqual(['registered', 'waitlisted', 'waitlisted', 'waitlisted'])
    expect(answers.map((a) => a.json().position).filter((p) => p !== null).sort()).toEqual([1, 2, 3])
    const seats = await t.db.selectFrom('marketplace_workshop_registrations').select('id').where('workshop_id', '=', id).where('status', '=', 'registered').execute()
    expect(seats).toHaveLength(1)
    // The same firm twice at once: one registration, one conflict.
    const id2 = (await officer.post('/api/workshops', plan({ capacity: 5 }))).json().id
    const both = await Promise.all([1, 2].map(() => officer.post(`/api/workshops/${id2}/registrations`, { firmId: firms['Kulit Garut'] })))
    expect(both.map((a) => a.statusCode).sort()).toEqual([201, 409])
  })
})

describe('changes and cancellation', () => {
  it('sends the invited an updated ICS (SEQUENCE 1) on a change and METHOD:CANCEL on cancellation', async () => {
    const id = (await officer.post('/api/workshops', plan({ title: 'Lokakarya berubah' }))).json().id
    await officer.post(`/api/workshops/${id}/invitations`, { firmIds: [firms['Anyaman Jaya']] })
    await owners['Anyaman Jaya'].post(`/api/workshops/${id}/registrations`, { firmId: firms['Anyaman Jaya'] })
    const moved = await officer.patch(`/api/workshops/${id}`, { startTime: '13:00', endTime: '16:00', venue: 'Gedung Sate' })
    expect(moved.json()).toMatchObject({ localStart: '13:00', sequence: 1, venue: 'Gedung Sate' })
    const cancelled = await officer.post(`/api/workshops/${id}/cancel`, { reason: 'Banjir di lokasi' })
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', sequence: 2, cancelReason: 'Banjir di lokasi' })
    const mails = await t.db
      .selectFrom('email_outbox')
      .select(['subject', 'attachments'])
      .where('to_address', '=', ownerEmails['Anyaman Jaya'])
      .where('subject', 'like', '%Lokakarya berubah%')
      .orderBy('created_at')
      .execute()
    const icsOf = (m: { attachments: unknown }) => Buffer.from((m.attachments as Array<{ content: string }>)[0].content, 'base64').toString('utf8')
    expect(mails.map((m) => m.subject)).toEqual([
      'Undangan lokakarya Shopee: Lokakarya berubah',
      'Perubahan lokakarya: Lokakarya berubah',
      'Lokakarya dibatalkan: Lokakarya berubah',
    ])
    const [first, update, cancel] = mails.map((m) => new ICAL.Component(ICAL.parse(icsOf(m))))
    const uid = (c: ICAL.Component) => c.getFirstSubcomponent('vevent')!.getFirstPropertyValue('uid')
    expect(uid(update)).toBe(uid(first))
    expect(uid(cancel)).toBe(uid(first))
    expect(update.getFirstSubcomponent('vevent')!.getFirstPropertyValue('sequence')).toBe(1)
    expect(String(update.getFirstSubcomponent('vevent')!.getFirstPropertyValue('dtstart'))).toBe('2031-03-10T13:00:00')
    expect(cancel.getFirstPropertyValue('method')).toBe('CANCEL')
    expect(cancel.getFirstSubcomponent('vevent')!.getFirstPropertyValue('sequence')).toBe(2)
    expect(cancel.getFirstSubcomponent('vevent')!.getFirstPropertyValue('status')).toBe('CANCELLED')
    expect((await owners['Anyaman Jaya'].get('/api/notifications')).json().items[0]).toMatchObject({ kind: 'marketplace.workshop.cancelled' })
    expect((await officer.post(`/api/workshops/${id}/registrations`, { firmId: firms['Tenun Sari'] })).json().code).toBe('WORKSHOP_CANCELLED')
    const actions = (await t.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).execute()).map((a) => a.action)
    expect(actions).toEqual(expect.arrayContaining(['marketplace.workshop.plan', 'marketplace.workshop.invite', 'marketplace.workshop.edit', 'marketplace.workshop.cancel']))
  })
})

describe('attendance and outcomes', () => {
  it("records attendance after the start, marks attendees 'trained' and follows them to a store and sales", async () => {
    const id = (await shopee.post('/api/workshops', plan({ capacity: 10 }))).json().id
    await shopee.post(`/api/workshops/${id}/invitations`, { firmIds: [firms['Tenun Sari'], firms['Batik Ayu'], firms['Rajut Indah']] })
    for (const name of ['Tenun Sari', 'Batik Ayu', 'Rajut Indah']) await shopee.post(`/api/workshops/${id}/registrations`, { firmId: firms[name] })
    const early = await shopee.put(`/api/workshops/${id}/attendance`, { items: [{ firmId: firms['Tenun Sari'], attended: true }] })
    expect(early.json().code).toBe('WORKSHOP_NOT_STARTED')
    await startedAgo(id)
    expect((await tokopedia.put(`/api/workshops/${id}/attendance`, { items: [{ firmId: firms['Tenun Sari'], attended: true }] })).statusCode).toBe(404)
    const recorded = await shopee.put(`/api/workshops/${id}/attendance`, {
      items: [
        { firmId: firms['Tenun Sari'], attended: true },
        { firmId: firms['Batik Ayu'], attended: true },
        { firmId: firms['Rajut Indah'], attended: false },
      ],
    })
    expect(recorded.statusCode, recorded.body).toBe(200)
    expect(recorded.json()).toEqual({ recorded: 3, trained: 2 })
    const stages = await t.db.selectFrom('marketplace_nominations').select(['firm_id', 'stage']).where('marketplace_code', '=', 'shopee').execute()
    const stageOf = Object.fromEntries(stages.map((s) => [s.firm_id, s.stage]))
    expect(stageOf[firms['Tenun Sari']]).toBe('trained')
    expect(stageOf[firms['Batik Ayu']]).toBe('trained')
    expect(stageOf[firms['Rajut Indah']]).toBe('consented')
    const event = await t.db.selectFrom('marketplace_stage_events').select(['to_stage', 'details']).where('firm_id', '=', firms['Tenun Sari']).where('to_stage', '=', 'trained').executeTakeFirstOrThrow()
    expect(event.details).toMatchObject({ workshopId: id })
    expect((await shopee.put(`/api/workshops/${id}/attendance`, { items: [{ firmId: firms['Anyaman Jaya'], attended: true }] })).json().code).toBe('WORKSHOP_ATTENDANCE_NOT_REGISTERED')

    // After the workshop Tenun Sari opens a store and sells; Batik Ayu only opens a store.
    for (const [name, to] of [['Tenun Sari', 'store_opened'], ['Batik Ayu', 'store_opened'], ['Tenun Sari', 'products_listed'], ['Tenun Sari', 'first_sale']] as const) {
      const nomination = await t.db.selectFrom('marketplace_nominations').select(['id', 'stage']).where('firm_id', '=', firms[name]).where('marketplace_code', '=', 'shopee').executeTakeFirstOrThrow()
      await t.db.insertInto('marketplace_stage_events').values({ nomination_id: nomination.id, firm_id: firms[name], marketplace_code: 'shopee', from_stage: nomination.stage, to_stage: to, actor_role: 'marketplace_partner' }).execute()
      await t.db.updateTable('marketplace_nominations').set({ stage: to }).where('id', '=', nomination.id).execute()
    }
    const now = new Date()
    const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1))
    await t.db
      .insertInto('marketplace_sales')
      .values({ firm_id: firms['Tenun Sari'], marketplace_code: 'shopee', month, gmv_idr: '2500000', orders: 12, source: 'manual', province_code: '32', regency_code: '32.04' })
      .execute()
    const outcomes = await shopee.get(`/api/workshops/${id}/outcomes`)
    expect(outcomes.statusCode, outcomes.body).toBe(200)
    expect(outcomes.json()).toMatchObject({ attendees: 2, storeOpened: 2, sold: 1 })
    const tenun = outcomes.json().items.find((i: { firmName: string }) => i.firmName === 'Tenun Sari')
    expect(tenun).toMatchObject({ stage: 'first_sale', gmvIdr: 2500000, orders: 12 })
    expect((await owners['Tenun Sari'].get(`/api/workshops/${id}/outcomes`)).statusCode).toBe(403)
  })
})
