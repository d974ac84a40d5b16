import { sql } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { Transaction } from 'kysely'
import type { DB } from '../../db/types.gen.ts'

export type Executor = Database | Transaction<DB>

export interface AuditInsert {
  actorUserId: string | null
  actorRole: string | null
  action: string
  entityType: string
  entityId: string | null
  before: unknown
  after: unknown
  requestId: string | null
  ip: string | null
}

export async function insert(db: Executor, entry: AuditInsert): Promise<{ seq: string }> {
  return db
    .insertInto('audit_log')
    .values({
      actor_user_id: entry.actorUserId,
      actor_role: entry.actorRole,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      before: entry.before === null || entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === null || entry.after === undefined ? null : JSON.stringify(entry.after),
      request_id: entry.requestId,
      ip: entry.ip,
    })
    .returning('seq')
    .executeTakeFirstOrThrow()
}

export interface AuditFilter {
  entityType?: string
  entityId?: string
  action?: string
  actorUserId?: string
  from?: Date
  to?: Date
  /** Entries with seq below this (keyset pagination, newest first). */
  beforeSeq?: string
  limit: number
}

/** Entries with who made them, newest first; callers add their own conditions. */
export function entries(db: Executor) {
  return db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_user_id')
    .select([
      'a.seq',
      'a.occurred_at',
      'a.actor_user_id',
      'a.actor_role',
      'u.name as actor_name',
      'a.action',
      'a.entity_type',
      'a.entity_id',
      'a.before',
      'a.after',
      'a.request_id',
    ])
    .orderBy('a.seq', 'desc')
}

export async function list(db: Executor, filter: AuditFilter) {
  let query = entries(db).limit(filter.limit)
  if (filter.entityType) query = query.where('a.entity_type', '=', filter.entityType)
  if (filter.entityId) query = query.where('a.entity_id', '=', filter.entityId)
  if (filter.action) query = query.where('a.action', '=', filter.action)
  if (filter.actorUserId) query = query.where('a.actor_user_id', '=', filter.actorUserId)
  if (filter.from) query = query.where('a.occurred_at', '>=', filter.from)
  if (filter.to) query = query.where('a.occurred_at', '<', filter.to)
  if (filter.beforeSeq) query = query.where('a.seq', '<', filter.beforeSeq)
  return query.execute()
}

/** Rows in chain order with every hashed field rendered as the text the chain trigger hashed. */
export async function chainBatch(db: Executor, afterSeq: string, limit: number) {
  return db
    .selectFrom('audit_log')
    .select([
      sql<string>`seq::text`.as('seq'),
      sql<string>`to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('occurred_at'),
      sql<string>`coalesce(actor_user_id::text, '')`.as('actor_user_id'),
      sql<string>`coalesce(actor_role, '')`.as('actor_role'),
      'action',
      'entity_type',
      sql<string>`coalesce(entity_id, '')`.as('entity_id'),
      sql<string>`coalesce(before::text, '')`.as('before'),
      sql<string>`coalesce(after::text, '')`.as('after'),
      sql<string>`coalesce(request_id, '')`.as('request_id'),
      sql<string>`coalesce(ip, '')`.as('ip'),
      'prev_hash',
      'hash',
    ])
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute()
}
