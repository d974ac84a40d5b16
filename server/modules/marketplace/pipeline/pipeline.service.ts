import { sql } from 'kysely'
import type { Database } from '../../../db/database.ts'
import type { Config } from '../../../config.ts'
import type { Executor } from '../../../platform/audit/audit.repository.ts'
import { recordAudit, type AuditContext } from '../../../platform/audit/audit.service.ts'
import { canSeeFirm, requirePermission } from '../../../platform/access/policy.ts'
import type { Actor } from '../../../platform/access/roles.ts'
import { AppError, badRequest, conflict, forbidden, notFound } from '../../../platform/errors.ts'
import { localize, type Locale } from '../../../platform/i18n/messages.ts'
import { enqueueEmails, notify, type EmailInput, type NotificationInput } from '../../../platform/outbox/index.ts'
import { decrypt, type Keys } from '../../../platform/secrets.ts'
import { findMarketplace, partnerMarketplaceCode, requireFirmInProgramme, scopeNominations, type MarketplaceRow } from '../scope.ts'
import { isStage, moveProblem, stageIndex, STAGES, storeUrlProblem, type Stage } from './stages.ts'

export type { Stage } from './stages.ts'

export const MAX_BULK_NOMINATIONS = 1000

export interface Nomination {
  id: string
  firmId: string
  firmName: string
  marketplaceCode: string
  stage: Stage
  source: 'triage' | 'manual' | 'bulk'
  nominatedAt: string
  stageChangedAt: string
  daysInStage: number
  storeUrl: string | null
  productsListed: number | null
  consent: boolean
  provinceCode: string
  regencyCode: string
  note: string | null
}

const DAY_MS = 86_400_000

function nominationOf(row: {
  id: string
  firm_id: string
  firm_name: string
  marketplace_code: string
  stage: string
  source: string
  nominated_at: Date
  stage_changed_at: Date
  store_url: string | null
  products_listed: number | null
  consent: boolean
  province_code: string
  regency_code: string
  note: string | null
}, now = Date.now()): Nomination {
  return {
    id: row.id,
    firmId: row.firm_id,
    firmName: row.firm_name,
    marketplaceCode: row.marketplace_code,
    stage: row.stage as Stage,
    source: row.source as Nomination['source'],
    nominatedAt: row.nominated_at.toISOString(),
    stageChangedAt: row.stage_changed_at.toISOString(),
    daysInStage: Math.floor((now - row.stage_changed_at.getTime()) / DAY_MS),
    storeUrl: row.store_url,
    productsListed: row.products_listed,
    consent: row.consent,
    provinceCode: row.province_code,
    regencyCode: row.regency_code,
    note: row.note,
  }
}

const liveConsent = sql<boolean>`EXISTS (SELECT 1 FROM marketplace_consents c WHERE c.firm_id = n.firm_id AND c.marketplace_code = n.marketplace_code AND c.withdrawn_at IS NULL)`

function nominationsQuery(db: Executor) {
  return db
    .selectFrom('marketplace_nominations as n')
    .innerJoin('firms as f', 'f.id', 'n.firm_id')
    .select([
      'n.id',
      'n.firm_id',
      'f.name as firm_name',
      'n.marketplace_code',
      'n.stage',
      'n.source',
      'n.nominated_at',
      'n.stage_changed_at',
      'n.store_url',
      'n.products_listed',
      'n.province_code',
      'n.regency_code',
      'n.note',
      liveConsent.as('consent'),
    ])
}

async function writeStage(
  trx: Executor,
  audit: AuditContext,
  nomination: { id: string; firm_id: string; marketplace_code: string; stage: string },
  to: Stage,
  actor: Actor | null,
  changes: { store_url?: string; products_listed?: number },
  details: Record<string, unknown>,
): Promise<void> {
  await trx
    .updateTable('marketplace_nominations')
    .set({ stage: to, stage_changed_at: sql`now()`, updated_at: sql`now()`, ...changes })
    .where('id', '=', nomination.id)
    .execute()
  await trx
    .insertInto('marketplace_stage_events')
    .values({
      nomination_id: nomination.id,
      firm_id: nomination.firm_id,
      marketplace_code: nomination.marketplace_code,
      from_stage: nomination.stage,
      to_stage: to,
      actor_user_id: actor?.userId ?? null,
      actor_role: actor?.role ?? audit.actorRole,
      details: JSON.stringify(details),
    })
    .execute()
  await recordAudit(trx, audit, {
    action: 'marketplace.stage',
    entityType: 'marketplace_nomination',
    entityId: nomination.id,
    before: { stage: nomination.stage },
    after: { stage: to, ...changes, ...details },
  })
}

