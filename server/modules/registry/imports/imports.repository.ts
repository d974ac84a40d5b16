import { sql } from 'kysely'
import type { Executor } from '../../../platform/audit/audit.repository.ts'
import type { FirmValues, OwnerValues } from '../firms.repository.ts'

export type ImportRow = NonNullable<Awaited<ReturnType<typeof findById>>>

const importColumns = [
  'i.id',
  'i.kind',
  'i.file_name',
  'i.file_sha256',
  'i.file_bytes',
  'i.format',
  'i.sheet',
  'i.status',
  'i.dry_run',
  'i.total_rows',
  'i.processed_rows',
  'i.bytes_read',
  'i.bytes_total',
  'i.inserted',
  'i.updated',
  'i.unchanged',
  'i.rejected',
  'i.error_code',
  'i.error_params',
  'i.created_by',
  'i.actor_role',
  'i.province_code',
  'i.regency_code',
  'i.created_at',
  'i.started_at',
  'i.finished_at',
  'i.round_id',
] as const

export async function findById(db: Executor, id: string) {
  return db.selectFrom('imports as i').select(importColumns).where('i.id', '=', id).executeTakeFirst()
}

export async function list(db: Executor, filter: { createdBy?: string; limit: number }) {
  let query = db.selectFrom('imports as i').select(importColumns).orderBy('i.created_at', 'desc').orderBy('i.id').limit(filter.limit)
  if (filter.createdBy) query = query.where('i.created_by', '=', filter.createdBy)
  return query.execute()
}

export interface NewImport {
  file_name: string
  file_sha256: string
  file_bytes: number
  sheet: string | null
  dry_run: boolean
  created_by: string | null
  actor_role: string | null
  province_code: string | null
  regency_code: string | null
  upload_file: string | null
  /** Survey responses of this round (kind 'responses'); firms otherwise. */
  round_id?: string | null
}

