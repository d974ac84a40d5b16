import crypto from 'node:crypto'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { errorResponses, NoContent, ref } from '../http/common.schemas.ts'
import { auditContextOf } from '../audit/audit.service.ts'
import { cookieNames, cookieOptions } from './cookies.ts'
import { csrfTokenFor, requireActor } from './auth.plugin.ts'
import * as auth from './auth.service.ts'
import * as sessions from './sessions.repository.ts'
import type { AuthDeps, NewSession } from './auth.service.ts'
import { AuthState, CsrfToken, LoginRequest, PasswordChangeRequest, TotpEnrolment, TotpRequest } from './auth.schemas.ts'
import { unauthorized } from '../errors.ts'
import { requireInteractiveSession } from '../access/policy.ts'

const tags = ['auth']

export function clientOf(request: FastifyRequest) {
  const ua = request.headers['user-agent']
  return { ip: request.ip, userAgent: typeof ua === 'string' ? ua : null }
}

export function setSessionCookie(reply: FastifyReply, deps: AuthDeps, session: NewSession) {
  reply.setCookie(cookieNames(deps.config).session, session.token, {
    ...cookieOptions(deps.config),
    maxAge: deps.config.sessionAbsoluteHours * 3600,
  })
}

export const authRoutes: FastifyPluginAsyncTypebox<AuthDeps> = async (app, deps) => {
  const names = cookieNames(deps.config)

  app.get(
    '/auth/csrf',
    { schema: { tags, summary: 'CSRF token to send as X-CSRF-Token on state-changing requests', response: { 200: ref(CsrfToken) } } },
    async (request, reply) => {
      let secret = request.cookies[names.csrf]
      if (!secret || !/^[A-Za-z0-9_-]{43}$/.test(secret)) {
        secret = crypto.randomBytes(32).toString('base64url')
        reply.setCookie(names.csrf, secret, cookieOptions(deps.config))
      }
      return { token: csrfTokenFor(deps.keys, secret) }
    },
  )

  app.post(
    '/auth/login',
    {
      config: { rateLimit: { max: deps.config.rateLimit.loginPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Sign in with e-mail and password',
        body: ref(LoginRequest),
        response: { 200: ref(AuthState), ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const session = await auth.login(deps, auditContextOf(request), request.body, clientOf(request))
      // A previous session on this browser (e.g. another account) ends at a new sign-in.
      const previous = request.session
      if (previous) await sessions.remove(deps.db, previous.idHash)
      setSessionCookie(reply, deps, session)
      return { stage: auth.publicStage(session.stage), user: auth.meOf(session.user) }
    },
  )

  app.post(
    '/auth/totp',
    {
      config: { rateLimit: { max: deps.config.rateLimit.loginPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Second factor: the code from the authenticator app',
        body: ref(TotpRequest),
        response: { 200: ref(AuthState), ...errorResponses(400, 401, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      if (!request.session) throw unauthorized()
      const session = await auth.passTotpStep(deps, auditContextOf(request), request.session, request.body.code, clientOf(request), 'password')
      setSessionCookie(reply, deps, session)
      return { stage: auth.publicStage(session.stage), user: auth.meOf(session.user) }
    },
  )

  app.post(
    '/auth/totp/enrolment',
    {
      schema: {
        tags,
        summary: 'Start enrolling an authenticator app (new seed)',
        response: { 200: ref(TotpEnrolment), ...errorResponses(401, 403, 409) },
      },
    },
    async (request) => {
      if (!request.session) throw unauthorized()
      return auth.startEnrolment(deps, request.session)
    },
  )

  app.post(
    '/auth/totp/enrolment/confirm',
    {
      config: { rateLimit: { max: deps.config.rateLimit.loginPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Confirm the authenticator with a first code',
        body: ref(TotpRequest),
        response: { 200: ref(AuthState), ...errorResponses(400, 401, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      if (!request.session) throw unauthorized()
      const session = await auth.passTotpStep(deps, auditContextOf(request), request.session, request.body.code, clientOf(request), 'enrol')
      setSessionCookie(reply, deps, session)
      return { stage: auth.publicStage(session.stage), user: auth.meOf(session.user) }
    },
  )

  app.get(
    '/auth/me',
    { schema: { tags, summary: 'The signed-in user and the sign-in stage', response: { 200: ref(AuthState), ...errorResponses(401) } } },
    async (request) => {
      const userId = request.actor?.userId ?? request.session?.userId
      if (!userId) throw unauthorized()
      const { stage, user } = await auth.currentUser(deps.db, request.session, userId)
      return { stage: auth.publicStage(stage), user }
    },
  )

  app.post(
    '/auth/logout',
    { schema: { tags, summary: 'Sign out (ends this session)', response: { 204: NoContent, ...errorResponses(401, 403) } } },
    async (request, reply) => {
      if (request.session) await auth.logout(deps.db, auditContextOf(request, request.actor), request.session)
      reply.clearCookie(names.session, cookieOptions(deps.config))
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/auth/password',
    {
      config: { rateLimit: { max: deps.config.rateLimit.loginPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Change own password (current password required)',
        body: ref(PasswordChangeRequest),
        response: { 204: NoContent, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      requireInteractiveSession(actor)
      await auth.changePassword(deps, auditContextOf(request), request.session, actor.userId, request.body)
      return reply.code(204).send(null)
    },
  )
}
