import type { Config } from '../../config.ts'
import type { Database } from '../../db/database.ts'
import { AppError, badRequest, conflict, forbidden, isUniqueViolation, notFound } from '../../platform/errors.ts'
import { assignableRoles, requirePermission } from '../../platform/access/policy.ts'
import { SECOND_FACTOR_ROLES, type Actor, type OrganisationKind, type Role } from '../../platform/access/roles.ts'
import { recordAudit, SYSTEM_CONTEXT, type AuditContext } from '../../platform/audit/audit.service.ts'
import { assertPasswordAcceptable, hashPassword } from '../../platform/auth/passwords.ts'
import { openSession, type AuthDeps, type NewSession } from '../../platform/auth/auth.service.ts'
import { randomToken, sha256 } from '../../platform/secrets.ts'
import * as users from '../../platform/auth/users.repository.ts'
import * as repo from './invitations.repository.ts'
import type { InvitationRow } from './invitations.repository.ts'
import { ministryOrganisation, requireOrganisation } from './organisations.service.ts'
import { assertRoleFitsOrganisation } from './users.service.ts'

export const INVITATION_TTL_HOURS = 72
export const SETUP_TTL_HOURS = 24

export interface Invitation {
  id: string
  email: string
  name: string
  role: Role
  organisation: { id: string; name: string; kind: OrganisationKind }
  expiresAt: string
  createdAt: string
  invitedBy: { id: string; name: string } | null
}

function invitationOf(row: InvitationRow): Invitation {
  return {
    id: row.id,
    email: row.email ?? '',
    name: row.name ?? '',
    role: row.role as Role,
    organisation: { id: row.organisation_id, name: row.organisation_name, kind: row.organisation_kind as OrganisationKind },
    expiresAt: row.expires_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    invitedBy: row.invited_by ? { id: row.invited_by, name: row.inviter_name ?? '' } : null,
  }
}

// The token travels in the URL fragment, which browsers never send to the server or its logs.
const linkFor = (config: Pick<Config, 'publicUrl'>, path: 'invite' | 'setup', token: string) => `${config.publicUrl}/${path}#token=${token}`

export async function listInvitations(db: Database, actor: Actor | null): Promise<Invitation[]> {
  requirePermission(actor, 'users.manage')
  return (await repo.listPending(db, new Date())).map(invitationOf)
}

export async function createInvitation(
  db: Database,
  config: Pick<Config, 'publicUrl'>,
  actor: Actor | null,
  audit: AuditContext,
  input: { email: string; name: string; role: Role; organisationId: string },
): Promise<{ invitation: Invitation; link: string }> {
  requirePermission(actor, 'users.manage')
  if (!assignableRoles(actor).includes(input.role)) throw forbidden('INVITATION_ROLE_NOT_ALLOWED')
  const email = input.email.trim().toLowerCase()
  const organisation = await requireOrganisation(db, input.organisationId)
  if (organisation.disabled_at) throw badRequest('ORGANISATION_DISABLED', {}, { field: 'organisationId' })
  assertRoleFitsOrganisation(input.role, organisation.kind as OrganisationKind)
  if (await users.findByEmail(db, email)) throw conflict('EMAIL_TAKEN', { email })
  const token = randomToken()
  return db.transaction().execute(async (trx) => {
    const now = new Date()
    await repo.revokePending(trx, { email }, now)
    const id = await repo.insert(trx, {
      kind: 'invite',
      tokenHash: sha256(token),
      email,
      name: input.name.trim(),
      role: input.role,
      organisationId: organisation.id,
      invitedBy: actor.userId,
      expiresAt: new Date(now.getTime() + INVITATION_TTL_HOURS * 3_600_000),
    })
    const invitation = invitationOf((await repo.findById(trx, id))!)
    await recordAudit(trx, audit, { action: 'invitation.created', entityType: 'invitation', entityId: id, after: invitation })
    return { invitation, link: linkFor(config, 'invite', token) }
  })
}

export async function revokeInvitation(db: Database, actor: Actor | null, audit: AuditContext, id: string): Promise<void> {
  requirePermission(actor, 'users.manage')
  await db.transaction().execute(async (trx) => {
    const row = await repo.findById(trx, id)
    if (!row || row.kind !== 'invite') throw notFound('INVITATION_INVALID')
    if (!assignableRoles(actor).includes(row.role as Role)) throw forbidden()
    if (row.accepted_at || row.revoked_at) throw conflict('INVITATION_INVALID')
    await repo.markRevoked(trx, id, new Date())
    await recordAudit(trx, audit, { action: 'invitation.revoked', entityType: 'invitation', entityId: id, before: invitationOf(row) })
  })
}

