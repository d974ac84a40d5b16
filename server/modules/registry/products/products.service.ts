import type { Database } from '../../../db/database.ts'
import type { Executor } from '../../../platform/audit/audit.repository.ts'
import { AppError, badRequest, conflict, forbidden, notFound } from '../../../platform/errors.ts'
import { canEditFirm, canSeeFirm, requirePermission } from '../../../platform/access/policy.ts'
import type { Actor } from '../../../platform/access/roles.ts'
import { recordAudit, type AuditContext } from '../../../platform/audit/audit.service.ts'
import { findHs, findKbli } from '../../reference/index.ts'
import * as repo from './products.repository.ts'
import type { PhotoRow, ProductRow, ProductValues } from './products.repository.ts'
import { encodePhoto, newStorageKey, readStoredFile, removeStoredFiles, writeStoredFile } from './product-photos.ts'
import { PHOTO_MAX_BYTES, PHOTOS_PER_PRODUCT } from './products.schemas.ts'

export interface ProductPhoto {
  id: string
  mime: 'image/jpeg' | 'image/webp'
  width: number
  height: number
  bytes: number
  position: number
  url: string
  createdAt: string
}

export interface Product {
  id: string
  firmId: string
  name: string
  description: string | null
  kbliCode: string | null
  hsCode: string | null
  priceIdr: number
  unit: string
  weightGrams: number
  lengthMm: number | null
  widthMm: number | null
  heightMm: number | null
  minOrder: number
  monthlyCapacity: number
  stock: number
  certifications: string[]
  exportReady: boolean
  photos: ProductPhoto[]
  createdAt: string
  updatedAt: string
}

export interface ProductInput {
  name: string
  description?: string | null
  kbliCode?: string | null
  hsCode?: string | null
  priceIdr: number
  unit: string
  weightGrams: number
  lengthMm?: number | null
  widthMm?: number | null
  heightMm?: number | null
  minOrder?: number
  monthlyCapacity?: number
  stock?: number
  certifications?: string[]
  exportReady?: boolean
}

/** Where the product files are kept: the data directory of the running server. */
export interface ProductDeps {
  db: Database
  dataDir: string
}

function photoOf(row: PhotoRow): ProductPhoto {
  return {
    id: row.id,
    mime: row.mime as ProductPhoto['mime'],
    width: row.width,
    height: row.height,
    bytes: row.bytes,
    position: row.position,
    url: `/api/products/${row.product_id}/photos/${row.id}`,
    createdAt: row.created_at.toISOString(),
  }
}

