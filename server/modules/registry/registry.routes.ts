import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Database } from '../../db/database.ts'
import type { Keys } from '../../platform/secrets.ts'
import { errorResponses, IdParams, ref } from '../../platform/http/common.schemas.ts'
import { auditContextOf } from '../../platform/audit/audit.service.ts'
import {
  Firm,
  FirmCreate,
  FirmExportQuery,
  FirmPage,
  FirmQuery,
  FirmUpdate,
  NikReveal,
  NikRevealRequest,
  Registration,
  RegistrationResult,
  Sentra,
  SentraCreate,
  SentraList,
  SentraQuery,
} from './firms.schemas.ts'
import * as sentra from './sentra.service.ts'
import { firmsCsv, firmsXlsx } from './firms.export.ts'
import { recordAudit } from '../../platform/audit/audit.service.ts'
import { requireActor } from '../../platform/auth/auth.plugin.ts'
import { clientOf, setSessionCookie } from '../../platform/auth/auth.routes.ts'
import { meOf } from '../../platform/auth/auth.service.ts'
import { AuditPage } from '../../platform/audit/audit.routes.ts'
import * as firms from './firms.service.ts'
import { firmHistory } from './firm-history.ts'
import type { Config } from '../../config.ts'
import { importsRoutes } from './imports/imports.routes.ts'
import { productsRoutes } from './products/products.routes.ts'
import { duplicatesRoutes } from './duplicates/duplicates.routes.ts'

const tags = ['registry']

export interface RegistryRouteOptions {
  db: Database
  keys: Keys
  config: Config
}

export const registryRoutes: FastifyPluginAsyncTypebox<RegistryRouteOptions> = async (app, options) => {
  const { db, keys, config } = options
  // Sub-plugins get the dependencies only: passing `options` on would pass the prefix twice.
  const deps = { db, keys, config }
  await app.register(importsRoutes, deps)
  await app.register(productsRoutes, deps)
  await app.register(duplicatesRoutes, deps)

  app.get(
    '/firms',
    {
      schema: {
        tags,
        summary: 'Firms the caller may see, filtered (name order with a cursor; by relevance with q)',
        querystring: FirmQuery,
        response: { 200: ref(FirmPage), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => firms.listFirms(db, request.actor, request.query),
  )

  app.post(
    '/firms',
    {
      schema: {
        tags,
        summary: 'Register a firm (officers; regional officers in their region)',
        body: ref(FirmCreate),
        response: { 201: ref(Firm), ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await firms.createFirm(db, keys, request.actor, auditContextOf(request), request.body)),
  )

  app.get(
    '/firms/export',
    {
      schema: {
        tags,
        summary: 'The filtered firm list as XLSX or CSV (exactly what the same filters list; personal data masked)',
        querystring: FirmExportQuery,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'],
        response: errorResponses(400, 401, 403),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      const { format, ...filters } = request.query
      // Exports of personal data are processing events of their own (PDP Law Pasal 31).
      await recordAudit(db, auditContextOf(request), { action: 'firm.exported', entityType: 'firm', entityId: null, after: { format, filters } })
      const firmsStream = firms.iterateFirms(db, actor, filters)
      const stamp = new Date().toISOString().slice(0, 10)
      reply.header('content-disposition', `attachment; filename="ikm-${stamp}.${format}"`)
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(firmsCsv(firmsStream))
      return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(firmsXlsx(firmsStream))
    },
  )

  app.post(
    '/registrations',
    {
      config: { rateLimit: { max: options.config.rateLimit.loginPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'A firm owner registers: account, organisation and firm (awaiting verification); signs in',
        body: ref(Registration),
        response: { 201: ref(RegistrationResult), ...errorResponses(400, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      const { session, firm } = await firms.registerFirm({ db, keys, config: options.config }, auditContextOf(request), request.body, clientOf(request))
      setSessionCookie(reply, { db, keys, config: options.config }, session)
      return reply.code(201).send({ stage: 'full' as const, user: meOf(session.user), firm })
    },
  )

  app.get(
    '/sentra',
    { schema: { tags, summary: 'Sentra (village-bounded clusters) in scope', querystring: SentraQuery, response: { 200: ref(SentraList), ...errorResponses(400, 401, 403) } } },
    async (request) => ({ items: await sentra.listSentra(db, request.actor, request.query) }),
  )

  app.post(
    '/sentra',
    { schema: { tags, summary: 'Record a sentra', body: ref(SentraCreate), response: { 201: ref(Sentra), ...errorResponses(400, 401, 403, 409) } } },
    async (request, reply) => reply.code(201).send(await sentra.createSentra(db, request.actor, auditContextOf(request), request.body)),
  )

  app.get(
    '/sentra/:id',
    { schema: { tags, summary: 'One sentra with its member count', params: IdParams, response: { 200: ref(Sentra), ...errorResponses(401, 403, 404) } } },
    async (request) => sentra.getSentra(db, request.actor, request.params.id),
  )

  app.get(
    '/firms/:id',
    {
      schema: { tags, summary: 'One firm', params: IdParams, response: { 200: ref(Firm), ...errorResponses(401, 403, 404) } },
    },
    async (request) => firms.getFirm(db, request.actor, request.params.id),
  )

  app.get(
    '/firms/:id/history',
    {
      schema: {
        tags,
        summary: 'The audited changes of a firm and its products, newest first (for everyone who may see the firm)',
        params: IdParams,
        querystring: Type.Object(
          {
            cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,19}$' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ref(AuditPage), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => firmHistory(db, request.actor, request.params.id, request.query),
  )

  app.patch(
    '/firms/:id',
    {
      schema: {
        tags,
        summary: 'Change a firm record (audited with before and after)',
        params: IdParams,
        body: ref(FirmUpdate),
        response: { 200: ref(Firm), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => firms.updateFirm(db, keys, request.actor, auditContextOf(request), request.params.id, request.body),
  )

  app.post(
    '/firms/:id/verify',
    {
      schema: { tags, summary: 'Mark a firm record verified', params: IdParams, response: { 200: ref(Firm), ...errorResponses(401, 403, 404, 409) } },
    },
    async (request) => firms.verifyFirm(db, request.actor, auditContextOf(request), request.params.id),
  )

  app.post(
    '/firms/:id/owner/nik',
    {
      schema: {
        tags,
        summary: "The owner's full NIK (own firm, or officers with a reason; audited)",
        params: IdParams,
        body: Type.Partial(NikRevealRequest, { additionalProperties: false }),
        response: { 200: ref(NikReveal), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      return firms.revealOwnerNik(db, keys, request.actor, auditContextOf(request), request.params.id, request.body.reason)
    },
  )
}
