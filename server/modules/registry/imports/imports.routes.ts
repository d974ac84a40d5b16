import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import multipart from '@fastify/multipart'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { RegistryRouteOptions } from '../registry.routes.ts'
import { errorResponses, IdParams, ref } from '../../../platform/http/common.schemas.ts'
import { auditContextOf, type AuditContext } from '../../../platform/audit/audit.service.ts'
import { requireActor } from '../../../platform/auth/auth.plugin.ts'
import { requirePermission } from '../../../platform/access/policy.ts'
import type { Actor } from '../../../platform/access/roles.ts'
import { AppError, badRequest } from '../../../platform/errors.ts'
import { localeFrom } from '../../../platform/i18n/messages.ts'
import { SpreadsheetError } from '../import-files/index.ts'
import { Import, ImportList, ImportQuery, ImportUpload } from './imports.schemas.ts'
import { createImport, getImport, getImportErrorsCsv, IMPORT_MAX_BYTES, listImports, runImport } from './imports.service.ts'
import { templateCsv, templateXlsx } from './imports.template.ts'

const tags = ['registry']
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const locale = (request: FastifyRequest) => localeFrom(request.headers['accept-language'])
/** A form field's yes: true, 1, on, yes, ya. */
export const truthy = (value: string | undefined) => ['true', '1', 'on', 'yes', 'ya'].includes((value ?? '').trim().toLowerCase())