/**
 * Moves the (firm, marketplace) nomination forward to `toStage` when it is at an earlier stage and
 * the owner's consent is live; a no-op otherwise (no nomination, no consent, already there or
 * beyond). Runs in the caller's transaction: workshop attendance (→ trained) and sales reports
 * (→ first_sale) call it. Example: `advanceNomination(trx, { firmId, marketplaceCode: 'shopee', toStage: 'first_sale', actor, audit })`.
 */
export async function advanceNomination(
  trx: Executor,
  input: { firmId: string; marketplaceCode: string; toStage: Stage; actor: Actor | null; audit: AuditContext; details?: Record<string, unknown> },
): Promise<{ moved: boolean; from: Stage | null }> {
  const nomination = await trx
    .selectFrom('marketplace_nominations as n')
    .select(['n.id', 'n.firm_id', 'n.marketplace_code', 'n.stage', liveConsent.as('consent')])
    .where('n.firm_id', '=', input.firmId)
    .where('n.marketplace_code', '=', input.marketplaceCode)
    .forUpdate()
    .executeTakeFirst()
  if (!nomination) return { moved: false, from: null }
  const from = nomination.stage as Stage
  if (!nomination.consent || stageIndex(from) >= stageIndex(input.toStage)) {
    return { moved: false, from }
  }
  await writeStage(trx, input.audit, nomination, input.toStage, input.actor, {}, { automatic: true, ...input.details })
  return { moved: true, from }
}

async function requireMarketplace(db: Executor, code: string): Promise<MarketplaceRow> {
  const marketplace = await findMarketplace(db, code)
  if (!marketplace) throw notFound('MARKETPLACE_NOT_FOUND', { code })
  return marketplace
}

export type NominationOutcome =
  | { firmId: string; outcome: 'nominated'; nominationId: string; stage: Stage }
  | { firmId: string; outcome: 'already_nominated'; nominationId: string; stage: Stage }
  | { firmId: string; outcome: 'refused'; code: string; message: string }

/**
 * Nominates firms to a marketplace (one, a selection, or the assessment's candidates). Each firm
 * gets its own outcome; a firm outside the officer's region or unknown is refused as not found.
 * The owners of a newly nominated firm are asked for their consent in-app and by e-mail; a firm
 * whose owner had already consented goes straight to `consented`.
 */
