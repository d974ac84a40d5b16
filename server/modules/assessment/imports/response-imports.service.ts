// Bulk import of survey responses (issue 4): one main-sheet row per firm, matched by NIB, with
// its raw-material shortfalls and held export contracts in two optional child sheets (or files).
// The registry's import engine (runRowImport) streams the main sheet, batches, records row
// problems, progress and the summary, and runs dry runs; this file says what the rows mean.
//
// Memory: the main sheet is streamed in batches, whatever its size. The child rows are read
// first into a map keyed by NIB, bounded by CHILD_ROWS_MAX rows (a file with more is refused,
// asking to split it): a main row needs all its child rows before it can be saved, and they may
// be anywhere in their sheets. A map was chosen over a temporary table because the engine's
// batches run on pooled connections (a temporary table lives in one session) and because child
// rows are few (only firms with a shortfall or a held contract have any): 200,000 rows of a few
// hundred bytes each stay far below the server's memory.
import fs from 'node:fs'
import type { Database } from '../../../db/database.ts'
import type { Executor } from '../../../platform/audit/audit.repository.ts'
import { conflict, notFound } from '../../../platform/errors.ts'
import type { AuditContext } from '../../../platform/audit/audit.service.ts'
import { readSpreadsheetRows, type CellValue, type SpreadsheetReader } from '../../registry/import-files/index.ts'
import { matchHeaders, normaliseNib, type ColumnSpec } from '../../registry/normalise/index.ts'
import * as firmsRepo from '../../registry/firms.repository.ts'
import {
  createImport,
  IMPORT_MAX_BYTES,
  ImportRefused,
  looksLikeHeader,
  runRowImport,
  type BatchOutcome,
  type Import,
  type ImportDeps,
  type ImportFileOptions,
  type Importer,
  type PendingRow,
  type RowImportKind,
} from '../../registry/imports/imports.service.ts'
import type { ImportRow } from '../../registry/imports/imports.repository.ts'
import type { ImportScope } from '../../registry/imports/firm-rows.ts'
import { saveResponse } from '../responses.service.ts'
import { findRound, findRoundByRef, roundCovers, roundStatus, type RoundRow } from '../rounds.service.ts'
import type { Answers, ExportAnswer, MaterialAnswer } from '../rules.ts'
import {
  CHILD_SHEETS,
  childSheetName,
  EXPORT_IMPORT_COLUMNS,
  MATERIAL_IMPORT_COLUMNS,
  RESPONSE_IMPORT_COLUMNS,
  type ResponseImportKey,
} from './columns.ts'
import { responseProblems, validateExportRow, validateMaterialRow, validateResponseRow, type ChildRowResult, type Problem } from './rows.ts'
import './response-imports.messages.ts'

/** Child rows (both sheets together) one import keeps in memory; more and the file is refused. */
export const CHILD_ROWS_MAX = 200_000

export interface ResponseImportOptions extends ImportFileOptions {
  /** The bahan_baku rows in a file of their own (CSV or XLSX); default: the main file's sheet of that name. */
  materialsPath?: string
  /** The ekspor_tertunda rows in a file of their own; default: the main file's sheet of that name. */
  exportsPath?: string
}

type ImportDepsNoKeys = Pick<ImportDeps, 'db' | 'signal'>

/**
 * The round an import goes to, as the importer may see it: a regional officer only rounds that
 * ask their province; nobody a round that has not opened yet (its template may be downloaded).
 */
export async function roundForImport(db: Executor, importer: Importer, ref: string, options: { allowUpcoming?: boolean } = {}): Promise<RoundRow> {
  const round = await findRoundByRef(db, ref)
  if (!round) throw notFound('ROUND_NOT_FOUND')
  if (importer !== 'system' && importer.role === 'regional_officer' && !(importer.provinceCode && roundCovers(round, importer.provinceCode))) {
    throw notFound('ROUND_NOT_FOUND')
  }
  if (!options.allowUpcoming && roundStatus(round) === 'upcoming') throw conflict('ROUND_NOT_OPEN', { opensOn: String(round.opens_on) })
  return round
}

/** Imports survey responses for a round (id or name): records the import, runs it, answers its final state. */
export async function importResponses(
  deps: ImportDepsNoKeys,
  importer: Importer,
  audit: AuditContext,
  roundRef: string,
  options: ResponseImportOptions,
): Promise<Import> {
  const round = await roundForImport(deps.db, importer, roundRef)
  const id = await createImport(deps.db, importer, audit, { ...options, roundId: round.id })
  return runResponseImport(deps, audit, id, options)
}

