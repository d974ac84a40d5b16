import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { createTestApp, totpCode, type TestApp, type TestClient } from '../../../test/app.ts'
import { sha256 } from '../secrets.ts'
import { purgeExpired } from './auth.service.ts'

// Generous per-IP limits: every request here comes from 127.0.0.1 and this file signs in often.
const LIMITS = { rateLimit: { apiPerMinute: 100_000, loginPerMinute: 100_000 } }

let t: TestApp
beforeAll(async () => {
  t = await createTestApp(LIMITS)
})
afterAll(async () => t.close())

function sessionCookie(client: TestClient, name = 'pulih_session'): string {
  const value = client.cookies.get(name)
  if (!value) throw new Error(`client has no ${name} cookie`)
  return value
}

async function sessionRow(client: TestClient) {
  return t.db.selectFrom('sessions').selectAll().where('id_hash', '=', sha256(sessionCookie(client))).executeTakeFirst()
}

function setCookies(response: LightMyRequestResponse): string[] {
  const header = response.headers['set-cookie']
  if (header === undefined) return []
  return Array.isArray(header) ? header : [String(header)]
}

/** The attributes of one Set-Cookie header, lower-cased names; flags map to true. */
function cookieAttributes(response: LightMyRequestResponse, name: string): Record<string, string | true> {
  const line = setCookies(response).find((c) => c.startsWith(`${name}=`))
  if (!line) throw new Error(`no Set-Cookie for ${name}: ${JSON.stringify(setCookies(response))}`)
  const [, ...parts] = line.split(';').map((p) => p.trim())
  return Object.fromEntries(
    parts.map((part) => {
      const eq = part.indexOf('=')
      return eq === -1 ? [part.toLowerCase(), true] : [part.slice(0, eq).toLowerCase(), part.slice(eq + 1)]
    }),
  )
}

async function expectEnded(client: TestClient) {
  const me = await client.get('/api/auth/me')
  expect(me.statusCode).toBe(401)
  expect(me.json().code).toBe('SESSION_EXPIRED')
}

describe('session expiry', () => {
  it('keeps a session used within the idle limit alive and records the use', async () => {
    const { client } = await t.signInAs('firm_owner')
    const idHash = sha256(sessionCookie(client))
    const recent = new Date(Date.now() - 29 * 60_000)
    await t.db.updateTable('sessions').set({ last_seen_at: recent }).where('id_hash', '=', idHash).execute()
    expect((await client.get('/api/auth/me')).statusCode).toBe(200)
    // The request counts as activity: last_seen_at moves forward, so the idle clock restarts.
    const row = await sessionRow(client)
    expect(row!.last_seen_at.getTime()).toBeGreaterThan(recent.getTime())
  })

  it('ends a session idle for more than 30 minutes and deletes its row', async () => {
    const { client } = await t.signInAs('firm_owner')
    expect((await client.get('/api/auth/me')).statusCode).toBe(200)
    const cookie = sessionCookie(client)
    await t.db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(Date.now() - 31 * 60_000) })
      .where('id_hash', '=', sha256(cookie))
      .execute()
    const me = await client.get('/api/auth/me')
    expect(me.statusCode).toBe(401)
    expect(me.json().code).toBe('SESSION_EXPIRED')
    // The browser is told to forget the cookie, and the server forgets the session.
    expect(cookieAttributes(me, 'pulih_session')).toMatchObject({ path: '/' })
    expect(client.cookies.has('pulih_session')).toBe(false)
    expect(await t.db.selectFrom('sessions').select('user_id').where('id_hash', '=', sha256(cookie)).executeTakeFirst()).toBeUndefined()
    // Replaying the old cookie does not bring it back.
    const replay = t.client()
    replay.cookies.set('pulih_session', cookie)
    expect((await replay.get('/api/auth/me')).statusCode).toBe(401)
  })

  it('ends a session past its absolute lifetime even if it was used a moment ago', async () => {
    const { client } = await t.signInAs('supplier')
    const cookie = sessionCookie(client)
    const row = await sessionRow(client)
    // Twelve hours from sign-in by default.
    expect(row!.expires_at.getTime() - row!.created_at.getTime()).toBeGreaterThan(11.9 * 3_600_000)
    expect(row!.expires_at.getTime() - row!.created_at.getTime()).toBeLessThanOrEqual(12 * 3_600_000 + 60_000)
    await t.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000), last_seen_at: new Date() })
      .where('id_hash', '=', sha256(cookie))
      .execute()
    await expectEnded(client)
    expect(await t.db.selectFrom('sessions').select('user_id').where('id_hash', '=', sha256(cookie)).executeTakeFirst()).toBeUndefined()
  })

  it('answers UNAUTHENTICATED (not SESSION_EXPIRED) without any cookie', async () => {
    const me = await t.client().get('/api/auth/me')
    expect(me.statusCode).toBe(401)
    expect(me.json().code).toBe('UNAUTHENTICATED')
  })
})

