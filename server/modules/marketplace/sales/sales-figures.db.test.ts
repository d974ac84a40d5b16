// Recovery figures: every figure of the summary (per marketplace, province and month; per
// marketplace; per month with the firms' recovery against their baselines) and of a firm's page is
// recomputed here from the raw rows on random data, for each kind of viewer, and must be equal.
// Also: a partner never sees sales of a firm not shared with it, over the API and the export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, type TestClient } from '../../../../test/app.ts'
import { random } from '../../registry/demo-firms.ts'
import { SYSTEM_CONTEXT } from '../../../platform/audit/audit.service.ts'
import { signInAsPartner } from '../test-fixtures.ts'
import { seedDemoSales } from './demo.ts'
import type { SalesSummary } from './sales.figures.ts'

const LIMITS = { rateLimit: { apiPerMinute: 100_000, loginPerMinute: 100_000 } }
const STAGES = ['nominated', 'consented', 'trained', 'store_opened', 'products_listed', 'first_sale', 'active']
const ONBOARD = new Set(STAGES.slice(3))
const MARKETS = ['tokopedia', 'shopee', 'blibli', 'bukalapak']
const REGENCIES = ['32.04', '33.20', '33.26']
const MONTHS = ['2020-03', '2020-04', '2020-05', '2020-06', '2020-07', '2020-08', '2020-09', '2020-10', '2020-11', '2020-12']

let t: TestApp
let officer: TestClient
let officerId: string
let ownerOrg: string
const firms: Array<{ id: string; province: string; regency: string; org: string | null }> = []
interface Nom { id: string; firm: string; market: string; stage: string; province: string; changedAt: Date; events: Array<{ to: string; at: Date }>; consent: boolean }
const noms: Nom[] = []
interface Sale { firm: string; market: string; month: string; gmv: number; orders: number; units: number | null; province: string }
const sales: Sale[] = []
const baselines = new Map<string, number>()

beforeAll(async () => {
  t = await createTestApp(LIMITS)
  const signedIn = await t.signInAs('officer')
  officer = signedIn.client
  officerId = signedIn.user.id
  const owner = await t.signInAs('firm_owner')
  ownerOrg = owner.user.organisationId
  const rand = random(4242)
  const pick = <T>(items: T[]) => items[Math.floor(rand() * items.length)]
  for (let i = 0; i < 36; i++) {
    const regency = REGENCIES[i % 3]
    const created = await officer.post('/api/firms', { name: `Usaha Acak ${i}`, regencyCode: regency, kbliMain: '13134' })
    expect(created.statusCode, created.body).toBe(201)
    const org = i === 0 ? ownerOrg : null
    if (org) await t.db.updateTable('firms').set({ organisation_id: org }).where('id', '=', created.json().id).execute()
    firms.push({ id: created.json().id, province: regency.slice(0, 2), regency, org })
  }
  // Two survey rounds; the latest response of a firm gives its baseline (some 0, some firms none).
  const round = async (name: string, month: string, createdAt: Date) =>
    (await t.db.insertInto('survey_rounds').values({ name, reference_month: `${month}-01`, opens_on: `${month}-01`, closes_on: '2020-12-31', created_at: createdAt }).returning('id').executeTakeFirstOrThrow()).id
  const april = await round('Acak April', '2020-04', new Date('2020-04-01T00:00:00Z'))
  const july = await round('Acak Juli', '2020-07', new Date('2020-07-01T00:00:00Z'))
  for (const firm of firms) {
    for (const [roundId, chance] of [[april, 0.7], [july, 0.5]] as const) {
      if (rand() > chance) continue
      const baseline = rand() < 0.1 ? 0 : Math.floor(rand() * 500) * 100_000
      await t.db
        .insertInto('survey_responses')
        .values({ round_id: roundId, firm_id: firm.id, mode: 'import', province_code: firm.province, regency_code: firm.regency, kbli_division: '13', size_class: 'micro', baseline_turnover_idr: baseline, reference_turnover_idr: 0, workers_before: 1, workers_working: 1 })
        .execute()
      baselines.set(firm.id, baseline)
    }
  }
  // Nominations at random stages with events at random times (some without events), consent mostly live.
  for (const firm of firms) {
    for (const market of MARKETS) {
      if (rand() < 0.45) continue
      const stage = pick(STAGES)
      const changedAt = rand() < 0.4 ? new Date(Date.UTC(2020, 4 + Math.floor(rand() * 8), 0, 19)) : new Date(Date.UTC(2020, 3 + Math.floor(rand() * 9), 1 + Math.floor(rand() * 28), Math.floor(rand() * 24)))
      const row = await t.db
        .insertInto('marketplace_nominations')
        .values({ firm_id: firm.id, marketplace_code: market, stage, source: 'manual', nominated_by: officerId, province_code: firm.province, regency_code: firm.regency, stage_changed_at: changedAt })
        .returning('id')
        .executeTakeFirstOrThrow()
      const events: Nom['events'] = []
      if (rand() < 0.8) {
        let at = Date.UTC(2020, 2, 1) + Math.floor(rand() * 200) * 86_400_000
        for (const to of STAGES.slice(0, STAGES.indexOf(stage) + 1)) {
          // Around month ends, so the WIB month differs from the UTC one now and then.
          at += Math.floor(rand() * 40) * 86_400_000
          const day = new Date(at)
          // A third at 20:00 UTC on a month's last day: already the next month in WIB.
          const when = rand() < 0.35 ? new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 0, 20)) : day
          events.push({ to, at: when })
          await t.db.insertInto('marketplace_stage_events').values({ nomination_id: row.id, firm_id: firm.id, marketplace_code: market, to_stage: to, at: when }).execute()
        }
      }
      const consent = rand() < 0.8
      await t.db.insertInto('marketplace_consents').values({ firm_id: firm.id, marketplace_code: market, granted_by: officerId, ...(consent ? {} : { withdrawn_at: new Date(), withdrawn_by: officerId }) }).execute()
      noms.push({ id: row.id, firm: firm.id, market, stage, province: firm.province, changedAt, events, consent })
      for (const month of MONTHS) {
        if (rand() < 0.5) continue
        const orders = rand() < 0.25 ? 0 : 1 + Math.floor(rand() * 50)
        const sale: Sale = { firm: firm.id, market, month, gmv: orders === 0 ? 0 : Math.floor(rand() * 40_000_000), orders, units: rand() < 0.2 ? null : orders * 2, province: firm.province }
        sales.push(sale)
        await t.db
          .insertInto('marketplace_sales')
          .values({ firm_id: firm.id, marketplace_code: market, nomination_id: row.id, month: `${month}-01`, gmv_idr: sale.gmv, orders: sale.orders, units: sale.units, source: 'upload', province_code: firm.province, regency_code: firm.regency })
          .execute()
      }
    }
  }
}, 180_000)
afterAll(async () => t?.close())

