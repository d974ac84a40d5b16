// Routes of the marketplace sales reports and recovery figures (registered by marketplace.routes.ts under /api).
import fs from 'node:fs'
import path from 'node:path'
import multipart from '@fastify/multipart'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Database } from '../../../db/database.ts'
import type { Config } from '../../../config.ts'
import { errorResponses, IdParams, ref } from '../../../platform/http/common.schemas.ts'
import { auditContextOf } from '../../../platform/audit/audit.service.ts'
import { requireActor } from '../../../platform/auth/auth.plugin.ts'
import { requirePermission } from '../../../platform/access/policy.ts'
import { localeFrom } from '../../../platform/i18n/messages.ts'
import { tableCsv, tableXlsx, type ExportColumn } from '../../../platform/export/table-export.ts'
import { IMPORT_MAX_BYTES } from '../../registry/imports/imports.service.ts'
import { importJobs, receiveUpload, truthy } from '../../registry/imports/imports.routes.ts'
import { FirmMarketplaceSales, SalesImport, SalesImportUpload, SalesSummary, SalesSummaryQuery } from './sales.schemas.ts'
import { createSalesImport, getSalesImport, getSalesImportErrorsCsv, marketplaceForImport, runSalesImport } from './sales-import.service.ts'
import { firmMarketplaceSales, iterateSalesRows, salesRange, salesSummary, type SalesExportRow } from './sales.figures.ts'

const tags = ['marketplace']
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export const SALES_EXPORT_COLUMNS: ExportColumn<SalesExportRow>[] = [
  { header: 'Nama usaha', width: 36, value: (r) => r.firmName },
  { header: 'NIB', width: 16, value: (r) => r.nib },
  { header: 'Lokapasar', width: 14, value: (r) => r.marketplaceCode },
  { header: 'Bulan', width: 10, value: (r) => r.month },
  { header: 'Omzet (Rp)', width: 16, value: (r) => r.gmvIdr },
  { header: 'Jumlah pesanan', width: 14, value: (r) => r.orders },
  { header: 'Unit terjual', width: 12, value: (r) => r.units },
  { header: 'Omzet normal sebelum krisis (Rp)', width: 22, value: (r) => r.baselineIdr },
  { header: 'Pemulihan (%)', width: 14, value: (r) => r.recoveryPct },
  { header: 'Sumber', width: 10, value: (r) => r.source },
  { header: 'Kode provinsi', width: 12, value: (r) => r.provinceCode },
  { header: 'Kode kabupaten/kota', width: 16, value: (r) => r.regencyCode },
  { header: 'ID usaha', width: 38, value: (r) => r.firmId },
]

export const salesRoutes: FastifyPluginAsyncTypebox<{ db: Database; config: Config }> = async (app, { db, config }) => {
  // Registered in this plugin's own scope: only the upload route parses multipart bodies here.
  await app.register(multipart, { limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 10, fieldSize: 1000, parts: 12 } })
  const runInBackground = importJobs(app)

  app.post(
    '/marketplace/sales/imports',
    {
      schema: {
        tags,
        summary:
          'Upload a monthly sales report of a marketplace (multipart: file, marketplace, dryRun, sheet); runs in the background — follow it with GET /api/marketplace/sales/imports/:id and its errors.csv',
        consumes: ['multipart/form-data'],
        body: ref(SalesImportUpload),
        response: { 202: ref(SalesImport), ...errorResponses(400, 401, 403, 404, 413, 415) },
      },
      validatorCompiler: () => () => true,
    },
    async (request, reply) => {
      const actor = requireActor(request)
      requirePermission(actor, 'marketplace.sales.report')
      const { files, fields } = await receiveUpload(request, config.dataDir, ['file'])
      const { path: file, fileName } = files.file!
      const audit = auditContextOf(request)
      let id: string
      try {
        const marketplace = await marketplaceForImport(db, actor, fields.marketplace)
        id = await createSalesImport(db, actor, audit, marketplace, { path: file, fileName, dryRun: truthy(fields.dryRun), sheet: fields.sheet, uploadFile: path.basename(file) })
      } catch (error) {
        await fs.promises.rm(file, { force: true })
        throw error
      }
      runInBackground(id, () => runSalesImport({ db, signal: runInBackground.signal }, audit, id, actor, { path: file, removeFile: true }))
      return reply.code(202).send(await getSalesImport(db, actor, id, localeFrom(request.headers['accept-language'])))
    },
  )

  app.get(
    '/marketplace/sales/imports/:id',
    {
      schema: {
        tags,
        summary: 'One sales import: status, progress and summary (inserted, updated, unchanged, rejected)',
        params: IdParams,
        response: { 200: ref(SalesImport), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => getSalesImport(db, request.actor, request.params.id, localeFrom(request.headers['accept-language'])),
  )

  app.get(
    '/marketplace/sales/imports/:id/errors.csv',
    {
      schema: {
        tags,
        summary: 'The rejected rows of a sales import as CSV: row, column, code, message (Indonesian), value',
        params: IdParams,
        produces: ['text/csv'],
        response: errorResponses(401, 403, 404),
      },
    },
    async (request, reply) => {
      const { fileName, stream } = await getSalesImportErrorsCsv(db, request.actor, request.params.id)
      reply.header('content-disposition', `attachment; filename="${fileName}"`)
      return reply.type('text/csv; charset=utf-8').send(stream)
    },
  )

  app.get(
    '/marketplace/sales/summary',
    {
      schema: {
        tags,
        summary: "Sales recovery per marketplace, province and month: GMV, orders, onboarded stores and the share selling, within the viewer's scope",
        querystring: ref(SalesSummaryQuery),
        response: { 200: ref(SalesSummary), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => salesSummary(db, requireActor(request), request.query),
  )

  app.get(
    '/marketplace/sales/export',
    {
      schema: {
        tags,
        summary: 'The sales rows in view (filters as the summary) with each firm\'s baseline and recovery %, as CSV or XLSX',
        querystring: Type.Object(
          {
            marketplace: Type.Optional(Type.String({ maxLength: 40 })),
            province: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
            from: Type.Optional(Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' })),
            to: Type.Optional(Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' })),
            format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')])),
          },
          { additionalProperties: false },
        ),
        produces: ['text/csv', XLSX_TYPE],
        response: errorResponses(400, 401, 403),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      const { format = 'csv', ...filter } = request.query
      // Check access and the range before the download starts.
      requirePermission(actor, 'marketplace.sales.read')
      salesRange(filter)
      const rows = iterateSalesRows(db, actor, filter)
      reply.header('content-disposition', `attachment; filename="penjualan-lokapasar.${format}"`)
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(tableCsv(SALES_EXPORT_COLUMNS, rows))
      return reply.type(XLSX_TYPE).send(tableXlsx(SALES_EXPORT_COLUMNS, rows, 'Penjualan'))
    },
  )

  app.get(
    '/firms/:id/marketplace-sales',
    {
      schema: {
        tags,
        summary: "A firm's monthly marketplace sales against its pre-crisis baseline (recovery %); partners see their own marketplace's",
        params: IdParams,
        response: { 200: ref(FirmMarketplaceSales), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => firmMarketplaceSales(db, requireActor(request), request.params.id),
  )
}
