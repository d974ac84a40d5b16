import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Database } from '../../../db/database.ts'
import type { Config } from '../../../config.ts'
import type { Keys } from '../../../platform/secrets.ts'
import { errorResponses, IdParams, ref, Uuid } from '../../../platform/http/common.schemas.ts'
import { auditContextOf } from '../../../platform/audit/audit.service.ts'
import { requireActor } from '../../../platform/auth/auth.plugin.ts'
import {
  AttendanceBody,
  AttendanceResult,
  CancelRegistrationResult,
  CancelWorkshopBody,
  EditWorkshopBody,
  InvitableFirmList,
  InviteBody,
  InviteResults,
  Outcomes,
  ParticipantList,
  PlanWorkshopBody,
  RegisterBody,
  RegistrationResult,
  Workshop,
  WorkshopPage,
} from './workshops.schemas.ts'
import {
  cancelRegistration,
  cancelWorkshop,
  editWorkshop,
  getWorkshop,
  invitableFirms,
  inviteFirms,
  listParticipants,
  listWorkshops,
  planWorkshop,
  recordAttendance,
  registerFirm,
  workshopIcsFor,
  workshopOutcomes,
} from './workshops.service.ts'

const tags = ['marketplace']
const literals = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v))))

export const workshopsRoutes: FastifyPluginAsyncTypebox<{ db: Database; config: Config; keys: Keys }> = async (app, { db, config }) => {
  app.get(
    '/workshops',
    {
      schema: {
        tags,
        summary: "Field workshops within the viewer's scope (partners: their marketplace; regional officers: their region; firm owners: those their firm is invited to)",
        querystring: Type.Object(
          {
            marketplace: Type.Optional(Type.String({ maxLength: 40 })),
            province: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
            when: Type.Optional(literals(['upcoming', 'past'] as const)),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
            offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ref(WorkshopPage), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => listWorkshops(db, requireActor(request), request.query),
  )

  app.post(
    '/workshops',
    {
      schema: {
        tags,
        summary: "Plan a workshop in a regency; date and times are local to the province's zone (WIB/WITA/WIT)",
        body: ref(PlanWorkshopBody),
        response: { 201: ref(Workshop), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const workshop = await planWorkshop(db, requireActor(request), auditContextOf(request), request.body)
      return reply.code(201).send(workshop)
    },
  )

  app.get(
    '/workshops/:id',
    { schema: { tags, summary: 'One workshop', params: IdParams, response: { 200: ref(Workshop), ...errorResponses(401, 403, 404) } } },
    async (request) => getWorkshop(db, requireActor(request), request.params.id),
  )

  app.patch(
    '/workshops/:id',
    {
      schema: {
        tags,
        summary: 'Change a workshop before it starts; the invited firms get the updated calendar entry (SEQUENCE + 1)',
        params: IdParams,
        body: ref(EditWorkshopBody),
        response: { 200: ref(Workshop), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => editWorkshop(db, config, requireActor(request), auditContextOf(request), request.params.id, request.body),
  )

  app.post(
    '/workshops/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a workshop; invited and registered firms are told in-app and by e-mail (METHOD:CANCEL)',
        params: IdParams,
        body: ref(CancelWorkshopBody),
        response: { 200: ref(Workshop), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => cancelWorkshop(db, config, requireActor(request), auditContextOf(request), request.params.id, request.body.reason),
  )

  app.get(
    '/workshops/:id/invitable-firms',
    {
      schema: {
        tags,
        summary: "Firms the planner may invite: of the workshop's province (a partner: only firms shared with its marketplace)",
        params: IdParams,
        querystring: Type.Object(
          {
            regency: Type.Optional(Type.String({ pattern: '^[0-9]{2}\\.[0-9]{2}$' })),
            q: Type.Optional(Type.String({ maxLength: 100 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ref(InvitableFirmList), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({ items: await invitableFirms(db, requireActor(request), request.params.id, request.query) }),
  )

  app.post(
    '/workshops/:id/invitations',
    {
      schema: {
        tags,
        summary: 'Invite firms (chosen, or all nominated firms of the marketplace in the regency); owners are told in-app and by e-mail with an ICS file',
        params: IdParams,
        body: ref(InviteBody),
        response: { 200: ref(InviteResults), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const results = await inviteFirms(db, config, requireActor(request), auditContextOf(request), request.params.id, request.body)
      return {
        invited: results.filter((r) => r.outcome === 'invited').length,
        alreadyInvited: results.filter((r) => r.outcome === 'already_invited').length,
        refused: results.filter((r) => r.outcome === 'refused').length,
        results,
      }
    },
  )

  app.get(
    '/workshops/:id/participants',
    {
      schema: {
        tags,
        summary: 'Invited firms, registrations and the waiting list (positions) that the viewer may see',
        params: IdParams,
        response: { 200: ref(ParticipantList), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => ({ items: await listParticipants(db, requireActor(request), request.params.id) }),
  )

  app.post(
    '/workshops/:id/registrations',
    {
      schema: {
        tags,
        summary: 'Register a firm: a seat while there is one, else the waiting list (firm owners: their own invited firm; planners on a firm\'s behalf)',
        params: IdParams,
        body: ref(RegisterBody),
        response: { 201: ref(RegistrationResult), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const result = await registerFirm(db, requireActor(request), auditContextOf(request), request.params.id, request.body.firmId)
      return reply.code(201).send(result)
    },
  )

  app.delete(
    '/workshops/:id/registrations/:firmId',
    {
      schema: {
        tags,
        summary: "Cancel a firm's registration; a freed seat goes to the first firm on the waiting list, which is told",
        params: Type.Object({ id: Uuid, firmId: Uuid }, { additionalProperties: false }),
        response: { 200: ref(CancelRegistrationResult), ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) => cancelRegistration(db, config, requireActor(request), auditContextOf(request), request.params.id, request.params.firmId),
  )

  app.put(
    '/workshops/:id/attendance',
    {
      schema: {
        tags,
        summary: "Record attendance after the start; attendees move to 'trained' in the marketplace pipeline",
        params: IdParams,
        body: ref(AttendanceBody),
        response: { 200: ref(AttendanceResult), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => recordAttendance(db, requireActor(request), auditContextOf(request), request.params.id, request.body.items),
  )

  app.get(
    '/workshops/:id/outcomes',
    {
      schema: {
        tags,
        summary: 'Which attendees went on to open a store and to sell on the marketplace after the workshop',
        params: IdParams,
        response: { 200: ref(Outcomes), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => workshopOutcomes(db, requireActor(request), request.params.id),
  )

  app.get(
    '/workshops/:id/invite.ics',
    {
      schema: {
        tags,
        summary: 'The workshop as an iCalendar file (RFC 5545; METHOD:CANCEL once cancelled)',
        params: IdParams,
        produces: ['text/calendar'],
        response: errorResponses(401, 403, 404),
      },
    },
    async (request, reply) => {
      const ics = await workshopIcsFor(db, config, requireActor(request), request.params.id)
      const method = /\r\nMETHOD:(\w+)\r\n/.exec(ics)?.[1] ?? 'REQUEST'
      reply.header('content-disposition', `attachment; filename="lokakarya-${request.params.id.slice(0, 8)}.ics"`)
      return reply.type(`text/calendar; charset=utf-8; method=${method}`).send(ics)
    },
  )
}
