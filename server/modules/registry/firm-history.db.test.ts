import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, type TestClient } from '../../../test/app.ts'

const LIMITS = { rateLimit: { apiPerMinute: 100_000, loginPerMinute: 100_000 } }
const NIK = '3204015505850001'

let t: TestApp
let officer: TestClient
let jabar: TestClient
let jateng: TestClient

beforeAll(async () => {
  t = await createTestApp(LIMITS)
  ;({ client: officer } = await t.signInAs('officer'))
  ;({ client: jabar } = await t.signInAs('regional_officer', { organisation: { provinceCode: '32' } }))
  ;({ client: jateng } = await t.signInAs('regional_officer', { organisation: { provinceCode: '33' } }))
})
afterAll(async () => t?.close())

async function createFirm(body: Record<string, unknown>) {
  const response = await officer.post('/api/firms', { kbliMain: '13134', ...body })
  expect(response.statusCode, response.body).toBe(201)
  return response.json() as { id: string }
}

const product = { name: 'Kain Batik Cap Mega Mendung', kbliCode: '13134', priceIdr: 350_000, unit: 'PCS', weightGrams: 300, monthlyCapacity: 200 }

interface Entry {
  seq: string
  action: string
  entityType: string
  actor: { name: string | null } | null
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
}

describe('firm history', () => {
  it('holds the changes of the firm and of its products, newest first, for everyone who may see the firm', async () => {
    const firm = await createFirm({
      name: 'CV Batik Trusmi Indah',
      regencyCode: '32.09',
      owner: { name: 'Siti Aminah', nik: NIK, phone: '0812-3456-7890' },
    })
    const other = await createFirm({ name: 'Tenun Ikat Troso', regencyCode: '33.20' })
    expect((await officer.patch(`/api/firms/${firm.id}`, { workersTotal: 12 })).statusCode).toBe(200)
    const created = await officer.post(`/api/firms/${firm.id}/products`, product)
    expect(created.statusCode, created.body).toBe(201)
    const productId = created.json().id as string
    expect((await officer.patch(`/api/products/${productId}`, { priceIdr: 375_000 })).statusCode).toBe(200)
    expect((await officer.delete(`/api/products/${productId}`)).statusCode).toBe(204)
    // Another firm's product must not appear in this firm's history.
    expect((await officer.post(`/api/firms/${other.id}/products`, { ...product, name: 'Kain Tenun Troso' })).statusCode).toBe(201)
    expect((await jabar.post(`/api/firms/${firm.id}/verify`)).statusCode).toBe(200)

    const response = await jabar.get(`/api/firms/${firm.id}/history`)
    expect(response.statusCode, response.body).toBe(200)
    const items = response.json().items as Entry[]
    expect(items.map((e) => e.action)).toEqual(['firm.verified', 'product.deleted', 'product.updated', 'product.created', 'firm.updated', 'firm.created'])
    expect(items.map((e) => e.entityType)).toEqual(['firm', 'product', 'product', 'product', 'firm', 'firm'])
    const seqs = items.map((e) => BigInt(e.seq))
    expect([...seqs].sort((a, b) => (a < b ? 1 : -1))).toEqual(seqs)
    // Personal data stays masked in the history; nobody's IP address is in it.
    expect(response.body).not.toContain(NIK)
    expect(response.body).not.toContain('"ip"')
    const updated = items.find((e) => e.action === 'firm.updated')!
    expect([updated.before?.workersTotal, updated.after?.workersTotal]).toEqual([null, 12])
  })

  it('pages with a cursor without skipping or repeating an entry', async () => {
    const firm = await createFirm({ name: 'Kerajinan Rotan Tegalwangi', regencyCode: '32.09' })
    for (let workers = 1; workers <= 5; workers += 1) {
      expect((await officer.patch(`/api/firms/${firm.id}`, { workersTotal: workers })).statusCode).toBe(200)
    }
    const first = (await officer.get(`/api/firms/${firm.id}/history?limit=4`)).json()
    expect(first.items).toHaveLength(4)
    expect(first.nextCursor).toBe(first.items[3].seq)
    const second = (await officer.get(`/api/firms/${firm.id}/history?limit=4&cursor=${first.nextCursor}`)).json()
    expect(second.items).toHaveLength(2)
    expect(second.nextCursor).toBeNull()
    const all = [...first.items, ...second.items].map((e: Entry) => e.after?.workersTotal ?? 'created')
    expect(all).toEqual([5, 4, 3, 2, 1, 'created'])
  })

  it('is shown to the firm owner, and to no one outside the firm\'s region', async () => {
    const firm = await createFirm({ name: 'Keripik Tempe Bu Sri', regencyCode: '32.73' })
    const owner = await t.createUser('firm_owner')
    await t.db.updateTable('firms').set({ organisation_id: owner.organisationId }).where('id', '=', firm.id).execute()
    const client = await t.signIn(owner)
    const own = await client.get(`/api/firms/${firm.id}/history`)
    expect(own.statusCode).toBe(200)
    expect(own.json().items.map((e: Entry) => e.action)).toEqual(['firm.created'])

    expect((await jateng.get(`/api/firms/${firm.id}/history`)).statusCode).toBe(404)
    const stranger = await t.signIn(await t.createUser('firm_owner'))
    expect((await stranger.get(`/api/firms/${firm.id}/history`)).statusCode).toBe(404)
    expect((await officer.get('/api/firms/00000000-0000-4000-8000-000000000000/history')).statusCode).toBe(404)
    expect((await officer.get(`/api/firms/${firm.id}/history?cursor=abc`)).statusCode).toBe(400)
  })
})
