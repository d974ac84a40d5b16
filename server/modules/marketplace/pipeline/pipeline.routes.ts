import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Database } from '../../../db/database.ts'
import type { Config } from '../../../config.ts'
import type { Keys } from '../../../platform/secrets.ts'
import { errorResponses, IdParams, NoContent, ref, Uuid } from '../../../platform/http/common.schemas.ts'
import { auditContextOf, recordAudit } from '../../../platform/audit/audit.service.ts'
import { requirePermission } from '../../../platform/access/policy.ts'
import { requireActor } from '../../../platform/auth/auth.plugin.ts'
import { localeFrom } from '../../../platform/i18n/messages.ts'
import { tableCsv, tableXlsx, type ExportColumn } from '../../../platform/export/table-export.ts'
import { candidatesPage, scopedFilter, validateFilter } from '../../assessment/index.ts'
import { ConsentList, Funnel, NominateBody, Nomination as NominationSchema, NominationDetail, NominationPage, NominationResults, StageMoveBody } from './pipeline.schemas.ts'
import {
  consentsOf,
  funnel,
  getNomination,
  grantConsent,
  iterateNominations,
  listNominations,
  moveStage,
  nominate,
  withdrawConsent,
  type Nomination,
  type NominationFilter,
} from './pipeline.service.ts'

const tags = ['marketplace']
const literals = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v))))

const FilterQuery = {
  marketplace: Type.Optional(Type.String({ maxLength: 40 })),
  province: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
  regency: Type.Optional(Type.String({ pattern: '^[0-9]{2}\\.[0-9]{2}$' })),
  stage: Type.Optional(Type.String({ maxLength: 40 })),
  stuckDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650, description: 'Only nominations at their stage for at least this many days, longest first' })),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Part of the firm name' })),
}

const STAGE_LABELS: Record<string, string> = {
  nominated: 'Dinominasikan',
  consented: 'Disetujui pemilik',
  trained: 'Dilatih',
  store_opened: 'Toko dibuka',
  products_listed: 'Produk tayang',
  first_sale: 'Penjualan pertama',
  active: 'Aktif',
}

export const NOMINATION_COLUMNS: ExportColumn<Nomination>[] = [
  { header: 'Nama usaha', width: 36, value: (n) => n.firmName },
  { header: 'Lokapasar', width: 14, value: (n) => n.marketplaceCode },
  { header: 'Tahap', width: 20, value: (n) => STAGE_LABELS[n.stage] ?? n.stage },
  { header: 'Hari di tahap ini', width: 16, value: (n) => n.daysInStage },
  { header: 'Kode provinsi', width: 12, value: (n) => n.provinceCode },
  { header: 'Kode kabupaten/kota', width: 16, value: (n) => n.regencyCode },
  { header: 'URL toko', width: 40, value: (n) => n.storeUrl },
  { header: 'Produk tayang', width: 14, value: (n) => n.productsListed },
  { header: 'Persetujuan pemilik', width: 18, value: (n) => (n.consent ? 'ya' : 'tidak') },
  { header: 'Dinominasikan', width: 22, value: (n) => n.nominatedAt },
  { header: 'ID usaha', width: 38, value: (n) => n.firmId },
]