export async function setupNeeded(db: Database): Promise<boolean> {
  return (await users.count(db)) === 0
}

/**
 * The one-time link for the first national admin, created when the database has no user.
 * Earlier setup links stop working when a new one is made.
 */
export async function createSetupLink(db: Database, config: Pick<Config, 'publicUrl'>): Promise<{ link: string; expiresAt: Date }> {
  if (!(await setupNeeded(db))) throw new AppError('SETUP_ALREADY_DONE', 409)
  const token = randomToken()
  const expiresAt = new Date(Date.now() + SETUP_TTL_HOURS * 3_600_000)
  await db.transaction().execute(async (trx) => {
    await repo.revokePending(trx, { kind: 'setup' }, new Date())
    const ministry = await ministryOrganisation(trx)
    const id = await repo.insert(trx, {
      kind: 'setup',
      tokenHash: sha256(token),
      email: null,
      name: null,
      role: 'admin',
      organisationId: ministry.id,
      invitedBy: null,
      expiresAt,
    })
    await recordAudit(trx, SYSTEM_CONTEXT, { action: 'setup_link.created', entityType: 'invitation', entityId: id })
  })
  return { link: linkFor(config, 'setup', token), expiresAt }
}

function usable(row: InvitationRow | undefined, now: Date): row is InvitationRow {
  return !!row && !row.accepted_at && !row.revoked_at && row.expires_at > now && !row.organisation_disabled_at
}

export interface InvitationPreview {
  kind: 'invite' | 'setup'
  email: string | null
  name: string | null
  role: Role
  organisationName: string
  needsTotp: boolean
}

export async function inspectInvitation(db: Database, token: string): Promise<InvitationPreview> {
  const row = await repo.findByTokenHash(db, sha256(token))
  if (!usable(row, new Date())) throw badRequest('INVITATION_INVALID', {}, { field: 'token' })
  return {
    kind: row.kind as 'invite' | 'setup',
    email: row.email,
    name: row.name,
    role: row.role as Role,
    organisationName: row.organisation_name,
    needsTotp: SECOND_FACTOR_ROLES.has(row.role as Role),
  }
}

/**
 * Turns a valid invitation (or the setup link) into an account and signs its owner in. Roles
 * that need a second factor land in the enrolment stage. The link works once.
 */
export async function acceptInvitation(
  deps: AuthDeps,
  audit: AuditContext,
  input: { token: string; password: string; email?: string; name?: string },
  client: { ip: string | null; userAgent: string | null },
): Promise<NewSession> {
  const { db } = deps
  const preview = await inspectInvitation(db, input.token)
  const email = (preview.kind === 'setup' ? input.email : preview.email)?.trim().toLowerCase()
  const name = (preview.kind === 'setup' ? input.name : preview.name)?.trim()
  if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw badRequest('VALIDATION_FAILED', { field: 'email', reason: '—' }, { field: 'email' })
  if (!name) throw badRequest('VALIDATION_FAILED', { field: 'name', reason: '—' }, { field: 'name' })
  assertPasswordAcceptable(input.password, email)
  const passwordHash = await hashPassword(input.password)
  try {
    return await db.transaction().execute(async (trx) => {
      const now = new Date()
      const row = await repo.findByTokenHash(trx, sha256(input.token), { forUpdate: true })
      if (!usable(row, now)) throw badRequest('INVITATION_INVALID', {}, { field: 'token' })
      if (row.kind === 'setup' && (await users.count(trx)) > 0) throw badRequest('INVITATION_INVALID', {}, { field: 'token' })
      const userId = await users.insert(trx, {
        email,
        name,
        role: row.role,
        organisationId: row.organisation_id,
        passwordHash,
        totpSecretEnc: null,
        totpConfirmed: false,
      })
      await repo.markAccepted(trx, row.id, userId, now)
      const user = (await users.findById(trx, userId))!
      const actorAudit = { ...audit, actorUserId: userId, actorRole: row.role }
      await recordAudit(trx, actorAudit, {
        action: row.kind === 'setup' ? 'setup.completed' : 'invitation.accepted',
        entityType: 'user',
        entityId: userId,
        after: { email, name, role: row.role, organisationId: row.organisation_id, invitationId: row.id },
      })
      const stage = SECOND_FACTOR_ROLES.has(row.role as Role) ? 'enrol' : 'full'
      return openSession(deps, trx, user, stage, client)
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('EMAIL_TAKEN', { email })
    throw error
  }
}
