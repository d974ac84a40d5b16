// Routes of survey completeness: counts per province and regency, the firms that did not answer,
// and reminders to them. Registered by the assessment module under /api.
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Config } from '../../config.ts'
import type { Database } from '../../db/database.ts'
import { auditContextOf } from '../../platform/audit/audit.service.ts'
import { errorResponses, IdParams } from '../../platform/http/common.schemas.ts'
import { completenessOf, nonRespondents, sendReminders } from './completeness.ts'

const tags = ['assessment']
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])

const AreaQuery = {
  province: Type.Optional(Type.String({ pattern: '^[0-9]{2}$', description: 'Kemendagri province code' })),
  regency: Type.Optional(Type.String({ pattern: '^[0-9]{2}\\.?[0-9]{2}$', description: 'Kemendagri regency code, e.g. 32.04' })),
}

const Row = Type.Object({
  code: Type.String(),
  name: Type.String(),
  firms: Type.Integer({ description: 'Registry firms the round asks (merged firms excluded)' }),
  answered: Type.Integer(),
  notAnswered: Type.Integer(),
  ratePct: Nullable(Type.Number({ description: 'Share that answered, percent with one decimal' })),
})

const Completeness = Type.Object({
  roundId: Type.String({ format: 'uuid' }),
  filter: Type.Object({ provinceCode: Type.Optional(Type.String()), regencyCode: Type.Optional(Type.String()) }),
  firms: Type.Integer(),
  answered: Type.Integer(),
  notAnswered: Type.Integer(),
  ratePct: Nullable(Type.Number()),
  byProvince: Type.Array(Row),
  byRegency: Nullable(Type.Array(Row, { description: 'When the view is one province or regency' })),
})

const NonRespondent = Type.Object({
  firmId: Type.String({ format: 'uuid' }),
  name: Type.String(),
  nib: Nullable(Type.String()),
  provinceCode: Type.String(),
  regencyCode: Type.String(),
  regencyName: Type.String(),
  owner: Nullable(Type.Object({ name: Type.String(), phoneMasked: Nullable(Type.String()), emailMasked: Nullable(Type.String()) })),
  hasAccount: Type.Boolean({ description: 'An owner account exists, so a reminder reaches the firm' }),
  lastRemindedAt: Nullable(Type.String({ format: 'date-time' })),
})

const NonRespondentPage = Type.Object({ items: Type.Array(NonRespondent), nextCursor: Nullable(Type.String()) })

const ReminderRequest = Type.Object(
  {
    ...AreaQuery,
    firmIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 1000, description: 'Only these non-responding firms' })),
  },
  { additionalProperties: false },
)

const ReminderResult = Type.Object({
  firms: Type.Integer({ description: 'Non-responding firms the request covered' }),
  reminded: Type.Integer({ description: 'Firms reminded now' }),
  notified: Type.Integer({ description: 'In-app notifications created' }),
  emailed: Type.Integer({ description: 'E-mails queued' }),
  skipped: Type.Integer({ description: 'Firms already reminded of this round in the last 24 hours' }),
  withoutAccount: Type.Integer({ description: 'Firms without an owner account (nothing sent)' }),
})

export const completenessRoutes: FastifyPluginAsyncTypebox<{ db: Database; config: Config }> = async (app, { db, config }) => {
  app.get(
    '/rounds/:id/completeness',
    {
      schema: {
        tags,
        summary: 'How many registry firms answered a round, per province (and regency), within your region',
        params: IdParams,
        querystring: Type.Object(AreaQuery, { additionalProperties: false }),
        response: { 200: Completeness, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => completenessOf(db, request.actor, request.params.id, { provinceCode: request.query.province, regencyCode: request.query.regency }),
  )

  app.get(
    '/rounds/:id/non-respondents',
    {
      schema: {
        tags,
        summary: 'Registry firms that have not answered a round, by name (keyset pages), owner contact masked',
        params: IdParams,
        querystring: Type.Object(
          { ...AreaQuery, cursor: Type.Optional(Type.String({ maxLength: 600 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) },
          { additionalProperties: false },
        ),
        response: { 200: NonRespondentPage, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      nonRespondents(db, request.actor, request.params.id, {
        provinceCode: request.query.province,
        regencyCode: request.query.regency,
        cursor: request.query.cursor,
        limit: request.query.limit,
      }),
  )

  app.post(
    '/rounds/:id/reminders',
    {
      schema: {
        tags,
        summary: 'Reminds the firms that have not answered (in-app and by e-mail), at most once per firm and round in 24 hours (audited)',
        params: IdParams,
        body: ReminderRequest,
        response: { 200: ReminderResult, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      sendReminders(db, request.actor, auditContextOf(request), config, request.params.id, {
        provinceCode: request.body.province,
        regencyCode: request.body.regency,
        firmIds: request.body.firmIds,
      }),
  )
}
