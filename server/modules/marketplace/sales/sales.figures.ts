// Sales-recovery figures (issue 5): each firm's marketplace sales against its pre-crisis baseline,
// and per marketplace, province and month the GMV, orders, onboarded stores and the share of them
// selling. Scoped like the rest of the programme (scope.ts): officers everything, regional officers
// their region, partners their marketplace and the firms shared with it, owners their own firm.
//
// Definitions (a db test recomputes each one from the raw rows):
// - baseline: the firm's pre-crisis monthly turnover (omzet_normal) in its latest survey response
//   (latest reference month, then latest round created);
// - recovery % of a firm in a month: its marketplace GMV that month (summed over the marketplaces in
//   view) / baseline × 100, rounded to one decimal; null when there is no baseline or it is 0;
// - onboarded by month M: a nomination (a firm's store on one marketplace) counts from the month
//   (WIB) it first reached store_opened or a later stage, or from its first month with orders,
//   whichever is earlier;
// - selling in month M: a store with orders > 0 in M; share = selling / onboarded × 100 (one decimal).
import { sql, type SqlBool, type Expression } from 'kysely'
import type { Database } from '../../../db/database.ts'
import type { Executor } from '../../../platform/audit/audit.repository.ts'
import { requirePermission } from '../../../platform/access/policy.ts'
import type { Actor } from '../../../platform/access/roles.ts'
import { badRequest } from '../../../platform/errors.ts'
import { partnerMarketplaceCode, requireFirmInProgramme, scopeNominations } from '../scope.ts'
import { currentMonth } from './sales-rows.ts'

export const ONBOARDED_STAGES = ['store_opened', 'products_listed', 'first_sale', 'active'] as const

/** value / base × 100 to one decimal (half away from zero, as PostgreSQL's round); null without a base. */
export function percent(value: number, base: number): number | null {
  if (!(base > 0)) return null
  return Math.round((value * 1000) / base) / 10
}