// ---- the recomputation, straight from the rows above ----
interface Viewer { sale: (s: Sale) => boolean; nom: (n: Nom) => boolean }
const shared = (firm: string, market: string) => noms.some((n) => n.firm === firm && n.market === market && n.consent)
const VIEWERS: Record<string, Viewer> = {
  officer: { sale: () => true, nom: () => true },
  regional: { sale: (s) => s.province === '33', nom: (n) => n.province === '33' },
  tokopedia: { sale: (s) => s.market === 'tokopedia' && shared(s.firm, 'tokopedia'), nom: (n) => n.market === 'tokopedia' && n.consent },
  owner: { sale: (s) => firms.find((f) => f.id === s.firm)!.org === ownerOrg, nom: (n) => firms.find((f) => f.id === n.firm)!.org === ownerOrg },
}
const wibMonth = (at: Date) => new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 7)
const pct = (a: number, b: number) => (b > 0 ? Math.round((a * 1000) / b) / 10 : null)

function onboardedMonth(n: Nom): string | null {
  const candidates: string[] = []
  if (ONBOARD.has(n.stage)) {
    const reached = n.events.filter((e) => ONBOARD.has(e.to)).map((e) => e.at.getTime())
    candidates.push(wibMonth(reached.length > 0 ? new Date(Math.min(...reached)) : n.changedAt))
  }
  const sold = sales.filter((s) => s.firm === n.firm && s.market === n.market && s.orders > 0).map((s) => s.month)
  candidates.push(...sold)
  return candidates.length > 0 ? candidates.sort()[0] : null
}

