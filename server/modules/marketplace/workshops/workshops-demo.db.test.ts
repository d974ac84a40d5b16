// The demo workshops on a small programme: a dozen in 2020 across the three zones, invitations,
// registrations with one full workshop and its waiting list, attendance agreeing with the pipeline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../../test/app.ts'
import { SYSTEM_CONTEXT } from '../../../platform/audit/audit.service.ts'
import { shareFirmForTest } from '../test-fixtures.ts'
import { seedDemoWorkshops } from './demo.ts'

let t: TestApp

beforeAll(async () => {
  t = await createTestApp()
  const { client: officer, user } = await t.signInAs('officer')
  for (let i = 0; i < 8; i++) {
    const id = (await officer.post('/api/firms', { name: `Kriya Bandung ${i}`, regencyCode: '32.04', kbliMain: '13134' })).json().id
    await shareFirmForTest(t, { firmId: id, marketplaceCode: 'shopee', byUserId: user.id, stage: i < 4 ? 'trained' : 'consented' })
  }
  const bali = (await officer.post('/api/firms', { name: 'Ukir Bali', regencyCode: '51.71', kbliMain: '16293' })).json().id
  await shareFirmForTest(t, { firmId: bali, marketplaceCode: 'tokopedia', byUserId: user.id, stage: 'store_opened' })
}, 60_000)
afterAll(async () => t?.close())

describe('seedDemoWorkshops', () => {
  it('plans a dozen 2020 workshops in each zone with invitations, a waiting list and attendance, once', async () => {
    expect(await seedDemoWorkshops(t.db, SYSTEM_CONTEXT)).toBe(12)
    const workshops = await t.db.selectFrom('marketplace_workshops').selectAll().execute()
    expect(workshops).toHaveLength(12)
    expect(new Set(workshops.map((w) => w.time_zone))).toEqual(new Set(['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura']))
    expect(workshops.every((w) => w.starts_at.getUTCFullYear() === 2020)).toBe(true)
    expect(workshops.filter((w) => w.status === 'cancelled')).toHaveLength(1)
    const registrations = await t.db.selectFrom('marketplace_workshop_registrations').selectAll().execute()
    expect(registrations.filter((r) => r.status === 'waitlisted')).toHaveLength(2)
    // Attendance agrees with the pipeline: attendees reached 'trained'.
    const attended = registrations.filter((r) => r.attended === true).map((r) => r.firm_id)
    expect(attended.length).toBeGreaterThanOrEqual(4)
    const stages = await t.db.selectFrom('marketplace_nominations').select(['firm_id', 'stage']).where('firm_id', 'in', attended).execute()
    expect(stages.every((s) => s.stage !== 'consented' && s.stage !== 'nominated')).toBe(true)
    expect((await t.db.selectFrom('marketplace_workshop_invitations').select('firm_id').execute()).length).toBeGreaterThanOrEqual(9)
    expect(await seedDemoWorkshops(t.db, SYSTEM_CONTEXT)).toBe(0)
  })
})
