import crypto from 'node:crypto'
import path from 'node:path'
import { Writable } from 'node:stream'
import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp, loggerOptions } from '../../app.ts'
import { loadConfig } from '../../config.ts'
import { createDb, createPool } from '../../db/database.ts'
import { keysFromMaster } from '../secrets.ts'
import { createTestApp, TEST_PASSWORD, totpCode, type TestApp } from '../../../test/app.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => t.close())

describe('health and API documents', () => {
  it('answers 200 when the database answers', async () => {
    const response = await t.client().get('/api/health')
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ status: 'ok' })
  })

  it('answers 503 when the database does not', async () => {
    const pool = createPool('postgres://nobody@127.0.0.1:1/none')
    const app = await buildApp({ config: loadConfig({}), db: createDb(pool), keys: keysFromMaster(crypto.randomBytes(32)) })
    const response = await app.inject({ method: 'GET', url: '/api/health' })
    expect(response.statusCode).toBe(503)
    expect(response.json()).toEqual({ status: 'unavailable' })
    await app.close()
    await pool.end()
  })

  it('serves the OpenAPI document and the browsable docs', async () => {
    const document = await t.client().get('/api/openapi.json')
    expect(document.statusCode).toBe(200)
    expect(document.json().openapi).toMatch(/^3\./)
    expect(document.json().paths['/api/auth/login']).toBeDefined()
    const docs = await t.client().get('/api/docs')
    expect(docs.statusCode).toBe(200)
    expect(docs.headers['content-type']).toContain('text/html')
    expect(docs.headers['content-security-policy']).toContain("frame-ancestors 'none'")
  })

  it('serves the web app for client-side routes and a coded 404 for unknown API paths', async () => {
    const page = await t.client().get('/admin/users')
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-type']).toContain('text/html')
    const api = await t.client().get('/api/does-not-exist')
    expect(api.statusCode).toBe(404)
    expect(api.json().code).toBe('NOT_FOUND')
  })
})

describe('logs', () => {
  it('carry request ids and never passwords, cookies, tokens or query strings', async () => {
    const lines: string[] = []
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk))
        done()
      },
    })
    const options = { ...(loggerOptions('info') as object), stream }
    const app = await buildApp({ config: t.config, db: t.db, keys: t.keys, logger: options as never, webDist: '/nonexistent' })
    const user = await t.createUser('officer')
    const csrf = await app.inject({ method: 'GET', url: '/api/auth/csrf' })
    const csrfCookie = csrf.cookies.find((c) => c.name === 'pulih_csrf')!.value
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { cookie: `pulih_csrf=${csrfCookie}`, 'x-csrf-token': csrf.json().token },
      payload: { email: user.email, password: TEST_PASSWORD },
    })
    const session = login.cookies.find((c) => c.name === 'pulih_session')!.value
    await app.inject({
      method: 'POST',
      url: '/api/auth/totp',
      headers: { cookie: `pulih_csrf=${csrfCookie}; pulih_session=${session}`, 'x-csrf-token': csrf.json().token },
      payload: { code: await totpCode(user.totpSecret!) },
    })
    await app.inject({ method: 'GET', url: '/api/reference/kbli?q=rahasia-pencarian', headers: { cookie: `pulih_session=${session}` } })
    await app.close()
    const log = lines.join('')
    expect(log).toContain('"reqId"')
    expect(log).not.toContain(TEST_PASSWORD)
    expect(log).not.toContain(session)
    expect(log).not.toContain(csrfCookie)
    expect(log).not.toContain('rahasia-pencarian')
  })
})

describe('CLI', () => {
  const cli = (args: string[], input?: string) =>
    spawnSync(process.execPath, [path.resolve('bin/pulih.js'), ...args], {
      env: { ...process.env, DATABASE_URL: t.ownerUrl, PULIH_SECRET_KEY: crypto.createHash('sha256').update('k').digest('hex') },
      input,
      encoding: 'utf8',
      timeout: 60_000,
    })

  it('creates a user from standard input and prints the authenticator URI for roles with a second factor', async () => {
    const result = cli(['user', 'create', '--email', 'Cli.Officer@test.pulih.id', '--name', 'CLI Officer', '--role', 'officer', '--password-stdin'], 'a long cli password 77\n')
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('created user cli.officer@test.pulih.id (officer, Kementerian Perindustrian)')
    expect(result.stdout).toMatch(/otpauth:\/\/totp\/Pulih:cli\.officer%40test\.pulih\.id\?secret=[A-Z2-7]+/)
    const row = await t.db.selectFrom('users').select(['role', 'totp_confirmed_at']).where('email', '=', 'cli.officer@test.pulih.id').executeTakeFirstOrThrow()
    expect(row.role).toBe('officer')
    expect(row.totp_confirmed_at).not.toBeNull()
  }, 60_000)

  it('exits non-zero with a clear message on bad input', () => {
    const weak = cli(['user', 'create', '--email', 'weak@test.pulih.id', '--name', 'Weak', '--role', 'admin', '--password-stdin'], 'short\n')
    expect(weak.status).toBe(1)
    expect(weak.stderr).toContain('PASSWORD_TOO_SHORT')
    const noOrg = cli(['user', 'create', '--email', 'b@test.pulih.id', '--name', 'B', '--role', 'bank_officer', '--password-stdin'], 'a long cli password 77\n')
    expect(noOrg.status).toBe(1)
    expect(noOrg.stderr).toContain('--org is required for role bank_officer')
    const badRole = cli(['user', 'create', '--email', 'c@test.pulih.id', '--name', 'C', '--role', 'king', '--password-stdin'], 'x\n')
    expect(badRole.status).not.toBe(0)
    expect(badRole.stderr).toContain("Allowed choices are admin, officer")
  }, 120_000)
})
