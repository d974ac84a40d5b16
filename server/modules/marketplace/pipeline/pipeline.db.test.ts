// The onboarding pipeline over the API against real PostgreSQL: nominations (one, bulk, from the
// assessment's candidates), the owner's consent and its withdrawal, the stage rules per role,
// partner scoping over every read, and the funnel against a recomputation from the events.
import crypto from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, type TestClient } from '../../../../test/app.ts'
import { answers } from '../../assessment/test-fixtures.ts'
import { signInAsPartner } from '../test-fixtures.ts'
import { advanceNomination } from './pipeline.service.ts'
import { STAGES } from './stages.ts'

let t: TestApp
let officer: TestClient
let jabar: TestClient
let jateng: TestClient
let tokopedia: TestClient
let shopee: TestClient
let owner: TestClient
const firms: Record<string, string> = {}

const registration = (email: string, firmName: string, regencyCode: string) => ({
  account: { email, name: 'Sari Pemilik', password: 'kain tenun ikat pewarna alam 9', nik: '3204154107850002', phone: '0812-3456-7890' },
  firm: { name: firmName, legalForm: 'ud', regencyCode, kbliMain: '13134', workersTotal: 6 },
})

const listNames = async (client: TestClient, query = '') =>
  ((await client.get(`/api/marketplace/nominations?limit=200${query}`)).json().items as Array<{ firmName: string }>).map((n) => n.firmName).sort()

beforeAll(async () => {
  t = await createTestApp({ rateLimit: { apiPerMinute: 100_000, loginPerMinute: 100_000 } })
  ;({ client: officer } = await t.signInAs('officer'))
  ;({ client: jabar } = await t.signInAs('regional_officer', { organisation: { provinceCode: '32' } }))
  ;({ client: jateng } = await t.signInAs('regional_officer', { organisation: { provinceCode: '33' } }))
  ;({ client: tokopedia } = await signInAsPartner(t, 'tokopedia'))
  ;({ client: shopee } = await signInAsPartner(t, 'shopee'))
  owner = t.client()
  const registered = await owner.post('/api/registrations', registration('sari@batiksari.id', 'Batik Sari', '3204'))
  expect(registered.statusCode, registered.body).toBe(201)
  firms['Batik Sari'] = registered.json().firm.id
  for (const [name, regencyCode] of [['Tenun Garut', '32.05'], ['Mebel Jepara', '33.20'], ['Keramik Plered', '32.14']] as const) {
    firms[name] = (await officer.post('/api/firms', { name, regencyCode, kbliMain: '13134' })).json().id
  }
}, 60_000)
afterAll(async () => t?.close())

