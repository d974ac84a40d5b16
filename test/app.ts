// Test harness: the real app (buildApp) on a fresh database, with a cookie-keeping client that
// fetches the CSRF token like the web app does, and factories for organisations and users.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { generate } from 'otplib'
import { buildApp } from '../server/app.ts'
import { loadConfig, type Config } from '../server/config.ts'
import { keysFromMaster, type Keys } from '../server/platform/secrets.ts'
import { ROLE_ORGANISATION_KIND, type OrganisationKind, type Role } from '../server/platform/access/roles.ts'
import { SYSTEM_CONTEXT } from '../server/platform/audit/audit.service.ts'
import { createOrganisation, createUserWithPassword, ministryOrganisation } from '../server/modules/identity/index.ts'
import type { Database } from '../server/db/database.ts'
import { createTestDatabase } from './database.ts'

export interface TestUser {
  id: string
  email: string
  password: string
  role: Role
  organisationId: string
  totpSecret: string | null
}

export class TestClient {
  cookies = new Map<string, string>()
  csrfToken: string | null = null

  constructor(
    private readonly app: FastifyInstance,
    readonly headers: Record<string, string> = {},
  ) {}

  private cookieHeader(): string | undefined {
    if (this.cookies.size === 0) return undefined
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  private keepCookies(response: LightMyRequestResponse) {
    for (const cookie of response.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      const expired = cookie.maxAge === 0 || (cookie.expires && cookie.expires.getTime() <= Date.now()) || cookie.value === ''
      if (expired) this.cookies.delete(cookie.name)
      else this.cookies.set(cookie.name, cookie.value)
    }
  }

  async fetchCsrf(): Promise<string> {
    const response = await this.request({ method: 'GET', url: '/api/auth/csrf' }, { csrf: false })
    this.csrfToken = response.json().token
    return this.csrfToken!
  }

  /** Sends a request with this client's cookies; unsafe methods carry the CSRF token unless told not to. */
  async request(options: InjectOptions, extra: { csrf?: boolean } = {}): Promise<LightMyRequestResponse> {
    const method = (options.method ?? 'GET').toUpperCase()
    const headers: Record<string, string> = { ...this.headers, ...(options.headers as Record<string, string>) }
    const cookie = this.cookieHeader()
    if (cookie) headers.cookie = cookie
    if (extra.csrf !== false && !['GET', 'HEAD', 'OPTIONS'].includes(method)) {
      headers['x-csrf-token'] = this.csrfToken ?? (await this.fetchCsrf())
      const refreshed = this.cookieHeader()
      if (refreshed) headers.cookie = refreshed
    }
    const response = await this.app.inject({ ...options, headers })
    this.keepCookies(response)
    return response
  }

  get = (url: string, headers?: Record<string, string>) => this.request({ method: 'GET', url, headers })
  post = (url: string, payload?: unknown) => this.request({ method: 'POST', url, payload: payload as InjectOptions['payload'] })
  patch = (url: string, payload?: unknown) => this.request({ method: 'PATCH', url, payload: payload as InjectOptions['payload'] })
  put = (url: string, payload?: unknown) => this.request({ method: 'PUT', url, payload: payload as InjectOptions['payload'] })
  delete = (url: string) => this.request({ method: 'DELETE', url })
}

/** A TOTP code for the secret; `stepOffset` 1 gives the next 30-second step (still accepted). */
export async function totpCode(secret: string, stepOffset = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + stepOffset * 30 })
}

export interface TestApp {
  app: FastifyInstance
  db: Database
  ownerUrl: string
  config: Config
  keys: Keys
  client(headers?: Record<string, string>): TestClient
  /** Creates an organisation of the role's kind (unless given) and a user in it. */
  createUser(role: Role, options?: { organisationId?: string; organisation?: Partial<OrgInput>; email?: string }): Promise<TestUser>
  createOrganisation(input: OrgInput): Promise<string>
  /** A client signed in as a new (or given) user, through the real login and TOTP steps. */
  signIn(user: TestUser): Promise<TestClient>
  signInAs(role: Role, options?: Parameters<TestApp['createUser']>[1]): Promise<{ client: TestClient; user: TestUser }>
  close(): Promise<void>
}

