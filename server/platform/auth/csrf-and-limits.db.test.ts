import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { createTestApp, type TestApp } from '../../../test/app.ts'

// Generous per-IP limits so that only the behaviour under test (CSRF, account throttling, …) answers.
const LIMITS = { rateLimit: { apiPerMinute: 100_000, loginPerMinute: 100_000 } }

let t: TestApp
beforeAll(async () => {
  t = await createTestApp(LIMITS)
})
afterAll(async () => t.close())

/** Internals must never leak: no stack frames, no file paths of the server. */
function expectNoInternals(response: LightMyRequestResponse) {
  expect(response.body).not.toMatch(/\n\s*at /)
  expect(response.body).not.toMatch(/\bat [^ ]+ \(/)
  expect(response.body).not.toMatch(/node_modules|\.ts:\d+/)
  expect(Object.keys(response.json()).sort()).toEqual(expect.arrayContaining(['code', 'message', 'requestId']))
  expect(response.json()).not.toHaveProperty('stack')
}

describe('CSRF protection', () => {
  it('refuses a state-changing request with the session cookie but no X-CSRF-Token', async () => {
    const { client } = await t.signInAs('firm_owner')
    const response = await client.request({ method: 'POST', url: '/api/auth/logout' }, { csrf: false })
    expect(response.statusCode).toBe(403)
    expect(response.json().code).toBe('CSRF_TOKEN_INVALID')
    // The refused logout did not happen.
    expect((await client.get('/api/auth/me')).statusCode).toBe(200)
  })

  it('refuses a wrong token, and a token minted for another CSRF cookie', async () => {
    const { client } = await t.signInAs('firm_owner')
    const wrong = await client.request(
      { method: 'POST', url: '/api/auth/logout', headers: { 'x-csrf-token': 'A'.repeat(43) } },
      { csrf: false },
    )
    expect(wrong.statusCode).toBe(403)
    expect(wrong.json().code).toBe('CSRF_TOKEN_INVALID')

    // A valid token, but for someone else's CSRF cookie: the attacker's own token is useless.
    const attacker = t.client()
    const foreignToken = await attacker.fetchCsrf()
    expect(foreignToken).not.toBe(client.csrfToken)
    const foreign = await client.request(
      { method: 'POST', url: '/api/auth/logout', headers: { 'x-csrf-token': foreignToken } },
      { csrf: false },
    )
    expect(foreign.statusCode).toBe(403)
    expect(foreign.json().code).toBe('CSRF_TOKEN_INVALID')
    expect((await client.get('/api/auth/me')).statusCode).toBe(200)
  })

  it('refuses a token without its cookie', async () => {
    const { client } = await t.signInAs('firm_owner')
    const token = client.csrfToken!
    const session = client.cookies.get('pulih_session')!
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: `pulih_session=${session}`, 'x-csrf-token': token },
    })
    expect(response.statusCode).toBe(403)
    expect(response.json().code).toBe('CSRF_TOKEN_INVALID')
  })

  it('refuses a request the browser marks as cross-site, even with a valid token', async () => {
    const { client } = await t.signInAs('firm_owner')
    const crossSite = await client.request({ method: 'POST', url: '/api/auth/logout', headers: { 'sec-fetch-site': 'cross-site' } })
    expect(crossSite.statusCode).toBe(403)
    expect(crossSite.json().code).toBe('CSRF_TOKEN_INVALID')
    const sameOrigin = await client.request({ method: 'POST', url: '/api/auth/logout', headers: { 'sec-fetch-site': 'same-origin' } })
    expect(sameOrigin.statusCode).toBe(204)
  })

  it('protects the login form too (no login CSRF)', async () => {
    const user = await t.createUser('firm_owner')
    const response = await t.client().request(
      { method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: user.password } },
      { csrf: false },
    )
    expect(response.statusCode).toBe(403)
    expect(response.json().code).toBe('CSRF_TOKEN_INVALID')
  })

  it('needs no token for GET', async () => {
    const { client } = await t.signInAs('firm_owner')
    const me = await client.request({ method: 'GET', url: '/api/auth/me' }, { csrf: false })
    expect(me.statusCode).toBe(200)
  })

  it('needs no token for a request with a Bearer API token', async () => {
    const { client } = await t.signInAs('bank_officer')
    const created = await client.post('/api/tokens', { name: 'core banking' })
    expect(created.statusCode).toBe(201)
    const token = created.json().token as string
    // A state-changing call with the token passes the CSRF check (and meets the next rule instead).
    const viaBearer = await t.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { authorization: `Bearer ${token}` },
      payload: { name: 'made by the partner system' },
    })
    expect(viaBearer.json().code).toBe('INTERACTIVE_SESSION_REQUIRED')
    // Even a cross-site marker is irrelevant: browsers never attach the token on their own.
    const logout = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { authorization: `Bearer ${token}`, 'sec-fetch-site': 'cross-site' },
    })
    expect(logout.statusCode).toBe(204)
  })
})

