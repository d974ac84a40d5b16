import crypto from 'node:crypto'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, type TestClient } from '../../../test/app.ts'
import { answers } from './test-fixtures.ts'

let t: TestApp
let officer: TestClient
let jabar: TestClient
const firms: Record<string, string> = {}

beforeAll(async () => {
  t = await createTestApp({ rateLimit: { apiPerMinute: 100_000, loginPerMinute: 100_000 } })
  ;({ client: officer } = await t.signInAs('officer'))
  ;({ client: jabar } = await t.signInAs('regional_officer', { organisation: { provinceCode: '32' } }))
  const april = (await officer.post('/api/rounds', { name: 'April', referenceMonth: '2020-04', opensOn: '2020-05-01', closesOn: '2099-12-31' })).json()
  const july = (await officer.post('/api/rounds', { name: 'Juli', referenceMonth: '2020-07', opensOn: '2020-05-01', closesOn: '2099-12-31' })).json()
  for (const [name, regencyCode] of [['Batik A', '32.04'], ['Batik B', '32.73'], ['Tenun C', '33.20']] as const) {
    firms[name] = (await officer.post('/api/firms', { name, regencyCode, kbliMain: '13134' })).json().id
  }
  const send = (roundId: string, firmId: string, body: Record<string, unknown>) =>
    officer.post(`/api/rounds/${roundId}/responses`, { submissionId: crypto.randomUUID(), firmId, answers: answers(body) })
  // A: deep trouble, financing first. B: mild, only marketing. C: like A, in Central Java.
  await send(april.id, firms['Batik A'], { needs: ['financing'] })
  // The latest round decides: A recovered by July.
  await send(july.id, firms['Batik A'], {
    referenceTurnoverIdr: 19_000_000, workersWorking: 10, sentHomePaid: 0, sentHomeUnpaid: 0, laidOff: 0, materials: [], exports: [], needs: ['marketing'],
  })
  await send(april.id, firms['Batik B'], {
    referenceTurnoverIdr: 14_000_000, workersWorking: 10, sentHomePaid: 0, sentHomeUnpaid: 0, laidOff: 0, materials: [], exports: [], needs: ['marketing'],
  })
  await send(april.id, firms['Tenun C'], { needs: ['financing', 'export'] })
})
afterAll(async () => t?.close())

describe('triage candidates', () => {
  it('ranks each programme from the latest response, with severity and reasons', async () => {
    const financing = (await officer.get('/api/triage/candidates?programme=financing')).json()
    expect(financing.items.map((c: { name: string }) => c.name)).toEqual(['Tenun C'])
    // 30 (−60 %) + 10 (4 of 10 away) + 10 (unpaid) + 20 (40 % of a material) + 15 (held export) = 85
    expect(financing.items[0]).toMatchObject({ severity: 85, score: 110, reasons: expect.arrayContaining([{ code: 'sales_drop', pct: 60 }]) })
    const marketplace = (await officer.get('/api/triage/candidates?programme=marketplace')).json().items.map((c: { name: string; score: number }) => [c.name, c.score])
    // C: severity 85, marketing not among its needs, but sales fell 60 % and it sells offline only; B and A: marketing first.
    expect(marketplace).toEqual([['Tenun C', 85], ['Batik B', 40], ['Batik A', 25]])
    const profile = (await officer.get(`/api/firms/${firms['Batik A']}/needs-profile`)).json()
    expect(profile).toMatchObject({ severity: 0, needs: ['marketing'], programmes: [{ programme: 'marketplace', score: 25 }] })
  })

  it('holds a regional officer to their province, pages by cursor, and exports exactly the list', async () => {
    const west = (await jabar.get('/api/triage/candidates?programme=marketplace')).json()
    expect(west.items.map((c: { name: string }) => c.name)).toEqual(['Batik B', 'Batik A'])
    expect((await jabar.get('/api/triage/candidates?programme=marketplace&province=33')).statusCode).toBe(403)
    const first = (await officer.get('/api/triage/candidates?programme=marketplace&limit=2')).json()
    const second = (await officer.get(`/api/triage/candidates?programme=marketplace&limit=2&cursor=${first.nextCursor}`)).json()
    expect([...first.items, ...second.items].map((c: { name: string }) => c.name)).toEqual(['Tenun C', 'Batik B', 'Batik A'])
    expect(second.nextCursor).toBeNull()
    const xlsx = await jabar.request({ method: 'GET', url: '/api/triage/candidates/export?programme=marketplace&format=xlsx' })
    expect(xlsx.statusCode).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    const names = workbook.worksheets[0].getColumn(7).values.slice(2)
    expect(names).toEqual(['Batik B', 'Batik A'])
    expect((await t.client().get('/api/triage/candidates?programme=export')).statusCode).toBe(401)
    const owner = (await t.signInAs('firm_owner')).client
    expect((await owner.get('/api/triage/candidates?programme=export')).statusCode).toBe(403)
  })
})