interface OrgInput {
  kind: OrganisationKind
  name: string
  provinceCode?: string
  regencyCode?: string
  countries?: string[]
}

const DEFAULT_ORG: Record<OrganisationKind, Omit<OrgInput, 'name'>> = {
  ministry: { kind: 'ministry' },
  regional_office: { kind: 'regional_office', provinceCode: '32' },
  marketplace: { kind: 'marketplace' },
  bank: { kind: 'bank' },
  supplier: { kind: 'supplier' },
  embassy: { kind: 'embassy', countries: ['JP'] },
  buyer: { kind: 'buyer', countries: ['JP'] },
  firm: { kind: 'firm', provinceCode: '32', regencyCode: '32.04' },
}

export const TEST_PASSWORD = 'correct horse battery staple 42'

export async function createTestApp(configOverrides: Partial<Config> = {}): Promise<TestApp> {
  const database = await createTestDatabase()
  const config: Config = { ...loadConfig({ LOG_LEVEL: 'silent' }), ...configOverrides }
  const keys = keysFromMaster(crypto.randomBytes(32))
  // A stand-in web build so the static and client-side routes exist as in production.
  const webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'pulih-web-'))
  fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><html lang="id"><title>Pulih</title></html>')
  // The duplicate finder's worker stays off: tests check queued firms themselves (drainDuplicateQueue).
  const app = await buildApp({ config, db: database.db, keys, logger: false, webDist, backgroundJobs: false })
  await app.ready()
  let counter = 0

  const createOrg = async (input: OrgInput) => (await createOrganisation(database.db, null, SYSTEM_CONTEXT, input, { trusted: true })).id

  const createUser: TestApp['createUser'] = async (role, options = {}) => {
    counter++
    let organisationId = options.organisationId
    if (!organisationId) {
      const kind = ROLE_ORGANISATION_KIND[role]
      organisationId =
        kind === 'ministry'
          ? (await ministryOrganisation(database.db)).id
          : await createOrg({ ...DEFAULT_ORG[kind], name: `Test ${kind} ${counter} ${crypto.randomBytes(3).toString('hex')}`, ...options.organisation } as OrgInput)
    }
    const email = options.email ?? `${role}.${counter}.${crypto.randomBytes(3).toString('hex')}@test.pulih.id`
    const created = await createUserWithPassword(database.db, keys, SYSTEM_CONTEXT, {
      email,
      name: `Test ${role} ${counter}`,
      role,
      organisationId,
      password: TEST_PASSWORD,
    })
    const totpSecret = created.otpauthUri ? new URL(created.otpauthUri).searchParams.get('secret') : null
    return { id: created.user.id, email, password: TEST_PASSWORD, role, organisationId, totpSecret }
  }

  const signIn = async (user: TestUser) => {
    const client = new TestClient(app)
    const login = await client.post('/api/auth/login', { email: user.email, password: user.password })
    if (login.statusCode !== 200) throw new Error(`login failed: ${login.statusCode} ${login.body}`)
    if (login.json().stage === 'totp') {
      const second = await client.post('/api/auth/totp', { code: await totpCode(user.totpSecret!) })
      if (second.statusCode !== 200) throw new Error(`totp failed: ${second.statusCode} ${second.body}`)
    }
    return client
  }

  return {
    app,
    db: database.db,
    ownerUrl: database.ownerUrl,
    config,
    keys,
    client: (headers) => new TestClient(app, headers),
    createUser,
    createOrganisation: createOrg,
    signIn,
    signInAs: async (role, options) => {
      const user = await createUser(role, options)
      return { client: await signIn(user), user }
    },
    close: async () => {
      await app.close()
      await database.close()
    },
  }
}
