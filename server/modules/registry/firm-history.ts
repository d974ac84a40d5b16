import { sql } from 'kysely'
import type { Database } from '../../db/database.ts'
import { canSeeFirm, requirePermission } from '../../platform/access/policy.ts'
import type { Actor } from '../../platform/access/roles.ts'
import * as auditRepo from '../../platform/audit/audit.repository.ts'
import { auditEntryOf, type AuditEntry } from '../../platform/audit/audit.service.ts'
import { notFound } from '../../platform/errors.ts'
import * as repo from './firms.repository.ts'
import { scopeOf } from './firms.service.ts'

/**
 * A firm's history: every audited change of the firm and of its products (deleted products
 * included), newest first, for everyone who may see the firm: its owners, its region's officers,
 * national officers. Unlike the audit log it needs no `audit.read`; the entries hold no more than
 * the profile shows (personal data was masked when they were written), and no IP addresses.
 * A merged firm keeps its history, so an officer can still follow what happened to it.
 */
export async function firmHistory(
  db: Database,
  actor: Actor | null,
  firmId: string,
  page: { cursor?: string; limit?: number },
): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  requirePermission(actor, 'firms.read')
  const firm = await repo.findById(db, firmId)
  if (!firm || !canSeeFirm(actor, scopeOf(firm))) {
    throw notFound('FIRM_NOT_FOUND')
  }
  const limit = Math.min(Math.max(page.limit ?? 50, 1), 200)
  let query = auditRepo
    .entries(db)
    .where((eb) =>
      eb.or([
        eb.and([eb('a.entity_type', '=', 'firm'), eb('a.entity_id', '=', firmId)]),
        eb.and([
          eb('a.entity_type', '=', 'product'),
          eb(
            'a.entity_id',
            'in',
            // The products this firm ever had, from their own entries (served by audit_log_product_firm_idx).
            eb
              .selectFrom('audit_log as p')
              .select('p.entity_id')
              .where('p.entity_type', '=', 'product')
              .where(sql<string>`coalesce(p.after ->> 'firmId', p.before ->> 'firmId')`, '=', firmId),
          ),
        ]),
      ]),
    )
    .limit(limit + 1)
  if (page.cursor) query = query.where('a.seq', '<', page.cursor)
  const rows = await query.execute()
  const items = rows.slice(0, limit).map(auditEntryOf)
  return { items, nextCursor: rows.length > limit ? items[items.length - 1].seq : null }
}
