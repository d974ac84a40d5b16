// Bulk import of firms from the CSV/XLSX files regional offices send. The file is streamed row
// by row (memory stays flat whatever its size); each row is validated on its own, and valid rows
// are saved in batches, one transaction each, so a bad row never costs its neighbours.
import crypto from 'node:crypto'
import fs from 'node:fs'
import { Readable } from 'node:stream'
import { stringify } from 'csv-stringify'
import type { Database } from '../../../db/database.ts'
import type { Executor } from '../../../platform/audit/audit.repository.ts'
import { AppError, isUniqueViolation, notFound } from '../../../platform/errors.ts'
import { requirePermission } from '../../../platform/access/policy.ts'
import type { Actor } from '../../../platform/access/roles.ts'
import { recordAudit, type AuditContext } from '../../../platform/audit/audit.service.ts'
import { localize, type Locale } from '../../../platform/i18n/messages.ts'
import { maskNik, maskPhone } from '../../../platform/privacy.ts'
import { encrypt, hmac, type Keys } from '../../../platform/secrets.ts'
import { describeSpreadsheetError, readSpreadsheetRows, SpreadsheetError, type CellValue, type SpreadsheetErrorCode, type SpreadsheetReader } from '../import-files/index.ts'
import { createRegionMatcher, FIRM_IMPORT_COLUMNS, matchHeaders, type ColumnSpec, type FirmImportKey } from '../normalise/index.ts'
import { firmOf } from '../firms.service.ts'
import * as firmsRepo from '../firms.repository.ts'
import type { FirmValues, OwnerValues } from '../firms.repository.ts'
import { validateFirmRow, type FirmRowValues, type ImportScope, type RowContext, type RowProblem } from './firm-rows.ts'
import * as repo from './imports.repository.ts'
import type { CandidateFirm, ImportErrorValues, ImportRow } from './imports.repository.ts'

/** Rows saved per transaction: big enough to amortise round trips, small enough to keep locks short. */
export const IMPORT_BATCH_ROWS = 500
/** Uploads larger than this are refused: a million-row CSV is about 180–250 MB, an XLSX of it far less. The CLI reads files of any size. */
export const IMPORT_MAX_BYTES = 512 * 1024 * 1024

/** The CLI acts as the system: national scope, audited with cliContext(). */
export type Importer = Actor | 'system'

export interface ImportDeps {
  db: Database
  keys: Keys
  /** Aborting stops the import between batches (server shutdown); it ends as IMPORT_INTERRUPTED. */
  signal?: AbortSignal
}

export interface ImportSummary {
  inserted: number
  updated: number
  unchanged: number
  rejected: number
}

/** An import as the API shows it. */
export interface Import {
  id: string
  kind: 'firms' | 'responses' | 'sales'
  /** The survey round of an import of responses. */
  roundId: string | null
  fileName: string
  fileSha256: string
  format: 'csv' | 'xlsx' | null
  sheet: string | null
  status: 'queued' | 'running' | 'done' | 'failed'
  dryRun: boolean
  totalRows: number | null
  processedRows: number
  /** 0..1, from the bytes read (rows are streamed, so their total is known only at the end). */
  progress: number
  summary: ImportSummary
  error: { code: string; message: string } | null
  createdBy: string | null
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
}

export interface ImportProgressEvent {
  processedRows: number
  bytesRead: number
  bytesTotal: number
  summary: ImportSummary
}

export interface ImportFileOptions {
  path: string
  fileName: string
  dryRun?: boolean
  sheet?: string
  onProgress?: (progress: ImportProgressEvent) => void
  /** Delete `path` when the import ends (uploads); the CLI leaves the user's file alone. */
  removeFile?: boolean
  /** Language of the error message in the answer. */
  locale?: Locale
  /** Refuse files larger than this (default IMPORT_MAX_BYTES, the upload limit; the CLI sets none). */
  maxBytes?: number
}

const SPREADSHEET_CODES = new Set<string>(['FILE_FORMAT_UNSUPPORTED', 'FILE_EMPTY', 'FILE_NO_HEADER', 'SHEET_NOT_FOUND', 'FILE_TOO_LARGE', 'FILE_MALFORMED'])

/** The line the CLI prints and the UI shows. */
export function summaryLine(summary: ImportSummary): string {
  return `inserted ${summary.inserted}, updated ${summary.updated}, unchanged ${summary.unchanged}, rejected ${summary.rejected}`
}

function errorOf(row: ImportRow, locale: Locale): Import['error'] {
  if (!row.error_code) return null
  const params = (row.error_params ?? {}) as Record<string, string | number>
  if (SPREADSHEET_CODES.has(row.error_code)) {
    // The reader's own wording says what the file turned out to be and how to fix it.
    const error = new SpreadsheetError(row.error_code as SpreadsheetErrorCode, params as never)
    return { code: row.error_code, message: describeSpreadsheetError(error, locale) }
  }
  return { code: row.error_code, message: localize(row.error_code, locale, params) }
}