function expected(viewer: Viewer, filter: { marketplace?: string; province?: string; from: string; to: string }) {
  const months = MONTHS.filter((m) => m >= filter.from && m <= filter.to)
  const inFilter = (market: string, province: string) => (!filter.marketplace || market === filter.marketplace) && (!filter.province || province === filter.province)
  const vs = sales.filter((s) => viewer.sale(s) && inFilter(s.market, s.province) && s.month >= filter.from && s.month <= filter.to)
  const vn = noms.filter((n) => viewer.nom(n) && inFilter(n.market, n.province)).map((n) => ({ n, month: onboardedMonth(n) })).filter((x) => x.month !== null && x.month <= filter.to)
  const groups = [...new Set([...vs.map((s) => `${s.market}|${s.province}`), ...vn.map((x) => `${x.n.market}|${x.n.province}`)])].sort()
  const rows = groups.flatMap((g) => {
    const [market, province] = g.split('|')
    return months.map((month) => {
      const here = vs.filter((s) => s.market === market && s.province === province && s.month === month)
      const selling = here.filter((s) => s.orders > 0).length
      const onboarded = vn.filter((x) => x.n.market === market && x.n.province === province && x.month! <= month).length
      return {
        marketplaceCode: market,
        provinceCode: province,
        month,
        gmvIdr: here.reduce((a, s) => a + s.gmv, 0),
        orders: here.reduce((a, s) => a + s.orders, 0),
        units: here.reduce((a, s) => a + (s.units ?? 0), 0),
        storesReporting: here.length,
        storesSelling: selling,
        storesOnboarded: onboarded,
        sellingSharePct: pct(selling, onboarded),
      }
    })
  })
  const byMonth = months.map((month) => {
    const here = rows.filter((r) => r.month === month)
    const sum = (k: 'gmvIdr' | 'orders' | 'units' | 'storesReporting' | 'storesSelling' | 'storesOnboarded') => here.reduce((a, r) => a + r[k], 0)
    const perFirm = new Map<string, number>()
    for (const s of vs.filter((s) => s.month === month)) perFirm.set(s.firm, (perFirm.get(s.firm) ?? 0) + s.gmv)
    const ratios = [...perFirm].filter(([firm]) => (baselines.get(firm) ?? 0) > 0).map(([firm, gmv]) => (gmv * 100) / baselines.get(firm)!).sort((a, b) => a - b)
    const mid = ratios.length === 0 ? null : ratios.length % 2 ? ratios[(ratios.length - 1) / 2] : (ratios[ratios.length / 2 - 1] + ratios[ratios.length / 2]) / 2
    return {
      month,
      gmvIdr: sum('gmvIdr'),
      orders: sum('orders'),
      units: sum('units'),
      storesReporting: sum('storesReporting'),
      storesSelling: sum('storesSelling'),
      storesOnboarded: sum('storesOnboarded'),
      sellingSharePct: pct(sum('storesSelling'), sum('storesOnboarded')),
      firmsWithBaseline: ratios.length,
      firmsRecovered: [...perFirm].filter(([firm, gmv]) => (baselines.get(firm) ?? 0) > 0 && gmv >= baselines.get(firm)!).length,
      recoveryPctMedian: mid === null ? null : Math.round(mid * 10) / 10,
    }
  })
  return { rows, byMonth }
}

describe('recovery figures equal their recomputation from the raw rows', () => {
  const clients = new Map<string, TestClient>()
  beforeAll(async () => {
    clients.set('officer', officer)
    clients.set('regional', (await t.signInAs('regional_officer', { organisation: { provinceCode: '33' } })).client)
    clients.set('tokopedia', (await signInAsPartner(t, 'tokopedia')).client)
    clients.set('owner', (await t.signInAs('firm_owner', { organisationId: ownerOrg })).client)
  })

  const filters = [
    { from: '2020-04', to: '2020-12' },
    { from: '2020-03', to: '2020-08', province: '33' },
    { from: '2020-06', to: '2020-11', marketplace: 'tokopedia' },
    { from: '2020-05', to: '2020-05', marketplace: 'shopee', province: '32' },
  ]
  for (const viewer of Object.keys(VIEWERS)) {
    it(`for the ${viewer}`, async () => {
      let compared = 0
      for (const filter of filters) {
        const query = new URLSearchParams(Object.entries(filter)).toString()
        const response = await clients.get(viewer)!.get(`/api/marketplace/sales/summary?${query}`)
        expect(response.statusCode, response.body).toBe(200)
        const body = response.json() as SalesSummary
        const want = expected(VIEWERS[viewer], filter)
        expect(body.rows).toEqual(want.rows)
        expect(body.byMonth).toEqual(want.byMonth)
        // Per marketplace: the rows added up over provinces.
        for (const row of body.byMarketplace) {
          const parts = want.rows.filter((r) => r.marketplaceCode === row.marketplaceCode && r.month === row.month)
          expect(row.gmvIdr).toBe(parts.reduce((a, r) => a + r.gmvIdr, 0))
          expect(row.storesSelling).toBe(parts.reduce((a, r) => a + r.storesSelling, 0))
          expect(row.storesOnboarded).toBe(parts.reduce((a, r) => a + r.storesOnboarded, 0))
          expect(row.sellingSharePct).toBe(pct(row.storesSelling, row.storesOnboarded))
        }
        compared += want.rows.length
      }
      if (viewer !== 'owner') expect(compared).toBeGreaterThan(20)
    })
  }

  it("per firm: each month's marketplace GMV against the latest response's baseline", async () => {
    let checked = 0
    for (const firm of firms) {
      const body = (await officer.get(`/api/firms/${firm.id}/marketplace-sales`)).json()
      const own = sales.filter((s) => s.firm === firm.id).sort((a, b) => a.month.localeCompare(b.month) || a.market.localeCompare(b.market))
      const base = baselines.get(firm.id)
      expect(body.baseline?.baselineIdr ?? null).toBe(base ?? null)
      expect(body.items.map((i: { marketplaceCode: string; month: string; gmvIdr: number; recoveryPct: number | null }) => [i.marketplaceCode, i.month, i.gmvIdr, i.recoveryPct])).toEqual(
        own.map((s) => [s.market, s.month, s.gmv, pct(s.gmv, base ?? 0)]),
      )
      for (const m of body.byMonth) {
        const gmv = own.filter((s) => s.month === m.month).reduce((a, s) => a + s.gmv, 0)
        expect([m.gmvIdr, m.recoveryPct]).toEqual([gmv, pct(gmv, base ?? 0)])
        checked++
      }
    }
    expect(checked).toBeGreaterThan(50)
  })
})

