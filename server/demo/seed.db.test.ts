import { afterAll, beforeAll, expect, it } from 'vitest'
import { createTestApp, TestClient, totpCode, type TestApp } from '../../test/app.ts'
import { ROLES } from '../platform/access/roles.ts'
import { seedDemo } from './seed.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ rateLimit: { apiPerMinute: 10_000, loginPerMinute: 10_000 } })
})
afterAll(async () => t.close())

it('gives one working login per role, and seeding again adds nothing', async () => {
  const logins = await seedDemo(t.db, t.keys)
  expect(logins.map((l) => l.role).sort()).toEqual([...ROLES].sort())
  const count = async () => Number((await t.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
  const users = await count()
  await seedDemo(t.db, t.keys)
  expect(await count()).toBe(users)

  for (const login of logins) {
    const client: TestClient = t.client()
    const response = await client.post('/api/auth/login', { email: login.email, password: login.password })
    expect(response.statusCode, login.email).toBe(200)
    if (response.json().stage === 'totp') {
      const second = await client.post('/api/auth/totp', { code: await totpCode(login.totpSecret!) })
      expect(second.statusCode, login.email).toBe(200)
    }
    const me = await client.get('/api/auth/me')
    expect(me.json()).toMatchObject({ stage: 'full', user: { role: login.role } })
    if (login.role === 'firm_owner') {
      expect((await client.get('/api/firms')).json().items.map((f: { name: string }) => f.name)).toEqual(['CV Batik Sekar Jagad'])
    }
  }
}, 120_000)

it('spreads the demo firms over provinces as BPS counts IKM (Java about 63 %)', async () => {
  const rows = await t.db.selectFrom('firms').select(['province_code', 'size_class']).execute()
  expect(rows.length).toBeGreaterThanOrEqual(3000)
  const java = rows.filter((r) => ['31', '32', '33', '34', '35', '36'].includes(r.province_code)).length / rows.length
  expect(java).toBeGreaterThan(0.55)
  expect(java).toBeLessThan(0.72)
  expect(new Set(rows.map((r) => r.province_code)).size).toBeGreaterThan(30)
  expect(rows.some((r) => r.size_class === 'medium')).toBe(true)
})

it('answers two survey rounds as 2020 surveys reported (most sales falling, drops around 50–70 %, 17 % unpaid)', async () => {
  const { summaryOf } = await import('../modules/assessment/index.ts')
  const rounds = await t.db.selectFrom('survey_rounds').selectAll().orderBy('reference_month').execute()
  expect(rounds.map((r) => r.name)).toEqual(['Survei Dampak April 2020', 'Survei Dampak Juli 2020'])
  const [april, july] = [await summaryOf(t.db, rounds[0], {}), await summaryOf(t.db, rounds[1], {})]
  expect(april.firmsAssessed).toBeGreaterThan(1800)
  expect(july.firmsAssessed).toBeGreaterThan(1500)
  const falling = (s: typeof april) => 1 - s.firmsWithoutDrop / s.firmsWithBaseline
  expect(falling(april)).toBeGreaterThan(0.82)
  expect(falling(april)).toBeLessThan(0.9)
  expect(april.salesChangePct.median).toBeLessThan(-40)
  expect(april.salesChangePct.median).toBeGreaterThan(-65)
  expect(july.salesChangePct.median).toBeGreaterThan(april.salesChangePct.median!)
  const unpaid = april.firmsSentHomeUnpaid / april.firmsAssessed
  expect(unpaid).toBeGreaterThan(0.13)
  expect(unpaid).toBeLessThan(0.21)
  expect(april.needs[0].need).toBe('financing')
})

it('runs the 2020 marketplace programme: nominations across the pipeline, the Tokopedia partner sees consented firms, the owner is asked', async () => {
  const logins = await seedDemo(t.db, t.keys)
  const signIn = async (role: string) => {
    const login = logins.find((l) => l.role === role)!
    const client = t.client()
    const response = await client.post('/api/auth/login', { email: login.email, password: login.password })
    if (response.json().stage === 'totp') await client.post('/api/auth/totp', { code: await totpCode(login.totpSecret!, 1) })
    return client
  }
  const officer = await signIn('officer')
  const funnel = (await officer.get('/api/marketplace/funnel')).json().items as Array<{ marketplaceCode: string; nominations: number; stages: Array<{ stage: string; reached: number }> }>
  expect(funnel.map((f) => f.marketplaceCode)).toEqual(['blibli', 'bukalapak', 'shopee', 'tokopedia'])
  const total = funnel.reduce((s, f) => s + f.nominations, 0)
  expect(total).toBeGreaterThan(200)
  // Every stage thins out towards active, and some firms reach it.
  for (const row of funnel) {
    const reached = row.stages.map((s) => s.reached)
    expect(reached[0]).toBe(row.nominations)
    expect(reached[1]).toBeLessThan(reached[0])
    expect(reached[6]).toBeGreaterThan(0)
    expect(reached[6]).toBeLessThan(reached[3])
  }
  const partner = await signIn('marketplace_partner')
  const seen = (await partner.get('/api/marketplace/nominations?limit=200')).json()
  expect(seen.total).toBeGreaterThan(20)
  expect(seen.items.every((n: { marketplaceCode: string; consent: boolean }) => n.marketplaceCode === 'tokopedia' && n.consent)).toBe(true)
  const owner = await signIn('firm_owner')
  const firm = (await owner.get('/api/firms')).json().items[0]
  const consents = (await owner.get(`/api/firms/${firm.id}/marketplace-consents`)).json().items
  expect(consents.find((c: { marketplaceCode: string }) => c.marketplaceCode === 'tokopedia')).toMatchObject({ granted: false, nomination: { stage: 'nominated' } })
})