export function importOf(row: ImportRow, locale: Locale = 'id'): Import {
  const bytesTotal = Number(row.bytes_total ?? 0)
  const finished = row.status === 'done' || row.status === 'failed'
  return {
    id: row.id,
    kind: row.kind as Import['kind'],
    roundId: row.round_id,
    fileName: row.file_name,
    fileSha256: row.file_sha256,
    format: row.format as Import['format'],
    sheet: row.sheet,
    status: row.status as Import['status'],
    dryRun: row.dry_run,
    totalRows: row.total_rows,
    processedRows: row.processed_rows,
    progress: finished ? 1 : bytesTotal > 0 ? Math.min(1, Number(row.bytes_read) / bytesTotal) : 0,
    summary: { inserted: row.inserted, updated: row.updated, unchanged: row.unchanged, rejected: row.rejected },
    error: errorOf(row, locale),
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
  }
}

function requireImporter(importer: Importer, roundId?: string): void {
  // Importing is creating firms in bulk: the same people may do it (officers; regional
  // officers in their region, checked per row). Importing survey responses is answering for
  // those firms too.
  if (importer === 'system') return
  requirePermission(importer, 'firms.create')
  if (roundId) requirePermission(importer, 'assessment.respond')
}

function scopeOf(importer: Importer): ImportScope | null {
  if (importer === 'system' || importer.role !== 'regional_officer') return null
  // A regional officer without a province has no region at all: nothing is in scope.
  return { provinceCode: importer.provinceCode ?? '--', regencyCode: importer.regencyCode }
}

/** SHA-256 and size of a file, read as a stream (re-imports of the same file are recognised by it). */
export async function fileDigest(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = crypto.createHash('sha256')
  let bytes = 0
  for await (const chunk of fs.createReadStream(path)) {
    hash.update(chunk as Buffer)
    bytes += (chunk as Buffer).length
  }
  return { sha256: hash.digest('hex'), bytes }
}

/** Records an import of the file (status queued); `runImport` does the work. */
export async function createImport(
  db: Database,
  importer: Importer,
  audit: AuditContext,
  options: Pick<ImportFileOptions, 'path' | 'fileName' | 'dryRun' | 'sheet'> & {
    /** An upload kept in <data>/imports (its random name), removed by recovery if the import dies. */
    uploadFile?: string
    /** An import of survey responses for this round (kind 'responses'). */
    roundId?: string
  },
): Promise<string> {
  requireImporter(importer, options.roundId)
  const digest = await fileDigest(options.path)
  const scope = scopeOf(importer)
  return db.transaction().execute(async (trx) => {
    const id = await repo.insert(trx, {
      file_name: options.fileName.slice(0, 255) || 'import',
      file_sha256: digest.sha256,
      file_bytes: digest.bytes,
      sheet: options.sheet?.trim() || null,
      dry_run: options.dryRun ?? false,
      created_by: importer === 'system' ? null : importer.userId,
      actor_role: importer === 'system' ? 'system' : importer.role,
      province_code: scope && scope.provinceCode !== '--' ? scope.provinceCode : null,
      regency_code: scope?.regencyCode ?? null,
      upload_file: options.uploadFile ?? null,
      round_id: options.roundId ?? null,
    })
    await recordAudit(trx, audit, {
      action: 'import.created',
      entityType: 'import',
      entityId: id,
      after: { kind: options.roundId ? 'responses' : 'firms', roundId: options.roundId, fileName: options.fileName, fileSha256: digest.sha256, dryRun: options.dryRun ?? false },
    })
    return id
  })
}

/** Imports firms from a CSV or XLSX file: records the import, runs it, answers its final state. */
export async function importFirms(deps: ImportDeps, importer: Importer, audit: AuditContext, options: ImportFileOptions): Promise<Import> {
  const id = await createImport(deps.db, importer, audit, options)
  return runImport(deps, importer, audit, id, options)
}

/** One valid row on its way to the database, with the keys it is matched by. */
interface Pending extends PendingRow {
  values: FirmRowValues
  nikHash: Buffer | null
  phoneHash: Buffer | null
  /** Rows with the same key in one batch would race each other: a repeated key starts a new batch. */
  key: string
}

export interface BatchOutcome {
  inserted: number
  updated: number
  unchanged: number
  /** Rows the database side refused (sentra unknown, matched firm outside the region…). */
  rejected: RejectedRow[]
}

class Rollback extends Error {
  constructor(readonly outcome: BatchOutcome) {
    super('dry run')
  }
}

const nameKey = (name: string) => name.toLowerCase()

function keyOf(values: FirmRowValues, nikHash: Buffer | null): string {
  if (values.nib) return `nib:${values.nib}`
  if (nikHash) return `nik:${nikHash.toString('hex')}|${nameKey(values.name)}|${values.regencyCode}`
  return `name:${values.regencyCode}|${nameKey(values.name)}|${nameKey(values.owner?.name ?? '')}`
}

