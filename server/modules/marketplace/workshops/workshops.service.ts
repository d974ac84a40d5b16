// Field workshops ("turun ke lapangan"): partners (for their marketplace) and officers (for their
// region) plan workshops in a regency at local time (WIB/WITA/WIT), invite firms in-app and by
// e-mail with an ICS file, take registrations up to capacity with a waiting list, record
// attendance (which marks the firm 'trained' in the pipeline) and follow what attendees did next.
import { sql } from 'kysely'
import type { Database } from '../../../db/database.ts'
import type { Config } from '../../../config.ts'
import type { Executor } from '../../../platform/audit/audit.repository.ts'
import { recordAudit, type AuditContext } from '../../../platform/audit/audit.service.ts'
import { can, canSeeFirm, inRegionScope, requirePermission } from '../../../platform/access/policy.ts'
import type { Actor } from '../../../platform/access/roles.ts'
import { badRequest, conflict, forbidden, isUniqueViolation, notFound } from '../../../platform/errors.ts'
import { localize, type Locale } from '../../../platform/i18n/messages.ts'
import { enqueueEmails, notify, senderOf, type EmailInput, type NotificationInput } from '../../../platform/outbox/index.ts'
import { addressOf } from '../../../platform/outbox/mail.ts'
import { advanceNomination } from '../pipeline/pipeline.service.ts'
import { findMarketplace, partnerMarketplaceCode, scopeNominations } from '../scope.ts'
import { buildIcs } from './ics.ts'
import { instantToLocal, localRangeLabel, localToInstant, zoneLabel, zoneOfProvince, type TimeZoneName } from './time-zones.ts'
import * as repo from './workshops.repository.ts'

type MailConfig = Pick<Config, 'publicUrl' | 'mailFrom'>

export interface Workshop {
  id: string
  marketplaceCode: string
  marketplaceName: string
  title: string
  description: string | null
  venue: string
  address: string | null
  provinceCode: string
  provinceName: string
  regencyCode: string
  regencyName: string
  startsAt: string
  endsAt: string
  timeZone: TimeZoneName
  zoneLabel: string
  localDate: string
  localStart: string
  localEnd: string
  capacity: number
  trainers: string[]
  status: 'planned' | 'cancelled'
  sequence: number
  cancelReason: string | null
  cancelledAt: string | null
  registered: number
  waitlisted: number
  invited: number
  attended: number
  canManage: boolean
  /** For a firm owner: its own firms invited to or registered for this workshop. */
  mine: MyFirm[]
}

export interface MyFirm {
  firmId: string
  firmName: string
  invited: boolean
  status: 'registered' | 'waitlisted' | null
  position: number | null
  attended: boolean | null
}

export interface PlanInput {
  marketplaceCode: string
  title: string
  description?: string | null
  venue: string
  address?: string | null
  regencyCode: string
  date: string
  startTime: string
  endTime: string
  capacity: number
  trainers?: string[]
}

export type EditInput = Partial<Omit<PlanInput, 'marketplaceCode'>>

// ---------------------------------------------------------------------------------------------
// Scope
// ---------------------------------------------------------------------------------------------

/** May the actor plan and run this workshop? Officers all; regional officers their region; a partner its marketplace. */
async function canManage(db: Executor, actor: Actor, w: { marketplace_code: string; province_code: string; regency_code: string }): Promise<boolean> {
  if (!can(actor, 'marketplace.workshops.manage')) return false
  if (actor.role === 'marketplace_partner') return (await partnerMarketplaceCode(db, actor)) === w.marketplace_code
  return inRegionScope(actor, { provinceCode: w.province_code, regencyCode: w.regency_code })
}

async function ownerSeesWorkshop(db: Executor, actor: Actor, workshopId: string): Promise<boolean> {
  const row = await sql<{ ok: boolean }>`
    SELECT EXISTS (
      SELECT 1 FROM firms f WHERE f.organisation_id = ${actor.organisationId} AND f.merged_into IS NULL AND (
        EXISTS (SELECT 1 FROM marketplace_workshop_invitations i WHERE i.workshop_id = ${workshopId} AND i.firm_id = f.id)
        OR EXISTS (SELECT 1 FROM marketplace_workshop_registrations g WHERE g.workshop_id = ${workshopId} AND g.firm_id = f.id AND g.status <> 'cancelled'))
    ) AS ok`.execute(db)
  return row.rows[0]?.ok === true
}

async function canSee(db: Executor, actor: Actor, w: repo.WorkshopRow): Promise<boolean> {
  if (!can(actor, 'marketplace.read')) return false
  switch (actor.role) {
    case 'admin':
    case 'officer':
      return true
    case 'regional_officer':
      return inRegionScope(actor, { provinceCode: w.province_code, regencyCode: w.regency_code })
    case 'marketplace_partner':
      return (await partnerMarketplaceCode(db, actor)) === w.marketplace_code
    case 'firm_owner':
      return ownerSeesWorkshop(db, actor, w.id)
    default:
      return false
  }
}

/** The workshop when the actor may see it, else WORKSHOP_NOT_FOUND (a hidden workshop does not exist). */
async function requireVisible(db: Executor, actor: Actor | null, id: string): Promise<repo.WorkshopRow> {
  requirePermission(actor, 'marketplace.read')
  const row = await repo.findWorkshop(db, id)
  if (!row || !(await canSee(db, actor, row))) throw notFound('WORKSHOP_NOT_FOUND')
  return row
}

