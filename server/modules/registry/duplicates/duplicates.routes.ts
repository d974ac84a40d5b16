import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses, IdParams, ref } from '../../../platform/http/common.schemas.ts'
import { auditContextOf } from '../../../platform/audit/audit.service.ts'
import type { RegistryRouteOptions } from '../registry.routes.ts'
import {
  DuplicateCandidateList,
  DuplicateDecision,
  DuplicateDecisionCreate,
  DuplicateQuery,
  FirmMerge,
  FirmMergeCreate,
  FirmMergeList,
  FirmMergeQuery,
} from './duplicates.schemas.ts'
import * as duplicates from './duplicates.service.ts'

const tags = ['registry']

// Routes of the registry's duplicates (registered by registry.routes.ts under /api). Their paths
// sit beside GET /api/firms/:id; Fastify's router tries static segments before parameters, so
// /firms/duplicates and /firms/merges never reach the :id route (a test pins this down).
export const duplicatesRoutes: FastifyPluginAsyncTypebox<RegistryRouteOptions> = async (app, options) => {
  const { db } = options

  app.get(
    '/firms/duplicates',
    {
      schema: {
        tags,
        summary: 'Pairs of firms that may be one firm (same NIB, same owner NIK, similar name in one regency), best first',
        querystring: DuplicateQuery,
        response: { 200: ref(DuplicateCandidateList), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) =>
      duplicates.findDuplicateCandidates(db, request.actor, {
        provinceCode: request.query.province,
        regencyCode: request.query.regency,
        minScore: request.query.minScore,
        limit: request.query.limit ?? 50,
      }),
  )

  app.post(
    '/firms/duplicates/decisions',
    {
      schema: {
        tags,
        summary: 'Mark a pair of firms as distinct, so it is no longer proposed (audited)',
        body: ref(DuplicateDecisionCreate),
        response: { 201: ref(DuplicateDecision), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await duplicates.decideDistinct(db, request.actor, auditContextOf(request), request.body)),
  )

  app.get(
    '/firms/merges',
    {
      schema: {
        tags,
        summary: 'Merges of firms, newest first (of one firm with firmId)',
        querystring: FirmMergeQuery,
        response: { 200: ref(FirmMergeList), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => ({ items: await duplicates.listMerges(db, request.actor, request.query) }),
  )

  app.post(
    '/firms/merges',
    {
      schema: {
        tags,
        summary: 'Merge one firm into another field by field (audited; reversible)',
        body: ref(FirmMergeCreate),
        response: { 201: ref(FirmMerge), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await duplicates.mergeFirms(db, request.actor, auditContextOf(request), request.body)),
  )

  app.post(
    '/firms/merges/:id/revert',
    {
      schema: {
        tags,
        summary: 'Revert a merge: both firms and their owners exactly as before it (audited; once)',
        params: IdParams,
        response: { 200: ref(FirmMerge), ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) => duplicates.revertMerge(db, request.actor, auditContextOf(request), request.params.id),
  )
}
