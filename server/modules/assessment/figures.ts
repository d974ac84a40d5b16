// The national dashboard's figures, read from the rollups: every view reads the rows of one
// group (or of the provinces/regencies under it), so its cost does not grow with the registry.
import { sql } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { Executor } from '../../platform/audit/audit.repository.ts'
import { badRequest, forbidden, notFound } from '../../platform/errors.ts'
import { requirePermission } from '../../platform/access/policy.ts'
import type { Actor } from '../../platform/access/roles.ts'
import { findRound, findRoundByRef, roundCovers, roundOf, type Round, type RoundRow } from './rounds.service.ts'
import { applyAllRollupEvents, REGISTRY_ROUND } from './rollups.ts'

export interface FigureFilter {
  provinceCode?: string
  regencyCode?: string
  kbliDivision?: string
  sizeClass?: string
}

/** The filter a viewer may use: a regional officer is held to their province (and regency). */
export function scopedFilter(actor: Actor, filter: FigureFilter): FigureFilter {
  if (actor.role !== 'regional_officer') return filter
  if (!actor.provinceCode) throw forbidden()
  if (filter.provinceCode && filter.provinceCode !== actor.provinceCode) throw forbidden('OUT_OF_REGION')
  if (actor.regencyCode && filter.regencyCode && filter.regencyCode !== actor.regencyCode) throw forbidden('OUT_OF_REGION')
  return { ...filter, provinceCode: actor.provinceCode, regencyCode: actor.regencyCode ?? filter.regencyCode }
}

export function validateFilter(filter: FigureFilter): FigureFilter {
  const regencyCode = filter.regencyCode ? (/^\d{4}$/.test(filter.regencyCode) ? `${filter.regencyCode.slice(0, 2)}.${filter.regencyCode.slice(2)}` : filter.regencyCode) : undefined
  if (regencyCode && !/^\d{2}\.\d{2}$/.test(regencyCode)) throw badRequest('FILTER_REGENCY_INVALID', { value: filter.regencyCode ?? '' }, { field: 'regency' })
  if (filter.provinceCode && !/^\d{2}$/.test(filter.provinceCode)) throw badRequest('FILTER_PROVINCE_INVALID', { value: filter.provinceCode }, { field: 'province' })
  if (regencyCode && filter.provinceCode && regencyCode.slice(0, 2) !== filter.provinceCode) {
    throw badRequest('FILTER_REGENCY_OUTSIDE_PROVINCE', { regency: regencyCode, province: filter.provinceCode }, { field: 'regency' })
  }
  if (filter.kbliDivision && !/^(\d{2}|--)$/.test(filter.kbliDivision)) throw badRequest('FILTER_KBLI_INVALID', { value: filter.kbliDivision }, { field: 'kbliDivision' })
  if (filter.sizeClass && !['small', 'medium', 'large', 'unknown'].includes(filter.sizeClass)) {
    throw badRequest('FILTER_SIZE_INVALID', { value: filter.sizeClass }, { field: 'sizeClass' })
  }
  return { ...filter, regencyCode, provinceCode: filter.provinceCode ?? regencyCode?.slice(0, 2) }
}

interface GroupKey {
  province: string
  regency: string
  division: string
  size: string
}

const keyOf = (f: FigureFilter): GroupKey => ({
  province: f.provinceCode ?? '',
  regency: f.regencyCode ?? '',
  division: f.kbliDivision ?? '',
  size: f.sizeClass ?? '',
})

const groupWhere = (k: GroupKey) =>
  sql`province_code = ${k.province} AND regency_code = ${k.regency} AND kbli_division = ${k.division} AND size_class = ${k.size}`

/** Drops: how many firms lost up to 10 %, 10–20 % … 90–100 % of sales, and how many did not drop. */
export interface HistogramBin {
  /** Drop in percent: from (exclusive, except 0 for the no-drop bin) to (inclusive). */
  dropFrom: number
  dropTo: number
  firms: number
}