/** Runs a recorded import of responses (kind 'responses') to its end; removes the child uploads with the main one. */
export async function runResponseImport(
  deps: ImportDepsNoKeys,
  audit: AuditContext,
  importId: string,
  options: Pick<ResponseImportOptions, 'path' | 'materialsPath' | 'exportsPath' | 'onProgress' | 'removeFile' | 'locale' | 'maxBytes'>,
): Promise<Import> {
  try {
    return await runRowImport(deps, audit, importId, options, async (record) => responseImportKind(deps.db, audit, record, options))
  } finally {
    if (options.removeFile) {
      for (const file of [options.materialsPath, options.exportsPath]) if (file) await fs.promises.rm(file, { force: true })
    }
  }
}

interface PendingResponse extends PendingRow {
  nib: string
  answers: Answers
}

/** What the child sheets say about one NIB. */
interface ChildEntry {
  /** A main row has this NIB (valid or not): the child rows are not orphans. */
  used: boolean
  materials: MaterialAnswer[]
  exports: ExportAnswer[]
  /** Every child row of the NIB, for the orphan report. */
  rows: Array<{ sheet: string; rowNumber: number }>
  /** Child rows with problems ('bahan_baku 4'): the response is not saved. */
  bad: string[]
}

async function responseImportKind(
  db: Database,
  audit: AuditContext,
  record: ImportRow,
  options: Pick<ResponseImportOptions, 'path' | 'materialsPath' | 'exportsPath' | 'maxBytes'>,
): Promise<RowImportKind<ResponseImportKey, PendingResponse>> {
  const round = record.round_id ? await findRound(db, record.round_id) : undefined
  if (!round) throw notFound('ROUND_NOT_FOUND')
  const importId = record.id
  const scope: ImportScope | null = record.actor_role === 'regional_officer' ? { provinceCode: record.province_code ?? '--', regencyCode: record.regency_code } : null
  const children = new Map<string, ChildEntry>()
  // Child rows without a readable NIB belong to no response: reported when read, counted as refused at the end.
  const unkeyed: number[] = []
  let childRows = 0

  const readChild = async <K extends string, T>(
    source: { path: string; sheet?: string },
    sheet: string,
    columns: readonly ColumnSpec<K>[],
    validate: (cells: Partial<Record<K, CellValue>>) => ChildRowResult<T>,
    add: (entry: ChildEntry, value: T) => void,
    report: (rowNumber: number, problem: Problem) => Promise<void>,
  ) => {
    const reader = await readSpreadsheetRows(source.path, { sheet: source.sheet, maxBytes: options.maxBytes ?? IMPORT_MAX_BYTES, isHeader: looksLikeHeader(columns) })
    try {
      const header = matchHeaders(reader.header, columns)
      if (header.missingRequired.length > 0) {
        throw new ImportRefused('IMPORT_COLUMNS_MISSING', { columns: header.missingRequired.map((c) => `${sheet}.${c}`).join(', ') })
      }
      const mapping = [...header.mapping]
      for await (const row of reader.rows()) {
        if (++childRows > CHILD_ROWS_MAX) throw new ImportRefused('RESPONSE_IMPORT_CHILD_ROWS_TOO_MANY', { max: CHILD_ROWS_MAX })
        const cells: Partial<Record<K, CellValue>> = {}
        for (const [index, key] of mapping) cells[key] = row.cells[index] ?? null
        const result = validate(cells)
        if (result.nib === null) {
          unkeyed.push(row.rowNumber)
          if (!result.ok) for (const problem of result.problems) await report(row.rowNumber, problem)
          continue
        }
        let entry = children.get(result.nib)
        if (!entry) children.set(result.nib, (entry = { used: false, materials: [], exports: [], rows: [], bad: [] }))
        entry.rows.push({ sheet, rowNumber: row.rowNumber })
        if (result.ok) add(entry, result.value)
        else {
          entry.bad.push(`${sheet} ${row.rowNumber}`)
          for (const problem of result.problems) await report(row.rowNumber, problem)
        }
      }
    } finally {
      await reader.close()
    }
  }

  // The child rows of a main file that is an XLSX: its sheets of those names, unless a file is given.
  const childSource = (reader: SpreadsheetReader, child: keyof typeof CHILD_SHEETS, file: string | undefined) => {
    if (file) return { path: file }
    const sheet = reader.format === 'xlsx' ? childSheetName(reader.sheetNames ?? [], child) : undefined
    return sheet && sheet !== reader.sheetName ? { path: options.path, sheet } : null
  }

  return {
    columns: RESPONSE_IMPORT_COLUMNS,
    prepare: async (reader, report) => {
      const materials = childSource(reader, 'materials', options.materialsPath)
      if (materials) {
        await readChild(materials, CHILD_SHEETS.materials.name, MATERIAL_IMPORT_COLUMNS, validateMaterialRow, (e, v) => e.materials.push(v), report)
      }
      const exports = childSource(reader, 'exports', options.exportsPath)
      if (exports) {
        await readChild(exports, CHILD_SHEETS.exports.name, EXPORT_IMPORT_COLUMNS, validateExportRow, (e, v) => e.exports.push(v), report)
      }
    },
    validate: (cells, rowNumber) => {
      const nib = normaliseNib(cells.nib)
      const entry = nib.ok && nib.value ? children.get(nib.value) : undefined
      if (entry) entry.used = true
      const result = validateResponseRow(cells)
      if (!result.ok) return result
      if (entry && entry.bad.length > 0) {
        return { ok: false, problems: [{ column: null, code: 'RESPONSE_CHILD_ROWS_INVALID', params: { rows: entry.bad.join(', ') }, value: null }] }
      }
      const answers: Answers = { ...result.values.answers, materials: entry?.materials ?? [], exports: entry?.exports ?? [] }
      const problems = responseProblems(answers, cells)
      if (problems.length > 0) return { ok: false, problems }
      return { ok: true, pending: { rowNumber, key: `nib:${result.values.nib}`, nib: result.values.nib, answers } }
    },
    applyBatch: (trx, batch) => applyResponses(trx, audit, importId, record.created_by, round, scope, batch),
    refusalOf: (error) => ({ code: 'ROW_NOT_SAVED', column: null, params: { reason: (error as { constraint?: string }).constraint ?? (error as { code?: string }).code ?? 'database' } }),
    afterRows: () => {
      const orphans: Array<{ rowNumber: number; problems: Problem[] }> = unkeyed.map((rowNumber) => ({ rowNumber, problems: [] }))
      for (const [nib, entry] of children) {
        if (entry.used) continue
        for (const { sheet, rowNumber } of entry.rows) {
          const column = `${sheet}.nib`
          orphans.push({ rowNumber, problems: [{ column, code: 'RESPONSE_CHILD_WITHOUT_MAIN', params: { column, nib }, value: nib }] })
        }
      }
      children.clear()
      return orphans
    },
  }
}

