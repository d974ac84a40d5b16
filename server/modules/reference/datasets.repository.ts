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

// Each upsert only rewrites rows whose content changed (the WHERE on DO UPDATE), so reloading a
// data set after a small upstream change does not churn every row and its search vectors.

export async function upsertProvinces(db: Executor, rows: ProvinceRow[]): Promise<void> {
  for (const batch of batches(rows)) {
    await db
      .insertInto('provinces')
      .values(batch)
      .onConflict((oc) =>
        oc
          .column('code')
          .doUpdateSet({ name: (eb) => eb.ref('excluded.name') })
          .where((eb) => eb('provinces.name', 'is distinct from', eb.ref('excluded.name'))),
      )
      .execute()
  }
}

export async function upsertRegencies(db: Executor, rows: RegencyRow[]): Promise<void> {
  for (const batch of batches(rows)) {
    await db
      .insertInto('regencies')
      .values(batch)
      .onConflict((oc) =>
        oc
          .column('code')
          .doUpdateSet({ name: (eb) => eb.ref('excluded.name'), province_code: (eb) => eb.ref('excluded.province_code') })
          .where((eb) =>
            eb.or([
              eb('regencies.name', 'is distinct from', eb.ref('excluded.name')),
              eb('regencies.province_code', 'is distinct from', eb.ref('excluded.province_code')),
            ]),
          ),
      )
      .execute()
  }
}

export async function upsertDistricts(db: Executor, rows: DistrictRow[]): Promise<void> {
  for (const batch of batches(rows)) {
    await db
      .insertInto('districts')
      .values(batch)
      .onConflict((oc) =>
        oc
          .column('code')
          .doUpdateSet({ name: (eb) => eb.ref('excluded.name'), regency_code: (eb) => eb.ref('excluded.regency_code') })
          .where((eb) =>
            eb.or([
              eb('districts.name', 'is distinct from', eb.ref('excluded.name')),
              eb('districts.regency_code', 'is distinct from', eb.ref('excluded.regency_code')),
            ]),
          ),
      )
      .execute()
  }
}

export async function upsertKbliCodes(db: Executor, rows: KbliRow[]): Promise<void> {
  for (const batch of batches(rows)) {
    await db
      .insertInto('kbli_codes')
      .values(batch)
      .onConflict((oc) =>
        oc
          .column('code')
          .doUpdateSet({
            edition: (eb) => eb.ref('excluded.edition'),
            level: (eb) => eb.ref('excluded.level'),
            parent_code: (eb) => eb.ref('excluded.parent_code'),
            title: (eb) => eb.ref('excluded.title'),
            description: (eb) => eb.ref('excluded.description'),
          })
          .where((eb) =>
            eb.or([
              eb('kbli_codes.edition', 'is distinct from', eb.ref('excluded.edition')),
              eb('kbli_codes.level', 'is distinct from', eb.ref('excluded.level')),
              eb('kbli_codes.parent_code', 'is distinct from', eb.ref('excluded.parent_code')),
              eb('kbli_codes.title', 'is distinct from', eb.ref('excluded.title')),
              eb('kbli_codes.description', 'is distinct from', eb.ref('excluded.description')),
            ]),
          ),
      )
      .execute()
  }
}

export async function upsertHsCodes(db: Executor, rows: HsRow[]): Promise<void> {
  for (const batch of batches(rows)) {
    await db
      .insertInto('hs_codes')
      .values(batch)
      .onConflict((oc) =>
        oc
          .column('code')
          .doUpdateSet({
            edition: (eb) => eb.ref('excluded.edition'),
            level: (eb) => eb.ref('excluded.level'),
            parent_code: (eb) => eb.ref('excluded.parent_code'),
            section: (eb) => eb.ref('excluded.section'),
            description: (eb) => eb.ref('excluded.description'),
          })
          .where((eb) =>
            eb.or([
              eb('hs_codes.edition', 'is distinct from', eb.ref('excluded.edition')),
              eb('hs_codes.level', 'is distinct from', eb.ref('excluded.level')),
              eb('hs_codes.parent_code', 'is distinct from', eb.ref('excluded.parent_code')),
              eb('hs_codes.section', 'is distinct from', eb.ref('excluded.section')),
              eb('hs_codes.description', 'is distinct from', eb.ref('excluded.description')),
            ]),
          ),
      )
      .execute()
  }
}