/**
 * The owner's personal data as stored: the same ciphertext, keyed hash (`nik:<nik>`,
 * `phone:<e164>`) and masks as ownerValues in firms.service.ts, which checks the NIK against
 * the database row by row; here the row validator has already checked it against the
 * reference tables loaded once. A test keeps the two in agreement.
 */
export function importedOwnerValues(keys: Keys, owner: NonNullable<FirmRowValues['owner']>): OwnerValues {
  return {
    name: owner.name,
    nik_enc: owner.nik ? encrypt(keys.encryption, owner.nik) : null,
    nik_hash: owner.nik ? hmac(keys.blindIndex, `nik:${owner.nik}`) : null,
    nik_masked: owner.nik ? maskNik(owner.nik) : null,
    phone_enc: owner.phone ? encrypt(keys.encryption, owner.phone) : null,
    phone_hash: owner.phone ? hmac(keys.blindIndex, `phone:${owner.phone}`) : null,
    phone_masked: owner.phone ? maskPhone(owner.phone) : null,
    email: owner.email,
  }
}

function newFirmValues(values: FirmRowValues, sentraId: string | null): FirmValues {
  const [kbliMain, ...kbliOthers] = values.kbli ?? []
  return {
    nib: values.nib,
    name: values.name,
    legal_form: values.legalForm ?? 'perorangan',
    address: values.address,
    province_code: values.provinceCode,
    regency_code: values.regencyCode,
    district_code: values.districtCode,
    kbli_main: kbliMain ?? null,
    kbli_others: kbliOthers,
    workers_total: values.workersTotal,
    workers_women: values.workersWomen,
    investment_idr: values.investmentIdr,
    annual_turnover_idr: values.annualTurnoverIdr,
    year_founded: values.yearFounded,
    certifications: [],
    export_experience: false,
    sentra_id: sentraId,
    store_links: '[]',
  }
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i])
const sameBytes = (a: Buffer | null, b: Buffer | null) => (a === null || b === null ? a === b : a.equals(b))
const numberOrNull = (v: string | number | null) => (v === null ? null : Number(v))

/**
 * What the row changes in an existing firm. Empty cells mean "not known" and never erase a
 * value; a new regency without a district clears the old district (it would not fit).
 */
function firmChanges(c: CandidateFirm, v: FirmRowValues, sentraId: string | null): Partial<FirmValues> {
  const patch: Partial<FirmValues> = {}
  if (v.nib && c.nib === null) patch.nib = v.nib
  if (v.name !== c.name) patch.name = v.name
  if (v.legalForm && v.legalForm !== c.legal_form) patch.legal_form = v.legalForm
  if (v.address !== null && v.address !== c.address) patch.address = v.address
  if (v.regencyCode !== c.regency_code) {
    patch.province_code = v.provinceCode
    patch.regency_code = v.regencyCode
    if (v.districtCode === null && c.district_code !== null) patch.district_code = null
  }
  if (v.districtCode !== null && v.districtCode !== c.district_code) patch.district_code = v.districtCode
  if (v.kbli) {
    const [main, ...others] = v.kbli
    if (main !== c.kbli_main) patch.kbli_main = main
    if (!sameList(others, c.kbli_others)) patch.kbli_others = others
  }
  if (v.workersTotal !== null && v.workersTotal !== c.workers_total) patch.workers_total = v.workersTotal
  if (v.workersWomen !== null && v.workersWomen !== c.workers_women) patch.workers_women = v.workersWomen
  if (v.investmentIdr !== null && v.investmentIdr !== numberOrNull(c.investment_idr)) patch.investment_idr = v.investmentIdr
  if (v.annualTurnoverIdr !== null && v.annualTurnoverIdr !== numberOrNull(c.annual_turnover_idr)) patch.annual_turnover_idr = v.annualTurnoverIdr
  if (v.yearFounded !== null && v.yearFounded !== c.year_founded) patch.year_founded = v.yearFounded
  if (sentraId !== null && sentraId !== c.sentra_id) patch.sentra_id = sentraId
  return patch
}

/** The owner as it should be after the row, or null when the row changes nothing about it. */
function ownerChanges(keys: Keys, c: CandidateFirm, p: Pending): OwnerValues | null {
  const owner = p.values.owner
  if (!owner) return null
  const changed =
    c.owner_id === null ||
    owner.name !== c.owner_name ||
    (p.nikHash !== null && !sameBytes(p.nikHash, c.nik_hash)) ||
    (p.phoneHash !== null && !sameBytes(p.phoneHash, c.phone_hash)) ||
    (owner.email !== null && owner.email !== c.owner_email)
  if (!changed) return null
  const fresh = importedOwnerValues(keys, owner)
  return {
    name: owner.name,
    nik_enc: owner.nik ? fresh.nik_enc : c.nik_enc,
    nik_hash: owner.nik ? fresh.nik_hash : c.nik_hash,
    nik_masked: owner.nik ? fresh.nik_masked : c.nik_masked,
    phone_enc: owner.phone ? fresh.phone_enc : c.phone_enc,
    phone_hash: owner.phone ? fresh.phone_hash : c.phone_hash,
    phone_masked: owner.phone ? fresh.phone_masked : c.phone_masked,
    email: owner.email ?? c.owner_email,
  }
}

