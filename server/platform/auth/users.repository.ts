import type { Executor } from '../audit/audit.repository.ts'

const userColumns = [
  'u.id',
  'u.email',
  'u.name',
  'u.role',
  'u.organisation_id',
  'u.password_hash',
  'u.totp_secret_enc',
  'u.totp_confirmed_at',
  'u.totp_last_step',
  'u.locale',
  'u.disabled_at',
  'u.last_login_at',
  'u.created_at',
  'o.name as organisation_name',
  'o.kind as organisation_kind',
  'o.province_code',
  'o.regency_code',
  'o.countries',
  'o.disabled_at as organisation_disabled_at',
] as const

function base(db: Executor) {
  return db.selectFrom('users as u').innerJoin('organisations as o', 'o.id', 'u.organisation_id').select(userColumns)
}

export type UserRow = NonNullable<Awaited<ReturnType<typeof findById>>>

export async function findById(db: Executor, id: string) {
  return base(db).where('u.id', '=', id).executeTakeFirst()
}

export async function findByIdForUpdate(db: Executor, id: string) {
  return base(db).where('u.id', '=', id).forUpdate('u').executeTakeFirst()
}

export async function findByEmail(db: Executor, email: string) {
  return base(db).where('u.email', '=', email.toLowerCase()).executeTakeFirst()
}

export async function count(db: Executor): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function list(
  db: Executor,
  filter: { role?: string; organisationId?: string; q?: string; status?: 'active' | 'disabled'; limit: number },
) {
  let query = base(db).orderBy('u.name').orderBy('u.id').limit(filter.limit)
  if (filter.role) query = query.where('u.role', '=', filter.role)
  if (filter.organisationId) query = query.where('u.organisation_id', '=', filter.organisationId)
  if (filter.status === 'active') query = query.where('u.disabled_at', 'is', null)
  if (filter.status === 'disabled') query = query.where('u.disabled_at', 'is not', null)
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    query = query.where((eb) => eb.or([eb('u.name', 'ilike', pattern), eb('u.email', 'ilike', pattern)]))
  }
  return query.execute()
}

export async function insert(
  db: Executor,
  user: { email: string; name: string; role: string; organisationId: string; passwordHash: string; totpSecretEnc: string | null; totpConfirmed: boolean },
): Promise<string> {
  const row = await db
    .insertInto('users')
    .values({
      email: user.email.toLowerCase(),
      name: user.name,
      role: user.role,
      organisation_id: user.organisationId,
      password_hash: user.passwordHash,
      totp_secret_enc: user.totpSecretEnc,
      totp_confirmed_at: user.totpConfirmed ? new Date() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function update(
  db: Executor,
  id: string,
  changes: Partial<{
    role: string
    disabled_at: Date | null
    password_hash: string
    password_changed_at: Date
    totp_secret_enc: string | null
    totp_confirmed_at: Date | null
    totp_last_step: number | null
    last_login_at: Date
    locale: string
  }>,
) {
  await db.updateTable('users').set({ ...changes, updated_at: new Date() }).where('id', '=', id).execute()
}

export async function countFailures(db: Executor, keyHash: Buffer, since: Date): Promise<{ count: number; oldest: Date | null }> {
  const row = await db
    .selectFrom('login_failures')
    .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.min('failed_at').as('oldest')])
    .where('key_hash', '=', keyHash)
    .where('failed_at', '>=', since)
    .executeTakeFirstOrThrow()
  return { count: Number(row.n), oldest: row.oldest ? new Date(row.oldest as Date) : null }
}

export async function addFailure(db: Executor, keyHash: Buffer) {
  await db.insertInto('login_failures').values({ key_hash: keyHash }).execute()
}

export async function clearFailures(db: Executor, keyHash: Buffer) {
  await db.deleteFrom('login_failures').where('key_hash', '=', keyHash).execute()
}

export async function removeFailuresBefore(db: Executor, before: Date) {
  await db.deleteFrom('login_failures').where('failed_at', '<', before).execute()
}
