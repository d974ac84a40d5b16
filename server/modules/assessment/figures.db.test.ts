// Every dashboard figure, read from the rollups, must equal the same figure recomputed here in
// plain TypeScript from the raw rows, on random data, after creates, revisions and a firm moving
// to another regency, for every kind of filter, per province, and for the drill-down lists.
import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, type TestClient } from '../../../test/app.ts'
import { applyAllRollupEvents, rebuildRollups } from './rollups.ts'
import { salesChangeTenths } from './rules.ts'

const LIMITS = { rateLimit: { apiPerMinute: 100_000, loginPerMinute: 100_000 } }
const REGENCIES = ['32.04', '32.73', '32.09', '33.20', '33.74', '35.15', '35.78']
const DIVISIONS = ['10', '13', '16', '31']
const KBLI = { '10': '10794', '13': '13134', '16': '16291', '31': '31001' } as const
const MATERIALS = ['Kain mori', 'Benang katun', 'kain  MORI', 'Kayu jati']
const NEEDS = ['marketing', 'raw_materials', 'financing', 'export', 'other'] as const
const COUNTRIES = ['JP', 'NL', 'US', 'SG']

let t: TestApp
let officer: TestClient
let rng = 20200401
const random = () => ((rng = (rng * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1))
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]

function randomAnswers() {
  const before = int(0, 40)
  let left = before
  const take = () => {
    const n = int(0, left)
    left -= n
    return n
  }
  const working = take()
  const baseline = random() < 0.1 ? 0 : int(1, 500) * 100_000
  return {
    baselineTurnoverIdr: baseline,
    referenceTurnoverIdr: random() < 0.1 ? 0 : Math.round(baseline * random() * 1.3) + int(0, 3) * 7,
    channels: [],
    workersBefore: before,
    workersWorking: working,
    sentHomePaid: take(),
    sentHomePartlyPaid: take(),
    sentHomeUnpaid: take(),
    laidOff: take(),
    materials: Array.from({ length: int(0, 2) }, () => {
      const needed = int(1, 1000)
      return { material: pick(MATERIALS), unit: pick(['meter', 'Meter', 'kg']), neededPerMonth: needed, obtained: int(0, needed), cause: 'price' }
    }),
    exports: Array.from({ length: int(0, 1) }, () => ({
      contracts: int(1, 4),
      currency: pick(['USD', 'JPY']),
      value: int(1, 100) * 1000,
      destinationCountries: [...new Set([pick(COUNTRIES), pick(COUNTRIES)])],
      goodsProduced: random() < 0.5,
    })),
    needs: [...NEEDS].sort(() => random() - 0.5).slice(0, int(0, 5)),
  }
}

interface Raw {
  firm_id: string
  province_code: string
  regency_code: string
  kbli_division: string
  size_class: string
  baseline_turnover_idr: string
  reference_turnover_idr: string
  workers_before: number
  workers_working: number
  sent_home_paid: number
  sent_home_partly_paid: number
  sent_home_unpaid: number
  laid_off: number
  needs: string[]
  id: string
}

let rounds: Array<{ id: string }> = []

beforeAll(async () => {
  t = await createTestApp(LIMITS)
  ;({ client: officer } = await t.signInAs('officer'))
  for (const [name, month] of [['Survei April', '2020-04'], ['Survei Juli', '2020-07']]) {
    rounds.push((await officer.post('/api/rounds', { name, referenceMonth: month, opensOn: '2020-05-01', closesOn: '2099-12-31' })).json())
  }
  const firms: string[] = []
  for (let i = 0; i < 90; i++) {
    const division = pick(DIVISIONS)
    const response = await officer.post('/api/firms', {
      name: `IKM Acak ${i}`,
      regencyCode: pick(REGENCIES),
      kbliMain: random() < 0.05 ? undefined : KBLI[division as keyof typeof KBLI],
      workersTotal: random() < 0.1 ? undefined : int(1, 60),
      investmentIdr: int(1, 40) * 100_000_000,
    })
    expect(response.statusCode, response.body).toBe(201)
    firms.push(response.json().id)
  }
  for (const round of rounds) {
    for (const firmId of firms) {
      if (random() < 0.25) continue
      const r = await officer.post(`/api/rounds/${round.id}/responses`, { submissionId: crypto.randomUUID(), firmId, answers: randomAnswers() })
      expect(r.statusCode, r.body).toBeLessThan(300)
    }
  }
  await applyAllRollupEvents(t.db)
  // Changes after the first application: revisions, and firms moving region / sector / size.
  for (const firmId of firms.slice(0, 15)) {
    await officer.post(`/api/rounds/${rounds[1].id}/responses`, { submissionId: crypto.randomUUID(), firmId, answers: randomAnswers() })
  }
  for (const firmId of firms.slice(10, 20)) {
    const moved = await officer.patch(`/api/firms/${firmId}`, { regencyCode: pick(REGENCIES), kbliMain: KBLI['16'], workersTotal: int(1, 60) })
    expect(moved.statusCode, moved.body).toBe(200)
  }
  await applyAllRollupEvents(t.db)
}, 120_000)
afterAll(async () => t?.close())