export async function nominate(
  db: Database,
  config: Pick<Config, 'publicUrl'>,
  actor: Actor | null,
  audit: AuditContext,
  input: { marketplaceCode: string; firmIds: string[]; source: 'triage' | 'manual' | 'bulk'; note?: string },
  locale: Locale,
): Promise<NominationOutcome[]> {
  requirePermission(actor, 'marketplace.nominate')
  const marketplace = await requireMarketplace(db, input.marketplaceCode)
  if (marketplace.status === 'closed') throw conflict('MARKETPLACE_CLOSED', { marketplace: marketplace.name, note: marketplace.statusNote ?? '' })
  const firmIds = [...new Set(input.firmIds)]
  if (firmIds.length === 0) throw badRequest('NOMINATION_FIRMS_REQUIRED', {}, { field: 'firmIds' })
  if (firmIds.length > MAX_BULK_NOMINATIONS) throw badRequest('NOMINATION_TOO_MANY', { max: MAX_BULK_NOMINATIONS }, { field: 'firmIds' })

  return db.transaction().execute(async (trx) => {
    const firms = await trx
      .selectFrom('firms')
      .select(['id', 'name', 'organisation_id', 'province_code', 'regency_code'])
      .where('id', 'in', firmIds)
      .where('merged_into', 'is', null)
      .execute()
    const byId = new Map(firms.map((f) => [f.id, f]))
    const outcomes: NominationOutcome[] = []
    const notifications: NotificationInput[] = []
    const emails: EmailInput[] = []
    for (const firmId of firmIds) {
      const firm = byId.get(firmId)
      if (!firm || !canSeeFirm(actor, { organisationId: firm.organisation_id, provinceCode: firm.province_code, regencyCode: firm.regency_code })) {
        outcomes.push({ firmId, outcome: 'refused', code: 'FIRM_NOT_FOUND', message: localize('FIRM_NOT_FOUND', locale) })
        continue
      }
      const inserted = await trx
        .insertInto('marketplace_nominations')
        .values({
          firm_id: firm.id,
          marketplace_code: marketplace.code,
          source: input.source,
          nominated_by: actor.userId,
          note: input.note ?? null,
          province_code: firm.province_code,
          regency_code: firm.regency_code,
        })
        .onConflict((oc) => oc.columns(['firm_id', 'marketplace_code']).doNothing())
        .returning(['id', 'firm_id', 'marketplace_code', 'stage'])
        .executeTakeFirst()
      if (!inserted) {
        const existing = await trx
          .selectFrom('marketplace_nominations')
          .select(['id', 'stage'])
          .where('firm_id', '=', firm.id)
          .where('marketplace_code', '=', marketplace.code)
          .executeTakeFirstOrThrow()
        outcomes.push({ firmId, outcome: 'already_nominated', nominationId: existing.id, stage: existing.stage as Stage })
        continue
      }
      await trx
        .insertInto('marketplace_stage_events')
        .values({
          nomination_id: inserted.id,
          firm_id: firm.id,
          marketplace_code: marketplace.code,
          from_stage: null,
          to_stage: 'nominated',
          actor_user_id: actor.userId,
          actor_role: actor.role,
          details: JSON.stringify({ source: input.source }),
        })
        .execute()
      await recordAudit(trx, audit, {
        action: 'marketplace.nominate',
        entityType: 'marketplace_nomination',
        entityId: inserted.id,
        after: { firmId: firm.id, firmName: firm.name, marketplace: marketplace.code, source: input.source, note: input.note ?? null },
      })
      const advanced = await advanceNomination(trx, { firmId: firm.id, marketplaceCode: marketplace.code, toStage: 'consented', actor, audit, details: { consentGivenBefore: true } })
      outcomes.push({ firmId, outcome: 'nominated', nominationId: inserted.id, stage: advanced.moved ? 'consented' : 'nominated' })
      if (advanced.moved || firm.organisation_id === null) continue
      const owners = await trx
        .selectFrom('users')
        .select(['id', 'email', 'name', 'locale'])
        .where('organisation_id', '=', firm.organisation_id)
        .where('role', '=', 'firm_owner')
        .where('disabled_at', 'is', null)
        .execute()
      for (const owner of owners) {
        const params = { firm: firm.name, marketplace: marketplace.name }
        const key = `marketplace.nominated:${inserted.id}:${owner.id}`
        notifications.push({ userId: owner.id, kind: 'marketplace.nominated', titleCode: 'NOTIFY_MARKETPLACE_NOMINATED_TITLE', bodyCode: 'NOTIFY_MARKETPLACE_NOMINATED_BODY', params, link: '/marketplace', dedupeKey: key })
        const ownerLocale: Locale = owner.locale === 'en' ? 'en' : 'id'
        emails.push({
          to: owner.email,
          subject: localize('EMAIL_MARKETPLACE_NOMINATED_SUBJECT', ownerLocale, params),
          text: localize('EMAIL_MARKETPLACE_NOMINATED_BODY', ownerLocale, { ...params, name: owner.name, link: `${config.publicUrl}/marketplace` }),
          dedupeKey: key,
        })
      }
    }
    await notify(trx, notifications)
    await enqueueEmails(trx, emails)
    return outcomes
  })
}

/** The firm of a firm owner's own organisation, or FIRM_NOT_FOUND. */
async function requireOwnFirm(db: Executor, actor: Actor, firmId: string) {
  requirePermission(actor, 'marketplace.consent')
  const firm = await db.selectFrom('firms').select(['id', 'name', 'organisation_id']).where('id', '=', firmId).where('merged_into', 'is', null).executeTakeFirst()
  if (!firm || firm.organisation_id === null || firm.organisation_id !== actor.organisationId) throw notFound('FIRM_NOT_FOUND')
  return firm
}

export interface Consent {
  firmId: string
  marketplaceCode: string
  marketplaceName: string
  granted: boolean
  grantedAt: string | null
  withdrawnAt: string | null
  nomination: { id: string; stage: Stage } | null
}

