import type { Config } from '../../config.ts'
import type { Database } from '../../db/database.ts'
import { AppError, badRequest, unauthorized } from '../errors.ts'
import { decrypt, encrypt, hmac, randomToken, sha256, type Keys } from '../secrets.ts'
import { permissionsOfRole, type Permission } from '../access/policy.ts'
import { SECOND_FACTOR_ROLES, type OrganisationKind, type Role } from '../access/roles.ts'
import { recordAudit, type AuditContext } from '../audit/audit.service.ts'
import { assertPasswordAcceptable, hashPassword, verifyAgainstDummy, verifyPassword } from './passwords.ts'
import { checkTotp, newTotpSecret, totpUri } from './totp.ts'
import * as sessions from './sessions.repository.ts'
import * as users from './users.repository.ts'
import type { UserRow } from './users.repository.ts'
import type { SessionInfo } from './auth.plugin.ts'

export type Stage = 'password' | 'enrol' | 'full'

/** Wire names of the stages: `totp` means a code is still to be given. */
export type PublicStage = 'totp' | 'enrol' | 'full'
export const publicStage = (stage: Stage): PublicStage => (stage === 'password' ? 'totp' : stage)

export interface Me {
  id: string
  email: string
  name: string
  role: Role
  locale: 'id' | 'en'
  organisation: {
    id: string
    name: string
    kind: OrganisationKind
    provinceCode: string | null
    regencyCode: string | null
    countries: string[]
  }
  totpEnrolled: boolean
  permissions: Permission[]
}

export interface AuthDeps {
  db: Database
  config: Config
  keys: Keys
}

/** Failed sign-ins allowed per account in the window before it is slowed down (ASVS: ≤100/hour). */
export const LOGIN_FAILURE_LIMIT = 10
export const LOGIN_FAILURE_WINDOW_MINUTES = 15
export const TOTP_FAILURE_LIMIT = 5

export function meOf(user: UserRow): Me {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role as Role,
    locale: user.locale as 'id' | 'en',
    organisation: {
      id: user.organisation_id,
      name: user.organisation_name,
      kind: user.organisation_kind as OrganisationKind,
      provinceCode: user.province_code,
      regencyCode: user.regency_code,
      countries: user.countries,
    },
    totpEnrolled: user.totp_confirmed_at !== null,
    permissions: permissionsOfRole(user.role as Role),
  }
}

/** The stage a user reaches after a correct password. */
export function stageAfterPassword(user: { role: string; totp_confirmed_at: Date | null }): Stage {
  if (!SECOND_FACTOR_ROLES.has(user.role as Role)) return 'full'
  return user.totp_confirmed_at ? 'password' : 'enrol'
}

export interface NewSession {
  token: string
  stage: Stage
  user: UserRow
}

/** Opens a new session (a fresh id every time the user authenticates further: no fixation). */
export async function openSession(
  deps: AuthDeps,
  db: Database | Parameters<typeof sessions.insert>[0],
  user: UserRow,
  stage: Stage,
  client: { ip: string | null; userAgent: string | null },
): Promise<NewSession> {
  const token = randomToken()
  await sessions.insert(db, {
    idHash: sha256(token),
    userId: user.id,
    stage,
    expiresAt: new Date(Date.now() + deps.config.sessionAbsoluteHours * 3_600_000),
    ip: client.ip,
    userAgent: client.userAgent?.slice(0, 300) ?? null,
  })
  return { token, stage, user }
}

function throttleKey(keys: Keys, kind: 'login' | 'totp', value: string): Buffer {
  return hmac(keys.blindIndex, `${kind}:${value.toLowerCase()}`)
}

async function assertNotThrottled(db: Database, key: Buffer, limit: number) {
  const since = new Date(Date.now() - LOGIN_FAILURE_WINDOW_MINUTES * 60_000)
  const { count, oldest } = await users.countFailures(db, key, since)
  if (count >= limit) {
    const freeAt = (oldest?.getTime() ?? Date.now()) + LOGIN_FAILURE_WINDOW_MINUTES * 60_000
    throw new AppError('LOGIN_THROTTLED', 429, { minutes: Math.max(1, Math.ceil((freeAt - Date.now()) / 60_000)) })
  }
}

/**
 * Checks e-mail and password. Unknown accounts, wrong passwords and disabled accounts all get
 * the same LOGIN_FAILED answer after the same amount of hashing work.
 */
export async function login(
  deps: AuthDeps,
  audit: AuditContext,
  input: { email: string; password: string },
  client: { ip: string | null; userAgent: string | null },
): Promise<NewSession> {
  const { db, keys } = deps
  const email = input.email.trim().toLowerCase()
  const key = throttleKey(keys, 'login', email)
  await assertNotThrottled(db, key, LOGIN_FAILURE_LIMIT)
  const user = await users.findByEmail(db, email)
  const passwordOk = user ? await verifyPassword(user.password_hash, input.password) : (await verifyAgainstDummy(input.password), false)
  if (!user || !passwordOk || user.disabled_at || user.organisation_disabled_at) {
    await users.addFailure(db, key)
    await recordAudit(db, { ...audit, actorUserId: user?.id ?? null, actorRole: user?.role ?? null }, {
      action: 'auth.login_failed',
      entityType: 'user',
      entityId: user?.id ?? null,
      after: { reason: !user ? 'unknown_account' : !passwordOk ? 'wrong_password' : 'disabled' },
    })
    throw unauthorized('LOGIN_FAILED')
  }
  await users.clearFailures(db, key)
  const stage = stageAfterPassword(user)
  return db.transaction().execute(async (trx) => {
    if (stage === 'full') await users.update(trx, user.id, { last_login_at: new Date() })
    await recordAudit(trx, { ...audit, actorUserId: user.id, actorRole: user.role }, {
      action: stage === 'full' ? 'auth.login' : 'auth.password_accepted',
      entityType: 'user',
      entityId: user.id,
      after: { stage },
    })
    return openSession(deps, trx, user, stage, client)
  })
}