describe('login throttling per account', () => {
  async function failTimes(email: string, times: number) {
    for (let i = 0; i < times; i++) {
      const response = await t.client().post('/api/auth/login', { email, password: `wrong password ${i}` })
      expect(response.statusCode).toBe(401)
      expect(response.json().code).toBe('LOGIN_FAILED')
    }
  }

  it('after 10 failures in 15 minutes refuses even the right password, then frees the account', async () => {
    const user = await t.createUser('firm_owner')
    await failTimes(user.email, 10)
    const throttled = await t.client().post('/api/auth/login', { email: user.email, password: user.password })
    expect(throttled.statusCode).toBe(429)
    expect(throttled.json().code).toBe('LOGIN_THROTTLED')
    expect(throttled.json().message).toMatch(/\d/)
    // The address is normalised: other letter case or spaces do not escape the count.
    const upper = await t.client().post('/api/auth/login', { email: ` ${user.email.toUpperCase()} `, password: user.password })
    expect(upper.statusCode).toBe(429)
    // Another account is not affected.
    const other = await t.createUser('firm_owner')
    expect((await t.client().post('/api/auth/login', { email: other.email, password: other.password })).statusCode).toBe(200)

    // Once the failures are older than the window, the right password works again.
    await t.db.updateTable('login_failures').set({ failed_at: new Date(Date.now() - 16 * 60_000) }).execute()
    expect((await t.client().post('/api/auth/login', { email: user.email, password: user.password })).statusCode).toBe(200)
  })

  it('9 failures do not throttle, and a success resets the count', async () => {
    const user = await t.createUser('firm_owner')
    await failTimes(user.email, 9)
    expect((await t.client().post('/api/auth/login', { email: user.email, password: user.password })).statusCode).toBe(200)
    await failTimes(user.email, 9)
    expect((await t.client().post('/api/auth/login', { email: user.email, password: user.password })).statusCode).toBe(200)
  })

  it('answers the same for an unknown e-mail (no account oracle)', async () => {
    const email = `nobody.${Date.now()}@test.pulih.id`
    await failTimes(email, 10)
    const throttled = await t.client().post('/api/auth/login', { email, password: 'any password at all' })
    expect(throttled.statusCode).toBe(429)
    expect(throttled.json().code).toBe('LOGIN_THROTTLED')
  })

  it('audits failed sign-ins without the password', async () => {
    const user = await t.createUser('supplier')
    await failTimes(user.email, 1)
    const rows = await t.db
      .selectFrom('audit_log')
      .select(['after', 'entity_id'])
      .where('action', '=', 'auth.login_failed')
      .where('entity_id', '=', user.id)
      .execute()
    expect(rows).toHaveLength(1)
    expect(rows[0].after).toEqual({ reason: 'wrong_password' })
    expect(JSON.stringify(rows)).not.toContain('wrong password 0')
  })
})

describe('per-IP rate limits', () => {
  it('limits POST /api/auth/login per minute with RATE_LIMITED and Retry-After', async () => {
    const limited = await createTestApp({ rateLimit: { apiPerMinute: 600, loginPerMinute: 3 } })
    try {
      const client = limited.client()
      for (let i = 0; i < 3; i++) {
        const response = await client.post('/api/auth/login', { email: 'someone@test.pulih.id', password: 'wrong password here' })
        expect(response.statusCode).toBe(401)
      }
      const fourth = await client.post('/api/auth/login', { email: 'someone@test.pulih.id', password: 'wrong password here' })
      expect(fourth.statusCode).toBe(429)
      expect(fourth.json().code).toBe('RATE_LIMITED')
      expect(Number(fourth.headers['retry-after'])).toBeGreaterThan(0)
      expectNoInternals(fourth)
      // X-Forwarded-For is not trusted by default: a spoofed address does not reset the limit.
      const spoofed = await client.request({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-forwarded-for': '203.0.113.9' },
        payload: { email: 'someone@test.pulih.id', password: 'wrong password here' },
      })
      expect(spoofed.statusCode).toBe(429)
      // Other routes have their own, larger budget.
      expect((await client.get('/api/setup/status')).statusCode).toBe(200)
    } finally {
      await limited.close()
    }
  })

  it('limits every API route per minute; health checks are exempt', async () => {
    const limited = await createTestApp({ rateLimit: { apiPerMinute: 5, loginPerMinute: 5 } })
    try {
      const client = limited.client()
      for (let i = 0; i < 5; i++) expect((await client.get('/api/setup/status')).statusCode).toBe(200)
      const sixth = await client.get('/api/setup/status')
      expect(sixth.statusCode).toBe(429)
      expect(sixth.json().code).toBe('RATE_LIMITED')
      expect(sixth.headers['retry-after']).toBeDefined()
      expect((await client.get('/api/health')).statusCode).toBe(200)
    } finally {
      await limited.close()
    }
  })
})