/** The owner's consents and nominations of their firm, one row per marketplace (closed ones included for history). */
export async function consentsOf(db: Database, actor: Actor | null, firmId: string): Promise<Consent[]> {
  if (!actor) throw forbidden()
  const firm = await requireOwnFirm(db, actor, firmId)
  const rows = await sql<{
    code: string
    name: string
    granted_at: Date | null
    withdrawn_at: Date | null
    live: boolean | null
    nomination_id: string | null
    stage: string | null
  }>`
    SELECT m.code, m.name, c.granted_at, c.withdrawn_at, c.withdrawn_at IS NULL AND c.id IS NOT NULL AS live, n.id AS nomination_id, n.stage
    FROM marketplaces m
    LEFT JOIN LATERAL (
      SELECT * FROM marketplace_consents c WHERE c.firm_id = ${firm.id} AND c.marketplace_code = m.code
      ORDER BY c.withdrawn_at IS NULL DESC, c.granted_at DESC LIMIT 1
    ) c ON true
    LEFT JOIN marketplace_nominations n ON n.firm_id = ${firm.id} AND n.marketplace_code = m.code
    ORDER BY n.id IS NULL, m.name
  `.execute(db)
  return rows.rows.map((r) => ({
    firmId: firm.id,
    marketplaceCode: r.code,
    marketplaceName: r.name,
    granted: r.live === true,
    grantedAt: r.granted_at?.toISOString() ?? null,
    withdrawnAt: r.withdrawn_at?.toISOString() ?? null,
    nomination: r.nomination_id ? { id: r.nomination_id, stage: r.stage as Stage } : null,
  }))
}

/** The owner consents to share the firm with the marketplace; a nominated firm becomes `consented`. Idempotent. */
export async function grantConsent(db: Database, actor: Actor | null, audit: AuditContext, firmId: string, marketplaceCode: string): Promise<void> {
  if (!actor) throw forbidden()
  const firm = await requireOwnFirm(db, actor, firmId)
  const marketplace = await requireMarketplace(db, marketplaceCode)
  await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('marketplace_consents')
      .values({ firm_id: firm.id, marketplace_code: marketplace.code, granted_by: actor.userId })
      .onConflict((oc) => oc.columns(['firm_id', 'marketplace_code']).where('withdrawn_at', 'is', null).doNothing())
      .returning('id')
      .executeTakeFirst()
    if (!inserted) return
    await recordAudit(trx, audit, {
      action: 'marketplace.consent.grant',
      entityType: 'marketplace_consent',
      entityId: inserted.id,
      after: { firmId: firm.id, firmName: firm.name, marketplace: marketplace.code },
    })
    await advanceNomination(trx, { firmId: firm.id, marketplaceCode: marketplace.code, toStage: 'consented', actor, audit })
  })
}

/** The owner withdraws consent: the partner no longer sees the firm anywhere. The stage stays for the record. Idempotent. */
export async function withdrawConsent(db: Database, actor: Actor | null, audit: AuditContext, firmId: string, marketplaceCode: string): Promise<void> {
  if (!actor) throw forbidden()
  const firm = await requireOwnFirm(db, actor, firmId)
  const marketplace = await requireMarketplace(db, marketplaceCode)
  await db.transaction().execute(async (trx) => {
    const withdrawn = await trx
      .updateTable('marketplace_consents')
      .set({ withdrawn_at: sql`now()`, withdrawn_by: actor.userId })
      .where('firm_id', '=', firm.id)
      .where('marketplace_code', '=', marketplace.code)
      .where('withdrawn_at', 'is', null)
      .returning('id')
      .executeTakeFirst()
    if (!withdrawn) return
    await recordAudit(trx, audit, {
      action: 'marketplace.consent.withdraw',
      entityType: 'marketplace_consent',
      entityId: withdrawn.id,
      before: { granted: true },
      after: { firmId: firm.id, firmName: firm.name, marketplace: marketplace.code, granted: false },
    })
  })
}