export async function insert(db: Executor, values: NewImport): Promise<string> {
  const row = await db
    .insertInto('imports')
    .values({ ...values, kind: values.round_id ? 'responses' : 'firms' })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export interface ImportProgress {
  processed_rows: number
  bytes_read: number
  inserted: number
  updated: number
  unchanged: number
  rejected: number
}

export async function update(
  db: Executor,
  id: string,
  values: Partial<ImportProgress> & {
    status?: 'running' | 'done' | 'failed'
    format?: string | null
    sheet?: string | null
    bytes_total?: number | null
    total_rows?: number | null
    error_code?: string | null
    error_params?: string | null
    started_at?: Date
    finished_at?: Date
  },
) {
  // Every update is a sign of life: recoverStaleImports ends imports whose heartbeat stopped.
  await db.updateTable('imports').set({ ...values, heartbeat_at: sql`now()` }).where('id', '=', id).execute()
}

export interface ImportErrorValues {
  row_number: number
  column_name: string | null
  code: string
  message: string
  value_excerpt: string | null
  seq: number
}

export async function insertErrors(db: Executor, importId: string, errors: ImportErrorValues[]) {
  // 6 parameters a row: 2,000 rows stay far below PostgreSQL's 65,535 parameter limit.
  for (let i = 0; i < errors.length; i += 2000) {
    await db
      .insertInto('import_errors')
      .values(errors.slice(i, i + 2000).map((e) => ({ ...e, import_id: importId })))
      .execute()
  }
}

/** A page of an import's row errors in file order, after `afterSeq`. */
export async function errorsPage(db: Executor, importId: string, afterSeq: number, limit: number) {
  return db
    .selectFrom('import_errors')
    .select(['seq', 'row_number', 'column_name', 'code', 'message', 'value_excerpt'])
    .where('import_id', '=', importId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute()
}

/** The reference data the region matcher and validators need, read once per import. */
export async function referenceData(db: Executor) {
  const [provinces, regencies, districts, kbli] = await Promise.all([
    db.selectFrom('provinces').select(['code', 'name']).execute(),
    db.selectFrom('regencies').select(['code', 'name', 'province_code']).execute(),
    db.selectFrom('districts').select(['code', 'name', 'regency_code']).execute(),
    db.selectFrom('kbli_codes').select('code').where('level', '=', 5).execute(),
  ])
  return { provinces, regencies, districts, kbli: kbli.map((k) => k.code) }
}

// What the import compares a matched firm against, and the owner's stored secrets so an owner
// row can be rewritten whole without decrypting anything.
function candidates(db: Executor) {
  return db
    .selectFrom('firms as f')
    .leftJoin('firm_owners as o', (join) => join.onRef('o.firm_id', '=', 'f.id').on('o.is_primary', '=', true))
    // A firm merged into another is history: rows update the surviving firm instead.
    .where('f.merged_into', 'is', null)
    .select([
      'f.id',
      'f.organisation_id',
      'f.nib',
      'f.name',
      'f.legal_form',
      'f.address',
      'f.province_code',
      'f.regency_code',
      'f.district_code',
      'f.kbli_main',
      'f.kbli_others',
      'f.workers_total',
      'f.workers_women',
      'f.investment_idr',
      'f.annual_turnover_idr',
      'f.year_founded',
      'f.sentra_id',
      'o.id as owner_id',
      'o.name as owner_name',
      'o.nik_enc',
      'o.nik_hash',
      'o.nik_masked',
      'o.phone_enc',
      'o.phone_hash',
      'o.phone_masked',
      'o.email as owner_email',
    ])
}

export type CandidateFirm = Awaited<ReturnType<typeof firmsByNib>>[number]

export async function firmsByNib(db: Executor, nibs: string[]) {
  if (nibs.length === 0) return []
  return candidates(db).where('f.nib', 'in', nibs).execute()
}

/** Firms whose primary owner has one of these NIK keyed hashes. */
export async function firmsByOwnerNik(db: Executor, hashes: Buffer[]) {
  if (hashes.length === 0) return []
  return candidates(db).where('o.nik_hash', 'in', hashes).execute()
}

/** Firms without NIB and without owner NIK, by (regency, lower(name)): the match of rows that have neither. */
export async function firmsByNameWithoutIds(db: Executor, keys: Array<{ regencyCode: string; name: string }>) {
  if (keys.length === 0) return []
  return candidates(db)
    .where('f.nib', 'is', null)
    .where('o.nik_hash', 'is', null)
    .where(sql<boolean>`(f.regency_code, lower(f.name)) IN (${sql.join(keys.map((k) => sql`(${k.regencyCode}, ${k.name.toLowerCase()})`))})`)
    .execute()
}

export async function sentraByName(db: Executor, keys: Array<{ regencyCode: string; name: string }>) {
  if (keys.length === 0) return []
  return db
    .selectFrom('sentra')
    .select(['id', 'regency_code', sql<string>`lower(name)`.as('key')])
    .where(sql<boolean>`(regency_code, lower(name)) IN (${sql.join(keys.map((k) => sql`(${k.regencyCode}, ${k.name.toLowerCase()})`))})`)
    .execute()
}

export type NewImportedFirm = FirmValues & { source: 'import'; source_import_id: string; source_row: number }

/** Inserts firms in one statement; answers their ids by source row. */
export async function insertFirms(db: Executor, firms: NewImportedFirm[]): Promise<Map<number, string>> {
  const ids = new Map<number, string>()
  if (firms.length === 0) return ids
  const rows = await db.insertInto('firms').values(firms).returning(['id', 'source_row']).execute()
  for (const row of rows) ids.set(row.source_row!, row.id)
  return ids
}

export async function insertOwners(db: Executor, owners: Array<OwnerValues & { firm_id: string }>) {
  if (owners.length === 0) return
  await db
    .insertInto('firm_owners')
    .values(owners.map((o) => ({ ...o, is_primary: true })))
    .execute()
}
