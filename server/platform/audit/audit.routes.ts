import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Database } from '../../db/database.ts'
import { errorResponses, ref } from '../http/common.schemas.ts'
import { requirePermission } from '../access/policy.ts'
import { listAudit, verifyAuditChain } from './audit.service.ts'

const AuditEntry = Type.Object(
  {
    seq: Type.String(),
    occurredAt: Type.String({ format: 'date-time' }),
    actor: Type.Union([Type.Object({ id: Type.String(), name: Type.Union([Type.String(), Type.Null()]), role: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
    actorRole: Type.Union([Type.String(), Type.Null()], { description: 'Also set for system and CLI actions' }),
    action: Type.String(),
    entityType: Type.String(),
    entityId: Type.Union([Type.String(), Type.Null()]),
    before: Type.Unknown(),
    after: Type.Unknown(),
    requestId: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'AuditEntry' },
)

export const AuditPage = Type.Object(
  { items: Type.Array(ref(AuditEntry)), nextCursor: Type.Union([Type.String(), Type.Null()]) },
  { $id: 'AuditPage' },
)

const AuditQuery = Type.Object(
  {
    entityType: Type.Optional(Type.String({ maxLength: 64 })),
    entityId: Type.Optional(Type.String({ maxLength: 128 })),
    action: Type.Optional(Type.String({ maxLength: 64 })),
    actorUserId: Type.Optional(Type.String({ format: 'uuid' })),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,19}$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
)

const ChainStatus = Type.Object(
  {
    ok: Type.Boolean(),
    checked: Type.Integer(),
    firstBroken: Type.Union([Type.Object({ seq: Type.String(), reason: Type.String() }), Type.Null()]),
  },
  { $id: 'AuditChainStatus' },
)

export const auditSchemas = [AuditEntry, AuditPage, ChainStatus]

export const auditRoutes: FastifyPluginAsyncTypebox<{ db: Database }> = async (app, { db }) => {

  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Browse the audit log, newest first',
        querystring: AuditQuery,
        response: { 200: ref(AuditPage), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { from, to, ...rest } = request.query
      return listAudit(db, request.actor, { ...rest, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined })
    },
  )

  app.get(
    '/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: 'Verify the hash chain of the audit log',
        response: { 200: ref(ChainStatus), ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      requirePermission(request.actor, 'audit.verify')
      return verifyAuditChain(db)
    },
  )
}