describe('nominations and consent', () => {
  it('nominates one firm, asks its owner for consent in-app and by e-mail, and refuses a closed marketplace', async () => {
    const one = await jabar.post('/api/marketplace/nominations', { marketplaceCode: 'tokopedia', firmIds: [firms['Batik Sari']], note: 'Batik tulis, siap daring' })
    expect(one.statusCode, one.body).toBe(200)
    expect(one.json()).toMatchObject({ nominated: 1, alreadyNominated: 0, refused: 0, results: [{ outcome: 'nominated', stage: 'nominated' }] })
    const notes = (await owner.get('/api/notifications')).json().items
    expect(notes[0]).toMatchObject({ kind: 'marketplace.nominated', link: '/marketplace' })
    expect(notes[0].title).toContain('Tokopedia')
    const email = await t.db.selectFrom('email_outbox').select(['to_address', 'subject']).where('to_address', '=', 'sari@batiksari.id').executeTakeFirstOrThrow()
    expect(email.subject).toBe('Pulih: Batik Sari dinominasikan ke Tokopedia')

    const closed = await officer.post('/api/marketplace/nominations', { marketplaceCode: 'bukalapak', firmIds: [firms['Tenun Garut']] })
    expect(closed.statusCode).toBe(409)
    expect(closed.json()).toMatchObject({ code: 'MARKETPLACE_CLOSED' })
    expect(closed.json().message).toContain('1 Februari 2025')
  })

  it('answers each firm of a bulk nomination: nominated, already nominated, or refused outside the region', async () => {
    const ghost = crypto.randomUUID()
    const bulk = await jabar.post('/api/marketplace/nominations', {
      marketplaceCode: 'tokopedia',
      firmIds: [firms['Batik Sari'], firms['Tenun Garut'], firms['Mebel Jepara'], ghost],
    })
    expect(bulk.statusCode, bulk.body).toBe(200)
    expect(bulk.json()).toMatchObject({ nominated: 1, alreadyNominated: 1, refused: 2 })
    const byFirm = Object.fromEntries(bulk.json().results.map((r: { firmId: string; outcome: string; code?: string }) => [r.firmId, [r.outcome, r.code ?? null]]))
    expect(byFirm[firms['Mebel Jepara']]).toEqual(['refused', 'FIRM_NOT_FOUND'])
    expect(byFirm[ghost]).toEqual(['refused', 'FIRM_NOT_FOUND'])
    expect(byFirm[firms['Tenun Garut']]).toEqual(['nominated', null])
    const nomination = await t.db.selectFrom('marketplace_nominations').select('source').where('firm_id', '=', firms['Tenun Garut']).executeTakeFirstOrThrow()
    expect(nomination.source).toBe('bulk')
  })

  it('shows a partner a nominated firm only once its owner consented, with the contact, and hides it again on withdrawal', async () => {
    expect(await listNames(tokopedia)).toEqual([])
    const own = (await owner.get(`/api/firms/${firms['Batik Sari']}/marketplace-consents`)).json().items
    expect(own[0]).toMatchObject({ marketplaceCode: 'tokopedia', granted: false, nomination: { stage: 'nominated' } })
    expect((await owner.put(`/api/firms/${firms['Batik Sari']}/marketplace-consents/tokopedia`)).statusCode).toBe(204)
    expect((await owner.put(`/api/firms/${firms['Batik Sari']}/marketplace-consents/tokopedia`)).statusCode).toBe(204)
    const consents = await t.db.selectFrom('marketplace_consents').selectAll().where('firm_id', '=', firms['Batik Sari']).execute()
    expect(consents).toHaveLength(1)

    expect(await listNames(tokopedia)).toEqual(['Batik Sari'])
    expect(await listNames(shopee)).toEqual([])
    const listed = (await tokopedia.get('/api/marketplace/nominations')).json().items[0]
    expect(listed).toMatchObject({ stage: 'consented', consent: true })
    const detail = (await tokopedia.get(`/api/marketplace/nominations/${listed.id}`)).json()
    expect(detail.contact).toEqual({ name: 'Sari Pemilik', phone: '+6281234567890', email: 'sari@batiksari.id' })
    expect(detail.events.map((e: { to: string }) => e.to)).toEqual(['nominated', 'consented'])
    expect((await shopee.get(`/api/marketplace/nominations/${listed.id}`)).statusCode).toBe(404)
    const csv = (await tokopedia.get('/api/marketplace/nominations/export?format=csv')).body
    expect(csv).toContain('Batik Sari')
    expect(csv).not.toContain('Tenun Garut')

    expect((await owner.delete(`/api/firms/${firms['Batik Sari']}/marketplace-consents/tokopedia`)).statusCode).toBe(204)
    expect(await listNames(tokopedia)).toEqual([])
    expect((await tokopedia.get(`/api/marketplace/nominations/${listed.id}`)).statusCode).toBe(404)
    expect((await tokopedia.get('/api/marketplace/nominations/export?format=csv')).body).not.toContain('Batik Sari')
    expect((await tokopedia.get('/api/marketplace/funnel')).json().items).toEqual([])
    expect((await tokopedia.post(`/api/marketplace/nominations/${listed.id}/stage`, { stage: 'trained' })).statusCode).toBe(404)
    // Staff still see it, without consent.
    expect((await officer.get(`/api/marketplace/nominations?q=Batik`)).json().items[0]).toMatchObject({ consent: false, stage: 'consented' })
    // Consenting again shows it again; the history keeps both consents.
    expect((await owner.put(`/api/firms/${firms['Batik Sari']}/marketplace-consents/tokopedia`)).statusCode).toBe(204)
    expect(await listNames(tokopedia)).toEqual(['Batik Sari'])
    expect(await t.db.selectFrom('marketplace_consents').select('withdrawn_at').where('firm_id', '=', firms['Batik Sari']).execute()).toHaveLength(2)
    // Only the firm's own owner consents.
    expect((await owner.put(`/api/firms/${firms['Tenun Garut']}/marketplace-consents/tokopedia`)).statusCode).toBe(404)
    expect((await officer.put(`/api/firms/${firms['Batik Sari']}/marketplace-consents/tokopedia`)).statusCode).toBe(403)
  })

  it('keeps regional officers to their region', async () => {
    expect(await listNames(jabar)).toEqual(['Batik Sari', 'Tenun Garut'])
    expect(await listNames(jateng)).toEqual([])
    const id = (await officer.get('/api/marketplace/nominations?q=Tenun')).json().items[0].id
    expect((await jateng.get(`/api/marketplace/nominations/${id}`)).statusCode).toBe(404)
    expect((await jateng.post('/api/marketplace/nominations', { marketplaceCode: 'shopee', firmIds: [firms['Tenun Garut']] })).json().refused).toBe(1)
    // A firm that moves to Central Java moves with its nominations.
    expect((await officer.patch(`/api/firms/${firms['Tenun Garut']}`, { regencyCode: '33.20' })).statusCode).toBe(200)
    expect(await listNames(jateng)).toEqual(['Tenun Garut'])
    expect(await listNames(jabar)).toEqual(['Batik Sari'])
    expect((await officer.patch(`/api/firms/${firms['Tenun Garut']}`, { regencyCode: '32.05' })).statusCode).toBe(200)
    expect(await listNames(jabar)).toEqual(['Batik Sari', 'Tenun Garut'])
  })
})

