import type { Executor } from '../audit/audit.repository.ts'

/** What a request's actor is built from: the user (`u`) and their organisation (`o`). */
export const ACTOR_COLUMNS = [
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
] as const

export async function insert(
  db: Executor,
  session: { idHash: Buffer; userId: string; stage: 'password' | 'enrol' | 'full'; expiresAt: Date; ip: string | null; userAgent: string | null },
) {
  await db
    .insertInto('sessions')
    .values({
      id_hash: session.idHash,
      user_id: session.userId,
      stage: session.stage,
      expires_at: session.expiresAt,
      ip: session.ip,
      user_agent: session.userAgent,
    })
    .execute()
}

/** The session with its user and organisation, as one row. */
export async function findWithUser(db: Executor, idHash: Buffer) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
    .select(['s.id_hash', 's.stage', 's.created_at', 's.last_seen_at', 's.expires_at', 'u.totp_confirmed_at', ...ACTOR_COLUMNS])
    .where('s.id_hash', '=', idHash)
    .executeTakeFirst()
}

export async function touch(db: Executor, idHash: Buffer, at: Date) {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id_hash', '=', idHash).execute()
}

export async function remove(db: Executor, idHash: Buffer) {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute()
}

export async function removeAllOfUser(db: Executor, userId: string, exceptIdHash?: Buffer) {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId)
  if (exceptIdHash) query = query.where('id_hash', '<>', exceptIdHash)
  const result = await query.executeTakeFirst()
  return Number(result.numDeletedRows)
}

export async function removeExpired(db: Executor, idleBefore: Date, now: Date) {
  await db.deleteFrom('sessions').where((eb) => eb.or([eb('last_seen_at', '<', idleBefore), eb('expires_at', '<', now)])).execute()
}

export async function removeAllOfOrganisation(db: Executor, organisationId: string) {
  await db
    .deleteFrom('sessions')
    .where('user_id', 'in', db.selectFrom('users').select('id').where('organisation_id', '=', organisationId))
    .execute()
}