export interface Summary {
  round: Round
  filter: FigureFilter
  firmsInRegistry: number
  firmsAssessed: number
  responseRatePct: number | null
  firmsWithBaseline: number
  salesChangePct: { median: number | null; mean: number | null }
  firmsWithSalesDrop50PctOrMore: number
  histogram: HistogramBin[]
  firmsWithoutDrop: number
  workers: { before: number; working: number; sentHome: number; sentHomePaid: number; sentHomePartlyPaid: number; sentHomeUnpaid: number; laidOff: number }
  firmsSentHome: number
  firmsSentHomeUnpaid: number
  firmsLaidOff: number
  firmsMaterialShortfall: number
  firmsExportHeld: number
  materials: Array<{ material: string; unit: string; reports: number; needed: number; obtained: number; shortfall: number }>
  exports: Array<{ country: string; currency: string; contracts: number; value: number }>
  needs: Array<{ need: string; firms: number; firmsFirst: number; points: number }>
}

type TotalsRow = {
  firms: string
  firms_with_baseline: string
  sales_change_tenths_sum: string
  firms_drop_50: string
  workers_before: string
  workers_working: string
  sent_home_paid: string
  sent_home_partly_paid: string
  sent_home_unpaid: string
  laid_off: string
  firms_sent_home: string
  firms_sent_home_unpaid: string
  firms_laid_off: string
  firms_material_shortfall: string
  firms_export_held: string
}

const ZERO_TOTALS: TotalsRow = {
  firms: '0', firms_with_baseline: '0', sales_change_tenths_sum: '0', firms_drop_50: '0', workers_before: '0', workers_working: '0',
  sent_home_paid: '0', sent_home_partly_paid: '0', sent_home_unpaid: '0', laid_off: '0', firms_sent_home: '0', firms_sent_home_unpaid: '0',
  firms_laid_off: '0', firms_material_shortfall: '0', firms_export_held: '0',
}

const round2 = (x: number) => Math.round(x * 100) / 100

/** Median of a distribution given as (value, count) sorted by value: the middle value, or the mean of the two middle ones. */
export function medianOf(distribution: Array<{ value: number; count: number }>): number | null {
  const n = distribution.reduce((sum, d) => sum + d.count, 0)
  if (n === 0) return null
  const at = (rank: number) => {
    let seen = 0
    for (const d of distribution) {
      seen += d.count
      if (seen >= rank) return d.value
    }
    return distribution[distribution.length - 1].value
  }
  return n % 2 === 1 ? at((n + 1) / 2) : (at(n / 2) + at(n / 2 + 1)) / 2
}

/** Firms in the registry under a group; for a round asking some provinces only, those provinces. */
async function registryFirms(db: Executor, round: RoundRow, key: GroupKey): Promise<number> {
  const provinces = key.province ? [key.province] : round.province_codes
  if (provinces && round.province_codes && key.province && !roundCovers(round, key.province)) return 0
  const rows = await sql<{ n: string | null }>`
    SELECT sum(firms) AS n FROM assessment_rollup_totals
    WHERE round_id = ${REGISTRY_ROUND} AND regency_code = ${key.regency} AND kbli_division = ${key.division} AND size_class = ${key.size}
      AND ${provinces ? sql`province_code = ANY(${provinces}::text[])` : sql`province_code = ''`}
  `.execute(db)
  return Number(rows.rows[0].n ?? 0)
}