function productOf(row: ProductRow, photos: PhotoRow[]): Product {
  return {
    id: row.id,
    firmId: row.firm_id,
    name: row.name,
    description: row.description,
    kbliCode: row.kbli_code,
    hsCode: row.hs_code,
    priceIdr: Number(row.price_idr),
    unit: row.unit,
    weightGrams: row.weight_grams,
    lengthMm: row.length_mm,
    widthMm: row.width_mm,
    heightMm: row.height_mm,
    minOrder: row.min_order,
    monthlyCapacity: row.monthly_capacity,
    stock: row.stock,
    certifications: row.certifications,
    exportReady: row.export_ready,
    photos: photos.filter((p) => p.product_id === row.id).map(photoOf),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}

const firmScopeOf = (row: ProductRow) => ({
  organisationId: row.firm_organisation_id,
  provinceCode: row.firm_province_code,
  regencyCode: row.firm_regency_code,
})

async function loadProduct(db: Executor, row: ProductRow): Promise<Product> {
  return productOf(row, await repo.listPhotos(db, [row.id]))
}

const invalid = (code: string, field: string, params: Record<string, string | number> = {}) => badRequest(code, params, { field })

/** Checks the codes and rules of a full product record and gives the values to store. */
async function productValues(db: Executor, input: ProductInput): Promise<ProductValues> {
  const name = input.name.trim().replace(/\s+/g, ' ')
  if (name.length < 2) throw invalid('PRODUCT_NAME_INVALID', 'name')
  const unit = input.unit.trim().toLowerCase()
  if (unit === '') throw invalid('PRODUCT_UNIT_INVALID', 'unit')
  const kbliCode = input.kbliCode?.trim() || null
  if (kbliCode && !(await findKbli(db, kbliCode))) throw invalid('KBLI_NOT_FOUND', 'kbliCode', { code: kbliCode })
  let hsCode: string | null = null
  if (input.hsCode) {
    const hs = await findHs(db, input.hsCode)
    // Headings (4) and subheadings (6) name products; a 2-digit chapter is too coarse for customs.
    if (!hs || (hs.level !== 4 && hs.level !== 6)) throw invalid('PRODUCT_HS_NOT_FOUND', 'hsCode', { code: input.hsCode })
    hsCode = hs.code
  }
  const exportReady = input.exportReady ?? false
  // Export documents classify goods by HS code: without one, a product cannot be offered abroad.
  if (exportReady && !hsCode) throw invalid('PRODUCT_EXPORT_NEEDS_HS', 'hsCode')
  return {
    name,
    description: input.description?.trim() || null,
    kbli_code: kbliCode,
    hs_code: hsCode,
    price_idr: input.priceIdr,
    unit,
    weight_grams: input.weightGrams,
    length_mm: input.lengthMm ?? null,
    width_mm: input.widthMm ?? null,
    height_mm: input.heightMm ?? null,
    min_order: input.minOrder ?? 1,
    monthly_capacity: input.monthlyCapacity ?? 0,
    stock: input.stock ?? 0,
    certifications: [...new Set((input.certifications ?? []).map((c) => c.trim()).filter(Boolean))],
    export_ready: exportReady,
  }
}

/** A product the actor may see (else 404, as if it did not exist), and whether they may change it. */
function visibleProduct(actor: Actor, row: ProductRow | undefined, { edit }: { edit: boolean }): ProductRow {
  if (!row || !canSeeFirm(actor, firmScopeOf(row))) throw notFound('PRODUCT_NOT_FOUND')
  if (edit && !canEditFirm(actor, firmScopeOf(row))) throw forbidden()
  return row
}

/** The firm (for its products) if the actor may see it; optionally also change it. */
async function visibleFirm(db: Executor, actor: Actor, firmId: string, { edit }: { edit: boolean }) {
  const firm = await repo.findFirmScope(db, firmId)
  const scope = firm && { organisationId: firm.organisation_id, provinceCode: firm.province_code, regencyCode: firm.regency_code }
  if (!scope || !canSeeFirm(actor, scope)) throw notFound('FIRM_NOT_FOUND')
  if (edit && !canEditFirm(actor, scope)) throw forbidden()
}

/** The products of a firm the actor may see, in name order, each with its photos. */
export async function listProducts(db: Database, actor: Actor | null, firmId: string): Promise<Product[]> {
  requirePermission(actor, 'firms.read')
  await visibleFirm(db, actor, firmId, { edit: false })
  const rows = await repo.listByFirm(db, firmId)
  const photos = await repo.listPhotos(db, rows.map((r) => r.id))
  return rows.map((row) => productOf(row, photos))
}

export async function getProduct(db: Database, actor: Actor | null, id: string): Promise<Product> {
  requirePermission(actor, 'firms.read')
  return loadProduct(db, visibleProduct(actor, await repo.findById(db, id), { edit: false }))
}

/** Adds a product to a firm: by whoever may change the firm's record. */
export async function createProduct(db: Database, actor: Actor | null, audit: AuditContext, firmId: string, input: ProductInput): Promise<Product> {
  requirePermission(actor, 'firms.read')
  await visibleFirm(db, actor, firmId, { edit: true })
  const values = await productValues(db, input)
  return db.transaction().execute(async (trx) => {
    const id = await repo.insert(trx, firmId, values)
    const product = await loadProduct(trx, (await repo.findById(trx, id))!)
    await recordAudit(trx, audit, { action: 'product.created', entityType: 'product', entityId: id, after: product })
    return product
  })
}

export async function updateProduct(db: Database, actor: Actor | null, audit: AuditContext, id: string, input: Partial<ProductInput>): Promise<Product> {
  requirePermission(actor, 'firms.read')
  return db.transaction().execute(async (trx) => {
    const row = visibleProduct(actor, await repo.findByIdForUpdate(trx, id), { edit: true })
    const before = await loadProduct(trx, row)
    const merged: ProductInput = { ...before, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) }
    await repo.update(trx, id, await productValues(trx, merged))
    const after = await loadProduct(trx, (await repo.findById(trx, id))!)
    await recordAudit(trx, audit, { action: 'product.updated', entityType: 'product', entityId: id, before, after })
    return after
  })
}

/** Deletes a product and its photos; the photo files go once the deletion has committed. */
export async function deleteProduct(deps: ProductDeps, actor: Actor | null, audit: AuditContext, id: string): Promise<void> {
  requirePermission(actor, 'firms.read')
  const files = await deps.db.transaction().execute(async (trx) => {
    const row = visibleProduct(actor, await repo.findByIdForUpdate(trx, id), { edit: true })
    const photos = await repo.listPhotos(trx, [id])
    const before = productOf(row, photos)
    await repo.remove(trx, id)
    await recordAudit(trx, audit, { action: 'product.deleted', entityType: 'product', entityId: id, before })
    return photos.flatMap((p) => [p.storage_key, p.thumbnail_key])
  })
  await removeStoredFiles(deps.dataDir, files)
}

/** Reads the uploaded file; throws PRODUCT_PHOTO_TOO_LARGE past the size limit. */
export type UploadReader = () => Promise<Buffer | undefined>

