import type { Database } from '../../db/database.ts'
import type { Executor } from '../../platform/audit/audit.repository.ts'
import { AppError, badRequest, conflict, forbidden, isUniqueViolation, notFound } from '../../platform/errors.ts'
import { assignableRoles, canManageUser, requirePermission } from '../../platform/access/policy.ts'
import { ROLE_ORGANISATION_KIND, SECOND_FACTOR_ROLES, type Actor, type OrganisationKind, type Role } from '../../platform/access/roles.ts'
import { recordAudit, type AuditContext } from '../../platform/audit/audit.service.ts'
import { assertPasswordAcceptable, hashPassword } from '../../platform/auth/passwords.ts'
import { newTotpSecret, totpUri } from '../../platform/auth/totp.ts'
import { encrypt, type Keys } from '../../platform/secrets.ts'
import * as users from '../../platform/auth/users.repository.ts'
import * as sessions from '../../platform/auth/sessions.repository.ts'
import type { UserRow } from '../../platform/auth/users.repository.ts'
import { requireOrganisation } from './organisations.service.ts'

export interface User {
  id: string
  email: string
  name: string
  role: Role
  organisation: { id: string; name: string; kind: OrganisationKind }
  disabled: boolean
  totpEnrolled: boolean
  lastLoginAt: string | null
  createdAt: string
}

export function userOf(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    organisation: { id: row.organisation_id, name: row.organisation_name, kind: row.organisation_kind as OrganisationKind },
    disabled: row.disabled_at !== null,
    totpEnrolled: row.totp_confirmed_at !== null,
    lastLoginAt: row.last_login_at ? row.last_login_at.toISOString() : null,
    createdAt: row.created_at.toISOString(),
  }
}

/** A role may only belong to its kind of organisation (bank officers to banks, …). */
export function assertRoleFitsOrganisation(role: Role, kind: OrganisationKind): void {
  if (ROLE_ORGANISATION_KIND[role] !== kind) throw badRequest('ROLE_ORGANISATION_MISMATCH', { role, kind }, { field: 'role' })
}

export async function listUsers(
  db: Database,
  actor: Actor | null,
  filter: { role?: string; organisationId?: string; q?: string; status?: 'active' | 'disabled' },
): Promise<User[]> {
  requirePermission(actor, 'users.manage')
  return (await users.list(db, { ...filter, limit: 500 })).map(userOf)
}

/**
 * Disables/enables a user or changes their role. Either ends all their sessions at once, so
 * the change applies to the very next request.
 */
export async function updateUser(
  db: Database,
  actor: Actor | null,
  audit: AuditContext,
  id: string,
  input: { role?: Role; disabled?: boolean },
): Promise<User> {
  requirePermission(actor, 'users.manage')
  return db.transaction().execute(async (trx) => {
    const before = await users.findByIdForUpdate(trx, id)
    if (!before) throw notFound('USER_NOT_FOUND')
    if (before.id === actor.userId) throw new AppError('USER_SELF_CHANGE', 409)
    if (!canManageUser(actor, { id: before.id, role: before.role as Role })) throw forbidden()
    const changes: Parameters<typeof users.update>[2] = {}
    if (input.role !== undefined && input.role !== before.role) {
      if (!assignableRoles(actor).includes(input.role)) throw forbidden('INVITATION_ROLE_NOT_ALLOWED')
      assertRoleFitsOrganisation(input.role, before.organisation_kind as OrganisationKind)
      changes.role = input.role
      // A role that needs a second factor makes the user enrol at the next sign-in.
      if (SECOND_FACTOR_ROLES.has(input.role) && !before.totp_confirmed_at) changes.totp_secret_enc = null
    }
    if (input.disabled !== undefined && input.disabled !== (before.disabled_at !== null)) {
      changes.disabled_at = input.disabled ? new Date() : null
    }
    if (Object.keys(changes).length > 0) {
      await users.update(trx, id, changes)
      await sessions.removeAllOfUser(trx, id)
    }
    const after = (await users.findById(trx, id))!
    await recordAudit(trx, audit, { action: 'user.updated', entityType: 'user', entityId: id, before: userOf(before), after: userOf(after) })
    return userOf(after)
  })
}

export interface CreatedUser {
  user: User
  /** For roles that need a second factor: the authenticator URI (printed once by the CLI). */
  otpauthUri: string | null
}

/**
 * Creates a user directly with a password (CLI `user create`, demo seeding). Roles that need a
 * second factor get a confirmed TOTP seed whose URI is returned once.
 */
export async function createUserWithPassword(
  db: Executor,
  keys: Keys,
  audit: AuditContext,
  input: { email: string; name: string; role: Role; organisationId: string; password: string },
): Promise<CreatedUser> {
  const email = input.email.trim().toLowerCase()
  const organisation = await requireOrganisation(db, input.organisationId)
  assertRoleFitsOrganisation(input.role, organisation.kind as OrganisationKind)
  assertPasswordAcceptable(input.password, email)
  const needsTotp = SECOND_FACTOR_ROLES.has(input.role)
  const secret = needsTotp ? newTotpSecret() : null
  const passwordHash = await hashPassword(input.password)
  try {
    const id = await users.insert(db, {
      email,
      name: input.name.trim(),
      role: input.role,
      organisationId: organisation.id,
      passwordHash,
      totpSecretEnc: secret ? encrypt(keys.encryption, secret) : null,
      totpConfirmed: needsTotp,
    })
    const user = userOf((await users.findById(db, id))!)
    await recordAudit(db, audit, { action: 'user.created', entityType: 'user', entityId: id, after: user })
    return { user, otpauthUri: secret ? totpUri(secret, email) : null }
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('EMAIL_TAKEN', { email })
    throw error
  }
}