describe('account changes end sessions at once', () => {
  it('disabling a user ends all their sessions; they cannot sign in until enabled again', async () => {
    const { client: admin } = await t.signInAs('admin')
    const target = await t.createUser('firm_owner')
    const first = await t.signIn(target)
    const second = await t.signIn(target)
    expect((await first.get('/api/auth/me')).statusCode).toBe(200)

    const patched = await admin.patch(`/api/users/${target.id}`, { disabled: true })
    expect(patched.statusCode).toBe(200)
    expect(patched.json()).toMatchObject({ id: target.id, disabled: true })

    await expectEnded(first)
    await expectEnded(second)
    expect(await t.db.selectFrom('sessions').select('id_hash').where('user_id', '=', target.id).execute()).toHaveLength(0)
    const login = await t.client().post('/api/auth/login', { email: target.email, password: target.password })
    expect(login.statusCode).toBe(401)
    expect(login.json().code).toBe('LOGIN_FAILED')

    expect((await admin.patch(`/api/users/${target.id}`, { disabled: false })).statusCode).toBe(200)
    const again = await t.client().post('/api/auth/login', { email: target.email, password: target.password })
    expect(again.statusCode).toBe(200)
  })

  it('a disabled user is refused even if a session row somehow survived', async () => {
    // Defence in depth: the session check itself looks at users.disabled_at.
    const user = await t.createUser('buyer')
    const client = await t.signIn(user)
    await t.db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', user.id).execute()
    await expectEnded(client)
  })

  it('changing a role ends the sessions; the next sign-in carries the new role', async () => {
    const { client: admin } = await t.signInAs('admin')
    const target = await t.createUser('officer')
    const client = await t.signIn(target)
    expect((await client.get('/api/auth/me')).json().user.role).toBe('officer')

    const patched = await admin.patch(`/api/users/${target.id}`, { role: 'admin' })
    expect(patched.statusCode).toBe(200)
    expect(patched.json().role).toBe('admin')
    await expectEnded(client)

    // Sign in again by hand: the code of the current 30-second step was used once already.
    const again = t.client()
    const login = await again.post('/api/auth/login', { email: target.email, password: target.password })
    expect(login.json().stage).toBe('totp')
    const second = await again.post('/api/auth/totp', { code: await totpCode(target.totpSecret!, 1) })
    expect(second.statusCode).toBe(200)
    const me = await again.get('/api/auth/me')
    expect(me.json().user.role).toBe('admin')
    expect(me.json().user.permissions).toContain('audit.verify')
  })

  it('a PATCH that changes nothing leaves the sessions alone', async () => {
    const { client: admin } = await t.signInAs('admin')
    const target = await t.createUser('firm_owner')
    const client = await t.signIn(target)
    expect((await admin.patch(`/api/users/${target.id}`, { disabled: false })).statusCode).toBe(200)
    expect((await client.get('/api/auth/me')).statusCode).toBe(200)
  })

  it("disabling an organisation ends its users' sessions and no one else's", async () => {
    const { client: admin } = await t.signInAs('admin')
    const a = await t.createUser('marketplace_partner')
    const b = await t.createUser('marketplace_partner', { organisationId: a.organisationId })
    const outsider = await t.createUser('marketplace_partner')
    const clientA = await t.signIn(a)
    const clientB = await t.signIn(b)
    const clientOutsider = await t.signIn(outsider)

    const patched = await admin.patch(`/api/organisations/${a.organisationId}`, { disabled: true })
    expect(patched.statusCode).toBe(200)
    expect(patched.json().disabled).toBe(true)

    await expectEnded(clientA)
    await expectEnded(clientB)
    expect((await clientOutsider.get('/api/auth/me')).statusCode).toBe(200)
    const login = await t.client().post('/api/auth/login', { email: a.email, password: a.password })
    expect(login.statusCode).toBe(401)
  })
})

