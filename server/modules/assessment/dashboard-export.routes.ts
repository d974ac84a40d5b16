// Downloads of the national dashboard (XLSX workbook, PDF brief): the same round, filters and
// viewer scope as GET /api/rounds/:id/dashboard, audited as exports.
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Database } from '../../db/database.ts'
import type { Config } from '../../config.ts'
import { errorResponses, IdParams } from '../../platform/http/common.schemas.ts'
import { auditContextOf, recordAudit } from '../../platform/audit/audit.service.ts'
import { requireActor } from '../../platform/auth/auth.plugin.ts'
import { dashboardExport, dashboardPdf, dashboardXlsx } from './dashboard.export.ts'

const tags = ['assessment']

const FilterQuery = Type.Object(
  {
    province: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
    regency: Type.Optional(Type.String({ pattern: '^[0-9]{2}\\.?[0-9]{2}$' })),
    kbliDivision: Type.Optional(Type.String({ pattern: '^([0-9]{2}|--)$', description: 'KBLI 2020 golongan pokok (10–33); -- for firms without KBLI' })),
    sizeClass: Type.Optional(Type.Union([Type.Literal('small'), Type.Literal('medium'), Type.Literal('large'), Type.Literal('unknown')])),
  },
  { additionalProperties: false },
)

const filterOf = (q: { province?: string; regency?: string; kbliDivision?: string; sizeClass?: string }) => ({
  provinceCode: q.province,
  regencyCode: q.regency,
  kbliDivision: q.kbliDivision,
  sizeClass: q.sizeClass,
})

const fileStem = (referenceMonth: string, provinceCode?: string) => `dasbor-ikm-${referenceMonth}${provinceCode ? `-${provinceCode}` : ''}`

export const dashboardExportRoutes: FastifyPluginAsyncTypebox<{ db: Database; config?: Config }> = async (app, { db }) => {
  app.get(
    '/rounds/:id/dashboard.xlsx',
    {
      schema: {
        tags,
        summary: "The dashboard as an XLSX workbook: every figure, per province (and regency), histogram, materials, held exports, needs, and the rows behind them (audited)",
        params: IdParams,
        querystring: FilterQuery,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: errorResponses(400, 401, 403, 404),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      const data = await dashboardExport(db, actor, request.params.id, filterOf(request.query))
      const { round, filter } = data.dashboard.summary
      await recordAudit(db, auditContextOf(request), { action: 'dashboard.exported', entityType: 'survey_round', entityId: round.id, after: { format: 'xlsx', filter } })
      reply.header('content-disposition', `attachment; filename="${fileStem(round.referenceMonth, filter.provinceCode)}.xlsx"`)
      return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(dashboardXlsx(db, data))
    },
  )

  app.get(
    '/rounds/:id/dashboard.pdf',
    {
      schema: {
        tags,
        summary: "A PDF brief of the dashboard: headline figures with the previous round's change, provinces, needs, material shortfalls (audited)",
        params: IdParams,
        querystring: FilterQuery,
        produces: ['application/pdf'],
        response: errorResponses(400, 401, 403, 404),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      const data = await dashboardExport(db, actor, request.params.id, filterOf(request.query))
      const { round, filter } = data.dashboard.summary
      await recordAudit(db, auditContextOf(request), { action: 'dashboard.exported', entityType: 'survey_round', entityId: round.id, after: { format: 'pdf', filter } })
      reply.header('content-disposition', `attachment; filename="${fileStem(round.referenceMonth, filter.provinceCode)}.pdf"`)
      return reply.type('application/pdf').send(dashboardPdf(data))
    },
  )
}
