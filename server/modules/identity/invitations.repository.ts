import type { Executor } from '../../platform/audit/audit.repository.ts'

function base(db: Executor) {
  return db
    .selectFrom('invitations as i')
    .innerJoin('organisations as o', 'o.id', 'i.organisation_id')
    .leftJoin('users as inviter', 'inviter.id', 'i.invited_by')
    .select([
      'i.id',
      'i.kind',
      'i.email',
      'i.name',
      'i.role',
      'i.organisation_id',
      'o.name as organisation_name',
      'o.kind as organisation_kind',
      'o.disabled_at as organisation_disabled_at',
      'i.invited_by',
      'inviter.name as inviter_name',
      'i.expires_at',
      'i.accepted_at',
      'i.revoked_at',
      'i.created_at',
    ])
}

export type InvitationRow = NonNullable<Awaited<ReturnType<typeof findByTokenHash>>>

export async function findByTokenHash(db: Executor, tokenHash: Buffer, options: { forUpdate?: boolean } = {}) {
  let query = base(db).where('i.token_hash', '=', tokenHash)
  if (options.forUpdate) query = query.forUpdate('i')
  return query.executeTakeFirst()
}

export async function findById(db: Executor, id: string) {
  return base(db).where('i.id', '=', id).executeTakeFirst()
}

export async function listPending(db: Executor, now: Date) {
  return base(db)
    .where('i.accepted_at', 'is', null)
    .where('i.revoked_at', 'is', null)
    .where('i.expires_at', '>', now)
    .orderBy('i.created_at', 'desc')
    .limit(500)
    .execute()
}

export async function insert(
  db: Executor,
  invitation: {
    kind: 'invite' | 'setup'
    tokenHash: Buffer
    email: string | null
    name: string | null
    role: string
    organisationId: string
    invitedBy: string | null
    expiresAt: Date
  },
): Promise<string> {
  const row = await db
    .insertInto('invitations')
    .values({
      kind: invitation.kind,
      token_hash: invitation.tokenHash,
      email: invitation.email,
      name: invitation.name,
      role: invitation.role,
      organisation_id: invitation.organisationId,
      invited_by: invitation.invitedBy,
      expires_at: invitation.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** Revokes the pending invitations of one e-mail address, or all pending setup links. */
export async function revokePending(db: Executor, match: { email: string } | { kind: 'setup' }, now: Date) {
  let query = db.updateTable('invitations').set({ revoked_at: now }).where('accepted_at', 'is', null).where('revoked_at', 'is', null)
  query = 'email' in match ? query.where('email', '=', match.email) : query.where('kind', '=', 'setup')
  await query.execute()
}

export async function markRevoked(db: Executor, id: string, now: Date) {
  await db.updateTable('invitations').set({ revoked_at: now }).where('id', '=', id).execute()
}

export async function markAccepted(db: Executor, id: string, userId: string, now: Date) {
  await db.updateTable('invitations').set({ accepted_at: now, accepted_user_id: userId }).where('id', '=', id).execute()
}