describe('cookies', () => {
  it('sets the session cookie HttpOnly, SameSite=Strict, Path=/, not Secure over plain HTTP', async () => {
    const user = await t.createUser('firm_owner')
    const client = t.client()
    const login = await client.post('/api/auth/login', { email: user.email, password: user.password })
    expect(login.statusCode).toBe(200)
    const attributes = cookieAttributes(login, 'pulih_session')
    expect(attributes.httponly).toBe(true)
    expect(attributes.samesite).toBe('Strict')
    expect(attributes.path).toBe('/')
    expect(attributes.secure).toBeUndefined()
    expect(attributes.domain).toBeUndefined()
    expect(Number(attributes['max-age'])).toBe(t.config.sessionAbsoluteHours * 3600)
  })

  it('sets the CSRF cookie HttpOnly, SameSite=Strict too', async () => {
    const response = await t.client().get('/api/auth/csrf')
    const attributes = cookieAttributes(response, 'pulih_csrf')
    expect(attributes.httponly).toBe(true)
    expect(attributes.samesite).toBe('Strict')
    expect(attributes.path).toBe('/')
  })

  describe('with secureCookies', () => {
    let s: TestApp
    beforeAll(async () => {
      s = await createTestApp({ ...LIMITS, secureCookies: true })
    })
    afterAll(async () => s.close())

    it('uses __Host- names and Secure, and the prefixed cookie authenticates', async () => {
      const user = await s.createUser('firm_owner')
      const client = s.client()
      const csrf = await client.request({ method: 'GET', url: '/api/auth/csrf' }, { csrf: false })
      const csrfAttributes = cookieAttributes(csrf, '__Host-pulih_csrf')
      expect(csrfAttributes.secure).toBe(true)
      expect(csrfAttributes.path).toBe('/')
      expect(csrfAttributes.domain).toBeUndefined()
      client.csrfToken = csrf.json().token

      const login = await client.post('/api/auth/login', { email: user.email, password: user.password })
      expect(login.statusCode).toBe(200)
      expect(setCookies(login).some((c) => c.startsWith('pulih_session='))).toBe(false)
      const attributes = cookieAttributes(login, '__Host-pulih_session')
      expect(attributes.secure).toBe(true)
      expect(attributes.httponly).toBe(true)
      expect(attributes.samesite).toBe('Strict')
      expect(attributes.path).toBe('/')
      expect(attributes.domain).toBeUndefined()
      expect((await client.get('/api/auth/me')).statusCode).toBe(200)

      // An unprefixed cookie with the same value is not accepted in this mode.
      const unprefixed = s.client()
      unprefixed.cookies.set('pulih_session', client.cookies.get('__Host-pulih_session')!)
      expect((await unprefixed.get('/api/auth/me')).statusCode).toBe(401)
    })
  })
})

