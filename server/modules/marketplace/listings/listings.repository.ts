// Queries of the listings part (db | trx first; no rules here).
import { sql } from 'kysely'
import type { Executor } from '../../../platform/audit/audit.repository.ts'

export type CategoryRow = Awaited<ReturnType<typeof listCategories>>[number]

const categoryColumns = [
  'c.id',
  'c.marketplace_code',
  'c.hs_prefix',
  'c.kbli_prefix',
  'c.category_id',
  'c.category_name',
  'c.required_attributes',
  'c.note',
  'c.created_at',
  'c.updated_at',
  'c.updated_by',
  'u.name as updated_by_name',
] as const

export async function listCategories(db: Executor, filter: { marketplaceCodes?: string[]; q?: string; id?: string }) {
  let query = db
    .selectFrom('marketplace_categories as c')
    .leftJoin('users as u', 'u.id', 'c.updated_by')
    .select(categoryColumns)
    .orderBy('c.marketplace_code')
    .orderBy(sql`coalesce(c.hs_prefix, '')`)
    .orderBy(sql`coalesce(c.kbli_prefix, '')`)
  if (filter.id) query = query.where('c.id', '=', filter.id)
  if (filter.marketplaceCodes) {
    if (filter.marketplaceCodes.length === 0) return []
    query = query.where('c.marketplace_code', 'in', filter.marketplaceCodes)
  }
  const q = filter.q?.trim()
  if (q) {
    const like = `${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`
    query = query.where((eb) =>
      eb.or([
        eb('c.hs_prefix', 'like', like),
        eb('c.kbli_prefix', 'like', like),
        eb('c.category_id', '=', q),
        eb('c.category_name', 'ilike', `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`),
      ]),
    )
  }
  return query.execute()
}

export async function findCategory(db: Executor, id: string): Promise<CategoryRow | undefined> {
  return (await listCategories(db, { id }))[0]
}

export interface CategoryValues {
  marketplace_code: string
  hs_prefix: string | null
  kbli_prefix: string | null
  category_id: string
  category_name: string
  required_attributes: string[]
  note: string | null
}