const inScope = (scope: ImportScope | null, firm: { province_code: string; regency_code: string }) =>
  !scope || (firm.province_code === scope.provinceCode && (!scope.regencyCode || firm.regency_code === scope.regencyCode))

/** Saves one batch of valid rows with `db` (the batch's transaction). */
async function applyBatch(
  db: Executor,
  keys: Keys,
  audit: AuditContext,
  importId: string,
  scope: ImportScope | null,
  batch: Pending[],
): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { inserted: 0, updated: 0, unchanged: 0, rejected: [] }
  const reject = (p: Pending, column: FirmImportKey | null, code: string, params: Record<string, string | number> = {}) =>
    outcome.rejected.push({ rowNumber: p.rowNumber, problem: { column, code, params: column ? { column, ...params } : params, value: null } })

  const byNib = new Map((await repo.firmsByNib(db, batch.flatMap((p) => (p.values.nib ? [p.values.nib] : [])))).map((c) => [c.nib!, c]))
  // Rows without NIB, and rows whose NIB is new, match a firm by owner NIK + name + regency
  // (a firm registered before it had a NIB gets it here).
  const nikRows = batch.filter((p) => p.nikHash && !(p.values.nib && byNib.has(p.values.nib)))
  const byNik = new Map<string, CandidateFirm>()
  for (const c of await repo.firmsByOwnerNik(db, nikRows.map((p) => p.nikHash!))) {
    byNik.set(`${c.nik_hash!.toString('hex')}|${nameKey(c.name)}|${c.regency_code}`, c)
  }
  // Rows with neither identifier can only be recognised by name, regency and owner name: enough
  // to make importing the same file twice change nothing.
  const bareRows = batch.filter((p) => !p.values.nib && !p.nikHash)
  const byName = new Map<string, CandidateFirm>()
  for (const c of await repo.firmsByNameWithoutIds(db, bareRows.map((p) => ({ regencyCode: p.values.regencyCode, name: p.values.name })))) {
    byName.set(`${c.regency_code}|${nameKey(c.name)}|${nameKey(c.owner_name ?? '')}`, c)
  }
  const sentraRows = batch.filter((p) => p.values.sentra)
  const sentraIds = new Map(
    (await repo.sentraByName(db, sentraRows.map((p) => ({ regencyCode: p.values.regencyCode, name: p.values.sentra! })))).map((s) => [
      `${s.regency_code}|${s.key}`,
      s.id,
    ]),
  )

  const inserts: Array<{ p: Pending; firm: repo.NewImportedFirm }> = []
  for (const p of batch) {
    const v = p.values
    let sentraId: string | null = null
    if (v.sentra) {
      sentraId = sentraIds.get(`${v.regencyCode}|${v.sentra.toLowerCase()}`) ?? null
      if (!sentraId) {
        reject(p, 'sentra', 'SENTRA_NOT_FOUND')
        continue
      }
    }
    let match: CandidateFirm | undefined
    if (v.nib) match = byNib.get(v.nib)
    if (!match && p.nikHash) {
      const candidate = byNik.get(`${p.nikHash.toString('hex')}|${nameKey(v.name)}|${v.regencyCode}`)
      if (candidate && (!v.nib || candidate.nib === null)) match = candidate
    }
    if (!match && !v.nib && !p.nikHash) match = byName.get(`${v.regencyCode}|${nameKey(v.name)}|${nameKey(v.owner?.name ?? '')}`)

    if (!match) {
      inserts.push({ p, firm: { ...newFirmValues(v, sentraId), source: 'import', source_import_id: importId, source_row: p.rowNumber } })
      continue
    }
    // A regional officer may update only firms that are, and stay, in their region.
    if (!inScope(scope, match)) {
      reject(p, v.nib ? 'nib' : 'nik_pemilik', 'FIRM_OUT_OF_REGION')
      continue
    }
    const patch = firmChanges(match, v, sentraId)
    const total = patch.workers_total ?? match.workers_total
    const women = patch.workers_women ?? match.workers_women
    if (total !== null && women !== null && women > total) {
      reject(p, 'tenaga_kerja_perempuan', 'FIRM_WORKERS_INCONSISTENT')
      continue
    }
    const owner = ownerChanges(keys, match, p)
    if (Object.keys(patch).length === 0 && !owner) {
      outcome.unchanged++
      continue
    }
    const before = firmOf((await firmsRepo.findByIdForUpdate(db, match.id))!)
    if (Object.keys(patch).length > 0) await firmsRepo.update(db, match.id, patch)
    if (owner) await firmsRepo.upsertPrimaryOwner(db, match.id, owner)
    const after = firmOf((await firmsRepo.findById(db, match.id))!)
    await recordAudit(db, audit, {
      action: 'firm.updated',
      entityType: 'firm',
      entityId: match.id,
      before,
      after: { ...after, importId, importRow: p.rowNumber },
    })
    outcome.updated++
  }

  if (inserts.length > 0) {
    const ids = await repo.insertFirms(
      db,
      inserts.map((i) => i.firm),
    )
    await repo.insertOwners(
      db,
      inserts.flatMap(({ p }) => (p.values.owner ? [{ ...importedOwnerValues(keys, p.values.owner), firm_id: ids.get(p.rowNumber)! }] : [])),
    )
    // One entry per batch: the firms created, each with its row, so the trail leads from every
    // firm to the import and row it came from (firms.source_import_id/source_row say the same).
    await recordAudit(db, audit, {
      action: 'firm.imported',
      entityType: 'import',
      entityId: importId,
      after: { firms: inserts.map(({ p }) => ({ id: ids.get(p.rowNumber), row: p.rowNumber })) },
    })
    outcome.inserted += inserts.length
  }
  return outcome
}