export async function summaryOf(db: Executor, round: RoundRow, filter: FigureFilter): Promise<Summary> {
  const key = keyOf(filter)
  const [totalsRows, changes, needs, materials, exports, firmsInRegistry] = await Promise.all([
    sql<TotalsRow>`SELECT * FROM assessment_rollup_totals WHERE round_id = ${round.id} AND ${groupWhere(key)}`.execute(db),
    sql<{ v: number; n: string }>`
      SELECT sales_change_tenths AS v, firms AS n FROM assessment_rollup_changes WHERE round_id = ${round.id} AND ${groupWhere(key)} ORDER BY 1
    `.execute(db),
    sql<{ need: string; firms: string; firms_first: string; points: string }>`
      SELECT need, firms, firms_first, points FROM assessment_rollup_needs WHERE round_id = ${round.id} AND ${groupWhere(key)}
      ORDER BY points DESC, need
    `.execute(db),
    sql<{ material_key: string; unit_key: string; firms: string; needed: string; obtained: string }>`
      SELECT material_key, unit_key, firms, needed, obtained FROM assessment_rollup_materials WHERE round_id = ${round.id} AND ${groupWhere(key)}
      ORDER BY needed - obtained DESC, material_key, unit_key LIMIT 50
    `.execute(db),
    sql<{ country: string; currency: string; contracts: string; value: string }>`
      SELECT country, currency, contracts, value FROM assessment_rollup_exports WHERE round_id = ${round.id} AND ${groupWhere(key)}
      ORDER BY value DESC, country, currency LIMIT 100
    `.execute(db),
    registryFirms(db, round, key),
  ])
  const t = totalsRows.rows[0] ?? ZERO_TOTALS
  const num = (k: keyof TotalsRow) => Number(t[k])
  const distribution = changes.rows.map((r) => ({ value: r.v, count: Number(r.n) }))
  const median = medianOf(distribution)
  const withBaseline = num('firms_with_baseline')
  const bins: HistogramBin[] = Array.from({ length: 10 }, (_, i) => ({ dropFrom: i * 10, dropTo: (i + 1) * 10, firms: 0 }))
  let withoutDrop = 0
  for (const { value, count } of distribution) {
    // value in tenths; a drop d (in tenths, > 0) falls in bin ceil(d / 100) − 1, the top bin for ≥ 100 %.
    if (value >= 0) withoutDrop += count
    else bins[Math.min(9, Math.ceil(-value / 100) - 1)].firms += count
  }
  const assessed = num('firms')
  return {
    round: roundOf(round),
    filter,
    firmsInRegistry,
    firmsAssessed: assessed,
    responseRatePct: firmsInRegistry > 0 ? round2((assessed / firmsInRegistry) * 100) : null,
    firmsWithBaseline: withBaseline,
    salesChangePct: {
      median: median === null ? null : round2(median / 10),
      mean: withBaseline > 0 ? round2(num('sales_change_tenths_sum') / withBaseline / 10) : null,
    },
    firmsWithSalesDrop50PctOrMore: num('firms_drop_50'),
    histogram: bins,
    firmsWithoutDrop: withoutDrop,
    workers: {
      before: num('workers_before'),
      working: num('workers_working'),
      sentHome: num('sent_home_paid') + num('sent_home_partly_paid') + num('sent_home_unpaid'),
      sentHomePaid: num('sent_home_paid'),
      sentHomePartlyPaid: num('sent_home_partly_paid'),
      sentHomeUnpaid: num('sent_home_unpaid'),
      laidOff: num('laid_off'),
    },
    firmsSentHome: num('firms_sent_home'),
    firmsSentHomeUnpaid: num('firms_sent_home_unpaid'),
    firmsLaidOff: num('firms_laid_off'),
    firmsMaterialShortfall: num('firms_material_shortfall'),
    firmsExportHeld: num('firms_export_held'),
    materials: materials.rows.map((m) => ({
      material: m.material_key,
      unit: m.unit_key,
      reports: Number(m.firms),
      needed: Number(m.needed),
      obtained: Number(m.obtained),
      shortfall: Number(m.needed) - Number(m.obtained),
    })),
    exports: exports.rows.map((e) => ({ country: e.country, currency: e.currency, contracts: Number(e.contracts), value: Number(e.value) })),
    needs: needs.rows.map((n) => ({ need: n.need, firms: Number(n.firms), firmsFirst: Number(n.firms_first), points: Number(n.points) })),
  }
}

export interface AreaRow {
  code: string
  firmsInRegistry: number
  firmsAssessed: number
  responseRatePct: number | null
  salesChangePctMedian: number | null
  salesChangePctMean: number | null
  firmsWithSalesDrop50PctOrMore: number
  workersSentHome: number
  workersLaidOff: number
}

/**
 * The same figures per province (or, with a province filter, per regency of it): totals and
 * medians of every area in one pass over the areas' rollup rows.
 */
