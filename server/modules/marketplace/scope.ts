import { sql, type SelectQueryBuilder } from 'kysely'
import type { DB } from '../../db/types.gen.ts'
import type { Executor } from '../../platform/audit/audit.repository.ts'
import { can, canSeeFirm, inRegionScope, requirePermission } from '../../platform/access/policy.ts'
import type { Actor } from '../../platform/access/roles.ts'
import { forbidden, notFound } from '../../platform/errors.ts'

/**
 * Data scope of the marketplace programme, in one place. Every marketplace service asks these
 * functions before reading or changing anything:
 * - officers see every marketplace and firm; regional officers the firms of their region;
 * - firm owners their own firm's nominations, consents, workshops and sales;
 * - a marketplace partner acts only for its own marketplace (the one whose organisation it
 *   belongs to) and sees a firm only while the firm is nominated to that marketplace **and** its
 *   owner's consent to that marketplace is live. Withdrawing consent hides the firm again.
 */

export interface MarketplaceRow {
  code: string
  name: string
  organisationId: string
  status: 'active' | 'migrating' | 'closed'
  statusNote: string | null
  storeDomains: string[]
  weightUnit: 'g' | 'kg'
}

export async function listMarketplaceRows(db: Executor): Promise<MarketplaceRow[]> {
  const rows = await db.selectFrom('marketplaces').selectAll().orderBy('name').execute()
  return rows.map((row) => ({
    code: row.code,
    name: row.name,
    organisationId: row.organisation_id,
    status: row.status as MarketplaceRow['status'],
    statusNote: row.status_note,
    storeDomains: row.store_domains,
    weightUnit: row.weight_unit as MarketplaceRow['weightUnit'],
  }))
}

export async function findMarketplace(db: Executor, code: string): Promise<MarketplaceRow | undefined> {
  return (await listMarketplaceRows(db)).find((m) => m.code === code)
}

/** The marketplace a partner works for, or undefined for other roles (and partners of an organisation that is no marketplace). */
export async function partnerMarketplaceCode(db: Executor, actor: Actor): Promise<string | undefined> {
  if (actor.role !== 'marketplace_partner') return undefined
  const row = await db.selectFrom('marketplaces').select('code').where('organisation_id', '=', actor.organisationId).executeTakeFirst()
  return row?.code
}

/**
 * The marketplaces the actor may act for: all for national and regional staff and firm owners,
 * only its own for a partner. Throws FORBIDDEN for a partner whose organisation is no marketplace.
 */
export async function marketplacesInScope(db: Executor, actor: Actor): Promise<string[] | 'all'> {
  requirePermission(actor, 'marketplace.read')
  if (actor.role !== 'marketplace_partner') return 'all'
  const own = await partnerMarketplaceCode(db, actor)
  if (!own) throw forbidden('MARKETPLACE_PARTNER_WITHOUT_MARKETPLACE')
  return [own]
}

/** Throws FORBIDDEN unless the actor may act for this marketplace (NOT_FOUND when it does not exist). */
export async function requireMarketplaceInScope(db: Executor, actor: Actor, code: string): Promise<MarketplaceRow> {
  const marketplace = await findMarketplace(db, code)
  if (!marketplace) throw notFound('MARKETPLACE_NOT_FOUND', { code })
  const scope = await marketplacesInScope(db, actor)
  if (scope !== 'all' && !scope.includes(code)) throw forbidden()
  return marketplace
}

/** Is the firm shared with this marketplace: nominated to it and its owner's consent live? */
export async function isSharedWith(db: Executor, firmId: string, marketplaceCode: string): Promise<boolean> {
  const row = await db
    .selectFrom('marketplace_nominations as n')
    .innerJoin('marketplace_consents as c', (join) =>
      join.onRef('c.firm_id', '=', 'n.firm_id').onRef('c.marketplace_code', '=', 'n.marketplace_code').on('c.withdrawn_at', 'is', null),
    )
    .select('n.id')
    .where('n.firm_id', '=', firmId)
    .where('n.marketplace_code', '=', marketplaceCode)
    .executeTakeFirst()
  return row !== undefined
}

/**
 * May the actor see this firm within the marketplace programme (for this marketplace, when
 * given)? Registry scope for staff and owners; nomination + live consent for partners.
 */
export async function canSeeFirmInProgramme(
  db: Executor,
  actor: Actor,
  firmId: string,
  marketplaceCode?: string,
): Promise<boolean> {
  if (!can(actor, 'marketplace.read')) return false
  if (actor.role === 'marketplace_partner') {
    const own = await partnerMarketplaceCode(db, actor)
    if (!own || (marketplaceCode !== undefined && marketplaceCode !== own)) return false
    return isSharedWith(db, firmId, own)
  }
  const firm = await db
    .selectFrom('firms')
    .select(['organisation_id', 'province_code', 'regency_code'])
    .where('id', '=', firmId)
    .where('merged_into', 'is', null)
    .executeTakeFirst()
  if (!firm) return false
  return canSeeFirm(actor, { organisationId: firm.organisation_id, provinceCode: firm.province_code, regencyCode: firm.regency_code })
}

/** Throws FIRM_NOT_FOUND (never FORBIDDEN: a partner must not learn that a hidden firm exists). */
export async function requireFirmInProgramme(db: Executor, actor: Actor, firmId: string, marketplaceCode?: string): Promise<void> {
  if (!(await canSeeFirmInProgramme(db, actor, firmId, marketplaceCode))) throw notFound('FIRM_NOT_FOUND')
}

/**
 * Narrows a query over marketplace_nominations (aliased `n`, joined to firms as `f`) to what the
 * actor may see. Use for every list, funnel, export and figure of the programme.
 */
export async function scopeNominations<O>(
  db: Executor,
  actor: Actor,
  query: SelectQueryBuilder<DB & { n: DB['marketplace_nominations']; f: DB['firms'] }, 'n' | 'f', O>,
): Promise<SelectQueryBuilder<DB & { n: DB['marketplace_nominations']; f: DB['firms'] }, 'n' | 'f', O>> {
  requirePermission(actor, 'marketplace.read')
  switch (actor.role) {
    case 'admin':
    case 'officer':
      return query
    case 'regional_officer': {
      if (!actor.provinceCode) return query.where(sql<boolean>`false`)
      let scoped = query.where('n.province_code', '=', actor.provinceCode)
      if (actor.regencyCode) scoped = scoped.where('n.regency_code', '=', actor.regencyCode)
      return scoped
    }
    case 'firm_owner':
      return query.where('f.organisation_id', '=', actor.organisationId)
    case 'marketplace_partner': {
      const own = await partnerMarketplaceCode(db, actor)
      if (!own) return query.where(sql<boolean>`false`)
      return query
        .where('n.marketplace_code', '=', own)
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('marketplace_consents as c')
              .select('c.id')
              .whereRef('c.firm_id', '=', 'n.firm_id')
              .whereRef('c.marketplace_code', '=', 'n.marketplace_code')
              .where('c.withdrawn_at', 'is', null),
          ),
        )
    }
    default:
      return query.where(sql<boolean>`false`)
  }
}

/** Region scope re-exported for the programme's region filters (workshops are placed in a regency). */
export { inRegionScope }