describe('a partner sees only the sales of firms shared with it', () => {
  it('over the firm page and the export', async () => {
    const { client: tokopedia } = await signInAsPartner(t, 'tokopedia')
    const visible = noms.filter((n) => n.market === 'tokopedia' && n.consent)
    const hidden = firms.filter((f) => !visible.some((n) => n.firm === f.id))
    expect(hidden.length).toBeGreaterThan(3)
    for (const firm of hidden) expect((await tokopedia.get(`/api/firms/${firm.id}/marketplace-sales`)).statusCode).toBe(404)
    for (const n of visible.slice(0, 5)) {
      const body = (await tokopedia.get(`/api/firms/${n.firm}/marketplace-sales`)).json()
      expect(new Set(body.items.map((i: { marketplaceCode: string }) => i.marketplaceCode))).toEqual(new Set(sales.some((s) => s.firm === n.firm && s.market === 'tokopedia') ? ['tokopedia'] : []))
    }
    const csv = await tokopedia.get('/api/marketplace/sales/export?from=2020-03&to=2020-12&format=csv')
    expect(csv.statusCode).toBe(200)
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\n').slice(1)
    const want = sales.filter((s) => s.market === 'tokopedia' && shared(s.firm, 'tokopedia'))
    expect(lines).toHaveLength(want.length)
    const ids = new Set(lines.map((line) => line.split(',').at(-1)!.trim()))
    for (const id of ids) expect(visible.some((n) => n.firm === id)).toBe(true)
    for (const firm of hidden) expect(csv.body).not.toContain(firm.id)
    // Asking for another marketplace's figures shows nothing of it.
    const other = (await tokopedia.get('/api/marketplace/sales/summary?from=2020-03&to=2020-12&marketplace=shopee')).json() as SalesSummary
    expect(other.rows).toEqual([])
    const xlsx = await tokopedia.get('/api/marketplace/sales/export?from=2020-03&to=2020-12&format=xlsx')
    expect(xlsx.statusCode).toBe(200)
  })

  it('a partner of no marketplace and a bad range', async () => {
    const { client: orphan } = await t.signInAs('marketplace_partner')
    const body = (await orphan.get('/api/marketplace/sales/summary')).json() as SalesSummary
    expect(body.rows).toEqual([])
    expect((await officer.get('/api/marketplace/sales/summary?from=2020-09&to=2020-05')).statusCode).toBe(400)
    // Without a range: the twelve months up to the latest one reported in view.
    const latest = (await officer.get('/api/marketplace/sales/summary')).json() as SalesSummary
    expect([latest.from, latest.to, latest.byMonth.length]).toEqual(['2020-01', '2020-12', 12])
  })
})

describe('demo sales', () => {
  it('start with each store\'s first sale and never sell before it', async () => {
    // Stage events of the random data stand in for the pipeline demo's.
    await t.db.deleteFrom('marketplace_sales').execute()
    const written = await seedDemoSales(t.db, SYSTEM_CONTEXT)
    expect(written).toBeGreaterThan(0)
    expect(await seedDemoSales(t.db, SYSTEM_CONTEXT)).toBe(0)
    const rows = await t.db.selectFrom('marketplace_sales').select(['nomination_id', 'month', 'orders']).execute()
    for (const row of rows) {
      const n = noms.find((x) => x.id === row.nomination_id)!
      expect(ONBOARD.has(n.stage)).toBe(true)
      if (row.orders > 0) {
        expect(['first_sale', 'active']).toContain(n.stage)
        const first = n.events.filter((e) => e.to === 'first_sale' || e.to === 'active').map((e) => e.at.getTime())
        if (first.length > 0) expect(new Date(row.month as unknown as string).getTime()).toBeGreaterThanOrEqual(Date.UTC(new Date(Math.min(...first) + 7 * 3600_000).getUTCFullYear(), new Date(Math.min(...first) + 7 * 3600_000).getUTCMonth(), 1) - 86_400_000)
      }
    }
  })
})