/** Why the database refused a row, for the errors file. */
function refusalOf(error: unknown, p: Pending): { code: string; column: FirmImportKey | null; params: Record<string, string | number> } {
  if (isUniqueViolation(error)) return { code: 'FIRM_NIB_TAKEN', column: 'nib', params: { nib: p.values.nib ?? '' } }
  const constraint = (error as { constraint?: string }).constraint
  return { code: 'ROW_NOT_SAVED', column: null, params: { reason: constraint ?? (error as { code?: string }).code ?? 'database' } }
}

/** A valid row on its way to the database; rows with the same key never share a batch (they would race). */
export interface PendingRow {
  rowNumber: number
  key: string
}

/** A row refused for a problem found beyond its own cells (the database, the other sheets). */
export interface RejectedRow {
  rowNumber: number
  problem: RowProblem<string>
}

/** What one kind of import plugs into the shared engine (runRowImport). */
export interface RowImportKind<K extends string, P extends PendingRow> {
  columns: readonly ColumnSpec<K>[]
  /**
   * After the header is matched, before the first row: loads what the rows need (other sheets);
   * `report` writes a problem of a row outside the main sheet. Throw ImportRefused to refuse the file.
   */
  prepare(reader: SpreadsheetReader, report: (rowNumber: number, problem: RowProblem<string>) => Promise<void>): Promise<void>
  /** One row on its own: the value to save, or every problem found in it. */
  validate(cells: Partial<Record<K, CellValue>>, rowNumber: number): { ok: true; pending: P } | { ok: false; problems: RowProblem<string>[] }
  /** Saves one batch with `trx` (the batch's transaction, rolled back on a dry run). */
  applyBatch(trx: Executor, batch: P[]): Promise<BatchOutcome>
  /** Why the database refused a row (retried on its own), for the errors file. */
  refusalOf(error: unknown, pending: P): { code: string; column: string | null; params: Record<string, string | number> }
  /** After the last row: rows refused for what only the whole file shows, each counted as rejected (problems may have been reported already). */
  afterRows?(): Array<{ rowNumber: number; problems: RowProblem<string>[] }>
}

/** Thrown by a kind's prepare() to refuse the whole file (status failed with this code). */
export class ImportRefused extends Error {
  constructor(
    readonly code: string,
    readonly params: Record<string, unknown> = {},
  ) {
    super(code)
  }
}

/** Title rows above the header ("DATA IKM KAB. BANDUNG 2024") match no column names. */
export function looksLikeHeader(columns: readonly ColumnSpec[]): (cells: string[]) => boolean {
  return (cells) => {
    const match = matchHeaders(cells, columns)
    return match.mapping.size >= 3 || (match.mapping.size >= 2 && match.missingRequired.length === 0)
  }
}

/**
 * Runs a recorded import of firms to its end: done with a summary, or failed with the code of
 * why the whole file was refused. Never throws for a bad file; throws only when the database fails.
 */
export async function runImport(
  deps: ImportDeps,
  importer: Importer,
  audit: AuditContext,
  importId: string,
  options: Pick<ImportFileOptions, 'path' | 'onProgress' | 'removeFile' | 'locale' | 'maxBytes'>,
): Promise<Import> {
  void importer
  return runRowImport(deps, audit, importId, options, async (record) => firmImportKind(deps, audit, importId, record))
}

