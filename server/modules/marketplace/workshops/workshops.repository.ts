// Queries of the field workshops (no rules here: see workshops.service.ts).
import { sql } from 'kysely'
import type { Executor } from '../../../platform/audit/audit.repository.ts'

export interface WorkshopRow {
  id: string
  marketplace_code: string
  marketplace_name: string
  title: string
  description: string | null
  venue: string
  address: string | null
  province_code: string
  province_name: string
  regency_code: string
  regency_name: string
  starts_at: Date
  ends_at: Date
  time_zone: string
  capacity: number
  trainers: string[]
  status: string
  sequence: number
  cancel_reason: string | null
  cancelled_at: Date | null
  planned_by: string
  registered: number
  waitlisted: number
  invited: number
  attended: number
}

export function workshopsQuery(db: Executor) {
  return db
    .selectFrom('marketplace_workshops as w')
    .innerJoin('marketplaces as m', 'm.code', 'w.marketplace_code')
    .innerJoin('provinces as p', 'p.code', 'w.province_code')
    .innerJoin('regencies as r', 'r.code', 'w.regency_code')
    .select([
      'w.id',
      'w.marketplace_code',
      'm.name as marketplace_name',
      'w.title',
      'w.description',
      'w.venue',
      'w.address',
      'w.province_code',
      'p.name as province_name',
      'w.regency_code',
      'r.name as regency_name',
      'w.starts_at',
      'w.ends_at',
      'w.time_zone',
      'w.capacity',
      'w.trainers',
      'w.status',
      'w.sequence',
      'w.cancel_reason',
      'w.cancelled_at',
      'w.planned_by',
      sql<number>`(SELECT count(*) FROM marketplace_workshop_registrations x WHERE x.workshop_id = w.id AND x.status = 'registered')::int`.as('registered'),
      sql<number>`(SELECT count(*) FROM marketplace_workshop_registrations x WHERE x.workshop_id = w.id AND x.status = 'waitlisted')::int`.as('waitlisted'),
      sql<number>`(SELECT count(*) FROM marketplace_workshop_invitations x WHERE x.workshop_id = w.id)::int`.as('invited'),
      sql<number>`(SELECT count(*) FROM marketplace_workshop_registrations x WHERE x.workshop_id = w.id AND x.attended)::int`.as('attended'),
    ])
}

export async function findWorkshop(db: Executor, id: string): Promise<WorkshopRow | undefined> {
  return (await workshopsQuery(db).where('w.id', '=', id).executeTakeFirst()) as WorkshopRow | undefined
}

/** Locks the workshop row: registrations, cancellations and capacity changes of one workshop run one at a time. */
export async function lockWorkshop(db: Executor, id: string): Promise<void> {
  await db.selectFrom('marketplace_workshops').select('id').where('id', '=', id).forUpdate().executeTakeFirst()
}