describe('stages', () => {
  it('moves forward by role: partner trains, owner opens the store on the right domain and lists products, partner records sales', async () => {
    const id = (await tokopedia.get('/api/marketplace/nominations')).json().items[0].id
    const move = (client: TestClient, body: Record<string, unknown>) => client.post(`/api/marketplace/nominations/${id}/stage`, body)
    expect((await move(owner, { stage: 'trained' })).json()).toMatchObject({ code: 'STAGE_NOT_ALLOWED_FOR_ROLE' })
    expect((await move(tokopedia, { stage: 'products_listed', productsListed: 3 })).json()).toMatchObject({ code: 'STAGE_ORDER' })
    expect((await move(tokopedia, { stage: 'trained' })).json()).toMatchObject({ stage: 'trained' })
    const wrong = await move(owner, { stage: 'store_opened', storeUrl: 'https://shopee.co.id/batiksari' })
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json()).toMatchObject({ code: 'STORE_URL_DOMAIN', details: { field: 'storeUrl' } })
    expect(wrong.json().message).toContain('tokopedia.com')
    expect((await move(owner, { stage: 'store_opened' })).json()).toMatchObject({ code: 'STORE_URL_REQUIRED' })
    expect((await move(owner, { stage: 'store_opened', storeUrl: 'https://www.tokopedia.com/batiksari' })).json()).toMatchObject({ stage: 'store_opened', storeUrl: 'https://www.tokopedia.com/batiksari' })
    expect((await move(owner, { stage: 'products_listed' })).json()).toMatchObject({ code: 'PRODUCTS_LISTED_REQUIRED' })
    expect((await move(owner, { stage: 'products_listed', productsListed: 0 })).json()).toMatchObject({ code: 'PRODUCTS_LISTED_REQUIRED' })
    expect((await move(owner, { stage: 'products_listed', productsListed: 12 })).json()).toMatchObject({ stage: 'products_listed', productsListed: 12 })
    expect((await move(owner, { stage: 'first_sale' })).json()).toMatchObject({ code: 'STAGE_NOT_ALLOWED_FOR_ROLE' })
    expect((await move(tokopedia, { stage: 'active' })).json()).toMatchObject({ code: 'STAGE_ORDER' })
    expect((await move(tokopedia, { stage: 'first_sale' })).json()).toMatchObject({ stage: 'first_sale' })
    expect((await move(shopee, { stage: 'active' })).statusCode).toBe(404)
    expect((await move(tokopedia, { stage: 'trained' })).json()).toMatchObject({ code: 'STAGE_ORDER' })
    expect((await move(tokopedia, { stage: 'selesai' })).json()).toMatchObject({ code: 'STAGE_UNKNOWN' })
    const audit = await t.db.selectFrom('audit_log').select(['action', 'after']).where('entity_id', '=', id).where('action', '=', 'marketplace.stage').execute()
    expect(audit.map((a) => (a.after as { stage: string }).stage).sort()).toEqual(['consented', 'first_sale', 'products_listed', 'store_opened', 'trained'])
  })

  it('advances automatically only forward and only with consent (workshops, sales)', async () => {
    const { user } = await t.signInAs('officer')
    const actor = { userId: user.id, role: 'officer' } as Parameters<typeof advanceNomination>[1]['actor']
    const audit = { actorUserId: user.id, actorRole: 'officer', requestId: null, ip: null }
    // Tenun Garut: nominated, no consent → nothing.
    expect(await advanceNomination(t.db, { firmId: firms['Tenun Garut'], marketplaceCode: 'tokopedia', toStage: 'trained', actor, audit })).toEqual({ moved: false, from: 'nominated' })
    // Batik Sari is at first_sale: training later changes nothing.
    expect(await advanceNomination(t.db, { firmId: firms['Batik Sari'], marketplaceCode: 'tokopedia', toStage: 'trained', actor, audit })).toEqual({ moved: false, from: 'first_sale' })
    expect(await advanceNomination(t.db, { firmId: firms['Batik Sari'], marketplaceCode: 'shopee', toStage: 'trained', actor, audit })).toEqual({ moved: false, from: null })
    expect(await advanceNomination(t.db, { firmId: firms['Batik Sari'], marketplaceCode: 'tokopedia', toStage: 'active', actor, audit, details: { months: 3 } })).toEqual({ moved: true, from: 'first_sale' })
  })
})