/** A hand move of a nomination to a later stage, with the store URL or products count that stage needs. */
export async function moveStage(
  db: Database,
  actor: Actor | null,
  audit: AuditContext,
  nominationId: string,
  input: { stage: string; storeUrl?: string; productsListed?: number; note?: string },
): Promise<Nomination> {
  requirePermission(actor, 'marketplace.pipeline')
  if (!isStage(input.stage)) throw badRequest('STAGE_UNKNOWN', { stage: input.stage }, { field: 'stage' })
  const to = input.stage
  return db.transaction().execute(async (trx) => {
    const nomination = await trx
      .selectFrom('marketplace_nominations as n')
      .select(['n.id', 'n.firm_id', 'n.marketplace_code', 'n.stage', 'n.store_url', liveConsent.as('consent')])
      .where('n.id', '=', nominationId)
      .forUpdate()
      .executeTakeFirst()
    if (!nomination) throw notFound('NOMINATION_NOT_FOUND')
    await requireFirmInProgramme(trx, actor, nomination.firm_id, nomination.marketplace_code)
    const from = nomination.stage as Stage
    if (!nomination.consent) throw conflict('CONSENT_REQUIRED')
    const problem = moveProblem(actor.role, from, to)
    if (problem) throw new AppError(problem, problem === 'STAGE_ORDER' ? 409 : 403, { from, to }, { field: 'stage' })
    const changes: { store_url?: string; products_listed?: number } = {}
    if (to === 'store_opened') {
      const marketplace = await requireMarketplace(trx, nomination.marketplace_code)
      if (!input.storeUrl) throw badRequest('STORE_URL_REQUIRED', {}, { field: 'storeUrl' })
      const urlProblem = storeUrlProblem(input.storeUrl, marketplace.storeDomains)
      if (urlProblem) throw badRequest(urlProblem, { marketplace: marketplace.name, domains: marketplace.storeDomains.join(', ') }, { field: 'storeUrl' })
      changes.store_url = new URL(input.storeUrl.trim()).toString()
    }
    if (to === 'products_listed') {
      if (input.productsListed === undefined || !Number.isInteger(input.productsListed) || input.productsListed < 1) {
        throw badRequest('PRODUCTS_LISTED_REQUIRED', {}, { field: 'productsListed' })
      }
      changes.products_listed = input.productsListed
    }
    await writeStage(trx, audit, nomination, to, actor, changes, input.note ? { note: input.note } : {})
    const row = await nominationsQuery(trx).where('n.id', '=', nomination.id).executeTakeFirstOrThrow()
    return nominationOf(row)
  })
}

export interface NominationFilter {
  marketplace?: string
  province?: string
  regency?: string
  stage?: string
  /** Only nominations that have been at their stage at least this many days. */
  stuckDays?: number
  q?: string
}

