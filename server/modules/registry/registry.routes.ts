import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Database } from '../../db/database.ts'
import type { Keys } from '../../platform/secrets.ts'
import { errorResponses, IdParams, ref } from '../../platform/http/common.schemas.ts'
import { auditContextOf } from '../../platform/audit/audit.service.ts'
import { Firm, FirmCreate, FirmPage, FirmQuery, FirmUpdate, NikReveal, NikRevealRequest } from './firms.schemas.ts'
import * as firms from './firms.service.ts'
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
  const { db, keys } = options
  await app.register(importsRoutes, options)
  await app.register(productsRoutes, options)
  await app.register(duplicatesRoutes, options)

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
    '/firms/:id',
    {
      schema: { tags, summary: 'One firm', params: IdParams, response: { 200: ref(Firm), ...errorResponses(401, 403, 404) } },
    },
    async (request) => firms.getFirm(db, request.actor, request.params.id),
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