export const pipelineRoutes: FastifyPluginAsyncTypebox<{ db: Database; config: Config; keys: Keys }> = async (app, { db, config, keys }) => {
  app.get(
    '/marketplace/nominations',
    {
      schema: {
        tags,
        summary: 'Nominations of firms to marketplaces within the viewer\'s scope (partners: their marketplace, consented firms only)',
        querystring: Type.Object(
          { ...FilterQuery, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })) },
          { additionalProperties: false },
        ),
        response: { 200: ref(NominationPage), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => listNominations(db, requireActor(request), request.query),
  )

  app.get(
    '/marketplace/nominations/export',
    {
      schema: {
        tags,
        summary: 'The same list as XLSX or CSV (exactly what the filters list; stuck lists with stuckDays)',
        querystring: Type.Object({ ...FilterQuery, format: literals(['xlsx', 'csv'] as const) }, { additionalProperties: false }),
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'],
        response: errorResponses(400, 401, 403),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      requirePermission(actor, 'marketplace.read')
      const { format, ...filter } = request.query
      await recordAudit(db, auditContextOf(request), { action: 'marketplace.nominations.exported', entityType: 'marketplace_nomination', entityId: null, after: { format, filter } })
      const rows = iterateNominations(db, actor, filter as NominationFilter)
      reply.header('content-disposition', `attachment; filename="nominasi-lokapasar-${new Date().toISOString().slice(0, 10)}.${format}"`)
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(tableCsv(NOMINATION_COLUMNS, rows))
      return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(tableXlsx(NOMINATION_COLUMNS, rows, 'Nominasi'))
    },
  )

  app.get(
    '/marketplace/nominations/:id',
    {
      schema: { tags, summary: 'One nomination with its stage history and, where shared, the owner contact', params: IdParams, response: { 200: ref(NominationDetail), ...errorResponses(401, 403, 404) } },
    },
    async (request) => getNomination(db, keys, requireActor(request), auditContextOf(request), request.params.id),
  )

  app.post(
    '/marketplace/nominations',
    {
      schema: {
        tags,
        summary: "Nominate firms to a marketplace: chosen firms, or the best N of the assessment's marketplace candidates",
        body: ref(NominateBody),
        response: { 200: ref(NominationResults), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = requireActor(request)
      requirePermission(actor, 'marketplace.nominate')
      const body = request.body
      let firmIds = body.firmIds ?? []
      let source: 'triage' | 'manual' | 'bulk' = firmIds.length > 1 ? 'bulk' : 'manual'
      if (body.fromTriage) {
        const { limit, province, regency, kbliDivision } = body.fromTriage
        const scoped = scopedFilter(actor, validateFilter({ provinceCode: province, regencyCode: regency, kbliDivision }))
        const page = await candidatesPage(db, { programme: 'marketplace', ...scoped, limit })
        firmIds = [...firmIds, ...page.items.map((c) => c.firmId)]
        source = 'triage'
      }
      const results = await nominate(db, config, actor, auditContextOf(request), { marketplaceCode: body.marketplaceCode, firmIds, source, note: body.note }, localeFrom(request.headers['accept-language']))
      return {
        nominated: results.filter((r) => r.outcome === 'nominated').length,
        alreadyNominated: results.filter((r) => r.outcome === 'already_nominated').length,
        refused: results.filter((r) => r.outcome === 'refused').length,
        results,
      }
    },
  )

  app.post(
    '/marketplace/nominations/:id/stage',
    {
      schema: {
        tags,
        summary: 'Record the next stage of a nomination (store URL for store_opened, count for products_listed)',
        params: IdParams,
        body: ref(StageMoveBody),
        response: { 200: ref(NominationSchema), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => moveStage(db, requireActor(request), auditContextOf(request), request.params.id, request.body),
  )

  app.get(
    '/marketplace/funnel',
    {
      schema: {
        tags,
        summary: 'Onboarding funnel per marketplace: reached, current, conversion and days in each stage',
        querystring: Type.Object(
          {
            marketplace: Type.Optional(Type.String({ maxLength: 40 })),
            province: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
            regency: Type.Optional(Type.String({ pattern: '^[0-9]{2}\\.[0-9]{2}$' })),
            from: Type.Optional(Type.String({ format: 'date', description: 'Nominated on or after (YYYY-MM-DD)' })),
            to: Type.Optional(Type.String({ format: 'date', description: 'Nominated on or before (YYYY-MM-DD)' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ref(Funnel), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => ({ items: await funnel(db, requireActor(request), request.query) }),
  )

  const ConsentParams = Type.Object({ id: Uuid, code: Type.String({ maxLength: 40 }) }, { additionalProperties: false })

  app.get(
    '/firms/:id/marketplace-consents',
    { schema: { tags, summary: "The owner's consents and nominations of their firm, per marketplace", params: IdParams, response: { 200: ref(ConsentList), ...errorResponses(401, 403, 404) } } },
    async (request) => ({ items: await consentsOf(db, requireActor(request), request.params.id) }),
  )

  app.put(
    '/firms/:id/marketplace-consents/:code',
    { schema: { tags, summary: 'The owner consents to share the firm with the marketplace', params: ConsentParams, response: { 204: NoContent, ...errorResponses(401, 403, 404) } } },
    async (request, reply) => {
      await grantConsent(db, requireActor(request), auditContextOf(request), request.params.id, request.params.code)
      return reply.code(204).send(null)
    },
  )

  app.delete(
    '/firms/:id/marketplace-consents/:code',
    { schema: { tags, summary: 'The owner withdraws consent: the partner no longer sees the firm', params: ConsentParams, response: { 204: NoContent, ...errorResponses(401, 403, 404) } } },
    async (request, reply) => {
      await withdrawConsent(db, requireActor(request), auditContextOf(request), request.params.id, request.params.code)
      return reply.code(204).send(null)
    },
  )
}
