import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses, IdParams, NoContent, ref } from '../../platform/http/common.schemas.ts'
import { auditContextOf } from '../../platform/audit/audit.service.ts'
import { requireActor } from '../../platform/auth/auth.plugin.ts'
import { clientOf, setSessionCookie } from '../../platform/auth/auth.routes.ts'
import { meOf, publicStage, type AuthDeps } from '../../platform/auth/auth.service.ts'
import { AuthState } from '../../platform/auth/auth.schemas.ts'
import * as schemas from './identity.schemas.ts'
import * as organisations from './organisations.service.ts'
import * as usersService from './users.service.ts'
import * as invitations from './invitations.service.ts'
import * as apiTokens from './api-tokens.service.ts'

export const identityRoutes: FastifyPluginAsyncTypebox<AuthDeps> = async (app, deps) => {
  const { db } = deps

  app.get(
    '/organisations',
    {
      schema: {
        tags: ['organisations'],
        summary: 'List organisations',
        querystring: schemas.OrganisationQuery,
        response: { 200: ref(schemas.OrganisationList), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => ({ items: await organisations.listOrganisations(db, request.actor, request.query) }),
  )

  app.post(
    '/organisations',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Create an organisation',
        body: ref(schemas.OrganisationCreate),
        response: { 201: ref(schemas.Organisation), ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const organisation = await organisations.createOrganisation(db, request.actor, auditContextOf(request), request.body)
      return reply.code(201).send(organisation)
    },
  )

  app.patch(
    '/organisations/:id',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Rename, disable or enable an organisation',
        params: IdParams,
        body: ref(schemas.OrganisationUpdate),
        response: { 200: ref(schemas.Organisation), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => organisations.updateOrganisation(db, request.actor, auditContextOf(request), request.params.id, request.body),
  )

  app.get(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'List users',
        querystring: schemas.UserQuery,
        response: { 200: ref(schemas.UserList), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => ({ items: await usersService.listUsers(db, request.actor, request.query) }),
  )

  app.patch(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: "Disable/enable a user or change their role (ends the user's sessions)",
        params: IdParams,
        body: ref(schemas.UserUpdate),
        response: { 200: ref(schemas.User), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => usersService.updateUser(db, request.actor, auditContextOf(request), request.params.id, request.body),
  )

  app.get(
    '/invitations',
    {
      schema: {
        tags: ['invitations'],
        summary: 'Pending invitations',
        response: { 200: ref(schemas.InvitationList), ...errorResponses(401, 403) },
      },
    },
    async (request) => ({ items: await invitations.listInvitations(db, request.actor) }),
  )

  app.post(
    '/invitations',
    {
      schema: {
        tags: ['invitations'],
        summary: 'Invite a user (single-use link, expires in 72 hours)',
        body: ref(schemas.InvitationCreate),
        response: { 201: ref(schemas.InvitationCreated), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const created = await invitations.createInvitation(db, deps.config, request.actor, auditContextOf(request), request.body)
      return reply.code(201).send(created)
    },
  )

  app.delete(
    '/invitations/:id',
    {
      schema: {
        tags: ['invitations'],
        summary: 'Revoke a pending invitation',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await invitations.revokeInvitation(db, request.actor, auditContextOf(request), request.params.id)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/invitations/inspect',
    {
      config: { rateLimit: { max: deps.config.rateLimit.loginPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['invitations'],
        summary: 'What an invitation or setup link is for',
        body: ref(schemas.InvitationToken),
        response: { 200: ref(schemas.InvitationPreview), ...errorResponses(400, 403, 429) },
      },
    },
    async (request) => invitations.inspectInvitation(db, request.body.token),
  )

  app.post(
    '/invitations/accept',
    {
      config: { rateLimit: { max: deps.config.rateLimit.loginPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['invitations'],
        summary: 'Accept an invitation or the setup link: set a password and sign in',
        body: ref(schemas.InvitationAccept),
        response: { 200: ref(AuthState), ...errorResponses(400, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      const session = await invitations.acceptInvitation(deps, auditContextOf(request), request.body, clientOf(request))
      setSessionCookie(reply, deps, session)
      return { stage: publicStage(session.stage), user: meOf(session.user) }
    },
  )

  app.get(
    '/setup/status',
    {
      schema: {
        tags: ['invitations'],
        summary: 'Whether the first national admin still has to be set up',
        response: { 200: ref(schemas.SetupStatus) },
      },
    },
    async () => ({ needed: await invitations.setupNeeded(db) }),
  )

  app.get(
    '/tokens',
    {
      schema: {
        tags: ['api-tokens'],
        summary: "The caller's API tokens",
        response: { 200: ref(schemas.ApiTokenList), ...errorResponses(401, 403) },
      },
    },
    async (request) => ({ items: await apiTokens.listApiTokens(db, requireActor(request)) }),
  )

  app.post(
    '/tokens',
    {
      schema: {
        tags: ['api-tokens'],
        summary: 'Create an API token for a partner system (shown once)',
        body: ref(schemas.ApiTokenCreate),
        response: { 201: ref(schemas.ApiTokenCreated), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const created = await apiTokens.createApiToken(db, requireActor(request), auditContextOf(request), request.body)
      return reply.code(201).send(created)
    },
  )

  app.delete(
    '/tokens/:id',
    {
      schema: {
        tags: ['api-tokens'],
        summary: 'Revoke an API token',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await apiTokens.revokeApiToken(db, requireActor(request), auditContextOf(request), request.params.id)
      return reply.code(204).send(null)
    },
  )
}