async function rawRows(roundId: string) {
  const responses = (
    await t.db.selectFrom('survey_responses').selectAll().where('round_id', '=', roundId).execute()
  ) as unknown as Raw[]
  const firms = await t.db.selectFrom('firms').select(['id', 'province_code', 'regency_code', 'kbli_main', 'size_class']).where('merged_into', 'is', null).execute()
  const materials = await t.db.selectFrom('survey_response_materials').selectAll().execute()
  const exports = await t.db.selectFrom('survey_response_exports').selectAll().execute()
  return { responses, firms, materials, exports }
}

type Filter = { province?: string; regency?: string; kbliDivision?: string; sizeClass?: string }

/** The figures of the issue, computed from raw rows the plain way. */
function recompute(raw: Awaited<ReturnType<typeof rawRows>>, filter: Filter) {
  const firmOf = new Map(raw.firms.map((f) => [f.id, f]))
  const match = (f: { province_code: string; regency_code: string; kbli_division: string; size_class: string }) =>
    (!filter.province || f.province_code === filter.province) &&
    (!filter.regency || f.regency_code === filter.regency) &&
    (!filter.kbliDivision || f.kbli_division === filter.kbliDivision) &&
    (!filter.sizeClass || f.size_class === filter.sizeClass)
  // The registry as it is now: the rollups follow firms that moved.
  const registry = raw.firms.filter((f) =>
    match({ province_code: f.province_code, regency_code: f.regency_code, kbli_division: f.kbli_main?.slice(0, 2) ?? '--', size_class: f.size_class ?? 'unknown' }),
  )
  const rows = raw.responses.filter((r) => {
    const f = firmOf.get(r.firm_id)!
    expect([r.province_code, r.regency_code, r.kbli_division, r.size_class]).toEqual([f.province_code, f.regency_code, f.kbli_main?.slice(0, 2) ?? '--', f.size_class ?? 'unknown'])
    return match(r)
  })
  const changes = rows.map((r) => salesChangeTenths(Number(r.baseline_turnover_idr), Number(r.reference_turnover_idr))).filter((c): c is number => c !== null).sort((a, b) => a - b)
  const n = changes.length
  const median = n === 0 ? null : Math.round(((n % 2 ? changes[(n - 1) / 2] : (changes[n / 2 - 1] + changes[n / 2]) / 2) / 10) * 100) / 100
  const mean = n === 0 ? null : Math.round((changes.reduce((s, c) => s + c, 0) / n / 10) * 100) / 100
  const histogram = Array.from({ length: 10 }, (_, i) => ({
    dropFrom: i * 10,
    dropTo: (i + 1) * 10,
    firms: changes.filter((c) => c < 0 && Math.min(9, Math.ceil(-c / 100) - 1) === i).length,
  }))
  const sum = (f: (r: Raw) => number) => rows.reduce((s, r) => s + f(r), 0)
  const ids = new Set(rows.map((r) => r.id))
  const needs = new Map<string, { firms: number; firmsFirst: number; points: number }>()
  for (const r of rows) {
    r.needs.forEach((need, i) => {
      const entry = needs.get(need) ?? { firms: 0, firmsFirst: 0, points: 0 }
      entry.firms += 1
      entry.firmsFirst += i === 0 ? 1 : 0
      entry.points += 5 - i
      needs.set(need, entry)
    })
  }
  const materials = new Map<string, { reports: number; needed: number; obtained: number }>()
  for (const m of raw.materials.filter((m) => ids.has(m.response_id))) {
    const key = `${m.material.trim().replace(/\s+/g, ' ').toLowerCase()}|${m.unit.trim().toLowerCase()}`
    const entry = materials.get(key) ?? { reports: 0, needed: 0, obtained: 0 }
    entry.reports += 1
    entry.needed += Number(m.needed_per_month)
    entry.obtained += Number(m.obtained)
    materials.set(key, entry)
  }
  const exports = new Map<string, { contracts: number; value: number }>()
  for (const e of raw.exports.filter((e) => ids.has(e.response_id))) {
    for (const country of e.destination_countries) {
      const key = `${country}|${e.currency}`
      const entry = exports.get(key) ?? { contracts: 0, value: 0 }
      entry.contracts += e.contracts
      entry.value += Number(e.value)
      exports.set(key, entry)
    }
  }
  const sentHome = (r: Raw) => r.sent_home_paid + r.sent_home_partly_paid + r.sent_home_unpaid
  return {
    firmsInRegistry: registry.length,
    firmsAssessed: rows.length,
    firmsWithBaseline: n,
    salesChangePct: { median, mean },
    firmsWithSalesDrop50PctOrMore: changes.filter((c) => c <= -500).length,
    histogram,
    firmsWithoutDrop: changes.filter((c) => c >= 0).length,
    workers: {
      before: sum((r) => r.workers_before),
      working: sum((r) => r.workers_working),
      sentHome: sum(sentHome),
      sentHomePaid: sum((r) => r.sent_home_paid),
      sentHomePartlyPaid: sum((r) => r.sent_home_partly_paid),
      sentHomeUnpaid: sum((r) => r.sent_home_unpaid),
      laidOff: sum((r) => r.laid_off),
    },
    firmsSentHome: rows.filter((r) => sentHome(r) > 0).length,
    firmsSentHomeUnpaid: rows.filter((r) => r.sent_home_unpaid > 0).length,
    firmsLaidOff: rows.filter((r) => r.laid_off > 0).length,
    needs: Object.fromEntries(needs),
    materials: Object.fromEntries(materials),
    exports: Object.fromEntries(exports),
    firmIds: rows.map((r) => r.firm_id).sort(),
    dropFirmIds: rows.filter((r) => (salesChangeTenths(Number(r.baseline_turnover_idr), Number(r.reference_turnover_idr)) ?? 0) <= -500).map((r) => r.firm_id).sort(),
  }
}