describe('funnel and stuck lists', () => {
  it('counts reached and current stages, conversion and days per stage as recomputed from the events', async () => {
    // More nominations on Shopee from the assessment's marketplace candidates.
    const round = (await officer.post('/api/rounds', { name: 'April', referenceMonth: '2020-04', opensOn: '2020-05-01', closesOn: '2099-12-31' })).json()
    for (const name of ['Tenun Garut', 'Keramik Plered', 'Mebel Jepara']) {
      const r = await officer.post(`/api/rounds/${round.id}/responses`, { submissionId: crypto.randomUUID(), firmId: firms[name], answers: answers({ needs: ['marketing'] }) })
      expect(r.statusCode, r.body).toBeLessThan(300)
    }
    const triage = await jabar.post('/api/marketplace/nominations', { marketplaceCode: 'shopee', fromTriage: { limit: 10 } })
    expect(triage.json()).toMatchObject({ nominated: 2, refused: 0 })
    expect(await t.db.selectFrom('marketplace_nominations').select('source').where('marketplace_code', '=', 'shopee').execute()).toEqual([{ source: 'triage' }, { source: 'triage' }])
    // Backdate the events so the days are not all zero.
    await sql`UPDATE marketplace_stage_events SET at = at - make_interval(days => (70 - id::int * 3))`.execute(t.db)
    await sql`UPDATE marketplace_nominations n SET stage_changed_at = (SELECT max(at) FROM marketplace_stage_events e WHERE e.nomination_id = n.id)`.execute(t.db)

    const funnelBody = (await officer.get('/api/marketplace/funnel')).json()
    const events = await t.db.selectFrom('marketplace_stage_events').selectAll().orderBy('at').orderBy('id').execute()
    const nominations = await t.db.selectFrom('marketplace_nominations').selectAll().execute()
    for (const row of funnelBody.items) {
      const mine = nominations.filter((n) => n.marketplace_code === row.marketplaceCode)
      expect(row.nominations).toBe(mine.length)
      for (const s of row.stages) {
        const reached = s.stage === 'nominated' ? mine.length : new Set(events.filter((e) => e.marketplace_code === row.marketplaceCode && e.to_stage === s.stage).map((e) => e.nomination_id)).size
        expect(s.reached, `${row.marketplaceCode} ${s.stage}`).toBe(reached)
        expect(s.current).toBe(mine.filter((n) => n.stage === s.stage).length)
        const stays: number[] = []
        for (const n of mine) {
          const own = events.filter((e) => e.nomination_id === n.id)
          own.forEach((e, i) => {
            if (e.to_stage === s.stage && own[i + 1]) stays.push((own[i + 1].at.getTime() - e.at.getTime()) / 86_400_000)
          })
        }
        stays.sort((a, b) => a - b)
        const median = stays.length === 0 ? null : Math.round((stays.length % 2 ? stays[(stays.length - 1) / 2] : (stays[stays.length / 2 - 1] + stays[stays.length / 2]) / 2) * 10) / 10
        expect([s.left, s.daysMedian], `${row.marketplaceCode} ${s.stage}`).toEqual([stays.length, median])
      }
    }
    const tokopediaRow = funnelBody.items.find((r: { marketplaceCode: string }) => r.marketplaceCode === 'tokopedia')
    expect(tokopediaRow.stages.map((s: { stage: string; reached: number }) => [s.stage, s.reached])).toEqual(
      STAGES.map((stage) => [stage, { nominated: 2, consented: 1, trained: 1, store_opened: 1, products_listed: 1, first_sale: 1, active: 1 }[stage]]),
    )
    expect(tokopediaRow.stages[1].conversionPct).toBe(50)
    // Regional and partner funnels are their scope's.
    expect((await jateng.get('/api/marketplace/funnel')).json().items).toEqual([])
    expect((await tokopedia.get('/api/marketplace/funnel')).json().items.map((r: { marketplaceCode: string }) => r.marketplaceCode)).toEqual(['tokopedia'])

    // Stuck: nominated for at least 30 days, longest first; the export is the same list.
    const stuck = (await officer.get('/api/marketplace/nominations?stage=nominated&stuckDays=30')).json()
    expect(stuck.items.every((n: { stage: string; daysInStage: number }) => n.stage === 'nominated' && n.daysInStage >= 30)).toBe(true)
    const days = stuck.items.map((n: { daysInStage: number }) => n.daysInStage)
    expect(days).toEqual([...days].sort((a, b) => b - a))
    const csvLines = (await officer.get('/api/marketplace/nominations/export?format=csv&stage=nominated&stuckDays=30')).body.trim().split('\n')
    expect(csvLines.length - 1).toBe(stuck.total)
  })
})