async function sessionUser(db: Database, session: SessionInfo): Promise<UserRow> {
  const user = await users.findById(db, session.userId)
  if (!user) throw unauthorized('SESSION_EXPIRED')
  return user
}

/**
 * Checks a TOTP code for the half-open session's user: at sign-in (`password` stage, a confirmed
 * seed) or to confirm a new seed (`enrol` stage). On success the half-open session ends and a
 * full one opens with a new id; failures count towards the same throttle.
 */
export async function passTotpStep(
  deps: AuthDeps,
  audit: AuditContext,
  session: SessionInfo,
  code: string,
  client: { ip: string | null; userAgent: string | null },
  expected: 'password' | 'enrol',
): Promise<NewSession> {
  if (session.stage !== expected) throw new AppError('TOTP_NOT_PENDING', 409)
  const enrolling = expected === 'enrol'
  const { db, keys } = deps
  const key = throttleKey(keys, 'totp', session.userId)
  await assertNotThrottled(db, key, TOTP_FAILURE_LIMIT)
  return db.transaction().execute(async (trx) => {
    const user = await users.findByIdForUpdate(trx, session.userId)
    if (!user) throw unauthorized('SESSION_EXPIRED')
    if (!user.totp_secret_enc || (!enrolling && !user.totp_confirmed_at)) throw new AppError('TOTP_NOT_PENDING', 409)
    const lastStep = enrolling || user.totp_last_step === null ? null : Number(user.totp_last_step)
    const step = await checkTotp(decrypt(keys.encryption, user.totp_secret_enc), code, lastStep)
    const actor = { ...audit, actorUserId: user.id, actorRole: user.role }
    if (step === null) {
      // Outside the transaction, which the error rolls back: failures must stay counted.
      await users.addFailure(db, key)
      await recordAudit(db, actor, { action: 'auth.totp_failed', entityType: 'user', entityId: user.id })
      throw new AppError('TOTP_INVALID', 401)
    }
    const now = new Date()
    await users.update(trx, user.id, { totp_last_step: step, last_login_at: now, ...(enrolling ? { totp_confirmed_at: now } : {}) })
    await users.clearFailures(trx, key)
    await sessions.remove(trx, session.idHash)
    await recordAudit(trx, actor, {
      action: enrolling ? 'auth.totp_enrolled' : 'auth.login',
      entityType: 'user',
      entityId: user.id,
      after: { stage: 'full', secondFactor: 'totp' },
    })
    return openSession(deps, trx, (await users.findById(trx, user.id))!, 'full', client)
  })
}

/** Creates (or replaces) the not-yet-confirmed TOTP seed of a user in the enrolment stage. */
export async function startEnrolment(deps: AuthDeps, session: SessionInfo): Promise<{ secret: string; otpauthUri: string }> {
  if (session.stage !== 'enrol') throw new AppError('TOTP_NOT_PENDING', 409)
  const user = await sessionUser(deps.db, session)
  const secret = newTotpSecret()
  await users.update(deps.db, user.id, { totp_secret_enc: encrypt(deps.keys.encryption, secret), totp_confirmed_at: null })
  return { secret, otpauthUri: totpUri(secret, user.email) }
}

export async function logout(db: Database, audit: AuditContext, session: SessionInfo): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sessions.remove(trx, session.idHash)
    await recordAudit(trx, audit, { action: 'auth.logout', entityType: 'user', entityId: session.userId })
  })
}

export async function changePassword(
  deps: AuthDeps,
  audit: AuditContext,
  session: SessionInfo | null,
  userId: string,
  input: { currentPassword: string; newPassword: string; endOtherSessions: boolean },
): Promise<{ endedSessions: number }> {
  const { db } = deps
  const user = await users.findById(db, userId)
  if (!user) throw unauthorized()
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw badRequest('PASSWORD_CURRENT_WRONG', {}, { field: 'currentPassword' })
  }
  assertPasswordAcceptable(input.newPassword, user.email)
  const hash = await hashPassword(input.newPassword)
  return db.transaction().execute(async (trx) => {
    await users.update(trx, user.id, { password_hash: hash, password_changed_at: new Date() })
    const endedSessions = input.endOtherSessions ? await sessions.removeAllOfUser(trx, user.id, session?.idHash) : 0
    await recordAudit(trx, audit, {
      action: 'auth.password_changed',
      entityType: 'user',
      entityId: user.id,
      after: { endedOtherSessions: endedSessions },
    })
    return { endedSessions }
  })
}

export async function currentUser(db: Database, session: SessionInfo | null, userId: string): Promise<{ stage: Stage; user: Me }> {
  const user = await users.findById(db, userId)
  if (!user) throw unauthorized()
  return { stage: session?.stage ?? 'full', user: meOf(user) }
}

/** Deletes ended sessions and throttling records that no longer count (run periodically). */
export async function purgeExpired(db: Database, config: Pick<Config, 'sessionIdleMinutes'>, now = new Date()): Promise<void> {
  await sessions.removeExpired(db, new Date(now.getTime() - config.sessionIdleMinutes * 60_000), now)
  await users.removeFailuresBefore(db, new Date(now.getTime() - LOGIN_FAILURE_WINDOW_MINUTES * 60_000))
}
