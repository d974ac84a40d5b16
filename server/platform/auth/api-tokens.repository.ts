import type { Executor } from '../audit/audit.repository.ts'

export async function findActiveWithUser(db: Executor, tokenHash: Buffer) {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
    .select([
      't.id as token_id',
      't.expires_at',
      't.revoked_at',
      't.last_used_at',
      'u.id as user_id',
      'u.email',
      'u.name',
      'u.role',
      'u.disabled_at',
      'o.id as organisation_id',
      'o.kind as organisation_kind',
      'o.province_code',
      'o.regency_code',
      'o.countries',
      'o.disabled_at as organisation_disabled_at',
    ])
    .where('t.token_hash', '=', tokenHash)
    .executeTakeFirst()
}

export async function touch(db: Executor, tokenId: string, at: Date) {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', tokenId).execute()
}
