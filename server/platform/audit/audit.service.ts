import crypto from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import type { Actor } from '../access/roles.ts'
import { requirePermission } from '../access/policy.ts'
import { redactForAudit } from '../privacy.ts'
import * as repo from './audit.repository.ts'
import type { Executor } from './audit.repository.ts'

/** Who acted and through which request; attached to every audit entry. */
export interface AuditContext {
  actorUserId: string | null
  actorRole: string | null
  requestId: string | null
  ip: string | null
}

export const SYSTEM_CONTEXT: AuditContext = { actorUserId: null, actorRole: 'system', requestId: null, ip: null }

export function cliContext(): AuditContext {
  return { actorUserId: null, actorRole: 'cli', requestId: `cli-${crypto.randomUUID()}`, ip: null }
}

export function auditContextOf(request: FastifyRequest, actor: Actor | null = request.actor): AuditContext {
  return { actorUserId: actor?.userId ?? null, actorRole: actor?.role ?? null, requestId: request.id, ip: request.ip }
}

export interface AuditEvent {
  action: string
  entityType: string
  entityId: string | null
  before?: unknown
  after?: unknown
}

/**
 * Appends one entry to the hash-chained audit log. Call it with the transaction that makes the
 * change, so the entry exists exactly when the change does. Personal data is masked first.
 */
export async function recordAudit(db: Executor, context: AuditContext, event: AuditEvent): Promise<void> {
  await repo.insert(db, {
    ...context,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    before: event.before === undefined ? null : redactForAudit(event.before),
    after: event.after === undefined ? null : redactForAudit(event.after),
  })
}

export interface AuditEntry {
  seq: string
  occurredAt: string
  actor: { id: string; name: string | null; role: string | null } | null
  actorRole: string | null
  action: string
  entityType: string
  entityId: string | null
  before: unknown
  after: unknown
  requestId: string | null
}

export type AuditRow = Awaited<ReturnType<typeof repo.list>>[number]

/** One stored entry as the API shows it (personal data was masked when it was written). */
export function auditEntryOf(row: AuditRow): AuditEntry {
  return {
    seq: String(row.seq),
    occurredAt: new Date(row.occurred_at).toISOString(),
    actor: row.actor_user_id ? { id: row.actor_user_id, name: row.actor_name, role: row.actor_role } : null,
    actorRole: row.actor_role,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    before: row.before,
    after: row.after,
    requestId: row.request_id,
  }
}

export async function listAudit(
  db: Executor,
  actor: Actor | null,
  filter: Omit<repo.AuditFilter, 'limit' | 'beforeSeq'> & { cursor?: string; limit?: number },
): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  requirePermission(actor, 'audit.read')
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200)
  const rows = await repo.list(db, { ...filter, beforeSeq: filter.cursor, limit: limit + 1 })
  const page = rows.slice(0, limit)
  return {
    items: page.map(auditEntryOf),
    nextCursor: rows.length > limit ? String(page[page.length - 1].seq) : null,
  }
}

export interface ChainVerification {
  ok: boolean
  checked: number
  /** The first entry that does not fit the chain, with why. */
  firstBroken: { seq: string; reason: string } | null
}

const GENESIS = '0'.repeat(64)

/**
 * Recomputes the hash chain from the first entry: each entry's hash must match its content and
 * its prev_hash the previous entry's hash, and seq must have no gaps (a deleted row shows as a gap).
 */
export async function verifyAuditChain(db: Executor, onProgress?: (checked: number) => void): Promise<ChainVerification> {
  let previousHash = GENESIS
  let previousSeq = 0n
  let checked = 0
  for (;;) {
    const batch = await repo.chainBatch(db, previousSeq.toString(), 5000)
    if (batch.length === 0) return { ok: true, checked, firstBroken: null }
    for (const row of batch) {
      const seq = BigInt(row.seq)
      const broken = (reason: string) => ({ ok: false, checked, firstBroken: { seq: row.seq, reason } })
      if (seq !== previousSeq + 1n) return broken(`sequence gap: entry ${previousSeq + 1n} is missing`)
      if (row.prev_hash !== previousHash) return broken('prev_hash does not match the previous entry')
      const canonical = [
        row.seq, row.occurred_at, row.actor_user_id, row.actor_role, row.action, row.entity_type,
        row.entity_id, row.before, row.after, row.request_id, row.ip, row.prev_hash,
      ].join('|')
      const expected = crypto.createHash('sha256').update(canonical, 'utf8').digest('hex')
      if (expected !== row.hash) return broken('content does not match its hash (entry altered)')
      previousHash = row.hash
      previousSeq = seq
      checked++
    }
    onProgress?.(checked)
  }
}
