import { sql, type Transaction } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { DB } from '../../db/types.gen.ts'
import type { DistrictRow, HsRow, KbliRow, ProvinceRow, RegencyRow } from './reference.datasets.ts'

export type Executor = Database | Transaction<DB>

// Far below PostgreSQL's 65,535 bind parameters per statement for every table here.
const BATCH_SIZE = 1000
// Serialises loaders of concurrent processes (server and CLI starting together).
const LOAD_LOCK_KEY = 727384001

function batches<T>(rows: T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < rows.length; i += BATCH_SIZE) out.push(rows.slice(i, i + BATCH_SIZE))
  return out
}

export async function loadedChecksums(db: Executor): Promise<Map<string, string>> {
  const rows = await db.selectFrom('reference_datasets').select(['name', 'checksum']).execute()
  return new Map(rows.map((r) => [r.name, r.checksum]))
}

export async function lockForLoading(trx: Transaction<DB>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${LOAD_LOCK_KEY})`.execute(trx)
}

export async function recordDataset(db: Executor, dataset: { name: string; checksum: string; rowCount: number }): Promise<void> {
  await db
    .insertInto('reference_datasets')
    .values({ name: dataset.name, checksum: dataset.checksum, row_count: dataset.rowCount })
    .onConflict((oc) =>
      oc.column('name').doUpdateSet({
        checksum: (eb) => eb.ref('excluded.checksum'),
        row_count: (eb) => eb.ref('excluded.row_count'),
        loaded_at: sql`now()`,
      }),
    )
    .execute()
}

type ReferenceTable = 'provinces' | 'regencies' | 'districts' | 'kbli_codes' | 'hs_codes'

/**
 * Inserts rows keyed by `code`, rewriting an existing row only when one of `columns` changed
 * (the WHERE on DO UPDATE), so reloading a data set after a small upstream change does not churn
 * every row and its search vectors.
 */
async function upsertChanged<T extends object>(db: Executor, table: ReferenceTable, rows: T[], columns: Array<keyof T & string>) {
  const updates = Object.fromEntries(columns.map((column) => [column, sql.ref(`excluded.${column}`)]))
  const current = sql.join(columns.map((column) => sql.ref(`${table}.${column}`)))
  const incoming = sql.join(columns.map((column) => sql.ref(`excluded.${column}`)))
  for (const batch of batches(rows)) {
    await db
      .insertInto(table)
      .values(batch as never)
      .onConflict((oc) => oc.column('code').doUpdateSet(updates as never).where(sql<boolean>`(${current}) IS DISTINCT FROM (${incoming})`))
      .execute()
  }
}

export const upsertProvinces = (db: Executor, rows: ProvinceRow[]) => upsertChanged(db, 'provinces', rows, ['name'])
export const upsertRegencies = (db: Executor, rows: RegencyRow[]) => upsertChanged(db, 'regencies', rows, ['name', 'province_code'])
export const upsertDistricts = (db: Executor, rows: DistrictRow[]) => upsertChanged(db, 'districts', rows, ['name', 'regency_code'])
export const upsertKbliCodes = (db: Executor, rows: KbliRow[]) =>
  upsertChanged(db, 'kbli_codes', rows, ['edition', 'level', 'parent_code', 'title', 'description'])
export const upsertHsCodes = (db: Executor, rows: HsRow[]) =>
  upsertChanged(db, 'hs_codes', rows, ['edition', 'level', 'parent_code', 'section', 'description'])