describe('security headers', () => {
  it('sends CSP, HSTS, nosniff, referrer policy and no-store on API answers', async () => {
    const response = await t.client().get('/api/setup/status')
    expect(response.statusCode).toBe(200)
    const csp = String(response.headers['content-security-policy'])
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("object-src 'none'")
    expect(csp).toContain("base-uri 'none'")
    expect(csp).toContain("default-src 'self'")
    expect(csp).not.toContain('unsafe-inline')
    expect(csp).not.toContain('unsafe-eval')
    expect(String(response.headers['strict-transport-security'])).toMatch(/max-age=\d+/)
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(response.headers['referrer-policy']).toBe('no-referrer')
    expect(response.headers['cache-control']).toBe('no-store')
    expect(response.headers['x-powered-by']).toBeUndefined()
  })

  it('sends no-store on API errors too', async () => {
    const response = await t.client().get('/api/users')
    expect(response.statusCode).toBe(401)
    expect(response.headers['cache-control']).toBe('no-store')
    expect(String(response.headers['content-security-policy'])).toContain("frame-ancestors 'none'")
  })
})

describe('request bodies and validation', () => {
  it('refuses a body over 1 MiB with 413 BODY_TOO_LARGE', async () => {
    const client = t.client()
    const payload = JSON.stringify({ email: 'big@test.pulih.id', password: 'x'.repeat(2 * 1024 * 1024) })
    const response = await client.request({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload,
    })
    expect(response.statusCode).toBe(413)
    expect(response.json().code).toBe('BODY_TOO_LARGE')
    expectNoInternals(response)
  })

  it('answers a wrongly typed field with VALIDATION_FAILED naming the field', async () => {
    const response = await t.client().post('/api/auth/login', { email: 5, password: 'a long enough password' })
    expect(response.statusCode).toBe(400)
    expect(response.json().code).toBe('VALIDATION_FAILED')
    expect(response.json().details.field).toBe('body.email')
    expectNoInternals(response)
  })

  it('names a missing field', async () => {
    const response = await t.client().post('/api/auth/login', { email: 'someone@test.pulih.id' })
    expect(response.statusCode).toBe(400)
    expect(response.json().code).toBe('VALIDATION_FAILED')
    expect(response.json().details).toMatchObject({ field: 'body.password', keyword: 'required' })
  })

  it('refuses an extra property', async () => {
    const response = await t.client().post('/api/auth/login', { email: 'someone@test.pulih.id', password: 'a long enough password', role: 'admin' })
    expect(response.statusCode).toBe(400)
    expect(response.json().code).toBe('VALIDATION_FAILED')
    expect(response.json().details).toMatchObject({ field: 'body.role', keyword: 'additionalProperties' })
  })

  it('refuses a prototype-poisoning body', async () => {
    const response = await t.client().request({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":"someone@test.pulih.id","password":"a long enough password","__proto__":{"x":1}}',
    })
    expect(response.statusCode).toBe(400)
    expect(response.json().code).toBe('VALIDATION_FAILED')
    expect(response.json().details.field).toBe('body')
    expectNoInternals(response)
    // Nothing leaked into Object.prototype.
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })

  it('refuses malformed JSON without internals', async () => {
    const response = await t.client().request({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": ',
    })
    expect(response.statusCode).toBe(400)
    expect(response.json().code).toBe('VALIDATION_FAILED')
    expectNoInternals(response)
  })

  it('answers unknown API paths with a coded 404', async () => {
    const response = await t.client().get('/api/does-not-exist')
    expect(response.statusCode).toBe(404)
    expect(response.json().code).toBe('NOT_FOUND')
    expectNoInternals(response)
  })
})