const FILTERS: Filter[] = [{}, { province: '32' }, { regency: '33.20' }, { kbliDivision: '13' }, { sizeClass: 'small' }, { province: '35', kbliDivision: '16' }, { kbliDivision: '--' }]

/**
 * Compares every figure for each filter; `scope` is the region a regional officer is held to
 * (added to every recomputation, never sent: the server must apply it by itself).
 */
async function compare(roundId: string, viewer: TestClient = officer, scope: Filter = {}, filters: Filter[] = FILTERS) {
  const raw = await rawRows(roundId)
  for (const filter of filters) {
    const query = new URLSearchParams(filter as Record<string, string>).toString()
    const response = await viewer.get(`/api/rounds/${roundId}/dashboard?${query}`)
    expect(response.statusCode, response.body).toBe(200)
    const { summary, byProvince } = response.json()
    const expected = recompute(raw, { ...filter, ...scope })
    const label = JSON.stringify({ filter, scope })
    if (scope.province) expect(byProvince.map((row: { code: string }) => row.code), label).toEqual(expected.firmsInRegistry ? [scope.province] : [])
    for (const key of ['firmsInRegistry', 'firmsAssessed', 'firmsWithBaseline', 'salesChangePct', 'firmsWithSalesDrop50PctOrMore', 'histogram', 'firmsWithoutDrop', 'workers', 'firmsSentHome', 'firmsSentHomeUnpaid', 'firmsLaidOff'] as const) {
      expect(summary[key], `${label} ${key}`).toEqual(expected[key])
    }
    expect(summary.responseRatePct, label).toBe(expected.firmsInRegistry ? Math.round((expected.firmsAssessed / expected.firmsInRegistry) * 10000) / 100 : null)
    expect(Object.fromEntries(summary.needs.map((n: { need: string; firms: number; firmsFirst: number; points: number }) => [n.need, { firms: n.firms, firmsFirst: n.firmsFirst, points: n.points }])), label).toEqual(expected.needs)
    expect(Object.fromEntries(summary.materials.map((m: { material: string; unit: string; reports: number; needed: number; obtained: number }) => [`${m.material}|${m.unit}`, { reports: m.reports, needed: m.needed, obtained: m.obtained }])), label).toEqual(expected.materials)
    expect(Object.fromEntries(summary.exports.map((e: { country: string; currency: string; contracts: number; value: number }) => [`${e.country}|${e.currency}`, { contracts: e.contracts, value: e.value }])), label).toEqual(expected.exports)
    // Per province: the same figures with the province added to the filter.
    for (const row of byProvince) {
      const p = recompute(raw, { ...filter, ...scope, province: row.code })
      expect([row.firmsAssessed, row.salesChangePctMedian, row.salesChangePctMean, row.workersSentHome, row.firmsInRegistry], `${label} province ${row.code}`).toEqual([
        p.firmsAssessed, p.salesChangePct.median, p.salesChangePct.mean, p.workers.sentHome, p.firmsInRegistry,
      ])
    }
    // The firms behind two figures are exactly the rows they count.
    const behind = async (figure: string) => {
      const ids: string[] = []
      let cursor: string | null = null
      do {
        const page: { items: Array<{ firmId: string }>; nextCursor: string | null } = (await viewer.get(`/api/rounds/${roundId}/firms?figure=${figure}&limit=7${query ? `&${query}` : ''}${cursor ? `&cursor=${cursor}` : ''}`)).json()
        ids.push(...page.items.map((i: { firmId: string }) => i.firmId))
        cursor = page.nextCursor
      } while (cursor)
      return ids.sort()
    }
    expect(await behind('assessed'), label).toEqual(expected.firmIds)
    expect(await behind('drop_50'), label).toEqual(expected.dropFirmIds)
  }
}

