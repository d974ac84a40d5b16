import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, totpCode, type TestApp } from '../../../test/app.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => t.close())

describe('sign-in', () => {
  it('signs in a firm owner with a password only, and /me answers', async () => {
    const user = await t.createUser('firm_owner')
    const client = t.client()
    const login = await client.post('/api/auth/login', { email: user.email, password: user.password })
    expect(login.statusCode).toBe(200)
    expect(login.json()).toMatchObject({ stage: 'full', user: { email: user.email, role: 'firm_owner' } })
    const me = await client.get('/api/auth/me')
    expect(me.statusCode).toBe(200)
    expect(me.json().user.permissions).toEqual([
      'firms.read', 'firms.reveal_personal_data', 'assessment.rounds.read', 'assessment.respond',
      'marketplace.read', 'marketplace.pipeline', 'marketplace.consent', 'marketplace.workshops.register', 'marketplace.listings', 'marketplace.sales.read',
    ])
  })

  it('requires TOTP for officers; nothing but the second step is reachable before it', async () => {
    const user = await t.createUser('officer')
    const client = t.client()
    const login = await client.post('/api/auth/login', { email: user.email, password: user.password })
    expect(login.json().stage).toBe('totp')
    const users = await client.get('/api/users')
    expect(users.statusCode).toBe(401)
    expect(users.json().code).toBe('TOTP_REQUIRED')
    const wrong = await client.post('/api/auth/totp', { code: '000000' })
    expect(wrong.statusCode).toBe(401)
    expect(wrong.json().code).toBe('TOTP_INVALID')
    const code = await totpCode(user.totpSecret!)
    const ok = await client.post('/api/auth/totp', { code })
    expect(ok.statusCode).toBe(200)
    expect(ok.json().stage).toBe('full')
    expect((await client.get('/api/users')).statusCode).toBe(200)

    // The same code cannot be used twice (single use), even on a new sign-in.
    const again = t.client()
    await again.post('/api/auth/login', { email: user.email, password: user.password })
    const replay = await again.post('/api/auth/totp', { code })
    expect(replay.statusCode).toBe(401)
    expect(replay.json().code).toBe('TOTP_INVALID')
  })

  it('answers the same for an unknown account and a wrong password', async () => {
    const user = await t.createUser('supplier')
    const unknown = await t.client().post('/api/auth/login', { email: 'nobody@test.pulih.id', password: 'whatever password 1' })
    const wrong = await t.client().post('/api/auth/login', { email: user.email, password: 'not the password 1' })
    expect(unknown.statusCode).toBe(401)
    expect(wrong.statusCode).toBe(401)
    const strip = (body: { requestId: string }) => ({ ...body, requestId: undefined })
    expect(strip(unknown.json())).toEqual(strip(wrong.json()))
  })

  it('localises errors: Bahasa Indonesia by default, English on request', async () => {
    const id = await t.client().post('/api/auth/login', { email: 'x@test.pulih.id', password: 'nope nope nope' })
    expect(id.json().message).toBe('Email atau kata sandi salah.')
    const en = await t.client({ 'accept-language': 'en-GB,en;q=0.9' }).post('/api/auth/login', { email: 'x@test.pulih.id', password: 'nope' })
    expect(en.json().message).toBe('Wrong e-mail or password.')
  })

  it('issues a new session id at login and invalidates it at logout', async () => {
    const user = await t.createUser('buyer')
    const client = t.client()
    await client.post('/api/auth/login', { email: user.email, password: user.password })
    const first = client.cookies.get('pulih_session')
    await client.post('/api/auth/login', { email: user.email, password: user.password })
    const second = client.cookies.get('pulih_session')
    expect(first).toBeTruthy()
    expect(second).not.toBe(first)
    // The old cookie no longer works.
    const stale = t.client()
    stale.cookies.set('pulih_session', first!)
    expect((await stale.get('/api/auth/me')).statusCode).toBe(401)

    const logout = await client.post('/api/auth/logout')
    expect(logout.statusCode).toBe(204)
    const replay = t.client()
    replay.cookies.set('pulih_session', second!)
    expect((await replay.get('/api/auth/me')).statusCode).toBe(401)
  })
})
