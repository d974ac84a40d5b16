import type { Database } from '../../db/database.ts'
import { conflict, notFound } from '../../platform/errors.ts'
import { requireInteractiveSession, requirePermission } from '../../platform/access/policy.ts'
import type { Actor } from '../../platform/access/roles.ts'
import { recordAudit, type AuditContext } from '../../platform/audit/audit.service.ts'
import { randomToken, sha256 } from '../../platform/secrets.ts'
import * as repo from './api-tokens.repository.ts'
import type { ApiTokenRow } from './api-tokens.repository.ts'

export interface ApiToken {
  id: string
  name: string
  prefix: string
  createdAt: string
  lastUsedAt: string | null
  expiresAt: string | null
  revoked: boolean
}

function apiTokenOf(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    expiresAt: row.expires_at?.toISOString() ?? null,
    revoked: row.revoked_at !== null,
  }
}

export async function listApiTokens(db: Database, actor: Actor | null): Promise<ApiToken[]> {
  requirePermission(actor, 'tokens.manage')
  return (await repo.listByUser(db, actor.userId)).map(apiTokenOf)
}

/**
 * A partner system's credential: acts with its creator's role and scope, is shown once and
 * stored only as a SHA-256 hash (a 256-bit random token needs no slow hash).
 */
export async function createApiToken(
  db: Database,
  actor: Actor | null,
  audit: AuditContext,
  input: { name: string; expiresInDays?: number },
): Promise<{ token: string; apiToken: ApiToken }> {
  requirePermission(actor, 'tokens.manage')
  requireInteractiveSession(actor)
  const token = `pulih_${randomToken()}`
  return db.transaction().execute(async (trx) => {
    const row = await repo.insert(trx, {
      userId: actor.userId,
      name: input.name.trim(),
      tokenHash: sha256(token),
      prefix: token.slice(0, 12),
      expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
    })
    const apiToken = apiTokenOf(row)
    await recordAudit(trx, audit, { action: 'api_token.created', entityType: 'api_token', entityId: row.id, after: apiToken })
    return { token, apiToken }
  })
}

export async function revokeApiToken(db: Database, actor: Actor | null, audit: AuditContext, id: string): Promise<void> {
  requirePermission(actor, 'tokens.manage')
  requireInteractiveSession(actor)
  await db.transaction().execute(async (trx) => {
    const row = await repo.findById(trx, id)
    // Another user's token answers as if it did not exist.
    if (!row || row.user_id !== actor.userId) throw notFound('API_TOKEN_NOT_FOUND')
    if (row.revoked_at) throw conflict('API_TOKEN_NOT_FOUND')
    const after = await repo.markRevoked(trx, id, new Date())
    await recordAudit(trx, audit, { action: 'api_token.revoked', entityType: 'api_token', entityId: id, before: apiTokenOf(row), after: apiTokenOf(after) })
  })
}