describe('dashboard figures equal a recomputation from the raw rows', () => {
  it('for both rounds, every filter, per province and in the drill-down', async () => {
    for (const round of rounds) await compare(round.id)
  }, 60_000)

  it('hold a regional officer to their province or regency in every figure, per province and in the drill-down', async () => {
    const { client: jateng } = await t.signInAs('regional_officer', { organisation: { provinceCode: '33' } })
    const { client: kabBandung } = await t.signInAs('regional_officer', { organisation: { provinceCode: '32', regencyCode: '32.04' } })
    const filters: Filter[] = [{}, { kbliDivision: '16' }, { sizeClass: 'small' }]
    for (const round of rounds) {
      await compare(round.id, jateng, { province: '33' }, filters)
      await compare(round.id, kabBandung, { province: '32', regency: '32.04' }, filters)
    }
    // Asking for another region is refused, for the figures and for the firms behind them.
    for (const query of ['province=32', 'regency=33.74']) {
      const viewer = query.startsWith('province') ? jateng : kabBandung
      expect((await viewer.get(`/api/rounds/${rounds[0].id}/dashboard?${query}`)).statusCode, query).toBe(403)
      expect((await viewer.get(`/api/rounds/${rounds[0].id}/firms?figure=assessed&${query}`)).statusCode, query).toBe(403)
    }
  }, 60_000)

  it('and stay equal after the rollups are rebuilt from scratch', async () => {
    await rebuildRollups(t.db)
    await compare(rounds[1].id)
  }, 60_000)

  it('answers the CLI summary shape with Kemendagri province codes', async () => {
    const { reportSummary } = await import('./figures.ts')
    const report = await reportSummary(t.db, 'Survei Juli')
    const expected = recompute(await rawRows(rounds[1].id), {})
    expect(report).toMatchObject({
      round: rounds[1].id,
      firmsAssessed: expected.firmsAssessed,
      salesChangePct: expected.salesChangePct,
      firmsWithSalesDrop50PctOrMore: expected.firmsWithSalesDrop50PctOrMore,
      workers: { before: expected.workers.before, working: expected.workers.working, sentHome: expected.workers.sentHome, laidOff: expected.workers.laidOff },
    })
    expect(report.byProvince.map((p) => p.code)).toEqual(['32', '33', '35'])
  })
})