/** Saves one batch of valid responses with `trx` (the batch's transaction). */
async function applyResponses(
  trx: Executor,
  audit: AuditContext,
  importId: string,
  enteredBy: string | null,
  round: RoundRow,
  scope: ImportScope | null,
  batch: PendingResponse[],
): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { inserted: 0, updated: 0, unchanged: 0, rejected: [] }
  const reject = (p: PendingResponse, code: string, params: Record<string, string | number> = {}) =>
    outcome.rejected.push({ rowNumber: p.rowNumber, problem: { column: 'nib', code, params: { column: 'nib', nib: p.nib, ...params }, value: p.nib } })
  // Merged firms are history: their NIB, if kept, answers for the surviving firm only.
  const firms = await trx
    .selectFrom('firms')
    .select(['id', 'nib', 'province_code', 'regency_code'])
    .where('nib', 'in', batch.map((p) => p.nib))
    .where('merged_into', 'is', null)
    .execute()
  const byNib = new Map(firms.map((f) => [f.nib!, f]))
  const earlier = new Map(
    (
      await trx
        .selectFrom('survey_responses')
        .select(['firm_id', 'import_id', 'import_row'])
        .where('round_id', '=', round.id)
        .where('firm_id', 'in', firms.length > 0 ? firms.map((f) => f.id) : ['00000000-0000-0000-0000-000000000000'])
        .execute()
    ).map((r) => [r.firm_id, r]),
  )
  for (const p of batch) {
    const found = byNib.get(p.nib)
    if (!found) {
      reject(p, 'FIRM_NIB_UNKNOWN')
      continue
    }
    // A regional officer answers only for firms of their region.
    if (scope && (found.province_code !== scope.provinceCode || (scope.regencyCode && found.regency_code !== scope.regencyCode))) {
      reject(p, 'FIRM_OUT_OF_REGION')
      continue
    }
    if (!roundCovers(round, found.province_code)) {
      reject(p, 'ROUND_NOT_FOR_FIRM', { round: round.name })
      continue
    }
    // The same firm twice in one file: the first row stands (rows of earlier imports are versions).
    const previous = earlier.get(found.id)
    if (previous && previous.import_id === importId && previous.import_row !== p.rowNumber) {
      reject(p, 'RESPONSE_NIB_REPEATED', { row: previous.import_row ?? 0 })
      continue
    }
    const firm = await firmsRepo.findByIdForUpdate(trx, found.id)
    if (!firm || firm.merged_into) {
      reject(p, 'FIRM_NIB_UNKNOWN')
      continue
    }
    const saved = await saveResponse(trx, audit, round, firm, p.answers, { mode: 'import', enteredBy, importId, importRow: p.rowNumber })
    if (saved.outcome === 'created') outcome.inserted++
    else if (saved.outcome === 'revised') outcome.updated++
    else outcome.unchanged++
  }
  return outcome
}