export async function byArea(db: Executor, round: RoundRow, filter: FigureFilter, level: 'province' | 'regency'): Promise<AreaRow[]> {
  const key = keyOf(filter)
  const areaWhere =
    level === 'province'
      ? // With a regency filter, its province's row is the regency's own group.
        sql`province_code <> '' AND regency_code = ${key.regency} ${key.province ? sql`AND province_code = ${key.province}` : sql``}`
      : sql`province_code = ${key.province} AND regency_code <> '' ${key.regency ? sql`AND regency_code = ${key.regency}` : sql``}`
  const code = level === 'province' ? sql`province_code` : sql`regency_code`
  const where = sql`${areaWhere} AND kbli_division = ${key.division} AND size_class = ${key.size}`
  const [totals, registry, medians] = await Promise.all([
    sql<{ code: string; firms: string; with_baseline: string; sum: string; drop50: string; sent_home: string; laid_off: string }>`
      SELECT ${code} AS code, firms, firms_with_baseline AS with_baseline, sales_change_tenths_sum AS sum, firms_drop_50 AS drop50,
        sent_home_paid + sent_home_partly_paid + sent_home_unpaid AS sent_home, laid_off
      FROM assessment_rollup_totals WHERE round_id = ${round.id} AND ${where}
    `.execute(db),
    sql<{ code: string; firms: string }>`SELECT ${code} AS code, firms FROM assessment_rollup_totals WHERE round_id = ${REGISTRY_ROUND} AND ${where}`.execute(db),
    // Exact medians per area: the lower and upper middle values from the running counts.
    sql<{ code: string; median_tenths: string }>`
      WITH d AS (
        SELECT ${code} AS code, sales_change_tenths AS v,
          (sum(firms) OVER (PARTITION BY ${code} ORDER BY sales_change_tenths))::bigint AS upto,
          (sum(firms) OVER (PARTITION BY ${code}))::bigint AS n
        FROM assessment_rollup_changes WHERE round_id = ${round.id} AND ${where}
      )
      SELECT code, (min(v) FILTER (WHERE upto >= (n + 1) / 2) + min(v) FILTER (WHERE upto >= n / 2 + 1))::numeric / 2 AS median_tenths
      FROM d GROUP BY code
    `.execute(db),
  ])
  const registryOf = new Map(registry.rows.map((r) => [r.code, Number(r.firms)]))
  const medianOfArea = new Map(medians.rows.map((r) => [r.code, Number(r.median_tenths)]))
  const codes = new Set([...registryOf.keys(), ...totals.rows.map((r) => r.code)])
  const totalsOf = new Map(totals.rows.map((r) => [r.code, r]))
  return [...codes]
    .filter((c) => level !== 'province' || roundCovers(round, c))
    .sort()
    .map((c) => {
      const t = totalsOf.get(c)
      const inRegistry = registryOf.get(c) ?? 0
      const assessed = Number(t?.firms ?? 0)
      const withBaseline = Number(t?.with_baseline ?? 0)
      const median = medianOfArea.get(c)
      return {
        code: c,
        firmsInRegistry: inRegistry,
        firmsAssessed: assessed,
        responseRatePct: inRegistry > 0 ? round2((assessed / inRegistry) * 100) : null,
        salesChangePctMedian: median === undefined ? null : round2(median / 10),
        salesChangePctMean: withBaseline > 0 ? round2(Number(t!.sum) / withBaseline / 10) : null,
        firmsWithSalesDrop50PctOrMore: Number(t?.drop50 ?? 0),
        workersSentHome: Number(t?.sent_home ?? 0),
        workersLaidOff: Number(t?.laid_off ?? 0),
      }
    })
}

/** The round before this one (by reference month), to show change between rounds. */
export async function previousRound(db: Executor, round: RoundRow): Promise<RoundRow | undefined> {
  return db
    .selectFrom('survey_rounds')
    .selectAll()
    .where('reference_month', '<', round.reference_month)
    .orderBy('reference_month', 'desc')
    .orderBy('created_at', 'desc')
    .executeTakeFirst()
}

export interface Dashboard {
  summary: Summary
  byProvince: AreaRow[]
  byRegency: AreaRow[] | null
  previous: Summary | null
}

export async function dashboard(db: Database, actor: Actor | null, roundId: string, rawFilter: FigureFilter): Promise<Dashboard> {
  requirePermission(actor, 'assessment.dashboard')
  const filter = scopedFilter(actor, validateFilter(rawFilter))
  const round = await findRound(db, roundId)
  if (!round || (filter.provinceCode && !roundCovers(round, filter.provinceCode))) throw notFound('ROUND_NOT_FOUND')
  const previous = await previousRound(db, round)
  const [summary, byProvince, byRegency, before] = await Promise.all([
    summaryOf(db, round, filter),
    byArea(db, round, filter, 'province'),
    filter.provinceCode ? byArea(db, round, filter, 'regency') : Promise.resolve(null),
    previous ? summaryOf(db, previous, filter) : Promise.resolve(null),
  ])
  return { summary, byProvince, byRegency, previous: before }
}