function filtered(db: Executor, filter: NominationFilter) {
  let query = nominationsQuery(db)
  if (filter.marketplace) query = query.where('n.marketplace_code', '=', filter.marketplace)
  if (filter.province) query = query.where('n.province_code', '=', filter.province)
  if (filter.regency) query = query.where('n.regency_code', '=', filter.regency)
  if (filter.stage) {
    if (!isStage(filter.stage)) throw badRequest('STAGE_UNKNOWN', { stage: filter.stage }, { field: 'stage' })
    query = query.where('n.stage', '=', filter.stage)
  }
  if (filter.stuckDays !== undefined) query = query.where('n.stage_changed_at', '<=', sql<Date>`now() - make_interval(days => ${filter.stuckDays})`)
  if (filter.q) query = query.where('f.name', 'ilike', `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
  return query
}

/**
 * Nominations the actor may see, newest stage change first (with `stuckDays`: longest at their
 * stage first), offset pages.
 */
export async function listNominations(
  db: Database,
  actor: Actor | null,
  filter: NominationFilter & { limit?: number; offset?: number },
): Promise<{ items: Nomination[]; total: number }> {
  if (!actor) throw forbidden()
  const scoped = await scopeNominations(db, actor, filtered(db, filter))
  const order = filter.stuckDays !== undefined ? 'asc' : 'desc'
  const rows = await scoped
    .orderBy('n.stage_changed_at', order)
    .orderBy('n.id', order)
    .limit(filter.limit ?? 50)
    .offset(filter.offset ?? 0)
    .execute()
  const countQuery = await scopeNominations(db, actor, filtered(db, filter))
  const total = await countQuery.clearSelect().select(sql<string>`count(*)`.as('count')).executeTakeFirstOrThrow()
  const now = Date.now()
  return { items: rows.map((r) => nominationOf(r, now)), total: Number(total.count) }
}

/** Every nomination of the list (no paging), for the exports: keyset pages of 1,000 in the list's order. */
export async function* iterateNominations(db: Database, actor: Actor, filter: NominationFilter): AsyncGenerator<Nomination> {
  const now = Date.now()
  const ascending = filter.stuckDays !== undefined
  let after: { at: Date; id: string } | null = null
  for (;;) {
    let query = await scopeNominations(db, actor, filtered(db, filter))
    if (after) {
      const { at, id } = after
      query = ascending
        ? query.where(sql<boolean>`(n.stage_changed_at, n.id) > (${at}, ${id}::uuid)`)
        : query.where(sql<boolean>`(n.stage_changed_at, n.id) < (${at}, ${id}::uuid)`)
    }
    const direction = ascending ? 'asc' : 'desc'
    const rows = await query.orderBy('n.stage_changed_at', direction).orderBy('n.id', direction).limit(1000).execute()
    for (const row of rows) yield nominationOf(row, now)
    if (rows.length < 1000) return
    const last = rows[rows.length - 1]
    after = { at: last.stage_changed_at, id: last.id }
  }
}

export interface NominationDetail extends Nomination {
  marketplaceName: string
  regencyName: string | null
  events: Array<{ from: Stage | null; to: Stage; at: string; actorRole: string | null; actorName: string | null }>
  /** The owner's contact, for staff and for a partner while the owner's consent is live. */
  contact: { name: string; phone: string | null; email: string | null } | null
}

export async function getNomination(db: Database, keys: Keys, actor: Actor | null, audit: AuditContext, id: string): Promise<NominationDetail> {
  if (!actor) throw forbidden()
  const scoped = await scopeNominations(db, actor, nominationsQuery(db).where('n.id', '=', id))
  const row = await scoped.executeTakeFirst()
  if (!row) throw notFound('NOMINATION_NOT_FOUND')
  const marketplace = await requireMarketplace(db, row.marketplace_code)
  const regency = await db.selectFrom('regencies').select('name').where('code', '=', row.regency_code).executeTakeFirst()
  const events = await db
    .selectFrom('marketplace_stage_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_user_id')
    .select(['e.from_stage', 'e.to_stage', 'e.at', 'e.actor_role', 'u.name as actor_name'])
    .where('e.nomination_id', '=', id)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute()
  let contact: NominationDetail['contact'] = null
  const mayContact = actor.role === 'marketplace_partner' ? row.consent : actor.role !== 'admin'
  if (mayContact) {
    const owner = await db
      .selectFrom('firm_owners')
      .select(['name', 'phone_enc', 'phone_masked', 'email'])
      .where('firm_id', '=', row.firm_id)
      .where('is_primary', '=', true)
      .executeTakeFirst()
    if (owner) {
      // Partners get the real phone (the owner consented to be contacted); staff the masked one, as in the registry.
      const phone = actor.role === 'marketplace_partner' && owner.phone_enc ? decrypt(keys.encryption, owner.phone_enc) : owner.phone_masked
      contact = { name: owner.name, phone, email: owner.email }
      if (actor.role === 'marketplace_partner') {
        await recordAudit(db, audit, { action: 'marketplace.contact.read', entityType: 'marketplace_nomination', entityId: row.id, after: { firmId: row.firm_id, marketplace: row.marketplace_code } })
      }
    }
  }
  return {
    ...nominationOf(row),
    marketplaceName: marketplace.name,
    regencyName: regency?.name ?? null,
    events: events.map((e) => ({ from: (e.from_stage as Stage | null) ?? null, to: e.to_stage as Stage, at: e.at.toISOString(), actorRole: e.actor_role, actorName: e.actor_name })),
    contact,
  }
}

export interface FunnelStage {
  stage: Stage
  /** Nominations that reached this stage or a later one. */
  reached: number
  /** Nominations at this stage now. */
  current: number
  /** reached / reached at the stage before it (consented for store_opened: training is optional), in percent. */
  conversionPct: number | null
  /** Days spent in this stage by nominations that left it (median and mean). */
  daysMedian: number | null
  daysMean: number | null
  /** Nominations that left this stage (the base of the median and mean). */
  left: number
}

/** The stage each conversion is measured against: the previous one, except that training is optional for opening a store. */
const CONVERSION_BASE: Record<Stage, Stage | null> = {
  nominated: null,
  consented: 'nominated',
  trained: 'consented',
  store_opened: 'consented',
  products_listed: 'store_opened',
  first_sale: 'products_listed',
  active: 'first_sale',
}

export interface FunnelRow {
  marketplaceCode: string
  nominations: number
  stages: FunnelStage[]
}

/**
 * The funnel per marketplace for nominations made in the period (by nomination date) within the
 * actor's scope and filters. Time in a stage is measured from entering it to entering the next
 * stage reached (stays still open are not in the median/mean; they are the `current` count and the
 * stuck lists).
 */
export async function funnel(
  db: Database,
  actor: Actor | null,
  filter: { marketplace?: string; province?: string; regency?: string; from?: string; to?: string },
): Promise<FunnelRow[]> {
  if (!actor) throw forbidden()
  let base = filtered(db, { marketplace: filter.marketplace, province: filter.province, regency: filter.regency })
  if (filter.from) base = base.where('n.nominated_at', '>=', sql<Date>`${filter.from}::date`)
  if (filter.to) base = base.where('n.nominated_at', '<', sql<Date>`${filter.to}::date + 1`)
  const scoped = await scopeNominations(db, actor, base)
  const ids = scoped.clearSelect().select('n.id')
  const stageRows = await db
    .selectFrom('marketplace_nominations as n')
    .select(['n.marketplace_code', 'n.stage', sql<string>`count(*)`.as('count')])
    .where('n.id', 'in', ids)
    .groupBy(['n.marketplace_code', 'n.stage'])
    .execute()
  // Each stay: the event entering a stage and the next event of the same nomination.
  const stays = await sql<{ marketplace_code: string; stage: string; days: number[] }>`
    SELECT marketplace_code, to_stage AS stage, array_agg(days ORDER BY days) AS days
    FROM (
      SELECT e.marketplace_code, e.to_stage,
             EXTRACT(EPOCH FROM (lead(e.at) OVER (PARTITION BY e.nomination_id ORDER BY e.at, e.id) - e.at)) / 86400.0 AS days
      FROM marketplace_stage_events e
      WHERE e.nomination_id IN (${ids})
    ) s
    WHERE days IS NOT NULL
    GROUP BY marketplace_code, to_stage
  `.execute(db)
  // Reached: every move writes an event, so a stage was reached when an event entered it.
  const reachedRows = await db
    .selectFrom('marketplace_stage_events as e')
    .select(['e.marketplace_code', 'e.to_stage', sql<string>`count(DISTINCT e.nomination_id)`.as('count')])
    .where('e.nomination_id', 'in', ids)
    .groupBy(['e.marketplace_code', 'e.to_stage'])
    .execute()
  const codes = [...new Set(stageRows.map((r) => r.marketplace_code))].sort()
  const round1 = (x: number) => Math.round(x * 10) / 10
  return codes.map((code) => {
    const current = new Map(stageRows.filter((r) => r.marketplace_code === code).map((r) => [r.stage as Stage, Number(r.count)]))
    const reachedOf = new Map(reachedRows.filter((r) => r.marketplace_code === code).map((r) => [r.to_stage as Stage, Number(r.count)]))
    const nominations = [...current.values()].reduce((s, n) => s + n, 0)
    const stages = STAGES.map((stage) => {
      const reached = stage === 'nominated' ? nominations : (reachedOf.get(stage) ?? 0)
      const days = (stays.rows.find((r) => r.marketplace_code === code && r.stage === stage)?.days ?? []).map(Number)
      const n = days.length
      const median = n === 0 ? null : round1(n % 2 ? days[(n - 1) / 2] : (days[n / 2 - 1] + days[n / 2]) / 2)
      const mean = n === 0 ? null : round1(days.reduce((s, d) => s + d, 0) / n)
      const base = CONVERSION_BASE[stage]
      const baseReached = base === null ? null : base === 'nominated' ? nominations : (reachedOf.get(base) ?? 0)
      const conversionPct = baseReached === null || baseReached === 0 ? null : Math.round((reached / baseReached) * 1000) / 10
      return { stage, reached, current: current.get(stage) ?? 0, conversionPct, daysMedian: median, daysMean: mean, left: n }
    })
    return { marketplaceCode: code, nominations, stages }
  })
}

/** Marketplaces a partner may act for (its own), for the routes' defaults. */
export async function ownMarketplace(db: Executor, actor: Actor): Promise<string | undefined> {
  return partnerMarketplaceCode(db, actor)
}
