import type { Executor } from '../../platform/audit/audit.repository.ts'

const columns = ['id', 'user_id', 'name', 'prefix', 'created_at', 'last_used_at', 'expires_at', 'revoked_at'] as const

export type ApiTokenRow = NonNullable<Awaited<ReturnType<typeof findById>>>

export async function findById(db: Executor, id: string) {
  return db.selectFrom('api_tokens').select(columns).where('id', '=', id).executeTakeFirst()
}

export async function listByUser(db: Executor, userId: string) {
  return db.selectFrom('api_tokens').select(columns).where('user_id', '=', userId).orderBy('created_at', 'desc').execute()
}

export async function insert(db: Executor, token: { userId: string; name: string; tokenHash: Buffer; prefix: string; expiresAt: Date | null }) {
  return db
    .insertInto('api_tokens')
    .values({ user_id: token.userId, name: token.name, token_hash: token.tokenHash, prefix: token.prefix, expires_at: token.expiresAt })
    .returning(columns)
    .executeTakeFirstOrThrow()
}

export async function markRevoked(db: Executor, id: string, at: Date) {
  return db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).returning(columns).executeTakeFirstOrThrow()
}