function firmImportKind(deps: ImportDeps, audit: AuditContext, importId: string, record: ImportRow): RowImportKind<FirmImportKey, Pending> {
  const { db, keys } = deps
  const scope: ImportScope | null = record.actor_role === 'regional_officer' ? { provinceCode: record.province_code ?? '--', regencyCode: record.regency_code } : null
  let context: RowContext
  return {
    columns: FIRM_IMPORT_COLUMNS,
    prepare: async () => {
      const reference = await repo.referenceData(db)
      context = {
        matcher: createRegionMatcher({
          provinces: reference.provinces,
          regencies: reference.regencies.map((r) => ({ code: r.code, name: r.name, provinceCode: r.province_code })),
          districts: reference.districts.map((d) => ({ code: d.code, name: d.name, regencyCode: d.regency_code })),
        }),
        regencyCodes: new Set(reference.regencies.map((r) => r.code)),
        kbliCodes: new Set(reference.kbli),
        scope,
      }
    },
    validate: (cells, rowNumber) => {
      const result = validateFirmRow(cells, context)
      if (!result.ok) return result
      const owner = result.values.owner
      const nikHash = owner?.nik ? hmac(keys.blindIndex, `nik:${owner.nik}`) : null
      const phoneHash = owner?.phone ? hmac(keys.blindIndex, `phone:${owner.phone}`) : null
      return { ok: true, pending: { rowNumber, values: result.values, nikHash, phoneHash, key: keyOf(result.values, nikHash) } }
    },
    applyBatch: (trx, batch) => applyBatch(trx, keys, audit, importId, scope, batch),
    refusalOf,
  }
}

/**
 * Runs a recorded import to its end with the rows' meaning supplied by `kindOf`: streams the
 * file, validates each row, saves valid rows in batches (one transaction each, rolled back on a
 * dry run), records row problems and progress (the heartbeat), and ends done with a summary or
 * failed with the code of why the whole file was refused. Never throws for a bad file; throws
 * only when the database fails.
 */
