import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { createTestApp, type TestApp, type TestClient, type TestUser } from '../../../test/app.ts'

const LIMITS = { rateLimit: { apiPerMinute: 100_000, loginPerMinute: 100_000 } }

let t: TestApp
beforeAll(async () => {
  t = await createTestApp(LIMITS)
})
afterAll(async () => t.close())

/** A request as a partner system: the Bearer token only, no cookie, no CSRF token. */
function bearer(token: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object): Promise<LightMyRequestResponse> {
  return t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) })
}

async function createToken(client: TestClient, input: { name: string; expiresInDays?: number } = { name: 'core banking' }) {
  const response = await client.post('/api/tokens', input)
  expect(response.statusCode).toBe(201)
  return response.json() as { token: string; apiToken: { id: string; name: string; prefix: string; expiresAt: string | null; revoked: boolean } }
}

function expectInvalid(response: LightMyRequestResponse) {
  expect(response.statusCode).toBe(401)
  expect(response.json().code).toBe('API_TOKEN_INVALID')
}

describe('API tokens', () => {
  let officer: TestClient
  let officerUser: TestUser
  beforeAll(async () => {
    ;({ client: officer, user: officerUser } = await t.signInAs('bank_officer'))
  })

  it('shows the token once and stores only its SHA-256 hash', async () => {
    const { token, apiToken } = await createToken(officer, { name: 'Core banking export' })
    expect(token).toMatch(/^pulih_[A-Za-z0-9_-]{43}$/)
    expect(apiToken).toMatchObject({ name: 'Core banking export', prefix: token.slice(0, 12), expiresAt: null, revoked: false })

    const rows = await t.db.selectFrom('api_tokens').selectAll().execute()
    const row = rows.find((r) => r.id === apiToken.id)!
    expect(row.user_id).toBe(officerUser.id)
    expect(row.token_hash.equals(crypto.createHash('sha256').update(token).digest())).toBe(true)
    // No column of any row holds the token text (only the short display prefix).
    const secretPart = token.slice(12)
    expect(JSON.stringify(rows)).not.toContain(secretPart)
    for (const r of rows) expect(r.token_hash.toString('utf8')).not.toContain(secretPart)

    // Never shown again: the list has neither the token nor its hash.
    const list = await officer.get('/api/tokens')
    expect(list.statusCode).toBe(200)
    expect(list.body).not.toContain(secretPart)
    expect(list.json().items.find((i: { id: string }) => i.id === apiToken.id)).toEqual({
      id: apiToken.id,
      name: 'Core banking export',
      prefix: token.slice(0, 12),
      createdAt: expect.any(String),
      lastUsedAt: null,
      expiresAt: null,
      revoked: false,
    })

    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'api_token.created').where('entity_id', '=', apiToken.id).execute()
    expect(audit).toHaveLength(1)
    expect(JSON.stringify(audit)).not.toContain(secretPart)
  })

  it("acts with its creator's role and records its use", async () => {
    const { token, apiToken } = await createToken(officer)
    const list = await bearer(token, 'GET', '/api/tokens')
    expect(list.statusCode).toBe(200)
    expect(list.json().items.map((i: { id: string }) => i.id)).toContain(apiToken.id)
    const me = await bearer(token, 'GET', '/api/auth/me')
    expect(me.statusCode).toBe(200)
    expect(me.json().user).toMatchObject({ id: officerUser.id, role: 'bank_officer' })

    // A bank officer may not list users; neither may their token.
    const users = await bearer(token, 'GET', '/api/users')
    expect(users.statusCode).toBe(403)
    expect(users.json().code).toBe('FORBIDDEN')
    expect((await bearer(token, 'GET', '/api/audit')).statusCode).toBe(403)

    const row = await t.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', apiToken.id).executeTakeFirstOrThrow()
    expect(row.last_used_at).not.toBeNull()
  })

  it('lets the token holder use no session at all: a token takes precedence over a cookie', async () => {
    const { token } = await createToken(officer)
    const { client: admin } = await t.signInAs('admin')
    // The admin's cookie with the officer's token: the request acts as the officer.
    const mixed = await admin.request({ method: 'GET', url: '/api/users', headers: { authorization: `Bearer ${token}` } })
    expect(mixed.statusCode).toBe(403)
    // A broken token is refused even next to a valid cookie.
    const broken = await admin.request({ method: 'GET', url: '/api/users', headers: { authorization: `Bearer ${'x'.repeat(50)}` } })
    expectInvalid(broken)
  })

  it('refuses malformed Authorization headers', async () => {
    expectInvalid(await t.app.inject({ method: 'GET', url: '/api/tokens', headers: { authorization: 'Basic dXNlcjpwYXNz' } }))
    expectInvalid(await t.app.inject({ method: 'GET', url: '/api/tokens', headers: { authorization: 'Bearer short' } }))
    expectInvalid(await t.app.inject({ method: 'GET', url: '/api/tokens', headers: { authorization: 'Bearer pulih_abc def ghi jkl mno pqr' } }))
    expectInvalid(await bearer(`pulih_${crypto.randomBytes(32).toString('base64url')}`, 'GET', '/api/tokens'))
  })

  it('stops working once revoked; revoking twice conflicts', async () => {
    const { token, apiToken } = await createToken(officer)
    expect((await bearer(token, 'GET', '/api/tokens')).statusCode).toBe(200)
    const revoked = await officer.delete(`/api/tokens/${apiToken.id}`)
    expect(revoked.statusCode).toBe(204)
    expectInvalid(await bearer(token, 'GET', '/api/tokens'))
    expect((await officer.delete(`/api/tokens/${apiToken.id}`)).statusCode).toBe(409)
    const listed = (await officer.get('/api/tokens')).json().items.find((i: { id: string }) => i.id === apiToken.id)
    expect(listed.revoked).toBe(true)

    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'api_token.revoked').where('entity_id', '=', apiToken.id).execute()
    expect(audit).toHaveLength(1)
    expect(audit[0].before).toMatchObject({ revoked: false })
    expect(audit[0].after).toMatchObject({ revoked: true })
  })

  it('stops working once expired', async () => {
    const { token, apiToken } = await createToken(officer, { name: 'short-lived', expiresInDays: 30 })
    const expiresIn = new Date(apiToken.expiresAt!).getTime() - Date.now()
    expect(expiresIn).toBeGreaterThan(29.9 * 86_400_000)
    expect(expiresIn).toBeLessThanOrEqual(30 * 86_400_000)
    expect((await bearer(token, 'GET', '/api/tokens')).statusCode).toBe(200)
    await t.db.updateTable('api_tokens').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', apiToken.id).execute()
    expectInvalid(await bearer(token, 'GET', '/api/tokens'))
  })

  it('validates the expiry', async () => {
    const tooLong = await officer.post('/api/tokens', { name: 'forever', expiresInDays: 731 })
    expect(tooLong.statusCode).toBe(400)
    expect(tooLong.json().details.field).toBe('body.expiresInDays')
    expect((await officer.post('/api/tokens', { name: '' })).statusCode).toBe(400)
  })

  it('stops working when its creator or their organisation is disabled', async () => {
    const { client: admin } = await t.signInAs('admin')
    const { client: creator, user } = await t.signInAs('bank_officer')
    const { token } = await createToken(creator)
    expect((await bearer(token, 'GET', '/api/tokens')).statusCode).toBe(200)
    expect((await admin.patch(`/api/users/${user.id}`, { disabled: true })).statusCode).toBe(200)
    expectInvalid(await bearer(token, 'GET', '/api/tokens'))
    expect((await admin.patch(`/api/users/${user.id}`, { disabled: false })).statusCode).toBe(200)
    expect((await bearer(token, 'GET', '/api/tokens')).statusCode).toBe(200)

    expect((await admin.patch(`/api/organisations/${user.organisationId}`, { disabled: true })).statusCode).toBe(200)
    expectInvalid(await bearer(token, 'GET', '/api/tokens'))
  })

  it("cannot be seen or revoked by another user (404, as if it did not exist)", async () => {
    const { token, apiToken } = await createToken(officer)
    const { client: other } = await t.signInAs('bank_officer', { organisationId: officerUser.organisationId })
    const list = await other.get('/api/tokens')
    expect(list.json().items.map((i: { id: string }) => i.id)).not.toContain(apiToken.id)
    const revoke = await other.delete(`/api/tokens/${apiToken.id}`)
    expect(revoke.statusCode).toBe(404)
    expect(revoke.json().code).toBe('API_TOKEN_NOT_FOUND')
    const unknown = await other.delete(`/api/tokens/${crypto.randomUUID()}`)
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().code).toBe(revoke.json().code)
    // Still works for its owner.
    expect((await bearer(token, 'GET', '/api/tokens')).statusCode).toBe(200)
  })

  it('is only for partner roles: a firm owner or an admin cannot create one', async () => {
    const { client: owner } = await t.signInAs('firm_owner')
    const byOwner = await owner.post('/api/tokens', { name: 'mine' })
    expect(byOwner.statusCode).toBe(403)
    expect(byOwner.json().code).toBe('FORBIDDEN')
    expect((await owner.get('/api/tokens')).statusCode).toBe(403)
    const { client: admin } = await t.signInAs('admin')
    expect((await admin.post('/api/tokens', { name: 'mine' })).statusCode).toBe(403)

    const { client: partner } = await t.signInAs('marketplace_partner')
    expect((await partner.post('/api/tokens', { name: 'marketplace sync' })).statusCode).toBe(201)
  })

  it('cannot mint or revoke tokens, nor change the password, with a token', async () => {
    const { token, apiToken } = await createToken(officer, { name: 'no minting' })
    const mint = await bearer(token, 'POST', '/api/tokens', { name: 'child' })
    expect(mint.statusCode).toBe(403)
    expect(mint.json().code).toBe('INTERACTIVE_SESSION_REQUIRED')
    const revoke = await bearer(token, 'DELETE', `/api/tokens/${apiToken.id}`)
    expect(revoke.statusCode).toBe(403)
    const password = await bearer(token, 'POST', '/api/auth/password', { currentPassword: 'x', newPassword: 'y', endOtherSessions: true })
    expect(password.statusCode).toBe(403)
    expect(await t.db.selectFrom('api_tokens').select('id').where('name', '=', 'child').executeTakeFirst()).toBeUndefined()
  })
})
