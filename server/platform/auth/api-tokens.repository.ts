import type { Executor } from '../audit/audit.repository.ts'
import { ACTOR_COLUMNS } from './sessions.repository.ts'

export async function findActiveWithUser(db: Executor, tokenHash: Buffer) {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
    .select(['t.id as token_id', 't.expires_at', 't.revoked_at', 't.last_used_at', ...ACTOR_COLUMNS])
    .where('t.token_hash', '=', tokenHash)
    .executeTakeFirst()
}

export async function touch(db: Executor, tokenId: string, at: Date) {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', tokenId).execute()
}