export async function insertCategory(db: Executor, values: CategoryValues, userId: string | null): Promise<string> {
  const row = await db
    .insertInto('marketplace_categories')
    .values({ ...values, created_by: userId, updated_by: userId })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function updateCategory(db: Executor, id: string, values: Partial<CategoryValues>, userId: string | null): Promise<void> {
  await db
    .updateTable('marketplace_categories')
    .set({ ...values, updated_by: userId, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute()
}

export async function deleteCategory(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('marketplace_categories').where('id', '=', id).execute()
}

export async function hsExists(db: Executor, code: string): Promise<boolean> {
  return (await db.selectFrom('hs_codes').select('code').where('code', '=', code).executeTakeFirst()) !== undefined
}

export async function kbliExists(db: Executor, code: string): Promise<boolean> {
  return (await db.selectFrom('kbli_codes').select('code').where('code', '=', code).executeTakeFirst()) !== undefined
}

/** Who is looking at the products: the region/organisation/marketplace that narrows the query. */
export type ProductScope =
  | { kind: 'all' }
  | { kind: 'region'; provinceCode: string | null; regencyCode: string | null }
  | { kind: 'organisation'; organisationId: string }
  | { kind: 'shared'; marketplaceCode: string }

export interface ProductFilter {
  provinceCode?: string
  regencyCode?: string
  firmIds?: string[]
  kbliPrefix?: string
}

/** Products of unmerged firms within the scope and filters, with what the rules need. */
export async function listProductsForListing(db: Executor, scope: ProductScope, filter: ProductFilter) {
  let query = db
    .selectFrom('products as p')
    .innerJoin('firms as f', 'f.id', 'p.firm_id')
    .where('f.merged_into', 'is', null)
    .select([
      'p.id',
      'p.firm_id',
      'p.name',
      'p.description',
      'p.hs_code',
      'p.price_idr',
      'p.weight_grams',
      'p.length_mm',
      'p.width_mm',
      'p.height_mm',
      'p.min_order',
      'p.stock',
      'f.name as firm_name',
      'f.organisation_id as firm_organisation_id',
      'f.province_code',
      'f.regency_code',
      sql<string | null>`coalesce(p.kbli_code, f.kbli_main)`.as('kbli_code'),
      // Names compare without case and repeated spaces: "Batik  Tulis" and "batik tulis" are one name.
      sql<boolean>`exists (
        select 1 from products p2
        where p2.firm_id = p.firm_id and p2.id <> p.id
          and regexp_replace(lower(btrim(p2.name)), '\\s+', ' ', 'g') = regexp_replace(lower(btrim(p.name)), '\\s+', ' ', 'g')
      )`.as('duplicate_name'),
    ])
    .orderBy('f.name')
    .orderBy('p.name')
    .orderBy('p.id')
  switch (scope.kind) {
    case 'all':
      break
    case 'region':
      if (!scope.provinceCode) return []
      query = query.where('f.province_code', '=', scope.provinceCode)
      if (scope.regencyCode) query = query.where('f.regency_code', '=', scope.regencyCode)
      break
    case 'organisation':
      query = query.where('f.organisation_id', '=', scope.organisationId)
      break
    case 'shared':
      query = query.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('marketplace_nominations as n')
            .innerJoin('marketplace_consents as mc', (join) =>
              join.onRef('mc.firm_id', '=', 'n.firm_id').onRef('mc.marketplace_code', '=', 'n.marketplace_code').on('mc.withdrawn_at', 'is', null),
            )
            .select('n.id')
            .whereRef('n.firm_id', '=', 'f.id')
            .where('n.marketplace_code', '=', scope.marketplaceCode),
        ),
      )
      break
  }
  if (filter.provinceCode) query = query.where('f.province_code', '=', filter.provinceCode)
  if (filter.regencyCode) query = query.where('f.regency_code', '=', filter.regencyCode)
  if (filter.firmIds) query = query.where('f.id', 'in', filter.firmIds.length ? filter.firmIds : ['00000000-0000-0000-0000-000000000000'])
  if (filter.kbliPrefix) query = query.where(sql<boolean>`coalesce(p.kbli_code, f.kbli_main) like ${filter.kbliPrefix + '%'}`)
  return query.execute()
}

export type ListingProductRow = Awaited<ReturnType<typeof listProductsForListing>>[number]

export async function listPhotos(db: Executor, productIds: string[]) {
  if (productIds.length === 0) return []
  return db
    .selectFrom('product_photos')
    .select(['id', 'product_id', 'width', 'height', 'bytes', 'position', 'mime'])
    .where(sql<boolean>`product_id = any(${productIds}::uuid[])`)
    .orderBy('product_id')
    .orderBy('position')
    .orderBy('created_at')
    .execute()
}

export async function listAttributes(db: Executor, marketplaceCode: string, productIds: string[]) {
  if (productIds.length === 0) return []
  return db
    .selectFrom('marketplace_product_attributes')
    .select(['product_id', 'name', 'value'])
    .where('marketplace_code', '=', marketplaceCode)
    .where(sql<boolean>`product_id = any(${productIds}::uuid[])`)
    .orderBy('product_id')
    .orderBy('name')
    .execute()
}

export async function findProductWithFirm(db: Executor, productId: string) {
  return db
    .selectFrom('products as p')
    .innerJoin('firms as f', 'f.id', 'p.firm_id')
    .select(['p.id', 'p.firm_id', 'f.organisation_id', 'f.province_code', 'f.regency_code'])
    .where('p.id', '=', productId)
    .where('f.merged_into', 'is', null)
    .executeTakeFirst()
}

export async function upsertAttribute(db: Executor, row: { firmId: string; productId: string; marketplaceCode: string; name: string; value: string; userId: string | null }) {
  await db
    .insertInto('marketplace_product_attributes')
    .values({
      firm_id: row.firmId,
      product_id: row.productId,
      marketplace_code: row.marketplaceCode,
      name: row.name,
      value: row.value,
      updated_by: row.userId,
    })
    .onConflict((oc) =>
      oc.columns(['firm_id', 'product_id', 'marketplace_code', 'name']).doUpdateSet({ value: row.value, updated_by: row.userId, updated_at: sql`now()` }),
    )
    .execute()
}

export async function deleteAttribute(db: Executor, row: { firmId: string; productId: string; marketplaceCode: string; name: string }) {
  await db
    .deleteFrom('marketplace_product_attributes')
    .where('firm_id', '=', row.firmId)
    .where('product_id', '=', row.productId)
    .where('marketplace_code', '=', row.marketplaceCode)
    .where('name', '=', row.name)
    .execute()
}

export async function findPhoto(db: Executor, photoId: string) {
  return db.selectFrom('product_photos').select(['id', 'storage_key', 'mime']).where('id', '=', photoId).executeTakeFirst()
}
