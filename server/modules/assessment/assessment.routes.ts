import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Database } from '../../db/database.ts'
import type { Config } from '../../config.ts'
import { errorResponses, IdParams, ref, Uuid } from '../../platform/http/common.schemas.ts'
import { auditContextOf, recordAudit } from '../../platform/audit/audit.service.ts'
import { requirePermission } from '../../platform/access/policy.ts'
import { requireActor } from '../../platform/auth/auth.plugin.ts'
import { notFound } from '../../platform/errors.ts'
import { tableCsv, tableXlsx } from '../../platform/export/table-export.ts'
import { canSeeFirm } from '../../platform/access/policy.ts'
import * as firmsRepo from '../registry/firms.repository.ts'
import { scopeOf as firmScopeOf } from '../registry/firms.service.ts'
import { ResponseSubmit, ResponseVersionList, Round, RoundCreate, RoundList, Response, SubmitResult } from './assessment.schemas.ts'
import { createRound, getRound, listRounds } from './rounds.service.ts'
import { getResponse, listVersions, submitResponse } from './responses.service.ts'
import { dashboard, FIGURES, firmsBehind, scopedFilter, validateFilter } from './figures.ts'
import { dashboardExportRoutes } from './dashboard-export.routes.ts'
import { responseImportRoutes } from './imports/response-imports.routes.ts'
import { completenessRoutes } from './completeness.routes.ts'
import { allCandidates, candidatesPage, CANDIDATE_COLUMNS, needsProfileOf, PROGRAMMES } from './triage.ts'

const tags = ['assessment']
const literals = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v))))

const FilterQuery = {
  province: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
  regency: Type.Optional(Type.String({ pattern: '^[0-9]{2}\\.?[0-9]{2}$' })),
  kbliDivision: Type.Optional(Type.String({ pattern: '^([0-9]{2}|--)$', description: 'KBLI 2020 golongan pokok (10–33); -- for firms without KBLI' })),
  sizeClass: Type.Optional(literals(['small', 'medium', 'large', 'unknown'] as const)),
}

