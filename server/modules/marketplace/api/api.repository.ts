// Queries of the API connectors part (db | trx first; no rules here).
import { sql } from 'kysely'
import type { Executor } from '../../../platform/audit/audit.repository.ts'

export async function findCredentials(db: Executor, code: string) {
  return db
    .selectFrom('marketplace_api_credentials as c')
    .leftJoin('users as u', 'u.id', 'c.updated_by')
    .select(['c.marketplace_code', 'c.secrets', 'c.fields', 'c.base_url', 'c.auth_base_url', 'c.updated_at', 'c.updated_by', 'u.name as updated_by_name'])
    .where('c.marketplace_code', '=', code)
    .executeTakeFirst()
}

export async function lockCredentials(db: Executor, code: string) {
  return db.selectFrom('marketplace_api_credentials').selectAll().where('marketplace_code', '=', code).forUpdate().executeTakeFirst()
}

export async function saveCredentials(
  db: Executor,
  values: { marketplace_code: string; secrets: Record<string, string>; fields: string[]; base_url: string | null; auth_base_url: string | null; updated_by: string | null },
): Promise<void> {
  await db
    .insertInto('marketplace_api_credentials')
    .values({ ...values, secrets: JSON.stringify(values.secrets) })
    .onConflict((oc) =>
      oc.column('marketplace_code').doUpdateSet({
        secrets: JSON.stringify(values.secrets),
        fields: values.fields,
        base_url: values.base_url,
        auth_base_url: values.auth_base_url,
        updated_by: values.updated_by,
        updated_at: sql`now()`,
      }),
    )
    .execute()
}

export async function findNomination(db: Executor, id: string) {
  return db
    .selectFrom('marketplace_nominations as n')
    .innerJoin('firms as f', 'f.id', 'n.firm_id')
    .select(['n.id', 'n.firm_id', 'n.marketplace_code', 'n.stage', 'f.name as firm_name', 'f.province_code', 'f.regency_code'])
    .where('n.id', '=', id)
    .executeTakeFirst()
}

export async function findShopByNomination(db: Executor, nominationId: string) {
  return db.selectFrom('marketplace_api_shops').selectAll().where('nomination_id', '=', nominationId).executeTakeFirst()
}

export async function listShops(db: Executor, marketplaceCode: string) {
  return db
    .selectFrom('marketplace_api_shops as s')
    .innerJoin('firms as f', 'f.id', 's.firm_id')
    .innerJoin('marketplace_nominations as n', 'n.id', 's.nomination_id')
    .select([
      's.id',
      's.nomination_id',
      's.firm_id',
      'f.name as firm_name',
      'f.province_code',
      'f.regency_code',
      's.marketplace_code',
      's.shop_id',
      's.access_token_enc',
      's.refresh_token_enc',
      's.access_expires_at',
      's.refresh_expires_at',
      's.token_version',
      's.last_refreshed_at',
      's.linked_at',
    ])
    .where('s.marketplace_code', '=', marketplaceCode)
    .orderBy('f.name')
    .execute()
}

export async function findProductOfFirm(db: Executor, productId: string, firmId: string) {
  return db.selectFrom('products').selectAll().where('id', '=', productId).where('firm_id', '=', firmId).executeTakeFirst()
}

export async function listPhotos(db: Executor, productId: string) {
  return db.selectFrom('product_photos').select(['id', 'storage_key', 'mime', 'position']).where('product_id', '=', productId).orderBy('position').execute()
}
