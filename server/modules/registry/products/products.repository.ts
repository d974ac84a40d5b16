import type { Executor } from '../../../platform/audit/audit.repository.ts'

const productColumns = [
  'p.id',
  'p.firm_id',
  'p.name',
  'p.description',
  'p.kbli_code',
  'p.hs_code',
  'p.price_idr',
  'p.unit',
  'p.weight_grams',
  'p.length_mm',
  'p.width_mm',
  'p.height_mm',
  'p.min_order',
  'p.monthly_capacity',
  'p.stock',
  'p.certifications',
  'p.export_ready',
  'p.created_at',
  'p.updated_at',
  // The owning firm's scope comes with every product: access is decided on the firm.
  'f.organisation_id as firm_organisation_id',
  'f.province_code as firm_province_code',
  'f.regency_code as firm_regency_code',
] as const

const photoColumns = ['id', 'product_id', 'firm_id', 'storage_key', 'thumbnail_key', 'mime', 'bytes', 'width', 'height', 'position', 'created_at'] as const

function base(db: Executor) {
  return db.selectFrom('products as p').innerJoin('firms as f', 'f.id', 'p.firm_id').select(productColumns)
}

export type ProductRow = NonNullable<Awaited<ReturnType<typeof findById>>>
export type PhotoRow = Awaited<ReturnType<typeof listPhotos>>[number]

export async function findById(db: Executor, id: string) {
  return base(db).where('p.id', '=', id).executeTakeFirst()
}

/** The product locked for a change (its photos' count and positions are decided under this lock). */
export async function findByIdForUpdate(db: Executor, id: string) {
  return base(db).where('p.id', '=', id).forUpdate('p').executeTakeFirst()
}

export async function listByFirm(db: Executor, firmId: string) {
  return base(db).where('p.firm_id', '=', firmId).orderBy((eb) => eb.fn('lower', ['p.name'])).orderBy('p.id').execute()
}

/** The scope of a firm (who may see it), or undefined when there is no such firm. */
export async function findFirmScope(db: Executor, firmId: string) {
  return db
    .selectFrom('firms')
    .select(['id', 'organisation_id', 'province_code', 'regency_code'])
    .where('id', '=', firmId)
    .executeTakeFirst()
}

export interface ProductValues {
  name: string
  description: string | null
  kbli_code: string | null
  hs_code: string | null
  price_idr: number
  unit: string
  weight_grams: number
  length_mm: number | null
  width_mm: number | null
  height_mm: number | null
  min_order: number
  monthly_capacity: number
  stock: number
  certifications: string[]
  export_ready: boolean
}

export async function insert(db: Executor, firmId: string, values: ProductValues): Promise<string> {
  const row = await db.insertInto('products').values({ ...values, firm_id: firmId }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function update(db: Executor, id: string, values: ProductValues) {
  await db.updateTable('products').set({ ...values, updated_at: new Date() }).where('id', '=', id).execute()
}

export async function remove(db: Executor, id: string) {
  await db.deleteFrom('products').where('id', '=', id).execute()
}

/** Photos of the given products, in display order. */
export async function listPhotos(db: Executor, productIds: string[]) {
  if (productIds.length === 0) return []
  return db
    .selectFrom('product_photos')
    .select(photoColumns)
    .where('product_id', 'in', productIds)
    .orderBy('product_id')
    .orderBy('position')
    .orderBy('created_at')
    .execute()
}

export async function findPhoto(db: Executor, productId: string, photoId: string) {
  return db.selectFrom('product_photos').select(photoColumns).where('id', '=', photoId).where('product_id', '=', productId).executeTakeFirst()
}

export interface PhotoValues {
  product_id: string
  firm_id: string
  storage_key: string
  thumbnail_key: string
  mime: string
  bytes: number
  width: number
  height: number
}

/** Adds a photo after the product's last one; returns its id. */
export async function insertPhoto(db: Executor, values: PhotoValues): Promise<string> {
  const last = await db
    .selectFrom('product_photos')
    .select((eb) => eb.fn.max('position').as('position'))
    .where('product_id', '=', values.product_id)
    .executeTakeFirst()
  const position = last?.position === null || last?.position === undefined ? 0 : Number(last.position) + 1
  const row = await db.insertInto('product_photos').values({ ...values, position }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function countPhotos(db: Executor, productId: string): Promise<number> {
  const row = await db
    .selectFrom('product_photos')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('product_id', '=', productId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function removePhoto(db: Executor, photoId: string) {
  await db.deleteFrom('product_photos').where('id', '=', photoId).execute()
}
