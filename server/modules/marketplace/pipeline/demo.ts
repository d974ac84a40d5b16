// Demo nominations for the marketplace programme as it ran in 2020: firms whose assessment named
// marketing among their needs nominated from May to August 2020 to Tokopedia, Shopee, Blibli and
// Bukalapak (open for physical goods until 2025), moving through consent, training, store, products
// and first sales with realistic drop-offs and delays, every move kept as a stage event. The demo
// firm owner's firm waits for its consent to Tokopedia.
import { sql } from 'kysely'
import type { Database } from '../../../db/database.ts'
import { recordAudit, type AuditContext } from '../../../platform/audit/audit.service.ts'
import { random, weighted } from '../../registry/demo-firms.ts'
import { STAGES, type Stage } from './stages.ts'

const SHARE: Array<[string, number]> = [['tokopedia', 35], ['shopee', 35], ['blibli', 15], ['bukalapak', 15]]
/** Chance of reaching each stage from the one before (training is skipped by some). */
const ONWARD: Partial<Record<Stage, number>> = { consented: 0.82, trained: 0.72, store_opened: 0.78, products_listed: 0.88, first_sale: 0.66, active: 0.58 }
const STORE_HOST: Record<string, string> = { tokopedia: 'www.tokopedia.com', shopee: 'shopee.co.id', blibli: 'www.blibli.com', bukalapak: 'www.bukalapak.com' }
const END = Date.UTC(2020, 11, 31)
const DAY = 86_400_000

export async function seedDemoMarketplacePipeline(db: Database, audit: AuditContext, options: { nominations?: number } = {}): Promise<number> {
  const existing = await db.selectFrom('marketplace_nominations').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()
  if (Number(existing.n) > 0) return 0
  const officer = await db.selectFrom('users').select('id').where('role', '=', 'officer').orderBy('created_at').executeTakeFirst()
  const anyUser = officer ?? (await db.selectFrom('users').select('id').orderBy('created_at').executeTakeFirst())
  if (!anyUser) return 0
  // Firms whose latest answer names marketing, best known first; the demo owner's firm is handled below.
  const candidates = await sql<{ firm_id: string; province_code: string; regency_code: string; name: string; organisation_id: string | null }>`
    SELECT DISTINCT ON (f.id) f.id AS firm_id, f.province_code, f.regency_code, f.name, f.organisation_id
    FROM survey_responses r JOIN firms f ON f.id = r.firm_id
    WHERE 'marketing' = ANY (r.needs) AND f.merged_into IS NULL AND f.organisation_id IS NULL
    ORDER BY f.id
  `.execute(db)
  const rand = random(20200601)
  const chosen = candidates.rows.filter(() => rand() < 0.5).slice(0, options.nominations ?? 400)
  let created = 0
  await db.transaction().execute(async (trx) => {
    for (const firm of chosen) {
      const marketplace = weighted(rand, SHARE, ([, w]) => w)[0]
      let at = Date.UTC(2020, 4, 4) + Math.floor(rand() * 110) * DAY
      const nomination = await trx
        .insertInto('marketplace_nominations')
        .values({
          firm_id: firm.firm_id,
          marketplace_code: marketplace,
          source: rand() < 0.7 ? 'triage' : 'bulk',
          nominated_by: anyUser.id,
          nominated_at: new Date(at),
          stage_changed_at: new Date(at),
          province_code: firm.province_code,
          regency_code: firm.regency_code,
          created_at: new Date(at),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const events: Array<{ from: Stage | null; to: Stage; at: number }> = [{ from: null, to: 'nominated', at }]
      let stage: Stage = 'nominated'
      const changes: { store_url?: string; products_listed?: number } = {}
      for (const next of STAGES.slice(1)) {
        const chance = ONWARD[next] ?? 0
        if (next === 'trained' && rand() > chance) continue // some open a store without the training
        if (next !== 'trained' && rand() > chance) break
        const gap = next === 'consented' ? 2 + rand() * 12 : next === 'active' ? 45 + rand() * 60 : 5 + rand() * 35
        const when = at + Math.round(gap) * DAY
        if (when > END) break
        events.push({ from: stage, to: next, at: when })
        stage = next
        at = when
        if (next === 'store_opened') changes.store_url = `https://${STORE_HOST[marketplace]}/${firm.name.toLowerCase().replace(/[^a-z0-9]+/g, '').slice(0, 24) || 'toko'}`
        if (next === 'products_listed') changes.products_listed = 3 + Math.floor(rand() * 25)
      }
      for (const e of events) {
        await trx
          .insertInto('marketplace_stage_events')
          .values({ nomination_id: nomination.id, firm_id: firm.firm_id, marketplace_code: marketplace, from_stage: e.from, to_stage: e.to, actor_user_id: anyUser.id, actor_role: 'officer', at: new Date(e.at), details: JSON.stringify({ demo: true }) })
          .execute()
      }
      await trx
        .updateTable('marketplace_nominations')
        .set({ stage, stage_changed_at: new Date(at), ...changes })
        .where('id', '=', nomination.id)
        .execute()
      if (stage !== 'nominated') {
        await trx
          .insertInto('marketplace_consents')
          .values({ firm_id: firm.firm_id, marketplace_code: marketplace, granted_by: anyUser.id, granted_at: new Date(events[1].at) })
          .execute()
      }
      created += 1
    }
    // The demo owner's firm: nominated to Tokopedia, waiting for the owner's consent.
    const ownerFirm = await trx
      .selectFrom('firms as f')
      .innerJoin('organisations as o', 'o.id', 'f.organisation_id')
      .select(['f.id', 'f.province_code', 'f.regency_code'])
      .where('o.name', '=', 'CV Batik Sekar Jagad')
      .executeTakeFirst()
    if (ownerFirm) {
      const nomination = await trx
        .insertInto('marketplace_nominations')
        .values({ firm_id: ownerFirm.id, marketplace_code: 'tokopedia', source: 'manual', nominated_by: anyUser.id, province_code: ownerFirm.province_code, regency_code: ownerFirm.regency_code })
        .returning('id')
        .executeTakeFirstOrThrow()
      await trx
        .insertInto('marketplace_stage_events')
        .values({ nomination_id: nomination.id, firm_id: ownerFirm.id, marketplace_code: 'tokopedia', from_stage: null, to_stage: 'nominated', actor_user_id: anyUser.id, actor_role: 'officer' })
        .execute()
      created += 1
    }
    await recordAudit(trx, audit, { action: 'marketplace.demo.seeded', entityType: 'marketplace_nomination', entityId: null, after: { nominations: created } })
  })
  return created
}