/**
 * Adds a photo to a product. Access is checked before the upload is read, the bytes must be a
 * real JPEG, PNG or WebP, and what is stored is a re-encoded copy (no metadata) under a
 * server-made name plus a thumbnail. Files written for a change that then fails are removed.
 */
export async function addPhoto(deps: ProductDeps, actor: Actor | null, audit: AuditContext, productId: string, readUpload: UploadReader): Promise<ProductPhoto> {
  requirePermission(actor, 'firms.read')
  const { db, dataDir } = deps
  const product = visibleProduct(actor, await repo.findById(db, productId), { edit: true })
  // Refuse early, before reading megabytes; checked again under the lock below.
  if ((await repo.countPhotos(db, productId)) >= PHOTOS_PER_PRODUCT) throw conflict('PRODUCT_PHOTO_LIMIT', { max: PHOTOS_PER_PRODUCT })
  const data = await readUpload()
  if (!data || data.length === 0) throw invalid('PRODUCT_PHOTO_MISSING', 'file')
  if (data.length > PHOTO_MAX_BYTES) throw photoTooLarge()
  const { original, thumbnail } = await encodePhoto(data)
  const storageKey = newStorageKey(product.firm_id, original.extension)
  const thumbnailKey = newStorageKey(product.firm_id, thumbnail.extension)
  await writeStoredFile(dataDir, storageKey, original.data)
  try {
    await writeStoredFile(dataDir, thumbnailKey, thumbnail.data)
    return await db.transaction().execute(async (trx) => {
      const locked = visibleProduct(actor, await repo.findByIdForUpdate(trx, productId), { edit: true })
      if ((await repo.countPhotos(trx, productId)) >= PHOTOS_PER_PRODUCT) throw conflict('PRODUCT_PHOTO_LIMIT', { max: PHOTOS_PER_PRODUCT })
      const photoId = await repo.insertPhoto(trx, {
        product_id: productId,
        firm_id: locked.firm_id,
        storage_key: storageKey,
        thumbnail_key: thumbnailKey,
        mime: original.mime,
        bytes: original.data.length,
        width: original.width,
        height: original.height,
      })
      const photo = photoOf((await repo.findPhoto(trx, productId, photoId))!)
      // The product's name and firm travel with the entry, so a firm's history can say which product.
      await recordAudit(trx, audit, {
        action: 'product_photo.added',
        entityType: 'product',
        entityId: productId,
        after: { ...photo, productName: locked.name, firmId: locked.firm_id },
      })
      return photo
    })
  } catch (error) {
    await removeStoredFiles(dataDir, [storageKey, thumbnailKey])
    throw error
  }
}

export const photoTooLarge = () => new AppError('PRODUCT_PHOTO_TOO_LARGE', 413, { maxMb: PHOTO_MAX_BYTES / (1024 * 1024) })

/** The bytes of a photo (or its thumbnail) the actor may see, with what to serve them as. */
export async function readPhoto(
  deps: ProductDeps,
  actor: Actor | null,
  productId: string,
  photoId: string,
  size: 'original' | 'thumb',
): Promise<{ data: Buffer; mime: string; filename: string }> {
  requirePermission(actor, 'firms.read')
  visibleProduct(actor, await repo.findById(deps.db, productId), { edit: false })
  const photo = await repo.findPhoto(deps.db, productId, photoId)
  if (!photo) throw notFound('PRODUCT_PHOTO_NOT_FOUND')
  const thumb = size === 'thumb'
  const data = await readStoredFile(deps.dataDir, thumb ? photo.thumbnail_key : photo.storage_key)
  if (!data) throw notFound('PRODUCT_PHOTO_NOT_FOUND')
  const mime = thumb ? 'image/webp' : photo.mime
  const extension = mime === 'image/jpeg' ? 'jpg' : 'webp'
  return { data, mime, filename: `produk-${productId.slice(0, 8)}-${photo.id.slice(0, 8)}${thumb ? '-thumb' : ''}.${extension}` }
}

/** Removes a photo; its files go once the removal has committed. */
export async function deletePhoto(deps: ProductDeps, actor: Actor | null, audit: AuditContext, productId: string, photoId: string): Promise<void> {
  requirePermission(actor, 'firms.read')
  const files = await deps.db.transaction().execute(async (trx) => {
    const product = visibleProduct(actor, await repo.findByIdForUpdate(trx, productId), { edit: true })
    const photo = await repo.findPhoto(trx, productId, photoId)
    if (!photo) throw notFound('PRODUCT_PHOTO_NOT_FOUND')
    await repo.removePhoto(trx, photoId)
    await recordAudit(trx, audit, {
      action: 'product_photo.deleted',
      entityType: 'product',
      entityId: productId,
      before: { ...photoOf(photo), productName: product.name, firmId: product.firm_id },
    })
    return [photo.storage_key, photo.thumbnail_key]
  })
  await removeStoredFiles(deps.dataDir, files)
}
