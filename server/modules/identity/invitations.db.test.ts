import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, totpCode, type TestApp, type TestClient } from '../../../test/app.ts'
import { AppError } from '../../platform/errors.ts'
import { sha256 } from '../../platform/secrets.ts'
import { createSetupLink } from './index.ts'

// Generous per-IP limits: inspect/accept share the login budget, and this file calls them often.
const LIMITS = { rateLimit: { apiPerMinute: 100_000, loginPerMinute: 100_000 } }
const GOOD_PASSWORD = 'a sturdy invitation passphrase'

const tokenOf = (link: string) => {
  const match = /#token=([A-Za-z0-9_-]+)$/.exec(link)
  if (!match) throw new Error(`no token in ${link}`)
  return match[1]
}

const uniqueEmail = (label: string) => `${label}.${crypto.randomBytes(4).toString('hex')}@test.pulih.id`

async function auditRows(app: TestApp, action: string, entityId?: string) {
  let query = app.db.selectFrom('audit_log').selectAll().where('action', '=', action)
  if (entityId) query = query.where('entity_id', '=', entityId)
  return query.orderBy('seq').execute()
}

// Its own database: setup is only possible while no account exists, and the other tests create some.
describe('first-start setup link', () => {
  let s: TestApp
  beforeAll(async () => {
    s = await createTestApp(LIMITS)
  })
  afterAll(async () => s.close())

  it('creates the first national admin once, who then has to enrol a second factor', async () => {
    const client = s.client()
    expect((await client.get('/api/setup/status')).json()).toEqual({ needed: true })

    // A newer setup link replaces an older one.
    const older = await createSetupLink(s.db, s.config)
    const { link } = await createSetupLink(s.db, s.config)
    expect(link).toContain('/setup#token=')
    expect(link.startsWith(s.config.publicUrl)).toBe(true)
    const olderInspect = await client.post('/api/invitations/inspect', { token: tokenOf(older.link) })
    expect(olderInspect.statusCode).toBe(400)
    expect(olderInspect.json().code).toBe('INVITATION_INVALID')

    const token = tokenOf(link)
    const inspect = await client.post('/api/invitations/inspect', { token })
    expect(inspect.statusCode).toBe(200)
    expect(inspect.json()).toMatchObject({ kind: 'setup', email: null, name: null, role: 'admin', needsTotp: true })

    const noEmail = await client.post('/api/invitations/accept', { token, password: GOOD_PASSWORD, name: 'Dewi Lestari' })
    expect(noEmail.statusCode).toBe(400)
    expect(noEmail.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'email' } })
    const noName = await client.post('/api/invitations/accept', { token, password: GOOD_PASSWORD, email: 'dewi@kemenperin.go.id' })
    expect(noName.statusCode).toBe(400)
    expect(noName.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'name' } })
    const weak = await client.post('/api/invitations/accept', { token, password: 'short', email: 'dewi@kemenperin.go.id', name: 'Dewi Lestari' })
    expect(weak.statusCode).toBe(400)
    expect(weak.json().code).toBe('PASSWORD_TOO_SHORT')
    expect((await client.get('/api/setup/status')).json()).toEqual({ needed: true })

    const accepted = await client.post('/api/invitations/accept', {
      token,
      password: GOOD_PASSWORD,
      email: 'Dewi@Kemenperin.go.id',
      name: '  Dewi Lestari ',
    })
    expect(accepted.statusCode).toBe(200)
    expect(accepted.json()).toMatchObject({
      stage: 'enrol',
      user: { email: 'dewi@kemenperin.go.id', name: 'Dewi Lestari', role: 'admin', totpEnrolled: false, organisation: { kind: 'ministry' } },
    })
    const me = await client.get('/api/auth/me')
    expect(me.json().stage).toBe('enrol')
    // Nothing but enrolment is reachable before the second factor.
    const users = await client.get('/api/users')
    expect(users.statusCode).toBe(401)
    expect(users.json().code).toBe('TOTP_ENROLMENT_REQUIRED')

    expect((await client.get('/api/setup/status')).json()).toEqual({ needed: false })
    const again = await s.client().post('/api/invitations/accept', { token, password: GOOD_PASSWORD, email: 'eve@evil.example', name: 'Eve' })
    expect(again.statusCode).toBe(400)
    expect(again.json().code).toBe('INVITATION_INVALID')
    await expect(createSetupLink(s.db, s.config)).rejects.toSatisfy(
      (error: unknown) => error instanceof AppError && error.code === 'SETUP_ALREADY_DONE' && error.statusCode === 409,
    )
    expect(await s.db.selectFrom('users').select('email').execute()).toEqual([{ email: 'dewi@kemenperin.go.id' }])

    const completed = await auditRows(s, 'setup.completed')
    expect(completed).toHaveLength(1)
    expect(completed[0].entity_id).toBe(accepted.json().user.id)
    expect(completed[0].actor_user_id).toBe(accepted.json().user.id)
    expect(completed[0].after).toMatchObject({ email: 'dewi@kemenperin.go.id', role: 'admin' })
    expect(JSON.stringify(completed[0].after)).not.toContain(GOOD_PASSWORD)
    expect(await auditRows(s, 'setup_link.created')).toHaveLength(2)
  })
})