// Routes of the registry's imports (registered by registry.routes.ts under /api).
export const importsRoutes: FastifyPluginAsyncTypebox<RegistryRouteOptions> = async (app, options) => {
  const { db, keys, config } = options
  // Registered in this plugin's own scope: only the upload route parses multipart bodies here.
  await app.register(multipart, { limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 10, fieldSize: 1000, parts: 12 } })

  const runInBackground = importJobs(app)
  app.post(
    '/imports',
    {
      schema: {
        tags,
        summary: 'Upload a CSV or XLSX file of firms to import (multipart: file, dryRun, sheet); runs in the background',
        consumes: ['multipart/form-data'],
        body: ref(ImportUpload),
        response: { 202: ref(Import), ...errorResponses(400, 401, 403, 413, 415) },
      },
      // The multipart stream is read by the handler; the body schema documents the form only.
      validatorCompiler: () => () => true,
    },
    async (request, reply) => {
      const actor = requireActor(request)
      requirePermission(actor, 'firms.create')
      const { files, fields } = await receiveUpload(request, config.dataDir, ['file'])
      const { path: file, fileName } = files.file!
      const audit = auditContextOf(request)
      let id: string
      try {
        id = await createImport(db, actor, audit, { path: file, fileName, dryRun: truthy(fields.dryRun), sheet: fields.sheet, uploadFile: path.basename(file) })
      } catch (error) {
        await fs.promises.rm(file, { force: true })
        throw error
      }
      runInBackground(id, () => runImport({ db, keys, signal: runInBackground.signal }, actor, audit, id, { path: file, removeFile: true }))
      return reply.code(202).send(await getImport(db, actor, id, locale(request)))
    },
  )

  app.get(
    '/imports',
    {
      schema: {
        tags,
        summary: "Imports, newest first: the caller's own (national officers: all)",
        querystring: ImportQuery,
        response: { 200: ref(ImportList), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => ({ items: await listImports(db, request.actor, request.query, locale(request)) }),
  )

  app.get(
    '/imports/template.csv',
    { schema: { tags, summary: 'Import template as CSV (header and an example row)', produces: ['text/csv'], response: errorResponses(401, 403) } },
    async (request, reply) => {
      requirePermission(request.actor, 'firms.create')
      reply.header('content-disposition', 'attachment; filename="templat-impor-ikm.csv"')
      return reply.type('text/csv; charset=utf-8').send(templateCsv())
    },
  )

  app.get(
    '/imports/template.xlsx',
    {
      schema: {
        tags,
        summary: "Import template as XLSX (sheet 'Data' with header and an example row; sheet 'Petunjuk' explains every column)",
        produces: [XLSX_TYPE],
        response: errorResponses(401, 403),
      },
    },
    async (request, reply) => {
      requirePermission(request.actor, 'firms.create')
      reply.header('content-disposition', 'attachment; filename="templat-impor-ikm.xlsx"')
      return reply.type(XLSX_TYPE).send(await templateXlsx())
    },
  )

  app.get(
    '/imports/:id',
    {
      schema: {
        tags,
        summary: 'One import: status, progress and summary (inserted, updated, unchanged, rejected)',
        params: IdParams,
        response: { 200: ref(Import), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => getImport(db, request.actor, request.params.id, locale(request)),
  )

  app.get(
    '/imports/:id/errors.csv',
    {
      schema: {
        tags,
        summary: 'The rejected rows of an import as CSV: row, column, code, message (Indonesian), value (personal data masked)',
        params: IdParams,
        produces: ['text/csv'],
        response: errorResponses(401, 403, 404),
      },
    },
    async (request, reply) => {
      const { fileName, stream } = await getImportErrorsCsv(db, request.actor, request.params.id)
      reply.header('content-disposition', `attachment; filename="${fileName}"`)
      return reply.type('text/csv; charset=utf-8').send(stream)
    },
  )
}

/**
 * Runs imports in this process after the upload is answered. Shutting down stops them between
 * batches (they end as IMPORT_INTERRUPTED, with what was saved kept) before the pool closes.
 */
export function importJobs(app: FastifyInstance): ((importId: string, job: () => Promise<unknown>) => void) & { signal: AbortSignal } {
  const shutdown = new AbortController()
  const jobs = new Set<Promise<unknown>>()
  app.addHook('onClose', async () => {
    shutdown.abort()
    await Promise.allSettled([...jobs])
  })
  const start = (importId: string, run: () => Promise<unknown>) => {
    const job: Promise<unknown> = run()
      .catch((error) => app.log.error({ err: error, importId }, 'import failed'))
      .finally(() => jobs.delete(job))
    jobs.add(job)
  }
  return Object.assign(start, { signal: shutdown.signal })
}

/** An uploaded file kept in <data>/imports under a random name; the user's name is data only. */
export interface ReceivedFile {
  path: string
  fileName: string
}

/**
 * Saves the files of a multipart upload (at most one per field in `fileFields`, the first
 * required) into <data>/imports and answers them with the text fields. Files are removed again
 * when the upload fails.
 */
export async function receiveUpload<F extends string>(
  request: FastifyRequest,
  dataDir: string,
  fileFields: readonly [F, ...F[]],
): Promise<{ files: Partial<Record<F, ReceivedFile>>; fields: Record<string, string> }> {
  if (!request.isMultipart()) throw new AppError('IMPORT_MULTIPART_REQUIRED', 415)
  const directory = path.join(dataDir, 'imports')
  await fs.promises.mkdir(directory, { recursive: true, mode: 0o700 })
  const files: Partial<Record<F, ReceivedFile>> = {}
  const fields: Record<string, string> = {}
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const field = part.fieldname as F
        if (!fileFields.includes(field) || files[field]) {
          part.file.resume()
          continue
        }
        // The user's file name is kept as data only; the file on disk gets a random name.
        const file = path.join(directory, `${crypto.randomUUID()}.upload`)
        files[field] = { path: file, fileName: path.basename(part.filename || 'impor').slice(0, 255) }
        await pipeline(part.file, fs.createWriteStream(file, { mode: 0o600 }))
        if (part.file.truncated) throw new SpreadsheetError('FILE_TOO_LARGE', { size: IMPORT_MAX_BYTES, maxBytes: IMPORT_MAX_BYTES })
      } else {
        fields[part.fieldname] = String(part.value)
      }
    }
    if (!files[fileFields[0]]) throw badRequest('IMPORT_FILE_REQUIRED')
  } catch (error) {
    for (const received of Object.values<ReceivedFile | undefined>(files)) if (received) await fs.promises.rm(received.path, { force: true })
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      const size = Number(request.headers['content-length']) || IMPORT_MAX_BYTES
      throw new SpreadsheetError('FILE_TOO_LARGE', { size, maxBytes: IMPORT_MAX_BYTES })
    }
    throw error
  }
  return { files, fields }
}