/** A firm as lists of the assessment show it: who it is and the group it counts in. */
export function firmInGroupOf(r: { firm_id: string; name: string; nib: string | null; province_code: string; regency_code: string; kbli_division: string; size_class: string }) {
  return {
    firmId: r.firm_id,
    name: r.name,
    nib: r.nib,
    provinceCode: r.province_code,
    regencyCode: r.regency_code,
    kbliDivision: r.kbli_division,
    sizeClass: r.size_class,
  }
}

export const FIGURES = [
  'assessed',
  'with_baseline',
  'drop_50',
  'drop_bin',
  'no_drop',
  'sent_home',
  'sent_home_unpaid',
  'laid_off',
  'material_shortfall',
  'export_held',
  'need',
] as const
export type Figure = (typeof FIGURES)[number]

export interface FigureQuery {
  figure: Figure
  /** drop_bin: 0 (drop up to 10 %) … 9 (90–100 %). */
  bin?: number
  /** material_shortfall: one material (its key as the dashboard lists it). */
  material?: string
  /** export_held: one destination. */
  country?: string
  /** need: which need. */
  need?: string
  cursor?: string
  limit?: number
}

export interface FigureFirm {
  firmId: string
  name: string
  nib: string | null
  provinceCode: string
  regencyCode: string
  kbliDivision: string
  sizeClass: string
  salesChangePct: number | null
  workersBefore: number
  workersSentHome: number
  laidOff: number
  needs: string[]
}

/**
 * The firms behind a figure of the dashboard, within the viewer's scope and the same filter:
 * exactly the rows the rollups counted for it, in firm-id order (keyset pages).
 */
