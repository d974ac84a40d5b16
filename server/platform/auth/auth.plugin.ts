import crypto from 'node:crypto'
import fp from 'fastify-plugin'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../../config.ts'
import type { Database } from '../../db/database.ts'
import { AppError, unauthorized } from '../errors.ts'
import { hmac, sha256, type Keys } from '../secrets.ts'
import type { Actor, OrganisationKind, Role } from '../access/roles.ts'
import * as sessions from './sessions.repository.ts'
import * as apiTokens from './api-tokens.repository.ts'
import { cookieNames, cookieOptions } from './cookies.ts'

export interface SessionInfo {
  idHash: Buffer
  userId: string
  stage: 'password' | 'enrol' | 'full'
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The fully authenticated caller, or null. */
    actor: Actor | null
    /** The caller's session, also while a second factor is still pending. */
    session: SessionInfo | null
    /** True when a cookie named a session that has ended (idle, absolute, revoked). */
    sessionEnded: boolean
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
// Skip a last_seen write when the previous one is this recent: idle expiry stays within a minute.
const TOUCH_INTERVAL_MS = 60_000

export function csrfTokenFor(keys: Keys, csrfCookie: string): string {
  return hmac(keys.csrf, csrfCookie).toString('base64url')
}

interface ActorRow {
  user_id: string
  name: string
  email: string
  role: string
  organisation_id: string
  organisation_kind: string
  province_code: string | null
  regency_code: string | null
  countries: string[]
}

function actorFromRow(row: ActorRow, via: Actor['via']): Actor {
  return {
    userId: row.user_id,
    name: row.name,
    email: row.email,
    role: row.role as Role,
    organisationId: row.organisation_id,
    organisationKind: row.organisation_kind as OrganisationKind,
    provinceCode: row.province_code,
    regencyCode: row.regency_code,
    countries: row.countries,
    via,
  }
}

async function resolveBearer(db: Database, request: FastifyRequest, token: string): Promise<void> {
  const row = await apiTokens.findActiveWithUser(db, sha256(token))
  const now = new Date()
  if (
    !row ||
    row.revoked_at ||
    (row.expires_at && row.expires_at <= now) ||
    row.disabled_at ||
    row.organisation_disabled_at
  ) {
    throw new AppError('API_TOKEN_INVALID', 401)
  }
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > TOUCH_INTERVAL_MS) {
    await apiTokens.touch(db, row.token_id, now)
  }
  request.actor = actorFromRow(row, 'token')
}

async function resolveSession(db: Database, config: Config, request: FastifyRequest, reply: FastifyReply, cookie: string) {
  const idHash = sha256(cookie)
  const row = await sessions.findWithUser(db, idHash)
  const now = new Date()
  const idleLimit = config.sessionIdleMinutes * 60_000
  const ended =
    !row ||
    row.disabled_at !== null ||
    row.organisation_disabled_at !== null ||
    row.expires_at <= now ||
    now.getTime() - row.last_seen_at.getTime() > idleLimit
  if (ended) {
    if (row) await sessions.remove(db, idHash)
    reply.clearCookie(cookieNames(config).session, cookieOptions(config))
    request.sessionEnded = true
    return
  }
  if (now.getTime() - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS) await sessions.touch(db, idHash, now)
  const stage = row.stage as SessionInfo['stage']
  request.session = { idHash, userId: row.user_id, stage }
  if (stage === 'full') request.actor = actorFromRow(row, 'session')
}

/**
 * Resolves who is calling (API token or session cookie) and enforces CSRF protection on every
 * state-changing request that does not carry an API token.
 */
export const authPlugin = fp(
  async (app, options: { db: Database; config: Config; keys: Keys }) => {
    const { db, config, keys } = options
    const names = cookieNames(config)
    app.decorateRequest('actor', null)
    app.decorateRequest('session', null)
    app.decorateRequest('sessionEnded', false)

    app.addHook('onRequest', async (request, reply) => {
      // Only the API has state to protect; the web app's static files need no session lookup.
      if (!request.url.startsWith('/api/')) return
      const authorization = request.headers.authorization
      if (authorization !== undefined) {
        const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(authorization)
        if (!match) throw new AppError('API_TOKEN_INVALID', 401)
        await resolveBearer(db, request, match[1])
        return
      }
      const cookie = request.cookies[names.session]
      if (cookie) await resolveSession(db, config, request, reply, cookie)

      if (UNSAFE_METHODS.has(request.method)) {
        // Fetch Metadata: browsers mark requests that another site triggered.
        if (request.headers['sec-fetch-site'] === 'cross-site') throw new AppError('CSRF_TOKEN_INVALID', 403)
        const csrfCookie = request.cookies[names.csrf]
        const header = request.headers['x-csrf-token']
        if (!csrfCookie || typeof header !== 'string') throw new AppError('CSRF_TOKEN_INVALID', 403)
        const expected = Buffer.from(csrfTokenFor(keys, csrfCookie))
        const given = Buffer.from(header)
        if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) {
          throw new AppError('CSRF_TOKEN_INVALID', 403)
        }
      }
    })
  },
  { name: 'pulih-auth', fastify: '5.x' },
)

/** Throws unless a fully authenticated actor is present. */
export function requireActor(request: FastifyRequest): Actor {
  if (request.actor) return request.actor
  if (request.session?.stage === 'password') throw new AppError('TOTP_REQUIRED', 401)
  if (request.session?.stage === 'enrol') throw new AppError('TOTP_ENROLMENT_REQUIRED', 401)
  throw unauthorized(request.sessionEnded ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED')
}