const filterOf = (q: { province?: string; regency?: string; kbliDivision?: string; sizeClass?: string }) => ({
  provinceCode: q.province,
  regencyCode: q.regency,
  kbliDivision: q.kbliDivision,
  sizeClass: q.sizeClass,
})

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])
const AreaRow = Type.Object({
  code: Type.String(),
  firmsInRegistry: Type.Integer(),
  firmsAssessed: Type.Integer(),
  responseRatePct: Nullable(Type.Number()),
  salesChangePctMedian: Nullable(Type.Number()),
  salesChangePctMean: Nullable(Type.Number()),
  firmsWithSalesDrop50PctOrMore: Type.Integer(),
  workersSentHome: Type.Integer(),
  workersLaidOff: Type.Integer(),
})
const Summary = Type.Object(
  {
    round: ref(Round),
    filter: Type.Object({
      provinceCode: Type.Optional(Type.String()),
      regencyCode: Type.Optional(Type.String()),
      kbliDivision: Type.Optional(Type.String()),
      sizeClass: Type.Optional(Type.String()),
    }),
    firmsInRegistry: Type.Integer(),
    firmsAssessed: Type.Integer(),
    responseRatePct: Nullable(Type.Number()),
    firmsWithBaseline: Type.Integer(),
    salesChangePct: Type.Object({ median: Nullable(Type.Number()), mean: Nullable(Type.Number()) }),
    firmsWithSalesDrop50PctOrMore: Type.Integer(),
    histogram: Type.Array(Type.Object({ dropFrom: Type.Number(), dropTo: Type.Number(), firms: Type.Integer() })),
    firmsWithoutDrop: Type.Integer(),
    workers: Type.Object({
      before: Type.Integer(),
      working: Type.Integer(),
      sentHome: Type.Integer(),
      sentHomePaid: Type.Integer(),
      sentHomePartlyPaid: Type.Integer(),
      sentHomeUnpaid: Type.Integer(),
      laidOff: Type.Integer(),
    }),
    firmsSentHome: Type.Integer(),
    firmsSentHomeUnpaid: Type.Integer(),
    firmsLaidOff: Type.Integer(),
    firmsMaterialShortfall: Type.Integer(),
    firmsExportHeld: Type.Integer(),
    materials: Type.Array(
      Type.Object({ material: Type.String(), unit: Type.String(), reports: Type.Integer(), needed: Type.Number(), obtained: Type.Number(), shortfall: Type.Number() }),
    ),
    exports: Type.Array(Type.Object({ country: Type.String(), currency: Type.String(), contracts: Type.Integer(), value: Type.Number() })),
    needs: Type.Array(Type.Object({ need: Type.String(), firms: Type.Integer(), firmsFirst: Type.Integer(), points: Type.Integer() })),
  },
  { $id: 'AssessmentSummary' },
)
const Dashboard = Type.Object(
  {
    summary: ref(Summary),
    byProvince: Type.Array(AreaRow),
    byRegency: Nullable(Type.Array(AreaRow)),
    previous: Nullable(ref(Summary)),
  },
  { $id: 'AssessmentDashboard' },
)
const FigureFirm = Type.Object({
  firmId: Type.String(),
  name: Type.String(),
  nib: Nullable(Type.String()),
  provinceCode: Type.String(),
  regencyCode: Type.String(),
  kbliDivision: Type.String(),
  sizeClass: Type.String(),
  salesChangePct: Nullable(Type.Number()),
  workersBefore: Type.Integer(),
  workersSentHome: Type.Integer(),
  laidOff: Type.Integer(),
  needs: Type.Array(Type.String()),
})
const FigureFirmPage = Type.Object({ items: Type.Array(FigureFirm), nextCursor: Nullable(Type.String()) }, { $id: 'AssessmentFigureFirms' })
const Reason = Type.Object({ code: Type.String() }, { additionalProperties: true })
const Candidate = Type.Object({
  firmId: Type.String(),
  name: Type.String(),
  nib: Nullable(Type.String()),
  provinceCode: Type.String(),
  regencyCode: Type.String(),
  kbliDivision: Type.String(),
  sizeClass: Type.String(),
  programme: literals(PROGRAMMES),
  score: Type.Integer(),
  severity: Type.Integer(),
  reasons: Type.Array(Reason),
  needs: Type.Array(Type.String()),
  roundId: Type.String(),
})
const CandidatePage = Type.Object({ items: Type.Array(Candidate), nextCursor: Nullable(Type.String()) }, { $id: 'TriageCandidatePage' })
const NeedsProfile = Type.Object(
  {
    firmId: Type.String(),
    roundId: Type.String(),
    severity: Type.Integer(),
    reasons: Type.Array(Reason),
    needs: Type.Array(Type.String()),
    programmes: Type.Array(Type.Object({ programme: literals(PROGRAMMES), score: Type.Integer() })),
    computedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'FirmNeedsProfile' },
)

export const assessmentRouteSchemas = [Summary, Dashboard, FigureFirmPage, CandidatePage, NeedsProfile]