export async function firmsBehind(
  db: Database,
  actor: Actor | null,
  roundId: string,
  rawFilter: FigureFilter,
  query: FigureQuery,
): Promise<{ items: FigureFirm[]; nextCursor: string | null }> {
  requirePermission(actor, 'assessment.dashboard')
  const filter = scopedFilter(actor, validateFilter(rawFilter))
  const round = await findRound(db, roundId)
  if (!round) throw notFound('ROUND_NOT_FOUND')
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 500)
  const conditions = [sql`r.round_id = ${round.id}`]
  if (filter.provinceCode) conditions.push(sql`r.province_code = ${filter.provinceCode}`)
  if (filter.regencyCode) conditions.push(sql`r.regency_code = ${filter.regencyCode}`)
  if (filter.kbliDivision) conditions.push(sql`r.kbli_division = ${filter.kbliDivision}`)
  if (filter.sizeClass) conditions.push(sql`r.size_class = ${filter.sizeClass}`)
  switch (query.figure) {
    case 'assessed':
      break
    case 'with_baseline':
      conditions.push(sql`r.sales_change_tenths IS NOT NULL`)
      break
    case 'drop_50':
      conditions.push(sql`r.sales_change_tenths <= -500`)
      break
    case 'drop_bin': {
      const bin = query.bin ?? -1
      if (!Number.isInteger(bin) || bin < 0 || bin > 9) throw badRequest('FIGURE_BIN_INVALID', {}, { field: 'bin' })
      // Drop d in tenths falls in bin ceil(d / 100) − 1; the top bin takes every drop above 90 %.
      conditions.push(bin === 9 ? sql`r.sales_change_tenths <= -901` : sql`r.sales_change_tenths BETWEEN ${-(bin + 1) * 100} AND ${-bin * 100 - 1}`)
      break
    }
    case 'no_drop':
      conditions.push(sql`r.sales_change_tenths >= 0`)
      break
    case 'sent_home':
      conditions.push(sql`r.sent_home_paid + r.sent_home_partly_paid + r.sent_home_unpaid > 0`)
      break
    case 'sent_home_unpaid':
      conditions.push(sql`r.sent_home_unpaid > 0`)
      break
    case 'laid_off':
      conditions.push(sql`r.laid_off > 0`)
      break
    case 'material_shortfall':
      conditions.push(
        query.material
          ? sql`EXISTS (SELECT 1 FROM survey_response_materials m WHERE m.response_id = r.id AND m.material_key = ${query.material.toLowerCase()})`
          : sql`r.has_material_shortfall`,
      )
      break
    case 'export_held':
      conditions.push(
        query.country
          ? sql`EXISTS (SELECT 1 FROM survey_response_exports x WHERE x.response_id = r.id AND ${query.country.toUpperCase()} = ANY(x.destination_countries))`
          : sql`r.has_export_held`,
      )
      break
    case 'need':
      if (!query.need) throw badRequest('FIGURE_NEED_REQUIRED', {}, { field: 'need' })
      conditions.push(sql`${query.need} = ANY(r.needs)`)
      break
  }
  if (query.cursor) {
    if (!/^[0-9a-f-]{36}$/.test(query.cursor)) throw badRequest('CURSOR_INVALID', {}, { field: 'cursor' })
    conditions.push(sql`r.firm_id > ${query.cursor}`)
  }
  const rows = await sql<{
    firm_id: string; name: string; nib: string | null; province_code: string; regency_code: string; kbli_division: string; size_class: string
    sales_change_tenths: number | null; workers_before: number; sent_home: number; laid_off: number; needs: string[]
  }>`
    SELECT r.firm_id, f.name, f.nib, r.province_code, r.regency_code, r.kbli_division, r.size_class, r.sales_change_tenths,
      r.workers_before, r.sent_home_paid + r.sent_home_partly_paid + r.sent_home_unpaid AS sent_home, r.laid_off, r.needs
    FROM survey_responses r JOIN firms f ON f.id = r.firm_id
    WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY r.firm_id
    LIMIT ${limit + 1}
  `.execute(db)
  const page = rows.rows.slice(0, limit)
  return {
    items: page.map((r) => ({
      ...firmInGroupOf(r),
      salesChangePct: r.sales_change_tenths === null ? null : r.sales_change_tenths / 10,
      workersBefore: r.workers_before,
      workersSentHome: r.sent_home,
      laidOff: r.laid_off,
      needs: r.needs,
    })),
    nextCursor: rows.rows.length > limit ? page[page.length - 1].firm_id : null,
  }
}

export interface ReportSummary {
  round: string
  roundName: string
  referenceMonth: string
  province: string | null
  firmsAssessed: number
  salesChangePct: { median: number | null; mean: number | null }
  firmsWithSalesDrop50PctOrMore: number
  workers: { before: number; working: number; sentHome: number; laidOff: number }
  byProvince: Array<{ code: string; firmsAssessed: number; salesChangePctMedian: number | null; workersSentHome: number }>
}

/**
 * `npx pulih report summary --round R [--province P] --format json`: the dashboard's headline
 * figures for scripts (national scope, as the CLI acts for the ministry), after applying any
 * pending rollup events so the figures include every committed response.
 */
export async function reportSummary(db: Database, roundRef: string, provinceCode?: string): Promise<ReportSummary> {
  const round = await findRoundByRef(db, roundRef)
  if (!round) throw notFound('ROUND_NOT_FOUND')
  const filter = validateFilter({ provinceCode })
  await applyAllRollupEvents(db)
  const [summary, provinces] = await Promise.all([summaryOf(db, round, filter), byArea(db, round, filter, 'province')])
  return {
    round: round.id,
    roundName: round.name,
    referenceMonth: summary.round.referenceMonth,
    province: provinceCode ?? null,
    firmsAssessed: summary.firmsAssessed,
    salesChangePct: summary.salesChangePct,
    firmsWithSalesDrop50PctOrMore: summary.firmsWithSalesDrop50PctOrMore,
    workers: { before: summary.workers.before, working: summary.workers.working, sentHome: summary.workers.sentHome, laidOff: summary.workers.laidOff },
    byProvince: provinces
      .filter((p) => p.firmsAssessed > 0)
      .map((p) => ({ code: p.code, firmsAssessed: p.firmsAssessed, salesChangePctMedian: p.salesChangePctMedian, workersSentHome: p.workersSentHome })),
  }
}
