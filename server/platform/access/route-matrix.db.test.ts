// The role × route matrix (route-matrix.json) is the contract of who may call what. This test
// fails when a route is missing from it, when it names a route that does not exist, or when any
// role (or an anonymous caller) gets an answer outside it.
import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, type TestClient } from '../../../test/app.ts'
import { routeKey, routeMatrix } from './access.plugin.ts'
import { ROLES, type Role } from './roles.ts'

let t: TestApp
const clients = new Map<Role | 'anonymous', TestClient>()

beforeAll(async () => {
  t = await createTestApp({ rateLimit: { apiPerMinute: 100_000, loginPerMinute: 100_000 } })
  clients.set('anonymous', t.client())
  for (const role of ROLES) clients.set(role, (await t.signInAs(role)).client)
}, 120_000)
afterAll(async () => t.close())

/** A concrete URL for a route pattern, with well-formed values for its parameters. */
function concreteUrl(pattern: string): string {
  return pattern
    .replace('/provinces/:code', '/provinces/32')
    .replace('/regencies/:code', '/regencies/32.04')
    .replace(/:\w+/g, () => crypto.randomUUID())
    .replace(/\*$/, 'index.html')
}

describe('route matrix', () => {
  it('lists every registered route, and only those', () => {
    const registered = new Set(t.app.registeredRoutes.map((r) => routeKey(r.method, r.url)))
    const missing = [...registered].filter((key) => !(key in routeMatrix))
    const stale = Object.keys(routeMatrix).filter((key) => !registered.has(key))
    expect(missing, 'routes missing from route-matrix.json').toEqual([])
    expect(stale, 'route-matrix.json entries without a route').toEqual([])
  })

  it('answers every role and anonymous callers as the matrix says', async () => {
    const violations: string[] = []
    // Signing out ends the clients' sessions, so it goes last.
    const isLogout = (r: { url: string }) => r.url === '/api/auth/logout'
    const routes = [...t.app.registeredRoutes.filter((r) => !isLogout(r)), ...t.app.registeredRoutes.filter(isLogout)]
    for (const route of routes) {
      const access = routeMatrix[routeKey(route.method, route.url)]
      for (const [who, client] of clients) {
        const allowed =
          access === 'public' ||
          (who !== 'anonymous' && (access === 'session' || access === 'authenticated' || (Array.isArray(access) && access.includes(who))))
        const response = await client.request({
          method: route.method as 'GET',
          url: concreteUrl(route.url),
          ...(['POST', 'PATCH', 'PUT'].includes(route.method) ? { payload: {} } : {}),
        })
        const status = response.statusCode
        // Public routes that log in or accept invitations may legitimately answer 401 to a bad body.
        const deniedStatus = status === 401 || status === 403
        if (allowed && deniedStatus && !(access === 'public' && status === 401)) {
          violations.push(`${who} ${route.method} ${route.url}: expected access, got ${status} ${response.body}`)
        }
        if (!allowed) {
          const expected = who === 'anonymous' ? 401 : 403
          if (status !== expected) violations.push(`${who} ${route.method} ${route.url}: expected ${expected}, got ${status}`)
        }
      }
    }
    expect(violations).toEqual([])
  }, 120_000)

  it('audits denied attempts', async () => {
    const { client: firmOwner } = await t.signInAs('firm_owner')
    expect((await firmOwner.get('/api/users')).statusCode).toBe(403)
    const denial = await t.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id', 'actor_role'])
      .where('action', '=', 'access.denied')
      .where('entity_id', '=', 'GET /api/users')
      .where('actor_role', '=', 'firm_owner')
      .executeTakeFirst()
    expect(denial).toBeDefined()
  })
})