export async function runRowImport<K extends string, P extends PendingRow>(
  deps: Pick<ImportDeps, 'db' | 'signal'>,
  audit: AuditContext,
  importId: string,
  options: Pick<ImportFileOptions, 'path' | 'onProgress' | 'removeFile' | 'locale' | 'maxBytes'>,
  kindOf: (record: ImportRow) => Promise<RowImportKind<K, P>>,
): Promise<Import> {
  const { db } = deps
  const record = await repo.findById(db, importId)
  if (!record) throw notFound('IMPORT_NOT_FOUND')
  const kind = await kindOf(record)
  const dryRun = record.dry_run
  const summary: ImportSummary = { inserted: 0, updated: 0, unchanged: 0, rejected: 0 }
  let processed = 0
  let errorSeq = 0

  const finish = async (values: { status: 'done' | 'failed'; error_code?: string; error_params?: Record<string, unknown> }) => {
    // Uploads hold personal data: gone before the import reports that it has ended.
    if (options.removeFile) await fs.promises.rm(options.path, { force: true })
    await db.transaction().execute(async (trx) => {
      await repo.update(trx, importId, {
        status: values.status,
        error_code: values.error_code ?? null,
        error_params: values.error_params ? JSON.stringify(values.error_params) : null,
        total_rows: processed,
        processed_rows: processed,
        ...summary,
        finished_at: new Date(),
      })
      await recordAudit(trx, audit, {
        action: values.status === 'done' ? 'import.finished' : 'import.failed',
        entityType: 'import',
        entityId: importId,
        after: { status: values.status, errorCode: values.error_code ?? null, rows: processed, ...summary, dryRun },
      })
    })
    return importOf((await repo.findById(db, importId))!, options.locale)
  }

  await repo.update(db, importId, { status: 'running', started_at: new Date() })
  try {
    let reader: SpreadsheetReader
    try {
      reader = await readSpreadsheetRows(options.path, {
        sheet: record.sheet ?? undefined,
        maxBytes: options.maxBytes ?? IMPORT_MAX_BYTES,
        isHeader: looksLikeHeader(kind.columns),
      })
    } catch (error) {
      if (error instanceof SpreadsheetError) return await finish({ status: 'failed', error_code: error.code, error_params: { ...error.detail } })
      throw error
    }
    const header = matchHeaders(reader.header, kind.columns)
    if (header.missingRequired.length > 0) {
      await reader.close()
      return await finish({ status: 'failed', error_code: 'IMPORT_COLUMNS_MISSING', error_params: { columns: header.missingRequired.join(', ') } })
    }
    await repo.update(db, importId, { format: reader.format, sheet: reader.sheetName ?? null, bytes_total: reader.totalBytes })
    const columns = [...header.mapping]

    let batch: P[] = []
    let batchKeys = new Set<string>()
    let rowsSinceFlush = 0
    let problems: ImportErrorValues[] = []
    const addProblem = (rowNumber: number, problem: RowProblem<string>) => {
      problems.push({
        row_number: rowNumber,
        column_name: problem.column,
        code: problem.code,
        message: localize(problem.code, 'id', problem.params),
        value_excerpt: problem.value,
        seq: ++errorSeq,
      })
    }

    const saveProgress = async (executor: Executor, outcome: BatchOutcome | null) => {
      if (outcome) {
        for (const { rowNumber, problem } of outcome.rejected) addProblem(rowNumber, problem)
        summary.inserted += outcome.inserted
        summary.updated += outcome.updated
        summary.unchanged += outcome.unchanged
        summary.rejected += outcome.rejected.length
      }
      await repo.insertErrors(executor, importId, problems)
      await repo.update(executor, importId, { processed_rows: processed, bytes_read: reader.bytesRead(), ...summary })
      problems = []
    }

    // One transaction per batch; a dry run rolls it back after counting what would change.
    const saveBatch = async (rows: P[]): Promise<BatchOutcome> => {
      // Counters and pending problems change inside the transaction; a failed one must not keep them.
      const savedSummary = { ...summary }
      const savedProblems = [...problems]
      const savedSeq = errorSeq
      try {
        return await db.transaction().execute(async (trx) => {
          const outcome = await kind.applyBatch(trx, rows)
          if (dryRun) throw new Rollback(outcome)
          await saveProgress(trx, outcome)
          return outcome
        })
      } catch (error) {
        if (error instanceof Rollback) {
          await saveProgress(db, error.outcome)
          return error.outcome
        }
        Object.assign(summary, savedSummary)
        problems = savedProblems
        errorSeq = savedSeq
        throw error
      }
    }

    const flush = async () => {
      if (deps.signal?.aborted) throw new AppError('IMPORT_INTERRUPTED', 503)
      const rows = batch
      batch = []
      batchKeys = new Set()
      rowsSinceFlush = 0
      if (rows.length === 0) {
        await saveProgress(db, null)
      } else {
        try {
          await saveBatch(rows)
        } catch (error) {
          // Something only the database could see (a NIB taken meanwhile by another import, a
          // constraint): retry row by row so the rest of the batch is still saved.
          for (const row of rows) {
            try {
              await saveBatch([row])
            } catch (rowError) {
              // Only data and integrity errors (SQLSTATE classes 22, 23) are the row's fault.
              if (!/^2[23]/.test(String((rowError as { code?: string }).code ?? '')) || rowError instanceof AppError) throw rowError
              const refusal = kind.refusalOf(rowError, row)
              await saveProgress(db, {
                inserted: 0,
                updated: 0,
                unchanged: 0,
                rejected: [{ rowNumber: row.rowNumber, problem: { ...refusal, params: refusal.column ? { column: refusal.column, ...refusal.params } : refusal.params, value: null } }],
              })
            }
          }
          void error
        }
      }
      options.onProgress?.({ processedRows: processed, bytesRead: reader.bytesRead(), bytesTotal: reader.totalBytes, summary: { ...summary } })
    }

    try {
      await kind.prepare(reader, async (rowNumber, problem) => {
        addProblem(rowNumber, problem)
        if (problems.length >= 5000) await saveProgress(db, null)
      })
      for await (const row of reader.rows()) {
        processed++
        rowsSinceFlush++
        const cells: Partial<Record<K, CellValue>> = {}
        for (const [index, key] of columns) cells[key] = row.cells[index] ?? null
        const result = kind.validate(cells, row.rowNumber)
        if (!result.ok) {
          for (const problem of result.problems) addProblem(row.rowNumber, problem)
          summary.rejected++
        } else {
          if (batchKeys.has(result.pending.key)) await flush()
          batch.push(result.pending)
          batchKeys.add(result.pending.key)
        }
        if (rowsSinceFlush >= IMPORT_BATCH_ROWS || problems.length >= 5000) await flush()
      }
      await flush()
      const late = kind.afterRows?.() ?? []
      if (late.length > 0) {
        for (const { rowNumber, problems: rowProblems } of late) for (const problem of rowProblems) addProblem(rowNumber, problem)
        summary.rejected += late.length
        await saveProgress(db, null)
      }
    } catch (error) {
      await reader.close()
      if (error instanceof SpreadsheetError) return await finish({ status: 'failed', error_code: error.code, error_params: { ...error.detail } })
      if (error instanceof ImportRefused) return await finish({ status: 'failed', error_code: error.code, error_params: error.params })
      if (error instanceof AppError && error.code === 'IMPORT_INTERRUPTED') return await finish({ status: 'failed', error_code: 'IMPORT_INTERRUPTED' })
      throw error
    }
    return await finish({ status: 'done' })
  } catch (error) {
    await finish({ status: 'failed', error_code: 'IMPORT_FAILED' }).catch(() => undefined)
    throw error
  } finally {
    if (options.removeFile) await fs.promises.rm(options.path, { force: true })
  }
}

function canSeeImport(actor: Actor, row: ImportRow): boolean {
  // National officers oversee every import; everyone else sees their own.
  return actor.role === 'officer' || row.created_by === actor.userId
}

export async function getImport(db: Database, actor: Actor | null, id: string, locale: Locale = 'id'): Promise<Import> {
  requirePermission(actor, 'firms.create')
  const row = await repo.findById(db, id)
  if (!row || !canSeeImport(actor, row)) throw notFound('IMPORT_NOT_FOUND')
  return importOf(row, locale)
}

