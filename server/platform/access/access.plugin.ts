import fp from 'fastify-plugin'
import type { FastifyRequest } from 'fastify'
import type { Database } from '../../db/database.ts'
import { AppError } from '../errors.ts'
import { requireActor } from '../auth/auth.plugin.ts'
import { auditContextOf, recordAudit } from '../audit/audit.service.ts'
import { ROLES, type Role } from './roles.ts'
import matrix from './route-matrix.json' with { type: 'json' }

/**
 * Who may call a route at all:
 * - `public`: anyone, signed in or not;
 * - `session`: any session, also one whose second factor is still pending;
 * - `authenticated`: any fully signed-in user;
 * - a list of roles.
 * Data-level rules (whose records) are the services' job, through access/policy.ts.
 */
export type RouteAccess = 'public' | 'session' | 'authenticated' | Role[]

export const routeMatrix = matrix as Record<string, RouteAccess>

export function routeKey(method: string, url: string): string {
  return `${method === 'HEAD' ? 'GET' : method} ${url}`
}

export function accessFor(method: string, url: string): RouteAccess | undefined {
  return routeMatrix[routeKey(method, url)]
}

function validateMatrix() {
  for (const [key, access] of Object.entries(routeMatrix)) {
    if (typeof access === 'string' && ['public', 'session', 'authenticated'].includes(access)) continue
    if (Array.isArray(access) && access.length > 0 && access.every((r) => (ROLES as readonly string[]).includes(r))) continue
    throw new Error(`route-matrix.json: invalid access for "${key}"`)
  }
}

async function denied(db: Database, request: FastifyRequest, reason: string): Promise<never> {
  // Failed authorisation attempts are security events (ASVS 16.3.2); they have no business
  // transaction, so they are written on their own.
  await recordAudit(db, auditContextOf(request), {
    action: 'access.denied',
    entityType: 'route',
    entityId: `${request.method} ${request.routeOptions.url ?? request.url}`,
    after: { reason },
  }).catch((error) => request.log.error({ err: error }, 'could not audit an access denial'))
  throw new AppError('FORBIDDEN', 403)
}

/** Default deny: a route missing from route-matrix.json answers 403 to everyone. */
export const accessPlugin = fp(
  async (app, options: { db: Database }) => {
    validateMatrix()
    app.addHook('onRequest', async (request) => {
      const url = request.routeOptions.url
      if (url === undefined) return // no route matched: the not-found handler answers
      const access = accessFor(request.method, url)
      if (access === undefined) {
        request.log.error({ route: routeKey(request.method, url) }, 'route is missing from route-matrix.json; denied')
        return denied(options.db, request, 'route not in access matrix')
      }
      if (access === 'public') return
      if (access === 'session') {
        if (!request.session && !request.actor) requireActor(request)
        return
      }
      const actor = requireActor(request)
      if (access === 'authenticated') return
      if (!access.includes(actor.role)) return denied(options.db, request, `role ${actor.role} not allowed`)
    })
  },
  { name: 'pulih-access', fastify: '5.x', dependencies: ['pulih-auth'] },
)
