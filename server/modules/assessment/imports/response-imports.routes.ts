// Routes of the survey-response import (registered by assessment.routes.ts under /api). Progress
// and row errors are read through the registry's GET /api/imports/:id and /errors.csv.
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
import type { Actor } from '../../../platform/access/roles.ts'
import { localeFrom } from '../../../platform/i18n/messages.ts'
import { Import } from '../../registry/imports/imports.schemas.ts'
import { createImport, getImport, IMPORT_MAX_BYTES } from '../../registry/imports/imports.service.ts'
import { importJobs, receiveUpload, truthy } from '../../registry/imports/imports.routes.ts'
import { roundForImport, runResponseImport } from './response-imports.service.ts'
import { responseTemplateCsv, responseTemplateXlsx } from './response-imports.template.ts'

const tags = ['assessment']
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** The multipart form of POST /api/rounds/:id/imports (documented here; the handler reads the parts as a stream). */
const ResponseImportUpload = Type.Object({
  file: Type.String({ format: 'binary', description: 'CSV or XLSX, at most 512 MB: one row per firm (by NIB); an XLSX may hold the sheets bahan_baku and ekspor_tertunda' }),
  materials: Type.Optional(Type.String({ format: 'binary', description: 'The bahan_baku rows as a file of their own' })),
  exports: Type.Optional(Type.String({ format: 'binary', description: 'The ekspor_tertunda rows as a file of their own' })),
  dryRun: Type.Optional(Type.Boolean({ description: 'Validate and count without saving' })),
  sheet: Type.Optional(Type.String({ description: 'XLSX: the main sheet (default: the first)' })),
})

// Bulk imports are for those who may import registry data and answer for firms: officers, and
// regional officers for the firms of their region (checked per row).
function requireImporter(actor: Actor | null): asserts actor is Actor {
  requirePermission(actor, 'firms.create')
  requirePermission(actor, 'assessment.respond')
}

export const responseImportRoutes: FastifyPluginAsyncTypebox<{ db: Database; config: Config }> = async (app, { db, config }) => {
  // Registered in this plugin's own scope: only the upload route parses multipart bodies here.
  await app.register(multipart, { limits: { fileSize: IMPORT_MAX_BYTES, files: 3, fields: 10, fieldSize: 1000, parts: 14 } })
  const runInBackground = importJobs(app)

  app.post(
    '/rounds/:id/imports',
    {
      schema: {
        tags,
        summary:
          "Upload a spreadsheet of survey responses for a round (multipart: file, materials, exports, dryRun, sheet); runs in the background — follow it with GET /api/imports/:id and its errors.csv",
        params: IdParams,
        consumes: ['multipart/form-data'],
        body: ResponseImportUpload,
        response: { 202: ref(Import), ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
      },
      // The multipart stream is read by the handler; the body schema documents the form only.
      validatorCompiler: () => () => true,
    },
    async (request, reply) => {
      const actor = requireActor(request)
      requireImporter(actor)
      const round = await roundForImport(db, actor, request.params.id)
      const { files, fields } = await receiveUpload(request, config.dataDir, ['file', 'materials', 'exports'])
      const main = files.file!
      const audit = auditContextOf(request)
      let id: string
      try {
        id = await createImport(db, actor, audit, {
          path: main.path,
          fileName: main.fileName,
          dryRun: truthy(fields.dryRun),
          sheet: fields.sheet,
          uploadFile: path.basename(main.path),
          roundId: round.id,
        })
      } catch (error) {
        for (const received of Object.values(files)) if (received) await fs.promises.rm(received.path, { force: true })
        throw error
      }
      const options = { path: main.path, materialsPath: files.materials?.path, exportsPath: files.exports?.path, removeFile: true }
      runInBackground(id, () => runResponseImport({ db, signal: runInBackground.signal }, audit, id, options))
      return reply.code(202).send(await getImport(db, actor, id, localeFrom(request.headers['accept-language'])))
    },
  )

  app.get(
    '/rounds/:id/imports/template.csv',
    {
      schema: { tags, summary: 'Survey-response import template as CSV (the main sheet: header and an example row)', params: IdParams, produces: ['text/csv'], response: errorResponses(401, 403, 404) },
    },
    async (request, reply) => {
      requireImporter(request.actor)
      await roundForImport(db, request.actor, request.params.id, { allowUpcoming: true })
      reply.header('content-disposition', 'attachment; filename="templat-impor-survei.csv"')
      return reply.type('text/csv; charset=utf-8').send(responseTemplateCsv())
    },
  )

  app.get(
    '/rounds/:id/imports/template.xlsx',
    {
      schema: {
        tags,
        summary: "Survey-response import template as XLSX (sheets 'survei', 'bahan_baku', 'ekspor_tertunda' with an example row; 'Petunjuk' explains every column)",
        params: IdParams,
        produces: [XLSX_TYPE],
        response: errorResponses(401, 403, 404),
      },
    },
    async (request, reply) => {
      requireImporter(request.actor)
      await roundForImport(db, request.actor, request.params.id, { allowUpcoming: true })
      reply.header('content-disposition', 'attachment; filename="templat-impor-survei.xlsx"')
      return reply.type(XLSX_TYPE).send(await responseTemplateXlsx())
    },
  )
}
