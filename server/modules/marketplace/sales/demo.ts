// Demo monthly sales, May–December 2020, for the demo nominations that opened a store: sales start
// in the month of the nomination's first sale (stores not yet there report months without orders)
// and recover unevenly against each firm's pre-crisis baseline — some firms end back above it, many
// part of the way, some stall — with Tokopedia and Shopee stronger than Blibli and Bukalapak.
import { sql } from 'kysely'
import type { Database } from '../../../db/database.ts'
import type { Executor } from '../../../platform/audit/audit.repository.ts'
import { recordAudit, type AuditContext } from '../../../platform/audit/audit.service.ts'
import { random, weighted } from '../../registry/demo-firms.ts'

const FIRST = '2020-05-01'
const LAST = '2020-12-01'
/** How strongly a store on each marketplace recovers (share of the firm's own trajectory). */
const STRENGTH: Record<string, number> = { tokopedia: 1, shopee: 1.05, tiktok_shop: 0.9, bukalapak: 0.7, blibli: 0.55 }
const PROFILES: Array<{ name: 'recovered' | 'partial' | 'stalled'; weight: number; final: [number, number] }> = [
  { name: 'recovered', weight: 18, final: [1.0, 1.45] },
  { name: 'partial', weight: 52, final: [0.3, 0.9] },
  { name: 'stalled', weight: 30, final: [0.02, 0.12] },
]

const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number)
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
}
const monthsBetween = (a: string, b: string) => {
  const [ya, ma] = a.split('-').map(Number)
  const [yb, mb] = b.split('-').map(Number)
  return (yb - ya) * 12 + (mb - ma)
}

/** Seeds the demo sales once (nothing when sales exist already); answers the rows written. */
export async function seedDemoSales(db: Database, audit: AuditContext): Promise<number> {
  const existing = await db.selectFrom('marketplace_sales').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()
  if (Number(existing.n) > 0) return 0
  // Nominations with a store, the month (WIB) it opened and of their first sale, and the firm's baseline.
  const stores = await sql<{
    id: string
    firm_id: string
    marketplace_code: string
    province_code: string
    regency_code: string
    opened: string | null
    first_sale: string | null
    baseline: string | null
  }>`
    SELECT n.id, n.firm_id, n.marketplace_code, n.province_code, n.regency_code,
      to_char(date_trunc('month', (SELECT min(e.at) FROM marketplace_stage_events e WHERE e.nomination_id = n.id
        AND e.to_stage IN ('store_opened', 'products_listed', 'first_sale', 'active')) AT TIME ZONE 'Asia/Jakarta'), 'YYYY-MM-DD') AS opened,
      to_char(date_trunc('month', (SELECT min(e.at) FROM marketplace_stage_events e WHERE e.nomination_id = n.id
        AND e.to_stage IN ('first_sale', 'active')) AT TIME ZONE 'Asia/Jakarta'), 'YYYY-MM-DD') AS first_sale,
      (SELECT r.baseline_turnover_idr::text FROM survey_responses r JOIN survey_rounds s ON s.id = r.round_id
        WHERE r.firm_id = n.firm_id ORDER BY s.reference_month DESC, s.created_at DESC, s.id DESC LIMIT 1) AS baseline
    FROM marketplace_nominations n
    WHERE n.stage IN ('store_opened', 'products_listed', 'first_sale', 'active')
    ORDER BY n.id
  `.execute(db)
  if (stores.rows.length === 0) return 0
  const partners = new Map(
    (
      await db
        .selectFrom('users as u')
        .innerJoin('marketplaces as m', 'm.organisation_id', 'u.organisation_id')
        .select(['m.code', 'u.id'])
        .where('u.role', '=', 'marketplace_partner')
        .orderBy('u.created_at')
        .execute()
    ).map((r) => [r.code, r.id]),
  )
  const officer = await db.selectFrom('users').select('id').where('role', '=', 'officer').orderBy('created_at').executeTakeFirst()
  const rand = random(20201231)
  const values: Array<Parameters<typeof insertRows>[1][number]> = []
  for (const store of stores.rows) {
    const opened = store.opened && store.opened > FIRST ? store.opened : FIRST
    if (opened > LAST) continue
    const firstSale = store.first_sale && store.first_sale < FIRST ? FIRST : store.first_sale
    const baseline = Number(store.baseline ?? 0) > 0 ? Number(store.baseline) : 5_000_000 + Math.floor(rand() * 20) * 1_000_000
    const profile = weighted(rand, PROFILES, (p) => p.weight)
    const strength = STRENGTH[store.marketplace_code] ?? 0.8
    const final = (profile.final[0] + rand() * (profile.final[1] - profile.final[0])) * (profile.name === 'recovered' ? Math.max(strength, 0.95) : strength)
    const pace = 1.2 + rand() * 2.5
    const orderValue = 60_000 + Math.floor(rand() * 20) * 10_000
    for (let month = opened; month <= LAST; month = nextMonth(month)) {
      const selling = firstSale !== null && month >= firstSale
      // Stores before their first sale report empty months now and then.
      if (!selling) {
        if (rand() < 0.5) values.push({ store, month, gmv: 0, orders: 0, units: 0, reportedBy: partners.get(store.marketplace_code) ?? officer?.id ?? null })
        continue
      }
      const k = monthsBetween(firstSale!, month) + 1
      const noise = 0.85 + rand() * 0.3
      let ratio = final * (1 - Math.exp(-k / pace)) * noise
      // The first month is a first sale: at least one order, whatever the trajectory.
      if (profile.name === 'stalled' && k > 1 && rand() < 0.35) ratio = 0
      const gmv = Math.round((baseline * ratio) / 1000) * 1000
      const orders = k === 1 ? Math.max(1, Math.round(gmv / orderValue)) : Math.round(gmv / orderValue)
      const units = orders === 0 ? 0 : orders + Math.floor(rand() * orders * 1.5)
      values.push({ store, month, gmv: orders === 0 ? 0 : Math.max(gmv, orders * 15_000), orders, units, reportedBy: partners.get(store.marketplace_code) ?? officer?.id ?? null })
    }
  }
  await db.transaction().execute(async (trx) => {
    await insertRows(trx, values)
    await recordAudit(trx, audit, {
      action: 'marketplace_sales.demo_seeded',
      entityType: 'marketplace_sales',
      entityId: null,
      after: { rows: values.length, stores: new Set(values.map((v) => v.store.id)).size, months: `${FIRST.slice(0, 7)}..${LAST.slice(0, 7)}` },
    })
  })
  return values.length
}

async function insertRows(
  trx: Executor,
  rows: Array<{
    store: { id: string; firm_id: string; marketplace_code: string; province_code: string; regency_code: string }
    month: string
    gmv: number
    orders: number
    units: number
    reportedBy: string | null
  }>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await trx
      .insertInto('marketplace_sales')
      .values(
        rows.slice(i, i + 1000).map((r) => {
          const [y, m] = r.month.split('-').map(Number)
          return {
            firm_id: r.store.firm_id,
            marketplace_code: r.store.marketplace_code,
            nomination_id: r.store.id,
            month: r.month,
            gmv_idr: r.gmv,
            orders: r.orders,
            units: r.units,
            source: 'upload',
            reported_by: r.reportedBy,
            // Reported early in the following month.
            reported_at: new Date(Date.UTC(y, m, 8)),
            province_code: r.store.province_code,
            regency_code: r.store.regency_code,
          }
        }),
      )
      .execute()
  }
}