/** The workshop when the actor may run it: NOT_FOUND when hidden, FORBIDDEN when only visible. */
async function requireManaged(db: Executor, actor: Actor | null, id: string): Promise<repo.WorkshopRow> {
  requirePermission(actor, 'marketplace.workshops.manage')
  const row = await requireVisible(db, actor, id)
  if (!(await canManage(db, actor, row))) throw forbidden()
  return row
}

/** Can the actor see this participant firm (partners: only while shared with the workshop's marketplace)? */
function seesFirm(actor: Actor, firm: { organisation_id: string | null; province_code: string; regency_code: string; shared: boolean }): boolean {
  switch (actor.role) {
    case 'marketplace_partner':
      return firm.shared
    case 'firm_owner':
      return firm.organisation_id !== null && firm.organisation_id === actor.organisationId
    default:
      return canSeeFirm(actor, { organisationId: firm.organisation_id, provinceCode: firm.province_code, regencyCode: firm.regency_code })
  }
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

async function mineOf(db: Executor, actor: Actor, workshopId: string): Promise<MyFirm[]> {
  if (actor.role !== 'firm_owner') return []
  const rows = await sql<{ firm_id: string; firm_name: string; invited: boolean; status: string | null; queue_no: string | null; attended: boolean | null }>`
    SELECT f.id AS firm_id, f.name AS firm_name,
      EXISTS (SELECT 1 FROM marketplace_workshop_invitations i WHERE i.workshop_id = ${workshopId} AND i.firm_id = f.id) AS invited,
      g.status, g.queue_no::text AS queue_no, g.attended
    FROM firms f
    LEFT JOIN marketplace_workshop_registrations g ON g.workshop_id = ${workshopId} AND g.firm_id = f.id AND g.status <> 'cancelled'
    WHERE f.organisation_id = ${actor.organisationId} AND f.merged_into IS NULL
      AND (g.id IS NOT NULL OR EXISTS (SELECT 1 FROM marketplace_workshop_invitations i WHERE i.workshop_id = ${workshopId} AND i.firm_id = f.id))
    ORDER BY f.name`.execute(db)
  const out: MyFirm[] = []
  for (const r of rows.rows) {
    out.push({
      firmId: r.firm_id,
      firmName: r.firm_name,
      invited: r.invited,
      status: (r.status as MyFirm['status']) ?? null,
      position: r.status === 'waitlisted' && r.queue_no ? await repo.waitlistPosition(db, workshopId, r.queue_no) : null,
      attended: r.attended,
    })
  }
  return out
}

async function workshopOf(db: Executor, actor: Actor, row: repo.WorkshopRow): Promise<Workshop> {
  const zone = row.time_zone as TimeZoneName
  const start = instantToLocal(row.starts_at, zone)
  const end = instantToLocal(row.ends_at, zone)
  return {
    id: row.id,
    marketplaceCode: row.marketplace_code,
    marketplaceName: row.marketplace_name,
    title: row.title,
    description: row.description,
    venue: row.venue,
    address: row.address,
    provinceCode: row.province_code,
    provinceName: row.province_name,
    regencyCode: row.regency_code,
    regencyName: row.regency_name,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    timeZone: zone,
    zoneLabel: zoneLabel(zone),
    localDate: start.date,
    localStart: start.time,
    localEnd: end.time,
    capacity: row.capacity,
    trainers: row.trainers,
    status: row.status as Workshop['status'],
    sequence: row.sequence,
    cancelReason: row.cancel_reason,
    cancelledAt: row.cancelled_at?.toISOString() ?? null,
    registered: row.registered,
    waitlisted: row.waitlisted,
    invited: row.invited,
    attended: row.attended,
    canManage: await canManage(db, actor, row),
    mine: await mineOf(db, actor, row.id),
  }
}

export interface WorkshopFilter {
  marketplace?: string
  province?: string
  when?: 'upcoming' | 'past'
  limit?: number
  offset?: number
}

/** Workshops within the actor's scope, upcoming ones soonest first, past ones latest first. */
export async function listWorkshops(db: Database, actor: Actor | null, filter: WorkshopFilter, now = new Date()): Promise<{ items: Workshop[]; total: number }> {
  requirePermission(actor, 'marketplace.read')
  let query = repo.workshopsQuery(db)
  switch (actor.role) {
    case 'admin':
    case 'officer':
      break
    case 'regional_officer':
      if (!actor.provinceCode) query = query.where(sql<boolean>`false`)
      else {
        query = query.where('w.province_code', '=', actor.provinceCode)
        if (actor.regencyCode) query = query.where('w.regency_code', '=', actor.regencyCode)
      }
      break
    case 'marketplace_partner': {
      const own = await partnerMarketplaceCode(db, actor)
      query = own ? query.where('w.marketplace_code', '=', own) : query.where(sql<boolean>`false`)
      break
    }
    case 'firm_owner':
      query = query.where(
        sql<boolean>`EXISTS (SELECT 1 FROM firms f WHERE f.organisation_id = ${actor.organisationId} AND f.merged_into IS NULL AND (
          EXISTS (SELECT 1 FROM marketplace_workshop_invitations i WHERE i.workshop_id = w.id AND i.firm_id = f.id)
          OR EXISTS (SELECT 1 FROM marketplace_workshop_registrations g WHERE g.workshop_id = w.id AND g.firm_id = f.id AND g.status <> 'cancelled')))`,
      )
      break
    default:
      query = query.where(sql<boolean>`false`)
  }
  if (filter.marketplace) query = query.where('w.marketplace_code', '=', filter.marketplace)
  if (filter.province) query = query.where('w.province_code', '=', filter.province)
  if (filter.when === 'upcoming') query = query.where('w.ends_at', '>=', now).orderBy('w.starts_at', 'asc')
  else if (filter.when === 'past') query = query.where('w.ends_at', '<', now).orderBy('w.starts_at', 'desc')
  else query = query.orderBy('w.starts_at', 'desc')
  query = query.orderBy('w.id')
  const totalRow = await db
    .selectFrom(query.clearOrderBy().as('q'))
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
  const rows = (await query.limit(filter.limit ?? 50).offset(filter.offset ?? 0).execute()) as repo.WorkshopRow[]
  const items: Workshop[] = []
  for (const row of rows) items.push(await workshopOf(db, actor, row))
  return { items, total: Number(totalRow.n) }
}

export async function getWorkshop(db: Database, actor: Actor | null, id: string): Promise<Workshop> {
  const row = await requireVisible(db, actor, id)
  return workshopOf(db, actor!, row)
}

// ---------------------------------------------------------------------------------------------
// Planning, changes and cancellation
// ---------------------------------------------------------------------------------------------

function checkedTimes(date: string, startTime: string, endTime: string, zone: TimeZoneName): { startsAt: Date; endsAt: Date } {
  const startsAt = localToInstant(date, startTime, zone)
  let endsAt = localToInstant(date, endTime, zone)
  if (!startsAt || !endsAt) throw badRequest('WORKSHOP_TIME_INVALID', {}, { field: startsAt ? 'endTime' : 'date' })
  if (endsAt <= startsAt) throw badRequest('WORKSHOP_END_BEFORE_START', {}, { field: 'endTime' })
  return { startsAt, endsAt }
}

const cleanTrainers = (trainers: string[] | undefined) => [...new Set((trainers ?? []).map((t) => t.trim()).filter(Boolean))]
const blankToNull = (value: string | null | undefined) => (value && value.trim() ? value.trim() : null)

async function regencyOf(db: Executor, regencyCode: string) {
  const code = /^\d{4}$/.test(regencyCode) ? `${regencyCode.slice(0, 2)}.${regencyCode.slice(2)}` : regencyCode
  const regency = await db.selectFrom('regencies').select(['code', 'province_code']).where('code', '=', code).executeTakeFirst()
  if (!regency) throw badRequest('WORKSHOP_REGENCY_UNKNOWN', {}, { field: 'regencyCode' })
  return regency
}

function snapshot(row: repo.WorkshopRow) {
  return {
    marketplace: row.marketplace_code,
    title: row.title,
    venue: row.venue,
    address: row.address,
    regencyCode: row.regency_code,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    timeZone: row.time_zone,
    capacity: row.capacity,
    trainers: row.trainers,
    status: row.status,
    sequence: row.sequence,
  }
}

export async function planWorkshop(db: Database, actor: Actor | null, audit: AuditContext, input: PlanInput, now = new Date()): Promise<Workshop> {
  requirePermission(actor, 'marketplace.workshops.manage')
  const marketplace = await findMarketplace(db, input.marketplaceCode)
  if (!marketplace) throw notFound('MARKETPLACE_NOT_FOUND', { code: input.marketplaceCode })
  const regency = await regencyOf(db, input.regencyCode)
  if (!(await canManage(db, actor, { marketplace_code: marketplace.code, province_code: regency.province_code, regency_code: regency.code }))) throw forbidden()
  if (marketplace.status === 'closed') throw conflict('MARKETPLACE_CLOSED', { marketplace: marketplace.name, note: marketplace.statusNote ?? '' })
  const zone = zoneOfProvince(regency.province_code)
  const { startsAt, endsAt } = checkedTimes(input.date, input.startTime, input.endTime, zone)
  if (startsAt < now) throw badRequest('WORKSHOP_IN_PAST', {}, { field: 'date' })
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('marketplace_workshops')
      .values({
        marketplace_code: marketplace.code,
        title: input.title.trim(),
        description: blankToNull(input.description),
        venue: input.venue.trim(),
        address: blankToNull(input.address),
        province_code: regency.province_code,
        regency_code: regency.code,
        starts_at: startsAt,
        ends_at: endsAt,
        time_zone: zone,
        capacity: input.capacity,
        trainers: cleanTrainers(input.trainers),
        planned_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const row = (await repo.findWorkshop(trx, inserted.id))!
    await recordAudit(trx, audit, { action: 'marketplace.workshop.plan', entityType: 'marketplace_workshop', entityId: row.id, after: snapshot(row) })
    return workshopOf(trx, actor, row)
  })
}

export async function editWorkshop(db: Database, config: MailConfig, actor: Actor | null, audit: AuditContext, id: string, input: EditInput, now = new Date()): Promise<Workshop> {
  return db.transaction().execute(async (trx) => {
    const before = await requireManaged(trx, actor, id)
    await repo.lockWorkshop(trx, id)
    if (before.status === 'cancelled') throw conflict('WORKSHOP_CANCELLED')
    if (before.starts_at <= now) throw conflict('WORKSHOP_STARTED')
    const regency = input.regencyCode ? await regencyOf(trx, input.regencyCode) : { code: before.regency_code, province_code: before.province_code }
    if (!(await canManage(trx, actor!, { marketplace_code: before.marketplace_code, province_code: regency.province_code, regency_code: regency.code }))) throw forbidden()
    const zone = zoneOfProvince(regency.province_code)
    const oldZone = before.time_zone as TimeZoneName
    const { startsAt, endsAt } = checkedTimes(
      input.date ?? instantToLocal(before.starts_at, oldZone).date,
      input.startTime ?? instantToLocal(before.starts_at, oldZone).time,
      input.endTime ?? instantToLocal(before.ends_at, oldZone).time,
      zone,
    )
    if (startsAt < now) throw badRequest('WORKSHOP_IN_PAST', {}, { field: 'date' })
    const registered = await repo.countRegistered(trx, id)
    if (input.capacity !== undefined && input.capacity < registered) {
      throw conflict('WORKSHOP_CAPACITY_BELOW_REGISTERED', { registered })
    }
    await trx
      .updateTable('marketplace_workshops')
      .set({
        ...(input.title !== undefined ? { title: input.title.trim() } : {}),
        ...(input.description !== undefined ? { description: blankToNull(input.description) } : {}),
        ...(input.venue !== undefined ? { venue: input.venue.trim() } : {}),
        ...(input.address !== undefined ? { address: blankToNull(input.address) } : {}),
        ...(input.capacity !== undefined ? { capacity: input.capacity } : {}),
        ...(input.trainers !== undefined ? { trainers: cleanTrainers(input.trainers) } : {}),
        province_code: regency.province_code,
        regency_code: regency.code,
        time_zone: zone,
        starts_at: startsAt,
        ends_at: endsAt,
        sequence: sql<number>`sequence + 1`,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute()
    const after = (await repo.findWorkshop(trx, id))!
    await recordAudit(trx, audit, { action: 'marketplace.workshop.edit', entityType: 'marketplace_workshop', entityId: id, before: snapshot(before), after: snapshot(after) })
    // More seats: the waiting list moves up.
    await promoteWaitlisted(trx, config, actor!, audit, after, now)
    // Everyone invited gets the updated calendar entry (same UID, higher SEQUENCE).
    const invited = await trx.selectFrom('marketplace_workshop_invitations').select('firm_id').where('workshop_id', '=', id).execute()
    await announce(trx, config, after, invited.map((i) => i.firm_id), 'updated', now)
    return workshopOf(trx, actor!, (await repo.findWorkshop(trx, id))!)
  })
}

export async function cancelWorkshop(db: Database, config: MailConfig, actor: Actor | null, audit: AuditContext, id: string, reason: string | undefined, now = new Date()): Promise<Workshop> {
  return db.transaction().execute(async (trx) => {
    const before = await requireManaged(trx, actor, id)
    await repo.lockWorkshop(trx, id)
    if (before.status === 'cancelled') throw conflict('WORKSHOP_CANCELLED')
    if (before.ends_at <= now) throw conflict('WORKSHOP_STARTED')
    await trx
      .updateTable('marketplace_workshops')
      .set({ status: 'cancelled', cancel_reason: blankToNull(reason), cancelled_at: now, cancelled_by: actor!.userId, sequence: sql<number>`sequence + 1`, updated_at: new Date() })
      .where('id', '=', id)
      .execute()
    const after = (await repo.findWorkshop(trx, id))!
    await recordAudit(trx, audit, { action: 'marketplace.workshop.cancel', entityType: 'marketplace_workshop', entityId: id, before: snapshot(before), after: { ...snapshot(after), reason: after.cancel_reason } })
    const firms = await repo.participants(trx, id, after.marketplace_code)
    await announce(trx, config, after, firms.map((f) => f.firm_id), 'cancelled', now)
    return workshopOf(trx, actor!, after)
  })
}

// ---------------------------------------------------------------------------------------------
// Invitations, notifications, ICS
// ---------------------------------------------------------------------------------------------

function hostOf(publicUrl: string): string {
  try {
    return new URL(publicUrl).hostname || 'localhost'
  } catch {
    return 'localhost'
  }
}

/** The workshop's calendar object: stable UID per workshop, SEQUENCE from the row, CANCEL once cancelled. */
export function workshopIcs(config: MailConfig, row: repo.WorkshopRow, attendee: { name: string; email: string } | null, now: Date): string {
  const sender = senderOf(config)
  const place = [row.venue, row.address, row.regency_name].filter(Boolean).join(', ')
  const description = [
    row.description,
    row.trainers.length ? `Pelatih / Trainers: ${row.trainers.join(', ')}` : null,
    `${config.publicUrl}/marketplace/workshops/${row.id}`,
  ]
    .filter(Boolean)
    .join('\n\n')
  return buildIcs({
    uid: `workshop-${row.id}@${hostOf(config.publicUrl)}`,
    sequence: row.sequence,
    method: row.status === 'cancelled' ? 'CANCEL' : 'REQUEST',
    stamp: now,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    timeZone: row.time_zone as TimeZoneName,
    summary: `${row.title} (${row.marketplace_name})`,
    description,
    location: place,
    url: `${config.publicUrl}/marketplace/workshops/${row.id}`,
    organizer: { name: `Pulih — ${row.marketplace_name}`, email: addressOf(sender) },
    attendees: attendee ? [attendee] : [],
  })
}

const icsAttachment = (ics: string, method: 'REQUEST' | 'CANCEL') => ({
  filename: 'lokakarya.ics',
  contentType: `text/calendar; charset=UTF-8; method=${method}`,
  content: Buffer.from(ics, 'utf8'),
})

function messageParams(row: repo.WorkshopRow) {
  return {
    title: row.title,
    marketplace: row.marketplace_name,
    when: localRangeLabel(row.starts_at, row.ends_at, row.time_zone as TimeZoneName),
    place: [row.venue, row.regency_name].join(', '),
    trainers: row.trainers.join(', ') || '-',
    capacity: row.capacity,
    description: row.description ?? '',
    reason: row.cancel_reason ?? '',
  }
}

/**
 * Tells the owners of the given firms about the workshop in-app and by e-mail (with the ICS):
 * an invitation, a change or the cancellation. Keyed per workshop version, so a repeated call
 * never sends the same message twice.
 */
async function announce(trx: Executor, config: MailConfig, row: repo.WorkshopRow, firmIds: string[], what: 'invited' | 'updated' | 'cancelled', now: Date): Promise<void> {
  const owners = await repo.ownersOfFirms(trx, [...new Set(firmIds)])
  if (owners.length === 0) return
  const upper = what.toUpperCase()
  const link = `/marketplace/workshops/${row.id}`
  const method = what === 'cancelled' ? 'CANCEL' : 'REQUEST'
  const notifications: NotificationInput[] = []
  const emails: EmailInput[] = []
  for (const owner of owners) {
    const params = { ...messageParams(row), firm: owner.firm_name, name: owner.name, link: `${config.publicUrl}${link}` }
    const key = `workshop.${what}:${row.id}:${row.sequence}:${owner.firm_id}:${owner.user_id}`
    notifications.push({ userId: owner.user_id, kind: `marketplace.workshop.${what}`, titleCode: `NOTIFY_WORKSHOP_${upper}_TITLE`, bodyCode: `NOTIFY_WORKSHOP_${upper}_BODY`, params: { ...messageParams(row), firm: owner.firm_name }, link, dedupeKey: key })
    const locale: Locale = owner.locale === 'en' ? 'en' : 'id'
    emails.push({
      to: owner.email,
      subject: localize(`EMAIL_WORKSHOP_${upper}_SUBJECT`, locale, params),
      text: localize(`EMAIL_WORKSHOP_${upper}_BODY`, locale, params),
      dedupeKey: key,
      attachments: [icsAttachment(workshopIcs(config, row, { name: owner.name, email: owner.email }, now), method)],
    })
  }
  await notify(trx, notifications)
  await enqueueEmails(trx, emails)
}

export interface InvitableFirm {
  firmId: string
  firmName: string
  regencyCode: string
  regencyName: string
  stage: string | null
  invited: boolean
}

/** Firms the planner may invite: of the workshop's province (a partner: only firms shared with its marketplace). */
export async function invitableFirms(db: Database, actor: Actor | null, id: string, filter: { regency?: string; q?: string; limit?: number }): Promise<InvitableFirm[]> {
  const w = await requireManaged(db, actor, id)
  let query = db
    .selectFrom('firms as f')
    .innerJoin('regencies as r', 'r.code', 'f.regency_code')
    .leftJoin('marketplace_nominations as n', (join) => join.onRef('n.firm_id', '=', 'f.id').on('n.marketplace_code', '=', w.marketplace_code))
    .select([
      'f.id',
      'f.name',
      'f.regency_code',
      'r.name as regency_name',
      'n.stage',
      sql<boolean>`EXISTS (SELECT 1 FROM marketplace_workshop_invitations i WHERE i.workshop_id = ${id} AND i.firm_id = f.id)`.as('invited'),
    ])
    .where('f.merged_into', 'is', null)
    .where('f.province_code', '=', w.province_code)
  if (actor!.role === 'marketplace_partner') {
    query = query.where('n.id', 'is not', null).where(sql<boolean>`EXISTS (SELECT 1 FROM marketplace_consents c WHERE c.firm_id = f.id AND c.marketplace_code = ${w.marketplace_code} AND c.withdrawn_at IS NULL)`)
  } else if (actor!.role === 'regional_officer' && actor!.regencyCode) {
    query = query.where('f.regency_code', '=', actor!.regencyCode)
  }
  if (filter.regency) query = query.where('f.regency_code', '=', filter.regency)
  if (filter.q) query = query.where('f.name', 'ilike', `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`)
  const rows = await query.orderBy(sql`n.id IS NULL`).orderBy('f.name').orderBy('f.id').limit(filter.limit ?? 100).execute()
  return rows.map((r) => ({ firmId: r.id, firmName: r.name, regencyCode: r.regency_code, regencyName: r.regency_name, stage: r.stage, invited: r.invited }))
}

export type InviteOutcome = { firmId: string; outcome: 'invited' | 'already_invited' | 'refused'; code?: string }

/**
 * Invites firms (chosen, or every firm nominated to the workshop's marketplace in its regency that
 * the planner can see) and tells their owners in-app and by e-mail with the ICS. A firm the
 * planner may not see is refused as FIRM_NOT_FOUND.
 */
export async function inviteFirms(
  db: Database,
  config: MailConfig,
  actor: Actor | null,
  audit: AuditContext,
  id: string,
  input: { firmIds?: string[]; allNominatedInRegency?: boolean },
  now = new Date(),
): Promise<InviteOutcome[]> {
  return db.transaction().execute(async (trx) => {
    const w = await requireManaged(trx, actor, id)
    if (w.status === 'cancelled') throw conflict('WORKSHOP_CANCELLED')
    if (w.ends_at <= now) throw conflict('WORKSHOP_STARTED')
    let firmIds = [...new Set(input.firmIds ?? [])]
    if (input.allNominatedInRegency) {
      const nominated = await (
        await scopeNominations(trx, actor!, trx.selectFrom('marketplace_nominations as n').innerJoin('firms as f', 'f.id', 'n.firm_id').select('n.firm_id'))
      )
        .where('n.marketplace_code', '=', w.marketplace_code)
        .where('n.regency_code', '=', w.regency_code)
        .where('f.merged_into', 'is', null)
        .execute()
      firmIds = [...new Set([...firmIds, ...nominated.map((n) => n.firm_id)])]
    }
    if (firmIds.length === 0 && !input.allNominatedInRegency) throw badRequest('WORKSHOP_INVITE_EMPTY', {}, { field: 'firmIds' })
    const outcomes: InviteOutcome[] = []
    const newly: string[] = []
    for (const firmId of firmIds) {
      if (!(await firmInvitable(trx, actor!, w, firmId))) {
        outcomes.push({ firmId, outcome: 'refused', code: 'FIRM_NOT_FOUND' })
        continue
      }
      const inserted = await trx
        .insertInto('marketplace_workshop_invitations')
        .values({ workshop_id: id, firm_id: firmId, invited_by: actor!.userId, invited_at: now })
        .onConflict((oc) => oc.columns(['workshop_id', 'firm_id']).doNothing())
        .returning('firm_id')
        .executeTakeFirst()
      outcomes.push({ firmId, outcome: inserted ? 'invited' : 'already_invited' })
      if (inserted) newly.push(firmId)
    }
    if (newly.length > 0) {
      await recordAudit(trx, audit, { action: 'marketplace.workshop.invite', entityType: 'marketplace_workshop', entityId: id, after: { firmIds: newly, bulk: input.allNominatedInRegency === true } })
      await announce(trx, config, w, newly, 'invited', now)
    }
    return outcomes
  })
}

/** May the planner invite (or register) this firm: in the workshop's province and visible to the planner? */
async function firmInvitable(trx: Executor, actor: Actor, w: repo.WorkshopRow, firmId: string): Promise<boolean> {
  const firm = await trx
    .selectFrom('firms')
    .select(['organisation_id', 'province_code', 'regency_code'])
    .where('id', '=', firmId)
    .where('merged_into', 'is', null)
    .executeTakeFirst()
  if (!firm || firm.province_code !== w.province_code) return false
  if (actor.role === 'marketplace_partner') {
    const shared = await trx
      .selectFrom('marketplace_nominations as n')
      .innerJoin('marketplace_consents as c', (join) => join.onRef('c.firm_id', '=', 'n.firm_id').onRef('c.marketplace_code', '=', 'n.marketplace_code').on('c.withdrawn_at', 'is', null))
      .select('n.id')
      .where('n.firm_id', '=', firmId)
      .where('n.marketplace_code', '=', w.marketplace_code)
      .executeTakeFirst()
    return shared !== undefined
  }
  return canSeeFirm(actor, { organisationId: firm.organisation_id, provinceCode: firm.province_code, regencyCode: firm.regency_code })
}

// ---------------------------------------------------------------------------------------------
// Participants, registrations, waiting list
// ---------------------------------------------------------------------------------------------

export interface Participant {
  firmId: string
  firmName: string
  regencyName: string
  stage: string | null
  invitedAt: string | null
  registrationId: string | null
  status: 'registered' | 'waitlisted' | null
  position: number | null
  registeredAt: string | null
  promotedAt: string | null
  attended: boolean | null
}

/** Invited and registered firms the actor may see, with waiting-list positions. */
export async function listParticipants(db: Database, actor: Actor | null, id: string): Promise<Participant[]> {
  const w = await requireVisible(db, actor, id)
  const rows = await repo.participants(db, id, w.marketplace_code)
  let position = 0
  const out: Participant[] = []
  for (const r of rows) {
    if (r.status === 'waitlisted') position++
    if (!seesFirm(actor!, r)) continue
    out.push({
      firmId: r.firm_id,
      firmName: r.firm_name,
      regencyName: r.regency_name,
      stage: r.stage,
      invitedAt: r.invited_at?.toISOString() ?? null,
      registrationId: r.registration_id,
      status: (r.status as Participant['status']) ?? null,
      position: r.status === 'waitlisted' ? position : null,
      registeredAt: r.registered_at?.toISOString() ?? null,
      promotedAt: r.promoted_at?.toISOString() ?? null,
      attended: r.attended,
    })
  }
  return out
}

export interface RegistrationResult {
  firmId: string
  status: 'registered' | 'waitlisted'
  position: number | null
}

/**
 * Registers a firm: a firm owner its own invited firm; a planner any firm it could invite (which
 * invites it on the way). A seat while the registered count is below capacity, else the waiting
 * list. The workshop row is locked first, so two registrations for the last seat run one after
 * the other and the second lands on the waiting list.
 */
export async function registerFirm(db: Database, actor: Actor | null, audit: AuditContext, id: string, firmId: string, now = new Date()): Promise<RegistrationResult> {
  requirePermission(actor, 'marketplace.workshops.register')
  try {
    return await db.transaction().execute(async (trx) => {
      const w = await requireVisible(trx, actor, id)
      await repo.lockWorkshop(trx, id)
      const current = (await repo.findWorkshop(trx, id))!
      if (current.status === 'cancelled') throw conflict('WORKSHOP_CANCELLED')
      if (current.starts_at <= now) throw conflict('WORKSHOP_STARTED')
      const invited = await trx.selectFrom('marketplace_workshop_invitations').select('firm_id').where('workshop_id', '=', id).where('firm_id', '=', firmId).executeTakeFirst()
      if (actor.role === 'firm_owner') {
        const firm = await trx.selectFrom('firms').select('organisation_id').where('id', '=', firmId).where('merged_into', 'is', null).executeTakeFirst()
        if (!firm || firm.organisation_id !== actor.organisationId) throw notFound('FIRM_NOT_FOUND')
        if (!invited) throw conflict('WORKSHOP_NOT_INVITED')
      } else {
        if (!(await canManage(trx, actor, w))) throw forbidden()
        if (!(await firmInvitable(trx, actor, w, firmId))) throw notFound('FIRM_NOT_FOUND')
        if (!invited) await trx.insertInto('marketplace_workshop_invitations').values({ workshop_id: id, firm_id: firmId, invited_by: actor.userId, invited_at: now }).execute()
      }
      const live = await trx
        .selectFrom('marketplace_workshop_registrations')
        .select('id')
        .where('workshop_id', '=', id)
        .where('firm_id', '=', firmId)
        .where('status', '<>', 'cancelled')
        .executeTakeFirst()
      if (live) throw conflict('WORKSHOP_ALREADY_REGISTERED')
      const registered = await repo.countRegistered(trx, id)
      const status = registered < current.capacity ? 'registered' : 'waitlisted'
      const row = await trx
        .insertInto('marketplace_workshop_registrations')
        .values({ workshop_id: id, firm_id: firmId, status, registered_by: actor.userId, created_at: now })
        .returning(['id', 'queue_no'])
        .executeTakeFirstOrThrow()
      const position = status === 'waitlisted' ? await repo.waitlistPosition(trx, id, row.queue_no) : null
      await recordAudit(trx, audit, {
        action: 'marketplace.workshop.register',
        entityType: 'marketplace_workshop_registration',
        entityId: row.id,
        after: { workshopId: id, firmId, status, position, onBehalf: actor.role !== 'firm_owner', invitedNow: !invited },
      })
      return { firmId, status, position }
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('WORKSHOP_ALREADY_REGISTERED')
    throw error
  }
}

/** Cancels a firm's registration (its owner, or a planner); a freed seat goes to the first waitlisted firm, who is told. */
export async function cancelRegistration(
  db: Database,
  config: MailConfig,
  actor: Actor | null,
  audit: AuditContext,
  id: string,
  firmId: string,
  now = new Date(),
): Promise<{ promotedFirmId: string | null }> {
  requirePermission(actor, 'marketplace.workshops.register')
  return db.transaction().execute(async (trx) => {
    const w = await requireVisible(trx, actor, id)
    await repo.lockWorkshop(trx, id)
    if (actor.role === 'firm_owner') {
      const firm = await trx.selectFrom('firms').select('organisation_id').where('id', '=', firmId).executeTakeFirst()
      if (!firm || firm.organisation_id !== actor.organisationId) throw notFound('FIRM_NOT_FOUND')
    } else if (!(await canManage(trx, actor, w))) throw forbidden()
    const registration = await trx
      .selectFrom('marketplace_workshop_registrations')
      .select(['id', 'status'])
      .where('workshop_id', '=', id)
      .where('firm_id', '=', firmId)
      .where('status', '<>', 'cancelled')
      .executeTakeFirst()
    if (!registration) throw notFound('WORKSHOP_REGISTRATION_NOT_FOUND')
    const current = (await repo.findWorkshop(trx, id))!
    if (current.starts_at <= now && current.status !== 'cancelled') throw conflict('WORKSHOP_STARTED')
    await trx
      .updateTable('marketplace_workshop_registrations')
      .set({ status: 'cancelled', cancelled_at: now, cancelled_by: actor.userId })
      .where('id', '=', registration.id)
      .execute()
    await recordAudit(trx, audit, {
      action: 'marketplace.workshop.registration.cancel',
      entityType: 'marketplace_workshop_registration',
      entityId: registration.id,
      before: { status: registration.status },
      after: { status: 'cancelled', workshopId: id, firmId },
    })
    const promoted = current.status === 'planned' ? await promoteWaitlisted(trx, config, actor, audit, current, now) : []
    return { promotedFirmId: promoted[0] ?? null }
  })
}

/** Fills free seats from the head of the waiting list (the caller holds the workshop lock); tells the promoted firms' owners. */
async function promoteWaitlisted(trx: Executor, config: MailConfig, actor: Actor, audit: AuditContext, w: repo.WorkshopRow, now = new Date()): Promise<string[]> {
  const free = w.capacity - (await repo.countRegistered(trx, w.id))
  if (free <= 0) return []
  const next = await trx
    .selectFrom('marketplace_workshop_registrations')
    .select(['id', 'firm_id'])
    .where('workshop_id', '=', w.id)
    .where('status', '=', 'waitlisted')
    .orderBy('queue_no')
    .limit(free)
    .execute()
  if (next.length === 0) return []
  await trx
    .updateTable('marketplace_workshop_registrations')
    .set({ status: 'registered', promoted_at: now })
    .where('id', 'in', next.map((n) => n.id))
    .execute()
  for (const n of next) {
    await recordAudit(trx, audit, {
      action: 'marketplace.workshop.registration.promote',
      entityType: 'marketplace_workshop_registration',
      entityId: n.id,
      before: { status: 'waitlisted' },
      after: { status: 'registered', workshopId: w.id, firmId: n.firm_id, by: actor.role },
    })
  }
  const owners = await repo.ownersOfFirms(trx, next.map((n) => n.firm_id))
  const link = `/marketplace/workshops/${w.id}`
  await notify(
    trx,
    owners.map((o) => ({
      userId: o.user_id,
      kind: 'marketplace.workshop.promoted',
      titleCode: 'NOTIFY_WORKSHOP_PROMOTED_TITLE',
      bodyCode: 'NOTIFY_WORKSHOP_PROMOTED_BODY',
      params: { ...messageParams(w), firm: o.firm_name },
      link,
      dedupeKey: `workshop.promoted:${w.id}:${o.firm_id}:${o.user_id}:${now.getTime()}`,
    })),
  )
  await enqueueEmails(
    trx,
    owners.map((o) => {
      const locale: Locale = o.locale === 'en' ? 'en' : 'id'
      const params = { ...messageParams(w), firm: o.firm_name, name: o.name, link: `${config.publicUrl}${link}` }
      return {
        to: o.email,
        subject: localize('EMAIL_WORKSHOP_PROMOTED_SUBJECT', locale, params),
        text: localize('EMAIL_WORKSHOP_PROMOTED_BODY', locale, params),
        dedupeKey: `workshop.promoted:${w.id}:${o.firm_id}:${o.user_id}:${now.getTime()}`,
      }
    }),
  )
  return next.map((n) => n.firm_id)
}

// ---------------------------------------------------------------------------------------------
// Attendance and outcomes
// ---------------------------------------------------------------------------------------------

/**
 * Records who attended (planner, once the workshop has started). An attendee moves to 'trained'
 * in the workshop's marketplace pipeline (when nominated, consenting and at an earlier stage).
 */
export async function recordAttendance(
  db: Database,
  actor: Actor | null,
  audit: AuditContext,
  id: string,
  items: Array<{ firmId: string; attended: boolean }>,
  now = new Date(),
): Promise<{ recorded: number; trained: number }> {
  return db.transaction().execute(async (trx) => {
    const w = await requireManaged(trx, actor, id)
    await repo.lockWorkshop(trx, id)
    if (w.status === 'cancelled') throw conflict('WORKSHOP_CANCELLED')
    if (w.starts_at > now) throw conflict('WORKSHOP_NOT_STARTED')
    let recorded = 0
    let trained = 0
    for (const item of items) {
      const registration = await trx
        .selectFrom('marketplace_workshop_registrations')
        .select(['id', 'attended'])
        .where('workshop_id', '=', id)
        .where('firm_id', '=', item.firmId)
        .where('status', '=', 'registered')
        .executeTakeFirst()
      if (!registration) throw badRequest('WORKSHOP_ATTENDANCE_NOT_REGISTERED', {}, { firmId: item.firmId })
      if (registration.attended === item.attended) continue
      await trx
        .updateTable('marketplace_workshop_registrations')
        .set({ attended: item.attended, attendance_recorded_at: now, attendance_recorded_by: actor!.userId })
        .where('id', '=', registration.id)
        .execute()
      await recordAudit(trx, audit, {
        action: 'marketplace.workshop.attendance',
        entityType: 'marketplace_workshop_registration',
        entityId: registration.id,
        before: { attended: registration.attended },
        after: { attended: item.attended, workshopId: id, firmId: item.firmId },
      })
      recorded++
      if (item.attended) {
        const moved = await advanceNomination(trx, {
          firmId: item.firmId,
          marketplaceCode: w.marketplace_code,
          toStage: 'trained',
          actor,
          audit,
          details: { workshopId: id, workshopTitle: w.title },
        })
        if (moved.moved) trained++
      }
    }
    return { recorded, trained }
  })
}

export interface WorkshopOutcomes {
  attendees: number
  storeOpened: number
  sold: number
  items: Array<{
    firmId: string
    firmName: string
    stage: string | null
    storeOpenedAt: string | null
    firstSaleAt: string | null
    firstSalesMonth: string | null
    gmvIdr: number
    orders: number
  }>
}

/** Which attendees opened a store and sold on the workshop's marketplace after the workshop. */
export async function workshopOutcomes(db: Database, actor: Actor | null, id: string): Promise<WorkshopOutcomes> {
  const w = await requireVisible(db, actor, id)
  if (actor!.role === 'firm_owner') throw forbidden()
  const rows = (await repo.outcomes(db, id, w.marketplace_code, w.starts_at)).filter((r) => seesFirm(actor!, r))
  const items = rows.map((r) => ({
    firmId: r.firm_id,
    firmName: r.firm_name,
    stage: r.stage,
    storeOpenedAt: r.store_opened_at?.toISOString() ?? null,
    firstSaleAt: r.first_sale_at?.toISOString() ?? null,
    firstSalesMonth: r.first_sales_month ? new Date(r.first_sales_month).toISOString().slice(0, 7) : null,
    gmvIdr: Number(r.gmv_idr),
    orders: Number(r.orders),
  }))
  return {
    attendees: items.length,
    storeOpened: items.filter((i) => i.storeOpenedAt !== null).length,
    sold: items.filter((i) => i.firstSaleAt !== null || i.firstSalesMonth !== null).length,
    items,
  }
}

/** The ICS of a workshop for download, with the viewer as the attendee. */
export async function workshopIcsFor(db: Database, config: MailConfig, actor: Actor | null, id: string, now = new Date()): Promise<string> {
  const row = await requireVisible(db, actor, id)
  return workshopIcs(config, row, { name: actor!.name, email: actor!.email }, now)
}

