import { Type, type TSchema } from '@sinclair/typebox'
import { ref } from '../../../platform/http/common.schemas.ts'

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

export const ImportSummary = Type.Object(
  {
    inserted: Type.Integer(),
    updated: Type.Integer(),
    unchanged: Type.Integer(),
    rejected: Type.Integer({ description: 'Rows refused; each is listed in errors.csv with row, column and code' }),
  },
  { $id: 'ImportSummary' },
)

export const Import = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    kind: Type.Union([Type.Literal('firms'), Type.Literal('responses'), Type.Literal('sales')]),
    roundId: Nullable(Type.String({ format: 'uuid', description: 'The survey round of an import of responses' })),
    fileName: Type.String(),
    fileSha256: Type.String(),
    format: Nullable(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')])),
    sheet: Nullable(Type.String()),
    status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
    dryRun: Type.Boolean({ description: 'Validated and counted, nothing saved' }),
    totalRows: Nullable(Type.Integer({ description: 'Known when the import has ended' })),
    processedRows: Type.Integer(),
    progress: Type.Number({ minimum: 0, maximum: 1, description: 'Share of the file read so far' }),
    summary: ref(ImportSummary),
    error: Nullable(
      Type.Object({
        code: Type.String({ description: 'Why the whole file was refused, e.g. FILE_NO_HEADER, IMPORT_COLUMNS_MISSING' }),
        message: Type.String(),
      }),
    ),
    createdBy: Nullable(Type.String({ format: 'uuid' })),
    createdAt: Type.String({ format: 'date-time' }),
    startedAt: Nullable(Type.String({ format: 'date-time' })),
    finishedAt: Nullable(Type.String({ format: 'date-time' })),
  },
  { $id: 'Import' },
)

export const ImportList = Type.Object({ items: Type.Array(ref(Import)) }, { $id: 'ImportList' })

export const ImportQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) },
  { additionalProperties: false },
)

/** The multipart form of POST /api/imports (documented here; the handler reads the parts as a stream). */
export const ImportUpload = Type.Object(
  {
    file: Type.String({ format: 'binary', description: 'One CSV or XLSX file, at most 512 MB' }),
    dryRun: Type.Optional(Type.Boolean({ description: 'Validate and count without saving' })),
    sheet: Type.Optional(Type.String({ description: 'XLSX: sheet name (default: the first sheet)' })),
  },
  { $id: 'ImportUpload' },
)

// Shared ($id) schemas of the registry's imports; registered at the app root.
export const importsSchemas: TSchema[] = [ImportSummary, Import, ImportList, ImportUpload]