export async function listImports(db: Database, actor: Actor | null, query: { limit?: number }, locale: Locale = 'id'): Promise<Import[]> {
  requirePermission(actor, 'firms.create')
  const rows = await repo.list(db, { createdBy: actor.role === 'officer' ? undefined : actor.userId, limit: Math.min(query.limit ?? 50, 200) })
  return rows.map((row) => importOf(row, locale))
}

// Excel runs cells starting with these as formulas; the values come from uploaded files.
const FORMULA_START = /^[=+\-@\t\r]/

/** The row errors as CSV (UTF-8 with BOM so Excel reads it right), streamed in file order. */
export function importErrorsCsv(db: Executor, importId: string): Readable {
  const out = stringify({ header: true, columns: ['baris', 'kolom', 'kode', 'pesan', 'nilai'], bom: true })
  ;(async () => {
    try {
      let after = 0
      for (;;) {
        const page = await repo.errorsPage(db, importId, after, 5000)
        for (const e of page) {
          const value = e.value_excerpt && FORMULA_START.test(e.value_excerpt) ? `'${e.value_excerpt}` : (e.value_excerpt ?? '')
          if (!out.write([e.row_number, e.column_name ?? '', e.code, e.message, value])) await new Promise((resolve) => out.once('drain', resolve))
        }
        if (page.length < 5000) break
        after = page[page.length - 1].seq
      }
      out.end()
    } catch (error) {
      out.destroy(error as Error)
    }
  })()
  return out
}

/** The errors CSV of an import the actor may see. */
export async function getImportErrorsCsv(db: Database, actor: Actor | null, id: string): Promise<{ fileName: string; stream: Readable }> {
  const found = await getImport(db, actor, id)
  const base = found.fileName.replace(/\.[^.]+$/, '').replace(/[^\w.-]+/g, '_').slice(0, 80) || 'impor'
  return { fileName: `${base}-kesalahan.csv`, stream: importErrorsCsv(db, id) }
}


/** An import whose heartbeat is older than this has no process working on it any more. */
export const STALE_IMPORT_MINUTES = 10

/**
 * Ends imports left queued or running by a server process that died (their heartbeat, stamped by
 * every progress update, stopped) as failed with IMPORT_INTERRUPTED, keeping what they saved, and
 * removes their uploads, which hold personal data. Uploads in <data>/imports that no unfinished
 * import claims (a crash between saving the upload and recording its import) go too, once
 * older than the same limit. Runs when the server starts and then periodically.
 */
export async function recoverStaleImports(
  db: Database,
  dataDir: string,
  audit: AuditContext,
  now = new Date(),
): Promise<{ interrupted: string[]; removedFiles: number }> {
  const staleBefore = new Date(now.getTime() - STALE_IMPORT_MINUTES * 60_000)
  const interrupted = await db.transaction().execute(async (trx) => {
    const stale = await trx
      .updateTable('imports')
      .set({ status: 'failed', error_code: 'IMPORT_INTERRUPTED', error_params: null, finished_at: now })
      .where('status', 'in', ['queued', 'running'])
      .where((eb) => eb(eb.fn.coalesce('heartbeat_at', 'created_at'), '<', staleBefore))
      .returning(['id', 'processed_rows', 'inserted', 'updated', 'unchanged', 'rejected', 'dry_run'])
      .execute()
    for (const row of stale) {
      await recordAudit(trx, audit, {
        action: 'import.failed',
        entityType: 'import',
        entityId: row.id,
        after: {
          status: 'failed',
          errorCode: 'IMPORT_INTERRUPTED',
          reason: 'no progress for ' + STALE_IMPORT_MINUTES + ' minutes (server process ended)',
          rows: row.processed_rows,
          inserted: row.inserted,
          updated: row.updated,
          unchanged: row.unchanged,
          rejected: row.rejected,
          dryRun: row.dry_run,
        },
      })
    }
    return stale.map((row) => row.id)
  })

  const directory = `${dataDir}/imports`
  let names: string[]
  try {
    names = (await fs.promises.readdir(directory)).filter((name) => /^[0-9a-f-]{36}\.upload$/.test(name))
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return { interrupted, removedFiles: 0 }
    throw error
  }
  const claimed = new Set(
    (await db.selectFrom('imports').select('upload_file').where('status', 'in', ['queued', 'running']).where('upload_file', 'is not', null).execute()).map(
      (row) => row.upload_file,
    ),
  )
  let removedFiles = 0
  for (const name of names) {
    if (claimed.has(name)) continue
    const file = `${directory}/${name}`
    const stat = await fs.promises.stat(file).catch(() => null)
    if (!stat || stat.mtime >= staleBefore) continue
    await fs.promises.rm(file, { force: true })
    removedFiles += 1
  }
  return { interrupted, removedFiles }
}
