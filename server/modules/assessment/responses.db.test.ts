import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, type TestClient } from '../../../test/app.ts'
import { applyAllRollupEvents } from './rollups.ts'
import { answers } from './test-fixtures.ts'

const LIMITS = { rateLimit: { apiPerMinute: 100_000, loginPerMinute: 100_000 } }

let t: TestApp
let officer: TestClient
let jabar: TestClient
let jateng: TestClient
let round: { id: string }

beforeAll(async () => {
  t = await createTestApp(LIMITS)
  ;({ client: officer } = await t.signInAs('officer'))
  ;({ client: jabar } = await t.signInAs('regional_officer', { organisation: { provinceCode: '32' } }))
  ;({ client: jateng } = await t.signInAs('regional_officer', { organisation: { provinceCode: '33' } }))
  const created = await officer.post('/api/rounds', { name: 'Survei Dampak April 2020', referenceMonth: '2020-04', opensOn: '2020-05-01', closesOn: '2099-12-31' })
  expect(created.statusCode, created.body).toBe(201)
  round = created.json()
})
afterAll(async () => t?.close())

async function firm(name: string, regencyCode: string, extra: Record<string, unknown> = {}) {
  const response = await officer.post('/api/firms', { name, regencyCode, kbliMain: '13134', workersTotal: 10, investmentIdr: 200_000_000, ...extra })
  expect(response.statusCode, response.body).toBe(201)
  return response.json() as { id: string }
}

const submit = (client: TestClient, firmId: string, body: Record<string, unknown>, submissionId: string = crypto.randomUUID()) =>
  client.post(`/api/rounds/${round.id}/responses`, { submissionId, firmId, answers: body })

describe('responses', () => {
  it('records an assisted response, versions a changed one, and changes nothing for the same submission or the same answers', async () => {
    const { id } = await firm('Batik Tulis Sekar Jagad', '32.04')
    const submissionId = crypto.randomUUID()
    const first = await submit(jabar, id, answers(), submissionId)
    expect(first.statusCode, first.body).toBe(201)
    expect(first.json()).toMatchObject({ outcome: 'created', response: { version: 1, mode: 'assisted', salesChangePct: -60 } })
    // The same submission again (a retry after a lost answer): nothing new.
    const replay = await submit(jabar, id, answers(), submissionId)
    expect(replay.statusCode).toBe(200)
    expect(replay.json()).toMatchObject({ outcome: 'replayed', response: { id: first.json().response.id, version: 1 } })
    // A new submission with the same answers: still version 1.
    expect((await submit(jabar, id, answers())).json().outcome).toBe('unchanged')
    const revised = await submit(officer, id, answers({ referenceTurnoverIdr: 12_000_000 }))
    expect(revised.json()).toMatchObject({ outcome: 'revised', response: { version: 2, salesChangePct: -40 } })
    const versions = (await officer.get(`/api/responses/${first.json().response.id}/versions`)).json().items
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1])
    expect(versions[1].answers.referenceTurnoverIdr).toBe(8_000_000)
    const audit = await t.db.selectFrom('audit_log').select('action').where('entity_id', '=', first.json().response.id).orderBy('seq').execute()
    expect(audit.map((a) => a.action)).toEqual(['survey_response.created', 'survey_response.revised'])
    expect(await t.db.selectFrom('survey_responses').select('id').where('firm_id', '=', id).execute()).toHaveLength(1)
  })

  it('refuses inconsistent answers with the field and a message in Bahasa Indonesia, saving nothing', async () => {
    const { id } = await firm('Tenun Ikat Troso', '33.20')
    const tooMany = await submit(jateng, id, answers({ workersWorking: 9 }))
    expect(tooMany.statusCode).toBe(400)
    expect(tooMany.json()).toMatchObject({ code: 'ANSWER_WORKERS_EXCEED', details: { field: 'answers.workersWorking' } })
    expect(tooMany.json().message).toContain('melebihi tenaga kerja sebelum krisis')
    const obtained = await submit(jateng, id, answers({ materials: [{ material: 'Benang', unit: 'kg', neededPerMonth: 10, obtained: 12, cause: 'price' }] }))
    expect(obtained.json()).toMatchObject({ code: 'ANSWER_OBTAINED_EXCEEDS_NEEDED', details: { field: 'answers.materials.0.obtained' } })
    const currency = await submit(jateng, id, answers({ exports: [{ contracts: 1, currency: 'XYZ', value: 1, destinationCountries: ['JP'], goodsProduced: false }] }))
    expect(currency.json().code).toBe('ANSWER_CURRENCY_INVALID')
    const negative = await submit(jateng, id, answers({ baselineTurnoverIdr: -1 }))
    expect(negative.statusCode).toBe(400)
    expect(await t.db.selectFrom('survey_responses').select('id').where('firm_id', '=', id).execute()).toHaveLength(0)
  })

  it('lets a firm owner answer for their own firm only, and a regional officer only in their region', async () => {
    const own = await firm('Keripik Tempe Bu Sri', '32.73')
    const owner = await t.createUser('firm_owner')
    await t.db.updateTable('firms').set({ organisation_id: owner.organisationId }).where('id', '=', own.id).execute()
    const client = await t.signIn(owner)
    const self = await submit(client, own.id, answers())
    expect(self.json()).toMatchObject({ outcome: 'created', response: { mode: 'self' } })
    const other = await firm('Mebel Jati Jepara', '33.20')
    expect((await submit(client, other.id, answers())).statusCode).toBe(404)
    expect((await submit(jabar, other.id, answers())).statusCode).toBe(404)
    expect((await jateng.get(`/api/rounds/${round.id}/responses/${own.id}`)).statusCode).toBe(404)
    expect((await client.get(`/api/rounds/${round.id}/responses/${own.id}`)).json().answers.needs).toEqual(['financing', 'raw_materials', 'marketing'])
    const admin = (await t.signInAs('admin')).client
    expect((await submit(admin, own.id, answers())).statusCode).toBe(403)
  })

  it('keeps the dashboard rollups in step: figures of a region after events are applied', async () => {
    await applyAllRollupEvents(t.db)
    const dash = await jabar.get(`/api/rounds/${round.id}/dashboard`)
    expect(dash.statusCode, dash.body).toBe(200)
    const { summary } = dash.json()
    expect(summary.filter.provinceCode).toBe('32')
    expect(summary.firmsAssessed).toBe(2)
    expect(summary.workers.sentHome).toBe(6)
    expect(summary.needs[0]).toMatchObject({ need: 'financing', firmsFirst: 2 })
    expect((await jabar.get(`/api/rounds/${round.id}/dashboard?province=33`)).statusCode).toBe(403)
  })
})