/** Median of the values, null for none (even counts: mean of the middle two). */
export function median(values: number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

const addMonths = (month: string, n: number): string => {
  const [y, m] = month.split('-').map(Number)
  const index = y * 12 + (m - 1) + n
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`
}

/** 'YYYY-MM' → first day; undefined stays undefined; anything else is SALES_RANGE_INVALID. */
function monthParam(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) throw badRequest('SALES_RANGE_INVALID')
  return `${value}-01`
}

export interface SalesRange {
  from: string
  to: string
  months: string[]
}

/** The months asked (default: the twelve up to `to`, by default the current month), at most 60. */
export function salesRange(query: { from?: string; to?: string }, now = new Date()): SalesRange {
  const to = monthParam(query.to) ?? currentMonth(now)
  const from = monthParam(query.from) ?? addMonths(to, -11)
  const months: string[] = []
  for (let m = from; m <= to && months.length <= 60; m = addMonths(m, 1)) months.push(m)
  if (from > to || months.length > 60) throw badRequest('SALES_RANGE_INVALID')
  return { from, to, months }
}

/** The sales rows (aliased `s`) the actor may see, as a condition; null = none. */
async function salesScope(db: Executor, actor: Actor): Promise<((eb: any) => Expression<SqlBool>) | 'all' | null> {
  switch (actor.role) {
    case 'admin':
    case 'officer':
      return 'all'
    case 'regional_officer':
      if (!actor.provinceCode) return null
      return (eb) =>
        actor.regencyCode
          ? eb.and([eb('s.province_code', '=', actor.provinceCode), eb('s.regency_code', '=', actor.regencyCode)])
          : eb('s.province_code', '=', actor.provinceCode)
    case 'firm_owner':
      return (eb) => eb('s.firm_id', 'in', eb.selectFrom('firms').select('id').where('organisation_id', '=', actor.organisationId))
    case 'marketplace_partner': {
      const own = await partnerMarketplaceCode(db, actor)
      if (!own) return null
      return (eb) =>
        eb.and([
          eb('s.marketplace_code', '=', own),
          eb.exists(
            eb
              .selectFrom('marketplace_nominations as sn')
              .innerJoin('marketplace_consents as sc', (join: any) =>
                join.onRef('sc.firm_id', '=', 'sn.firm_id').onRef('sc.marketplace_code', '=', 'sn.marketplace_code').on('sc.withdrawn_at', 'is', null),
              )
              .select('sn.id')
              .whereRef('sn.firm_id', '=', 's.firm_id')
              .whereRef('sn.marketplace_code', '=', 's.marketplace_code'),
          ),
        ])
    }
    default:
      return null
  }
}

export interface SummaryFilter {
  marketplace?: string
  province?: string
  from?: string
  to?: string
}

export interface SalesFigureRow {
  marketplaceCode: string
  provinceCode: string
  /** 'YYYY-MM' */
  month: string
  gmvIdr: number
  orders: number
  units: number
  /** Stores with a report for the month (orders may be 0). */
  storesReporting: number
  storesSelling: number
  storesOnboarded: number
  sellingSharePct: number | null
}

export interface SalesMonthTotal extends Omit<SalesFigureRow, 'marketplaceCode' | 'provinceCode'> {
  /** Firms with sales reported that month and a baseline > 0. */
  firmsWithBaseline: number
  /** Of those, firms whose marketplace GMV reached their baseline (recovery ≥ 100 %). */
  firmsRecovered: number
  recoveryPctMedian: number | null
}

export interface SalesSummary {
  from: string
  to: string
  marketplace: string | null
  province: string | null
  rows: SalesFigureRow[]
  byMarketplace: SalesFigureRow[]
  byMonth: SalesMonthTotal[]
}

const ym = (month: string) => month.slice(0, 7)

export async function salesSummary(db: Database, actor: Actor | null, filter: SummaryFilter, now = new Date()): Promise<SalesSummary> {
  requirePermission(actor, 'marketplace.sales.read')
  const scope = await salesScope(db, actor)
  // Without `to`, the range ends with the latest month reported in view (the current one when none).
  if (!filter.to && scope !== null) {
    let latest = db.selectFrom('marketplace_sales as s').select(sql<string | null>`to_char(max(s.month), 'YYYY-MM')`.as('month'))
    if (scope !== 'all') latest = latest.where(scope)
    if (filter.marketplace) latest = latest.where('s.marketplace_code', '=', filter.marketplace)
    if (filter.province) latest = latest.where('s.province_code', '=', filter.province)
    const month = (await latest.executeTakeFirst())?.month
    if (month && month <= ym(currentMonth(now)) && (!filter.from || month >= filter.from)) filter = { ...filter, to: month }
  }
  const range = salesRange(filter, now)
  const empty: SalesSummary = {
    from: ym(range.from),
    to: ym(range.to),
    marketplace: filter.marketplace ?? null,
    province: filter.province ?? null,
    rows: [],
    byMarketplace: [],
    byMonth: range.months.map((m) => ({ month: ym(m), ...zero(), firmsWithBaseline: 0, firmsRecovered: 0, recoveryPctMedian: null })),
  }
  if (scope === null) return empty

  // Sales per store and month, within scope and filters.
  let sales = db
    .selectFrom('marketplace_sales as s')
    .select(['s.firm_id', 's.marketplace_code', 's.province_code', sql<string>`to_char(s.month, 'YYYY-MM-DD')`.as('month'), 's.gmv_idr', 's.orders', 's.units'])
    .where('s.month', '>=', sql<Date>`${range.from}::date`)
    .where('s.month', '<=', sql<Date>`${range.to}::date`)
  if (scope !== 'all') sales = sales.where(scope)
  if (filter.marketplace) sales = sales.where('s.marketplace_code', '=', filter.marketplace)
  if (filter.province) sales = sales.where('s.province_code', '=', filter.province)
  const saleRows = await sales.execute()

  // Stores onboarded, counted by the month they came on board.
  let noms = db
    .selectFrom('marketplace_nominations as n')
    .innerJoin('firms as f', 'f.id', 'n.firm_id')
    .select([
      'n.marketplace_code',
      'n.province_code',
      sql<string | null>`to_char(least(
        CASE WHEN n.stage IN ('store_opened', 'products_listed', 'first_sale', 'active') THEN
          date_trunc('month', coalesce(
            (SELECT min(e.at) FROM marketplace_stage_events e
              WHERE e.nomination_id = n.id AND e.to_stage IN ('store_opened', 'products_listed', 'first_sale', 'active')),
            n.stage_changed_at) AT TIME ZONE 'Asia/Jakarta')::date
        END,
        (SELECT min(x.month) FROM marketplace_sales x
          WHERE x.firm_id = n.firm_id AND x.marketplace_code = n.marketplace_code AND x.orders > 0)
      ), 'YYYY-MM-DD')`.as('onboarded'),
    ])
  noms = await scopeNominations(db, actor, noms)
  if (filter.marketplace) noms = noms.where('n.marketplace_code', '=', filter.marketplace)
  if (filter.province) noms = noms.where('n.province_code', '=', filter.province)
  const onboarded = (await noms.execute()).filter((n) => n.onboarded !== null && n.onboarded <= range.to)

  // Baselines of the firms that reported, for the recovery totals.
  const firmIds = [...new Set(saleRows.map((r) => r.firm_id))]
  const baselines = await baselinesOf(db, firmIds)

  const groups = new Map<string, { marketplaceCode: string; provinceCode: string }>()
  const groupKey = (m: string, p: string) => `${m}|${p}`
  for (const r of saleRows) groups.set(groupKey(r.marketplace_code, r.province_code), { marketplaceCode: r.marketplace_code, provinceCode: r.province_code })
  for (const n of onboarded) groups.set(groupKey(n.marketplace_code, n.province_code), { marketplaceCode: n.marketplace_code, provinceCode: n.province_code })

  const cell = new Map<string, SalesFigureRow>()
  const rows: SalesFigureRow[] = []
  for (const g of [...groups.values()].sort((a, b) => a.marketplaceCode.localeCompare(b.marketplaceCode) || a.provinceCode.localeCompare(b.provinceCode))) {
    for (const m of range.months) {
      const row: SalesFigureRow = { marketplaceCode: g.marketplaceCode, provinceCode: g.provinceCode, month: ym(m), ...zero() }
      cell.set(`${groupKey(g.marketplaceCode, g.provinceCode)}|${m}`, row)
      rows.push(row)
    }
  }
  for (const r of saleRows) {
    const row = cell.get(`${groupKey(r.marketplace_code, r.province_code)}|${r.month}`)!
    row.gmvIdr += Number(r.gmv_idr)
    row.orders += r.orders
    row.units += r.units ?? 0
    row.storesReporting++
    if (r.orders > 0) row.storesSelling++
  }
  for (const n of onboarded) {
    for (const m of range.months) if (n.onboarded! <= m) cell.get(`${groupKey(n.marketplace_code, n.province_code)}|${m}`)!.storesOnboarded++
  }
  for (const row of rows) row.sellingSharePct = percent(row.storesSelling, row.storesOnboarded)

  // Per marketplace and month, over provinces.
  const perMarketplace = new Map<string, SalesFigureRow>()
  for (const row of rows) {
    const key = `${row.marketplaceCode}|${row.month}`
    const total = perMarketplace.get(key) ?? { marketplaceCode: row.marketplaceCode, provinceCode: '', month: row.month, ...zero() }
    addInto(total, row)
    perMarketplace.set(key, total)
  }
  const byMarketplace = [...perMarketplace.values()].sort((a, b) => a.marketplaceCode.localeCompare(b.marketplaceCode) || a.month.localeCompare(b.month))
  for (const row of byMarketplace) row.sellingSharePct = percent(row.storesSelling, row.storesOnboarded)

  // Per month, over everything in view, with the firms' recovery against their baselines.
  const gmvPerFirmMonth = new Map<string, number>()
  for (const r of saleRows) {
    const key = `${r.firm_id}|${r.month}`
    gmvPerFirmMonth.set(key, (gmvPerFirmMonth.get(key) ?? 0) + Number(r.gmv_idr))
  }
  const byMonth: SalesMonthTotal[] = range.months.map((m) => {
    const total: SalesMonthTotal = { month: ym(m), ...zero(), firmsWithBaseline: 0, firmsRecovered: 0, recoveryPctMedian: null }
    for (const row of rows) if (row.month === ym(m)) addInto(total, row)
    total.sellingSharePct = percent(total.storesSelling, total.storesOnboarded)
    const ratios: number[] = []
    for (const [key, gmv] of gmvPerFirmMonth) {
      const [firmId, month] = key.split('|')
      if (month !== m) continue
      const baseline = baselines.get(firmId)?.baselineIdr ?? 0
      if (baseline <= 0) continue
      ratios.push((gmv * 100) / baseline)
      if (gmv >= baseline) total.firmsRecovered++
    }
    total.firmsWithBaseline = ratios.length
    const mid = median(ratios)
    total.recoveryPctMedian = mid === null ? null : Math.round(mid * 10) / 10
    return total
  })
  return { ...empty, rows, byMarketplace, byMonth }
}

function zero() {
  return { gmvIdr: 0, orders: 0, units: 0, storesReporting: 0, storesSelling: 0, storesOnboarded: 0, sellingSharePct: null as number | null }
}

function addInto(total: Omit<SalesFigureRow, 'marketplaceCode' | 'provinceCode' | 'month'>, row: SalesFigureRow) {
  total.gmvIdr += row.gmvIdr
  total.orders += row.orders
  total.units += row.units
  total.storesReporting += row.storesReporting
  total.storesSelling += row.storesSelling
  total.storesOnboarded += row.storesOnboarded
}

export interface Baseline {
  baselineIdr: number
  roundId: string
  roundName: string
  /** 'YYYY-MM' of the round's reference month. */
  referenceMonth: string
}

/** Each firm's baseline from its latest response (latest reference month, then latest round created). */
export async function baselinesOf(db: Executor, firmIds: string[]): Promise<Map<string, Baseline>> {
  const out = new Map<string, Baseline>()
  for (let i = 0; i < firmIds.length; i += 5000) {
    const chunk = firmIds.slice(i, i + 5000)
    const rows = await db
      .selectFrom('survey_responses as r')
      .innerJoin('survey_rounds as s', 's.id', 'r.round_id')
      .distinctOn('r.firm_id')
      .select(['r.firm_id', 'r.baseline_turnover_idr', 's.id as round_id', 's.name', sql<string>`to_char(s.reference_month, 'YYYY-MM')`.as('reference_month')])
      .where('r.firm_id', 'in', chunk)
      .orderBy('r.firm_id')
      .orderBy('s.reference_month', 'desc')
      .orderBy('s.created_at', 'desc')
      .orderBy('s.id', 'desc')
      .execute()
    for (const r of rows) out.set(r.firm_id, { baselineIdr: Number(r.baseline_turnover_idr), roundId: r.round_id, roundName: r.name, referenceMonth: r.reference_month })
  }
  return out
}

export interface FirmSalesMonth {
  marketplaceCode: string
  month: string
  gmvIdr: number
  orders: number
  units: number | null
  source: string
  recoveryPct: number | null
}

export interface FirmMarketplaceSales {
  firmId: string
  baseline: Baseline | null
  /** Per marketplace and month, oldest first. */
  items: FirmSalesMonth[]
  /** Per month over the marketplaces in view. */
  byMonth: Array<{ month: string; gmvIdr: number; orders: number; recoveryPct: number | null }>
}

/** A firm's marketplace sales against its baseline (partners: their own marketplace's only). */
export async function firmMarketplaceSales(db: Database, actor: Actor | null, firmId: string): Promise<FirmMarketplaceSales> {
  requirePermission(actor, 'marketplace.sales.read')
  await requireFirmInProgramme(db, actor, firmId)
  let query = db
    .selectFrom('marketplace_sales')
    .select(['marketplace_code', sql<string>`to_char(month, 'YYYY-MM')`.as('month'), 'gmv_idr', 'orders', 'units', 'source'])
    .where('firm_id', '=', firmId)
    .orderBy('month')
    .orderBy('marketplace_code')
  if (actor.role === 'marketplace_partner') query = query.where('marketplace_code', '=', (await partnerMarketplaceCode(db, actor)) ?? '-')
  const rows = await query.execute()
  const baseline = (await baselinesOf(db, [firmId])).get(firmId) ?? null
  const base = baseline?.baselineIdr ?? 0
  const items = rows.map((r) => ({
    marketplaceCode: r.marketplace_code,
    month: r.month,
    gmvIdr: Number(r.gmv_idr),
    orders: r.orders,
    units: r.units,
    source: r.source,
    recoveryPct: percent(Number(r.gmv_idr), base),
  }))
  const months = new Map<string, { month: string; gmvIdr: number; orders: number; recoveryPct: number | null }>()
  for (const item of items) {
    const m = months.get(item.month) ?? { month: item.month, gmvIdr: 0, orders: 0, recoveryPct: null }
    m.gmvIdr += item.gmvIdr
    m.orders += item.orders
    months.set(item.month, m)
  }
  for (const m of months.values()) m.recoveryPct = percent(m.gmvIdr, base)
  return { firmId, baseline, items, byMonth: [...months.values()] }
}

export interface SalesExportRow {
  firmId: string
  firmName: string
  nib: string | null
  marketplaceCode: string
  provinceCode: string
  regencyCode: string
  month: string
  gmvIdr: number
  orders: number
  units: number | null
  source: string
  baselineIdr: number | null
  recoveryPct: number | null
}

/** Every sales row in view (filters as the summary), for the CSV/XLSX export: pages of 2,000. */
export async function* iterateSalesRows(db: Database, actor: Actor | null, filter: SummaryFilter, now = new Date()): AsyncGenerator<SalesExportRow> {
  requirePermission(actor, 'marketplace.sales.read')
  const range = salesRange(filter, now)
  const scope = await salesScope(db, actor)
  if (scope === null) return
  let after: string | null = null
  for (;;) {
    let query = db
      .selectFrom('marketplace_sales as s')
      .innerJoin('firms as f', 'f.id', 's.firm_id')
      .select([
        's.id',
        's.firm_id',
        'f.name',
        'f.nib',
        's.marketplace_code',
        's.province_code',
        's.regency_code',
        sql<string>`to_char(s.month, 'YYYY-MM')`.as('month'),
        's.gmv_idr',
        's.orders',
        's.units',
        's.source',
      ])
      .where('s.month', '>=', sql<Date>`${range.from}::date`)
      .where('s.month', '<=', sql<Date>`${range.to}::date`)
      .orderBy('s.id')
      .limit(2000)
    if (scope !== 'all') query = query.where(scope)
    if (filter.marketplace) query = query.where('s.marketplace_code', '=', filter.marketplace)
    if (filter.province) query = query.where('s.province_code', '=', filter.province)
    if (after) query = query.where('s.id', '>', after)
    const page = await query.execute()
    const baselines = await baselinesOf(db, [...new Set(page.map((r) => r.firm_id))])
    for (const r of page) {
      const baseline = baselines.get(r.firm_id)?.baselineIdr ?? null
      yield {
        firmId: r.firm_id,
        firmName: r.name,
        nib: r.nib,
        marketplaceCode: r.marketplace_code,
        provinceCode: r.province_code,
        regencyCode: r.regency_code,
        month: r.month,
        gmvIdr: Number(r.gmv_idr),
        orders: r.orders,
        units: r.units,
        source: r.source,
        baselineIdr: baseline,
        recoveryPct: percent(Number(r.gmv_idr), baseline ?? 0),
      }
    }
    if (page.length < 2000) return
    after = page[page.length - 1].id
  }
}
