import { sql } from 'kysely'
import type { Executor } from '../../platform/audit/audit.repository.ts'

const firmColumns = [
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
  'f.certifications',
  'f.export_experience',
  'f.sentra_id',
  'f.store_links',
  'f.size_class',
  'f.source',
  'f.source_import_id',
  'f.source_row',
  'f.verification_status',
  'f.verified_by',
  'f.verified_at',
  'f.created_at',
  'f.updated_at',
  'f.merged_into',
  'o.name as owner_name',
  'o.nik_masked as owner_nik_masked',
  'o.phone_masked as owner_phone_masked',
  'o.email as owner_email',
] as const

function base(db: Executor) {
  return db
    .selectFrom('firms as f')
    .leftJoin('firm_owners as o', (join) => join.onRef('o.firm_id', '=', 'f.id').on('o.is_primary', '=', true))
    .select(firmColumns)
}

export type FirmRow = NonNullable<Awaited<ReturnType<typeof findById>>>

export async function findById(db: Executor, id: string) {
  return base(db).where('f.id', '=', id).executeTakeFirst()
}

export async function findByIdForUpdate(db: Executor, id: string) {
  return base(db).where('f.id', '=', id).forUpdate('f').executeTakeFirst()
}

export interface FirmValues {
  organisation_id?: string | null
  nib: string | null
  name: string
  legal_form: string
  address: string | null
  province_code: string
  regency_code: string
  district_code: string | null
  kbli_main: string | null
  kbli_others: string[]
  workers_total: number | null
  workers_women: number | null
  investment_idr: number | null
  annual_turnover_idr: number | null
  year_founded: number | null
  certifications: string[]
  export_experience: boolean
  sentra_id: string | null
  store_links: string
}

export async function insert(db: Executor, values: FirmValues & { source: string; source_import_id?: string | null; source_row?: number | null }) {
  const row = await db.insertInto('firms').values(values).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function update(db: Executor, id: string, values: Partial<FirmValues> & { verification_status?: string; verified_by?: string | null; verified_at?: Date | null }) {
  await db.updateTable('firms').set({ ...values, updated_at: new Date() }).where('id', '=', id).execute()
}

export interface OwnerValues {
  name: string
  nik_enc: string | null
  nik_hash: Buffer | null
  nik_masked: string | null
  phone_enc: string | null
  phone_hash: Buffer | null
  phone_masked: string | null
  email: string | null
}

/** Sets the primary owner of a firm (insert or replace). */
export async function upsertPrimaryOwner(db: Executor, firmId: string, owner: OwnerValues) {
  const existing = await db.selectFrom('firm_owners').select('id').where('firm_id', '=', firmId).where('is_primary', '=', true).executeTakeFirst()
  if (existing) {
    await db.updateTable('firm_owners').set({ ...owner, updated_at: new Date() }).where('id', '=', existing.id).execute()
  } else {
    await db.insertInto('firm_owners').values({ ...owner, firm_id: firmId, is_primary: true }).execute()
  }
}

export async function findPrimaryOwnerSecret(db: Executor, firmId: string) {
  return db
    .selectFrom('firm_owners')
    .select(['nik_enc', 'phone_enc'])
    .where('firm_id', '=', firmId)
    .where('is_primary', '=', true)
    .executeTakeFirst()
}

export async function count(db: Executor): Promise<number> {
  const row = await db.selectFrom('firms').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

export interface FirmFilter {
  provinceCode?: string
  regencyCode?: string
  kbli?: string
  sizeClass?: string
  verified?: boolean
  sentraId?: string
  organisationId?: string
  q?: string
  /** Keyset position: the (lower(name), id) of the last row of the previous page. */
  after?: { name: string; id: string }
  limit: number
}

function filtered(db: Executor, filter: Omit<FirmFilter, 'q' | 'after' | 'limit'>) {
  // A firm merged into another stays stored (its merge can be reverted) but is no longer listed.
  let query = base(db).where('f.merged_into', 'is', null)
  if (filter.provinceCode) query = query.where('f.province_code', '=', filter.provinceCode)
  if (filter.regencyCode) query = query.where('f.regency_code', '=', filter.regencyCode)
  if (filter.organisationId) query = query.where('f.organisation_id', '=', filter.organisationId)
  if (filter.kbli) {
    const prefix = filter.kbli
    query = query.where((eb) =>
      eb.or([eb('f.kbli_main', 'like', `${prefix}%`), eb(sql<string>`array_to_string(f.kbli_others, ',')`, 'like', `%${prefix}%`)]),
    )
  }
  if (filter.sizeClass) query = query.where('f.size_class', '=', filter.sizeClass)
  if (filter.verified !== undefined) query = query.where('f.verification_status', '=', filter.verified ? 'verified' : 'unverified')
  if (filter.sentraId) query = query.where('f.sentra_id', '=', filter.sentraId)
  return query
}

/** Firms in name order, keyset-paginated by (lower(name), id). */
export async function list(db: Executor, filter: FirmFilter) {
  let query = filtered(db, filter)
  if (filter.after) {
    const after = filter.after
    query = query.where(sql<boolean>`(lower(f.name), f.id) > (${after.name}, ${after.id}::uuid)`)
  }
  return query.orderBy(sql`lower(f.name)`).orderBy('f.id').limit(filter.limit).execute()
}

/** Firms whose name matches the words (Indonesian full text, stemmed), best ranked first. */
export async function searchWords(db: Executor, filter: FirmFilter & { q: string }) {
  const query = sql<string>`websearch_to_tsquery('indonesian', ${filter.q})`
  return filtered(db, filter)
    .where('f.search', '@@', query)
    .orderBy(sql`ts_rank(f.search, ${query})`, 'desc')
    .orderBy('f.id')
    .limit(filter.limit)
    .execute()
}

/**
 * The names nearest to `q` by trigram word distance, for misspellings the full text misses:
 * a KNN scan of the GiST trigram index, so it does not read every firm.
 */
export async function searchSimilar(db: Executor, filter: FirmFilter & { q: string }, excludeIds: string[]) {
  let query = filtered(db, filter).where(sql<boolean>`${filter.q} <% f.name`)
  if (excludeIds.length > 0) query = query.where('f.id', 'not in', excludeIds)
  return query.orderBy(sql`${filter.q} <<-> f.name`).limit(filter.limit).execute()
}