describe('invitations', () => {
  let t: TestApp
  let admin: TestClient
  let bankId: string
  beforeAll(async () => {
    t = await createTestApp(LIMITS)
    admin = (await t.signInAs('admin')).client
    bankId = await t.createOrganisation({ kind: 'bank', name: 'Bank Rakyat Uji' })
  })
  afterAll(async () => t.close())

  async function invite(client: TestClient, input: { email?: string; name?: string; role?: string; organisationId?: string } = {}) {
    return client.post('/api/invitations', {
      email: input.email ?? uniqueEmail('officer'),
      name: input.name ?? 'Budi Santoso',
      role: input.role ?? 'bank_officer',
      organisationId: input.organisationId ?? bankId,
    })
  }

  it('takes a bank officer from invitation through enrolment to a full session, once', async () => {
    const email = uniqueEmail('budi')
    const created = await invite(admin, { email })
    expect(created.statusCode).toBe(201)
    const { invitation, link } = created.json()
    expect(link).toContain('/invite#token=')
    expect(invitation).toMatchObject({ email, name: 'Budi Santoso', role: 'bank_officer', organisation: { id: bankId, kind: 'bank' } })
    const token = tokenOf(link)

    // Stored only as a hash.
    const row = await t.db.selectFrom('invitations').selectAll().where('id', '=', invitation.id).executeTakeFirstOrThrow()
    expect(row.token_hash.equals(sha256(token))).toBe(true)
    expect(JSON.stringify(row)).not.toContain(token)
    expect((await admin.get('/api/invitations')).json().items.map((i: { id: string }) => i.id)).toContain(invitation.id)

    const client = t.client()
    const inspect = await client.post('/api/invitations/inspect', { token })
    expect(inspect.statusCode).toBe(200)
    expect(inspect.json()).toEqual({
      kind: 'invite',
      email,
      name: 'Budi Santoso',
      role: 'bank_officer',
      organisationName: 'Bank Rakyat Uji',
      needsTotp: true,
    })

    const weak = await client.post('/api/invitations/accept', { token, password: 'qwerty123456' })
    expect(weak.statusCode).toBe(400)
    expect(weak.json().code).toBe('PASSWORD_TOO_COMMON')
    const containsEmail = await client.post('/api/invitations/accept', { token, password: `my ${email.split('@')[0]} pass` })
    expect(containsEmail.statusCode).toBe(400)
    expect(containsEmail.json().code).toBe('PASSWORD_CONTAINS_EMAIL')
    expect(await t.db.selectFrom('users').select('id').where('email', '=', email).execute()).toHaveLength(0)
    expect(client.cookies.has('pulih_session')).toBe(false)

    const accepted = await client.post('/api/invitations/accept', { token, password: GOOD_PASSWORD })
    expect(accepted.statusCode).toBe(200)
    expect(accepted.json()).toMatchObject({ stage: 'enrol', user: { email, role: 'bank_officer', organisation: { id: bankId } } })
    const userId = accepted.json().user.id as string

    // Only enrolment works in this stage.
    const tokens = await client.get('/api/tokens')
    expect(tokens.statusCode).toBe(401)
    expect(tokens.json().code).toBe('TOTP_ENROLMENT_REQUIRED')
    const notPending = await client.post('/api/auth/totp', { code: '123456' })
    expect(notPending.statusCode).toBe(409)
    expect(notPending.json().code).toBe('TOTP_NOT_PENDING')

    const enrolment = await client.post('/api/auth/totp/enrolment')
    expect(enrolment.statusCode).toBe(200)
    const { secret, otpauthUri } = enrolment.json()
    expect(secret).toMatch(/^[A-Z2-7]+=*$/)
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\//)
    expect(new URL(otpauthUri).searchParams.get('secret')).toBe(secret)

    const wrongCode = await client.post('/api/auth/totp/enrolment/confirm', { code: (Number(await totpCode(secret)) + 1).toString().padStart(6, '0').slice(-6) })
    expect(wrongCode.statusCode).toBe(401)
    expect(wrongCode.json().code).toBe('TOTP_INVALID')
    const enrolSession = client.cookies.get('pulih_session')
    const confirmed = await client.post('/api/auth/totp/enrolment/confirm', { code: await totpCode(secret) })
    expect(confirmed.statusCode).toBe(200)
    expect(confirmed.json()).toMatchObject({ stage: 'full', user: { id: userId, totpEnrolled: true } })
    // A fresh session id after the second factor: no fixation.
    expect(client.cookies.get('pulih_session')).not.toBe(enrolSession)
    expect((await client.get('/api/tokens')).statusCode).toBe(200)

    const second = await t.client().post('/api/invitations/accept', { token, password: 'another good passphrase' })
    expect(second.statusCode).toBe(400)
    expect(second.json().code).toBe('INVITATION_INVALID')
    expect((await t.client().post('/api/invitations/inspect', { token })).statusCode).toBe(400)
    expect((await admin.get('/api/invitations')).json().items.map((i: { id: string }) => i.id)).not.toContain(invitation.id)

    const createdAudit = await auditRows(t, 'invitation.created', invitation.id)
    expect(createdAudit).toHaveLength(1)
    expect(createdAudit[0].actor_role).toBe('admin')
    expect(createdAudit[0].after).toMatchObject({ email, role: 'bank_officer' })
    expect(JSON.stringify(createdAudit[0])).not.toContain(token)
    const acceptedAudit = await auditRows(t, 'invitation.accepted', userId)
    expect(acceptedAudit).toHaveLength(1)
    expect(acceptedAudit[0].after).toMatchObject({ email, role: 'bank_officer', invitationId: invitation.id })
    expect(await auditRows(t, 'auth.totp_enrolled', userId)).toHaveLength(1)
  })

  it('signs a role without a second factor straight in', async () => {
    const firmId = await t.createOrganisation({ kind: 'firm', name: 'CV Batik Uji', provinceCode: '32', regencyCode: '32.04' })
    const created = await invite(admin, { role: 'firm_owner', organisationId: firmId })
    expect(created.statusCode).toBe(201)
    const client = t.client()
    const inspect = await client.post('/api/invitations/inspect', { token: tokenOf(created.json().link) })
    expect(inspect.json().needsTotp).toBe(false)
    const accepted = await client.post('/api/invitations/accept', { token: tokenOf(created.json().link), password: GOOD_PASSWORD })
    expect(accepted.json().stage).toBe('full')
    expect((await client.get('/api/auth/me')).statusCode).toBe(200)
  })

  it('refuses an expired invitation', async () => {
    const created = await invite(admin)
    const token = tokenOf(created.json().link)
    await t.db.updateTable('invitations').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', created.json().invitation.id).execute()
    const inspect = await t.client().post('/api/invitations/inspect', { token })
    expect(inspect.statusCode).toBe(400)
    expect(inspect.json().code).toBe('INVITATION_INVALID')
    const accept = await t.client().post('/api/invitations/accept', { token, password: GOOD_PASSWORD })
    expect(accept.statusCode).toBe(400)
    expect(accept.json().code).toBe('INVITATION_INVALID')
    expect(await t.db.selectFrom('users').select('id').where('email', '=', created.json().invitation.email).execute()).toHaveLength(0)
  })

  it('expires invitations after 72 hours', async () => {
    const created = await invite(admin)
    const { createdAt, expiresAt } = created.json().invitation
    expect(new Date(expiresAt).getTime() - new Date(createdAt).getTime()).toBeGreaterThan(71.9 * 3_600_000)
    expect(new Date(expiresAt).getTime() - new Date(createdAt).getTime()).toBeLessThanOrEqual(72 * 3_600_000 + 60_000)
  })

  it('refuses a revoked invitation, and revoking twice conflicts', async () => {
    const created = await invite(admin)
    const { id } = created.json().invitation
    const token = tokenOf(created.json().link)
    const revoked = await admin.delete(`/api/invitations/${id}`)
    expect(revoked.statusCode).toBe(204)
    expect((await t.client().post('/api/invitations/inspect', { token })).json().code).toBe('INVITATION_INVALID')
    const accept = await t.client().post('/api/invitations/accept', { token, password: GOOD_PASSWORD })
    expect(accept.statusCode).toBe(400)
    expect(accept.json().code).toBe('INVITATION_INVALID')
    expect((await admin.delete(`/api/invitations/${id}`)).statusCode).toBe(409)

    const audit = await auditRows(t, 'invitation.revoked', id)
    expect(audit).toHaveLength(1)
    expect(audit[0].before).toMatchObject({ id, role: 'bank_officer' })
  })

  it('a new invitation to the same address replaces the pending one', async () => {
    const email = uniqueEmail('twice')
    const first = await invite(admin, { email })
    const second = await invite(admin, { email })
    expect(second.statusCode).toBe(201)
    expect((await t.client().post('/api/invitations/inspect', { token: tokenOf(first.json().link) })).statusCode).toBe(400)
    expect((await t.client().post('/api/invitations/inspect', { token: tokenOf(second.json().link) })).statusCode).toBe(200)
  })

  it('refuses an invitation into an organisation that was disabled meanwhile', async () => {
    const orgId = await t.createOrganisation({ kind: 'bank', name: 'Bank Tutup Uji' })
    const created = await invite(admin, { organisationId: orgId })
    expect((await admin.patch(`/api/organisations/${orgId}`, { disabled: true })).statusCode).toBe(200)
    const accept = await t.client().post('/api/invitations/accept', { token: tokenOf(created.json().link), password: GOOD_PASSWORD })
    expect(accept.statusCode).toBe(400)
    expect(accept.json().code).toBe('INVITATION_INVALID')
    const again = await invite(admin, { organisationId: orgId })
    expect(again.statusCode).toBe(400)
    expect(again.json().code).toBe('ORGANISATION_DISABLED')
  })

  it('refuses a role that does not fit the organisation', async () => {
    const marketplaceId = await t.createOrganisation({ kind: 'marketplace', name: 'Pasar Daring Uji' })
    const response = await invite(admin, { role: 'bank_officer', organisationId: marketplaceId })
    expect(response.statusCode).toBe(400)
    expect(response.json().code).toBe('ROLE_ORGANISATION_MISMATCH')
  })

  it('refuses an unknown organisation', async () => {
    const response = await invite(admin, { organisationId: crypto.randomUUID() })
    expect(response.statusCode).toBe(404)
    expect(response.json().code).toBe('ORGANISATION_NOT_FOUND')
  })

  it('lets an officer invite other roles but not an admin', async () => {
    const { client: officer } = await t.signInAs('officer')
    const ministry = await t.db.selectFrom('organisations').select('id').where('kind', '=', 'ministry').executeTakeFirstOrThrow()
    const asAdmin = await invite(officer, { role: 'admin', organisationId: ministry.id })
    expect(asAdmin.statusCode).toBe(403)
    expect(asAdmin.json().code).toBe('INVITATION_ROLE_NOT_ALLOWED')
    const asOfficer = await invite(officer, { role: 'officer', organisationId: ministry.id })
    expect(asOfficer.statusCode).toBe(201)
    expect((await invite(officer)).statusCode).toBe(201)

    // Nor may an officer revoke an invitation for an admin.
    const adminInvite = await invite(admin, { role: 'admin', organisationId: ministry.id })
    expect(adminInvite.statusCode).toBe(201)
    expect((await officer.delete(`/api/invitations/${adminInvite.json().invitation.id}`)).statusCode).toBe(403)
  })

  it('does not let a firm owner or a bank officer invite anyone', async () => {
    const { client: owner } = await t.signInAs('firm_owner')
    const byOwner = await invite(owner)
    expect(byOwner.statusCode).toBe(403)
    expect(byOwner.json().code).toBe('FORBIDDEN')
    const { client: bankOfficer } = await t.signInAs('bank_officer')
    expect((await invite(bankOfficer)).statusCode).toBe(403)
    expect((await bankOfficer.get('/api/invitations')).statusCode).toBe(403)
  })

  it('refuses to invite an e-mail address that already has an account', async () => {
    const existing = await t.createUser('bank_officer', { organisationId: bankId })
    const response = await invite(admin, { email: existing.email.toUpperCase() })
    expect(response.statusCode).toBe(409)
    expect(response.json().code).toBe('EMAIL_TAKEN')
  })

  it('refuses an invitation whose address got an account meanwhile, without creating a duplicate', async () => {
    const email = uniqueEmail('race')
    const created = await invite(admin, { email })
    await t.createUser('bank_officer', { organisationId: bankId, email })
    const accept = await t.client().post('/api/invitations/accept', { token: tokenOf(created.json().link), password: GOOD_PASSWORD })
    expect(accept.statusCode).toBe(409)
    expect(accept.json().code).toBe('EMAIL_TAKEN')
    expect(await t.db.selectFrom('users').select('id').where('email', '=', email).execute()).toHaveLength(1)
  })

  it('answers a made-up token like any invalid one', async () => {
    const response = await t.client().post('/api/invitations/inspect', { token: crypto.randomBytes(32).toString('base64url') })
    expect(response.statusCode).toBe(400)
    expect(response.json().code).toBe('INVITATION_INVALID')
  })
})