describe('password change', () => {
  const NEW_PASSWORD = 'a brand new passphrase 2024'

  it('requires the current password and enforces the rules for the new one', async () => {
    const user = await t.createUser('firm_owner')
    const client = await t.signIn(user)

    const wrong = await client.post('/api/auth/password', { currentPassword: 'not my password 1', newPassword: NEW_PASSWORD })
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json().code).toBe('PASSWORD_CURRENT_WRONG')
    expect(wrong.json().details).toEqual({ field: 'currentPassword' })

    const short = await client.post('/api/auth/password', { currentPassword: user.password, newPassword: 'short pass1' })
    expect(short.statusCode).toBe(400)
    expect(short.json().code).toBe('PASSWORD_TOO_SHORT')

    const common = await client.post('/api/auth/password', { currentPassword: user.password, newPassword: 'qwerty123456' })
    expect(common.statusCode).toBe(400)
    expect(common.json().code).toBe('PASSWORD_TOO_COMMON')

    const local = user.email.split('@')[0]
    const withEmail = await client.post('/api/auth/password', { currentPassword: user.password, newPassword: `x${local}x` })
    expect(withEmail.statusCode).toBe(400)
    expect(withEmail.json().code).toBe('PASSWORD_CONTAINS_EMAIL')

    // None of the refusals changed anything: the old password still signs in.
    const login = await t.client().post('/api/auth/login', { email: user.email, password: user.password })
    expect(login.statusCode).toBe(200)
  })

  it('needs a fully signed-in session', async () => {
    const anonymous = await t.client().post('/api/auth/password', { currentPassword: 'x', newPassword: NEW_PASSWORD })
    expect(anonymous.statusCode).toBe(401)
  })

  it('endOtherSessions ends the other sessions, keeps this one, and the old password stops working', async () => {
    const user = await t.createUser('firm_owner')
    const current = await t.signIn(user)
    const other = await t.signIn(user)
    const third = await t.signIn(user)

    const changed = await current.post('/api/auth/password', { currentPassword: user.password, newPassword: NEW_PASSWORD, endOtherSessions: true })
    expect(changed.statusCode).toBe(204)

    expect((await current.get('/api/auth/me')).statusCode).toBe(200)
    await expectEnded(other)
    await expectEnded(third)
    expect(await t.db.selectFrom('sessions').select('id_hash').where('user_id', '=', user.id).execute()).toHaveLength(1)

    const old = await t.client().post('/api/auth/login', { email: user.email, password: user.password })
    expect(old.statusCode).toBe(401)
    const fresh = await t.client().post('/api/auth/login', { email: user.email, password: NEW_PASSWORD })
    expect(fresh.statusCode).toBe(200)

    const audit = await t.db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'after'])
      .where('action', '=', 'auth.password_changed')
      .where('entity_id', '=', user.id)
      .execute()
    expect(audit).toHaveLength(1)
    expect(audit[0].actor_user_id).toBe(user.id)
    expect(audit[0].after).toEqual({ endedOtherSessions: 2 })
  })

  it('ends other sessions by default, and keeps them with endOtherSessions false', async () => {
    const user = await t.createUser('firm_owner')
    const current = await t.signIn(user)
    const other = await t.signIn(user)
    const kept = await current.post('/api/auth/password', { currentPassword: user.password, newPassword: NEW_PASSWORD, endOtherSessions: false })
    expect(kept.statusCode).toBe(204)
    expect((await other.get('/api/auth/me')).statusCode).toBe(200)

    const byDefault = await current.post('/api/auth/password', { currentPassword: NEW_PASSWORD, newPassword: 'yet another passphrase 77' })
    expect(byDefault.statusCode).toBe(204)
    expect((await current.get('/api/auth/me')).statusCode).toBe(200)
    await expectEnded(other)
  })
})

describe('purging', () => {
  it('deletes ended sessions and stale throttling records, and keeps live ones', async () => {
    const { client: live } = await t.signInAs('supplier')
    const { client: idle, user: idleUser } = await t.signInAs('buyer')
    await t.db.updateTable('sessions').set({ last_seen_at: new Date(Date.now() - 31 * 60_000) }).where('user_id', '=', idleUser.id).execute()
    await t.db.insertInto('login_failures').values({ key_hash: sha256('stale'), failed_at: new Date(Date.now() - 16 * 60_000) }).execute()
    await t.db.insertInto('login_failures').values({ key_hash: sha256('fresh'), failed_at: new Date() }).execute()
    await purgeExpired(t.db, t.config)
    expect(await t.db.selectFrom('sessions').select('id_hash').where('user_id', '=', idleUser.id).execute()).toEqual([])
    expect((await live.get('/api/auth/me')).statusCode).toBe(200)
    expect((await idle.get('/api/auth/me')).statusCode).toBe(401)
    const keys = (await t.db.selectFrom('login_failures').select('key_hash').execute()).map((r) => r.key_hash.toString('hex'))
    expect(keys).toContain(sha256('fresh').toString('hex'))
    expect(keys).not.toContain(sha256('stale').toString('hex'))
  })
})