export const assessmentRoutes: FastifyPluginAsyncTypebox<{ db: Database; config: Config }> = async (app, { db, config }) => {
  app.get('/rounds', { schema: { tags, summary: 'Survey rounds, newest reference month first', response: { 200: ref(RoundList), ...errorResponses(401, 403) } } }, async (request) => ({
    items: await listRounds(db, request.actor),
  }))

  app.post(
    '/rounds',
    { schema: { tags, summary: 'Open a survey round (audited)', body: ref(RoundCreate), response: { 201: ref(Round), ...errorResponses(400, 401, 403, 409) } } },
    async (request, reply) => reply.code(201).send(await createRound(db, requireActor(request), auditContextOf(request), request.body)),
  )

  app.get('/rounds/:id', { schema: { tags, summary: 'One survey round', params: IdParams, response: { 200: ref(Round), ...errorResponses(401, 403, 404) } } }, async (request) =>
    getRound(db, request.actor, request.params.id),
  )

  app.post(
    '/rounds/:id/responses',
    {
      schema: {
        tags,
        summary: "Submit a firm's answers for a round: the first creates the response, later different ones are versions; the same submissionId again changes nothing",
        params: IdParams,
        body: ref(ResponseSubmit),
        response: { 200: ref(SubmitResult), 201: ref(SubmitResult), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const result = await submitResponse(db, request.actor, auditContextOf(request), request.params.id, request.body)
      return reply.code(result.outcome === 'created' ? 201 : 200).send(result)
    },
  )

  app.get(
    '/rounds/:id/responses/:firmId',
    {
      schema: {
        tags,
        summary: "A firm's current response in a round",
        params: Type.Object({ id: Uuid, firmId: Uuid }, { additionalProperties: false }),
        response: { 200: ref(Response), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => getResponse(db, request.actor, request.params.id, request.params.firmId),
  )

  app.get(
    '/responses/:id/versions',
    { schema: { tags, summary: 'Every version of a response, newest first', params: IdParams, response: { 200: ref(ResponseVersionList), ...errorResponses(401, 403, 404) } } },
    async (request) => ({ items: await listVersions(db, request.actor, request.params.id) }),
  )

  app.get(
    '/rounds/:id/dashboard',
    {
      schema: {
        tags,
        summary: "The national dashboard's figures for a round and filter, by province (and regency), with the previous round's",
        params: IdParams,
        querystring: Type.Object(FilterQuery, { additionalProperties: false }),
        response: { 200: ref(Dashboard), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => dashboard(db, request.actor, request.params.id, filterOf(request.query)),
  )

  app.get(
    '/rounds/:id/firms',
    {
      schema: {
        tags,
        summary: 'The firms behind one figure of the dashboard (same filter, within the viewer\'s scope)',
        params: IdParams,
        querystring: Type.Object(
          {
            ...FilterQuery,
            figure: literals(FIGURES),
            bin: Type.Optional(Type.Integer({ minimum: 0, maximum: 9 })),
            material: Type.Optional(Type.String({ maxLength: 120 })),
            country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$' })),
            need: Type.Optional(Type.String({ maxLength: 20 })),
            cursor: Type.Optional(Type.String({ format: 'uuid' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ref(FigureFirmPage), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { figure, bin, material, country, need, cursor, limit, ...filter } = request.query
      return firmsBehind(db, request.actor, request.params.id, filterOf(filter), { figure, bin, material, country, need, cursor, limit })
    },
  )

  const CandidateQuery = {
    programme: literals(PROGRAMMES),
    ...FilterQuery,
  }

  app.get(
    '/triage/candidates',
    {
      schema: {
        tags,
        summary: "A programme's candidate firms from their latest responses, best first",
        querystring: Type.Object(
          { ...CandidateQuery, cursor: Type.Optional(Type.String({ maxLength: 200 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) },
          { additionalProperties: false },
        ),
        response: { 200: ref(CandidatePage), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const actor = requireActor(request)
      requirePermission(actor, 'assessment.triage')
      const { programme, cursor, limit, ...filter } = request.query
      const scoped = scopedFilter(actor, validateFilter(filterOf(filter)))
      return candidatesPage(db, { programme, ...scoped, cursor, limit: limit ?? 50 })
    },
  )

  app.get(
    '/triage/candidates/export',
    {
      schema: {
        tags,
        summary: "A programme's candidate list as XLSX or CSV (exactly what the same filters list)",
        querystring: Type.Object({ ...CandidateQuery, format: literals(['xlsx', 'csv'] as const) }, { additionalProperties: false }),
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'],
        response: errorResponses(400, 401, 403),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      requirePermission(actor, 'assessment.triage')
      const { programme, format, ...filter } = request.query
      const scoped = scopedFilter(actor, validateFilter(filterOf(filter)))
      await recordAudit(db, auditContextOf(request), { action: 'triage.exported', entityType: 'triage', entityId: null, after: { programme, format, filter: scoped } })
      const rows = allCandidates(db, { programme, ...scoped })
      reply.header('content-disposition', `attachment; filename="kandidat-${programme}-${new Date().toISOString().slice(0, 10)}.${format}"`)
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(tableCsv(CANDIDATE_COLUMNS, rows))
      return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(tableXlsx(CANDIDATE_COLUMNS, rows, 'Kandidat'))
    },
  )

  app.get(
    '/firms/:id/needs-profile',
    {
      schema: {
        tags,
        summary: "A firm's needs profile and severity from its latest response, with the programmes it is a candidate for",
        params: IdParams,
        response: { 200: ref(NeedsProfile), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request)
      requirePermission(actor, 'firms.read')
      const firm = await firmsRepo.findById(db, request.params.id)
      if (!firm || !canSeeFirm(actor, firmScopeOf(firm))) throw notFound('FIRM_NOT_FOUND')
      const profile = await needsProfileOf(db, firm.id)
      if (!profile) throw notFound('NEEDS_PROFILE_NOT_FOUND')
      return profile
    },
  )
  await app.register(dashboardExportRoutes, { db })
  await app.register(responseImportRoutes, { db, config })
  await app.register(completenessRoutes, { db, config })
}