export async function countRegistered(db: Executor, workshopId: string): Promise<number> {
  const row = await db
    .selectFrom('marketplace_workshop_registrations')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workshop_id', '=', workshopId)
    .where('status', '=', 'registered')
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** The waiting-list position (1-based) of a waitlisted registration. */
export async function waitlistPosition(db: Executor, workshopId: string, queueNo: string | number): Promise<number> {
  const row = await db
    .selectFrom('marketplace_workshop_registrations')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workshop_id', '=', workshopId)
    .where('status', '=', 'waitlisted')
    .where('queue_no', '<=', String(queueNo))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export interface ParticipantRow {
  firm_id: string
  firm_name: string
  organisation_id: string | null
  province_code: string
  regency_code: string
  regency_name: string
  /** Nominated to the workshop's marketplace with the owner's consent live. */
  shared: boolean
  stage: string | null
  invited_at: Date | null
  registration_id: string | null
  status: string | null
  queue_no: string | null
  registered_at: Date | null
  promoted_at: Date | null
  attended: boolean | null
}

/** Every firm invited to or (live) registered for the workshop, with its registration. */
export async function participants(db: Executor, workshopId: string, marketplaceCode: string): Promise<ParticipantRow[]> {
  const result = await sql<ParticipantRow>`
    WITH firms_of AS (
      SELECT firm_id FROM marketplace_workshop_invitations WHERE workshop_id = ${workshopId}
      UNION
      SELECT firm_id FROM marketplace_workshop_registrations WHERE workshop_id = ${workshopId} AND status <> 'cancelled'
    )
    SELECT f.id AS firm_id, f.name AS firm_name, f.organisation_id, f.province_code, f.regency_code, r.name AS regency_name,
      EXISTS (
        SELECT 1 FROM marketplace_nominations n JOIN marketplace_consents c
          ON c.firm_id = n.firm_id AND c.marketplace_code = n.marketplace_code AND c.withdrawn_at IS NULL
        WHERE n.firm_id = f.id AND n.marketplace_code = ${marketplaceCode}
      ) AS shared,
      (SELECT n.stage FROM marketplace_nominations n WHERE n.firm_id = f.id AND n.marketplace_code = ${marketplaceCode}) AS stage,
      i.invited_at, g.id AS registration_id, g.status, g.queue_no::text AS queue_no, g.created_at AS registered_at, g.promoted_at, g.attended
    FROM firms_of
    JOIN firms f ON f.id = firms_of.firm_id
    JOIN regencies r ON r.code = f.regency_code
    LEFT JOIN marketplace_workshop_invitations i ON i.workshop_id = ${workshopId} AND i.firm_id = f.id
    LEFT JOIN marketplace_workshop_registrations g ON g.workshop_id = ${workshopId} AND g.firm_id = f.id AND g.status <> 'cancelled'
    ORDER BY g.queue_no NULLS LAST, f.name, f.id
  `.execute(db)
  return result.rows
}

/** Users who own a firm (active firm_owner accounts of its organisation), per firm. */
export async function ownersOfFirms(db: Executor, firmIds: string[]) {
  if (firmIds.length === 0) return []
  return db
    .selectFrom('firms as f')
    .innerJoin('users as u', 'u.organisation_id', 'f.organisation_id')
    .select(['f.id as firm_id', 'f.name as firm_name', 'u.id as user_id', 'u.email', 'u.name', 'u.locale'])
    .where('f.id', 'in', firmIds)
    .where('u.role', '=', 'firm_owner')
    .where('u.disabled_at', 'is', null)
    .execute()
}

export interface OutcomeRow {
  firm_id: string
  firm_name: string
  organisation_id: string | null
  province_code: string
  regency_code: string
  shared: boolean
  stage: string | null
  store_opened_at: Date | null
  first_sale_at: Date | null
  first_sales_month: Date | null
  gmv_idr: string
  orders: string
}

/**
 * What the attendees did after the workshop with its marketplace: the first stage event reaching
 * store_opened (or beyond) and first_sale (or beyond) after the start, and reported sales from the
 * workshop's month on.
 */
export async function outcomes(db: Executor, workshopId: string, marketplaceCode: string, startsAt: Date): Promise<OutcomeRow[]> {
  const result = await sql<OutcomeRow>`
    SELECT f.id AS firm_id, f.name AS firm_name, f.organisation_id, f.province_code, f.regency_code,
      EXISTS (
        SELECT 1 FROM marketplace_nominations n JOIN marketplace_consents c
          ON c.firm_id = n.firm_id AND c.marketplace_code = n.marketplace_code AND c.withdrawn_at IS NULL
        WHERE n.firm_id = f.id AND n.marketplace_code = ${marketplaceCode}
      ) AS shared,
      n.stage,
      (SELECT min(e.at) FROM marketplace_stage_events e WHERE e.firm_id = f.id AND e.marketplace_code = ${marketplaceCode}
        AND e.to_stage IN ('store_opened', 'products_listed', 'first_sale', 'active') AND e.at >= ${startsAt}) AS store_opened_at,
      (SELECT min(e.at) FROM marketplace_stage_events e WHERE e.firm_id = f.id AND e.marketplace_code = ${marketplaceCode}
        AND e.to_stage IN ('first_sale', 'active') AND e.at >= ${startsAt}) AS first_sale_at,
      (SELECT min(s.month) FROM marketplace_sales s WHERE s.firm_id = f.id AND s.marketplace_code = ${marketplaceCode}
        AND s.month >= date_trunc('month', ${startsAt}::timestamptz AT TIME ZONE 'UTC') AND (s.orders > 0 OR s.gmv_idr > 0)) AS first_sales_month,
      (SELECT coalesce(sum(s.gmv_idr), 0)::text FROM marketplace_sales s WHERE s.firm_id = f.id AND s.marketplace_code = ${marketplaceCode}
        AND s.month >= date_trunc('month', ${startsAt}::timestamptz AT TIME ZONE 'UTC')) AS gmv_idr,
      (SELECT coalesce(sum(s.orders), 0)::text FROM marketplace_sales s WHERE s.firm_id = f.id AND s.marketplace_code = ${marketplaceCode}
        AND s.month >= date_trunc('month', ${startsAt}::timestamptz AT TIME ZONE 'UTC')) AS orders
    FROM marketplace_workshop_registrations g
    JOIN firms f ON f.id = g.firm_id
    LEFT JOIN marketplace_nominations n ON n.firm_id = f.id AND n.marketplace_code = ${marketplaceCode}
    WHERE g.workshop_id = ${workshopId} AND g.status = 'registered' AND g.attended
    ORDER BY f.name, f.id
  `.execute(db)
  return result.rows
}
