// Listings in each marketplace's format: the category mapping (maintained by partners for their
// own marketplace and by officers), products' attribute values, the per-product check against
// the marketplace's rules, the bulk-upload export and the signed public photo links it uses.
import type { Database } from '../../../db/database.ts'
import type { Config } from '../../../config.ts'
import type { Executor } from '../../../platform/audit/audit.repository.ts'
import type { Keys } from '../../../platform/secrets.ts'
import type { Actor } from '../../../platform/access/roles.ts'
import { can, canEditFirm, requirePermission } from '../../../platform/access/policy.ts'
import { recordAudit, type AuditContext } from '../../../platform/audit/audit.service.ts'
import { AppError, badRequest, conflict, forbidden, isUniqueViolation, notFound } from '../../../platform/errors.ts'
import { localize, type Locale } from '../../../platform/i18n/messages.ts'
import { canSeeFirmInProgramme, findMarketplace, partnerMarketplaceCode, requireMarketplaceInScope, type MarketplaceRow } from '../scope.ts'
import * as repo from './listings.repository.ts'
import { matchCategory } from './category-match.ts'
import { attributeKey, checkListing, convertWeight, listingStatus, MARKETPLACE_NAMES, type ListingProblem, type ListingStatus } from './rules.ts'
import { MARKETPLACE_CODES, MARKETPLACE_RULES, rulesOf, type MarketplaceRules } from './rules.data.ts'
import { templateOf, writeListingWorkbook, type ExportRow, type SkippedRow } from './templates.ts'
import { photoLinkKey, photoLinkUrl, signPhotoToken, verifyPhotoToken } from './photo-links.ts'
import { readStoredFile } from '../../registry/index.ts'

export interface ListingDeps {
  db: Database
  config: Pick<Config, 'publicUrl' | 'dataDir'>
  keys: Pick<Keys, 'blindIndex'>
}

/** The CLI acts as the system: national scope. */
export type ListingActor = Actor | 'system'

// ---------------------------------------------------------------------------------------------
// Category mapping

export interface CategoryMapping {
  id: string
  marketplaceCode: string
  hsPrefix: string | null
  kbliPrefix: string | null
  categoryId: string
  categoryName: string
  requiredAttributes: string[]
  note: string | null
  updatedBy: { id: string; name: string } | null
  createdAt: string
  updatedAt: string
}

function mappingOf(row: repo.CategoryRow): CategoryMapping {
  return {
    id: row.id,
    marketplaceCode: row.marketplace_code,
    hsPrefix: row.hs_prefix,
    kbliPrefix: row.kbli_prefix,
    categoryId: row.category_id,
    categoryName: row.category_name,
    requiredAttributes: row.required_attributes,
    note: row.note,
    updatedBy: row.updated_by && row.updated_by_name ? { id: row.updated_by, name: row.updated_by_name } : null,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  }
}

/** Mappings everyone in the programme may read; a partner reads its own marketplace's (none while it has none). */
export async function listCategories(db: Executor, actor: Actor, query: { marketplace?: string; q?: string }): Promise<CategoryMapping[]> {
  requirePermission(actor, 'marketplace.read')
  let codes: string[] | undefined = query.marketplace ? [query.marketplace] : undefined
  if (actor.role === 'marketplace_partner') {
    const own = await partnerMarketplaceCode(db, actor)
    codes = own && (!query.marketplace || query.marketplace === own) ? [own] : []
  }
  return (await repo.listCategories(db, { marketplaceCodes: codes, q: query.q })).map(mappingOf)
}

const cleanAttributes = (names: string[] | undefined): string[] => {
  const seen = new Set<string>()
  const out: string[] = []
  for (const name of names ?? []) {
    const trimmed = name.trim().replace(/\s+/g, ' ')
    if (trimmed && !seen.has(attributeKey(trimmed))) {
      seen.add(attributeKey(trimmed))
      out.push(trimmed)
    }
  }
  return out
}

async function requireCategoryManager(db: Executor, actor: Actor, marketplaceCode: string): Promise<MarketplaceRow> {
  requirePermission(actor, 'marketplace.categories.manage')
  return requireMarketplaceInScope(db, actor, marketplaceCode)
}

async function validateCodes(db: Executor, values: { hs_prefix: string | null; kbli_prefix: string | null }) {
  if (values.hs_prefix === null && values.kbli_prefix === null) throw badRequest('CATEGORY_MAPPING_NEEDS_CODE', {}, { field: 'hsPrefix' })
  if (values.hs_prefix !== null && !(await repo.hsExists(db, values.hs_prefix))) {
    throw badRequest('CATEGORY_HS_NOT_FOUND', { code: values.hs_prefix }, { field: 'hsPrefix' })
  }
  if (values.kbli_prefix !== null && !(await repo.kbliExists(db, values.kbli_prefix))) {
    throw badRequest('CATEGORY_KBLI_NOT_FOUND', { code: values.kbli_prefix }, { field: 'kbliPrefix' })
  }
}

async function saveCategory<T>(marketplaceCode: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if (isUniqueViolation(error, 'marketplace_categories_key')) {
      throw conflict('CATEGORY_MAPPING_DUPLICATE', { marketplace: MARKETPLACE_NAMES[marketplaceCode] ?? marketplaceCode })
    }
    throw error
  }
}

export interface CategoryInput {
  marketplaceCode: string
  hsPrefix?: string | null
  kbliPrefix?: string | null
  categoryId: string
  categoryName: string
  requiredAttributes?: string[]
  note?: string | null
}

export async function createCategory(db: Database, actor: Actor, context: AuditContext, input: CategoryInput): Promise<CategoryMapping> {
  await requireCategoryManager(db, actor, input.marketplaceCode)
  const values: repo.CategoryValues = {
    marketplace_code: input.marketplaceCode,
    hs_prefix: input.hsPrefix ?? null,
    kbli_prefix: input.kbliPrefix ?? null,
    category_id: input.categoryId.trim(),
    category_name: input.categoryName.trim(),
    required_attributes: cleanAttributes(input.requiredAttributes),
    note: input.note?.trim() || null,
  }
  await validateCodes(db, values)
  return saveCategory(input.marketplaceCode, () =>
    db.transaction().execute(async (trx) => {
      const id = await repo.insertCategory(trx, values, actor.userId)
      const created = mappingOf((await repo.findCategory(trx, id))!)
      await recordAudit(trx, context, { action: 'marketplace.category.created', entityType: 'marketplace_category', entityId: id, after: created })
      return created
    }),
  )
}

export async function updateCategory(
  db: Database,
  actor: Actor,
  context: AuditContext,
  id: string,
  patch: Partial<Omit<CategoryInput, 'marketplaceCode'>>,
): Promise<CategoryMapping> {
  requirePermission(actor, 'marketplace.categories.manage')
  const row = await repo.findCategory(db, id)
  if (!row) throw notFound('CATEGORY_MAPPING_NOT_FOUND')
  await requireCategoryManager(db, actor, row.marketplace_code)
  const values: Partial<repo.CategoryValues> = {}
  if (patch.hsPrefix !== undefined) values.hs_prefix = patch.hsPrefix
  if (patch.kbliPrefix !== undefined) values.kbli_prefix = patch.kbliPrefix
  if (patch.categoryId !== undefined) values.category_id = patch.categoryId.trim()
  if (patch.categoryName !== undefined) values.category_name = patch.categoryName.trim()
  if (patch.requiredAttributes !== undefined) values.required_attributes = cleanAttributes(patch.requiredAttributes)
  if (patch.note !== undefined) values.note = patch.note?.trim() || null
  await validateCodes(db, { hs_prefix: values.hs_prefix !== undefined ? values.hs_prefix : row.hs_prefix, kbli_prefix: values.kbli_prefix !== undefined ? values.kbli_prefix : row.kbli_prefix })
  const before = mappingOf(row)
  return saveCategory(row.marketplace_code, () =>
    db.transaction().execute(async (trx) => {
      await repo.updateCategory(trx, id, values, actor.userId)
      const after = mappingOf((await repo.findCategory(trx, id))!)
      await recordAudit(trx, context, { action: 'marketplace.category.updated', entityType: 'marketplace_category', entityId: id, before, after })
      return after
    }),
  )
}

export async function deleteCategory(db: Database, actor: Actor, context: AuditContext, id: string): Promise<void> {
  requirePermission(actor, 'marketplace.categories.manage')
  const row = await repo.findCategory(db, id)
  if (!row) throw notFound('CATEGORY_MAPPING_NOT_FOUND')
  await requireCategoryManager(db, actor, row.marketplace_code)
  await db.transaction().execute(async (trx) => {
    await repo.deleteCategory(trx, id)
    await recordAudit(trx, context, { action: 'marketplace.category.deleted', entityType: 'marketplace_category', entityId: id, before: mappingOf(row) })
  })
}

// ---------------------------------------------------------------------------------------------
// Checking products against a marketplace's rules

export interface ListingFilter {
  marketplace: string
  province?: string
  regency?: string
  firm?: string[]
  kbli?: string
}

export interface ListingView {
  productId: string
  productName: string
  firmId: string
  firmName: string
  provinceCode: string
  regencyCode: string
  hsCode: string | null
  kbliCode: string | null
  priceIdr: number
  weightGrams: number
  weight: number
  weightUnit: 'g' | 'kg'
  photoCount: number
  category: {
    mappingId: string
    categoryId: string
    categoryName: string
    hsPrefix: string | null
    kbliPrefix: string | null
    requiredAttributes: string[]
  } | null
  attributes: Array<{ name: string; value: string }>
  canEditAttributes: boolean
  status: ListingStatus
  problems: Array<ListingProblem & { message: string }>
}

interface Evaluated {
  view: ListingView
  row: repo.ListingProductRow
  photoIds: string[]
}

function rulesFor(code: string): MarketplaceRules {
  const rules = rulesOf(code)
  if (!rules) throw notFound('LISTING_MARKETPLACE_UNSUPPORTED', { code })
  return rules
}

async function scopeOf(db: Executor, actor: ListingActor, marketplaceCode: string): Promise<repo.ProductScope> {
  if (actor === 'system') return { kind: 'all' }
  requirePermission(actor, 'marketplace.listings')
  await requireMarketplaceInScope(db, actor, marketplaceCode)
  switch (actor.role) {
    case 'officer':
      return { kind: 'all' }
    case 'regional_officer':
      return { kind: 'region', provinceCode: actor.provinceCode, regencyCode: actor.regencyCode }
    case 'firm_owner':
      return { kind: 'organisation', organisationId: actor.organisationId }
    case 'marketplace_partner':
      // requireMarketplaceInScope made sure this is the partner's own marketplace.
      return { kind: 'shared', marketplaceCode }
    default:
      throw forbidden()
  }
}

/** Problems with their message in the caller's language. */
export const localizeProblems = (problems: ListingProblem[], locale: Locale) =>
  problems.map((problem) => ({ ...problem, message: localize(problem.code, locale, problem.params) }))

async function evaluate(db: Executor, actor: ListingActor, filter: ListingFilter, locale: Locale): Promise<{ marketplace: MarketplaceRow; rules: MarketplaceRules; items: Evaluated[] }> {
  const marketplace = await findMarketplace(db, filter.marketplace)
  if (!marketplace) throw notFound('MARKETPLACE_NOT_FOUND', { code: filter.marketplace })
  const scope = await scopeOf(db, actor, marketplace.code)
  const rules = rulesFor(marketplace.code)
  const products = await repo.listProductsForListing(db, scope, {
    provinceCode: filter.province,
    regencyCode: filter.regency,
    firmIds: filter.firm,
    kbliPrefix: filter.kbli,
  })
  const ids = products.map((p) => p.id)
  const [photos, attributes, mappings] = await Promise.all([
    repo.listPhotos(db, ids),
    repo.listAttributes(db, marketplace.code, ids),
    repo.listCategories(db, { marketplaceCodes: [marketplace.code] }),
  ])
  const photosOf = groupBy(photos, (p) => p.product_id)
  const attributesOf = groupBy(attributes, (a) => a.product_id)
  const keyed = mappings.map((m) => ({ ...m, hsPrefix: m.hs_prefix, kbliPrefix: m.kbli_prefix }))
  const items = products.map((row): Evaluated => {
    const productPhotos = photosOf.get(row.id) ?? []
    const productAttributes = attributesOf.get(row.id) ?? []
    const mapping = matchCategory(keyed, { hsCode: row.hs_code, kbliCode: row.kbli_code })
    const category = mapping
      ? {
          mappingId: mapping.id,
          categoryId: mapping.category_id,
          categoryName: mapping.category_name,
          hsPrefix: mapping.hs_prefix,
          kbliPrefix: mapping.kbli_prefix,
          requiredAttributes: mapping.required_attributes,
        }
      : null
    const problems = checkListing(
      rules,
      {
        name: row.name,
        description: row.description,
        priceIdr: Number(row.price_idr),
        weightGrams: row.weight_grams,
        minOrder: row.min_order,
        stock: row.stock,
        photos: productPhotos.map((p) => ({ width: p.width, height: p.height, bytes: p.bytes })),
        duplicateName: row.duplicate_name,
      },
      category,
      Object.fromEntries(productAttributes.map((a) => [a.name, a.value])),
    )
    const firm = { organisationId: row.firm_organisation_id, provinceCode: row.province_code, regencyCode: row.regency_code }
    return {
      row,
      photoIds: productPhotos.map((p) => p.id),
      view: {
        productId: row.id,
        productName: row.name,
        firmId: row.firm_id,
        firmName: row.firm_name,
        provinceCode: row.province_code,
        regencyCode: row.regency_code,
        hsCode: row.hs_code,
        kbliCode: row.kbli_code,
        priceIdr: Number(row.price_idr),
        weightGrams: row.weight_grams,
        weight: convertWeight(row.weight_grams, rules.weight),
        weightUnit: rules.weight.unit,
        photoCount: productPhotos.length,
        category,
        attributes: productAttributes.map((a) => ({ name: a.name, value: a.value })),
        canEditAttributes: actor !== 'system' && can(actor, 'marketplace.listings') && canEditFirm(actor, firm),
        status: listingStatus(problems),
        problems: localizeProblems(problems, locale),
      },
    }
  })
  return { marketplace, rules, items }
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>()
  for (const row of rows) {
    const k = key(row)
    const list = map.get(k)
    if (list) list.push(row)
    else map.set(k, [row])
  }
  return map
}

export interface ListingPage {
  marketplace: { code: string; name: string; status: string; weightUnit: string }
  items: ListingView[]
  total: number
  counts: { ready: number; needsFix: number; notListable: number }
  limit: number
  offset: number
}

/** Each product in scope checked against the marketplace's rules, a page at a time. */
export async function checkListings(
  db: Executor,
  actor: ListingActor,
  query: ListingFilter & { status?: ListingStatus; limit?: number; offset?: number },
  locale: Locale,
): Promise<ListingPage> {
  const { marketplace, rules, items } = await evaluate(db, actor, query, locale)
  const counts = { ready: 0, needsFix: 0, notListable: 0 }
  for (const { view } of items) {
    if (view.status === 'ready') counts.ready++
    else if (view.status === 'needs_fix') counts.needsFix++
    else counts.notListable++
  }
  const matching = query.status ? items.filter((i) => i.view.status === query.status) : items
  const limit = query.limit ?? 100
  const offset = query.offset ?? 0
  return {
    marketplace: { code: marketplace.code, name: marketplace.name, status: marketplace.status, weightUnit: rules.weight.unit },
    items: matching.slice(offset, offset + limit).map((i) => i.view),
    total: matching.length,
    counts,
    limit,
    offset,
  }
}

/** The rules as data (with their provenance), for the web page and API clients. */
export function listingRules() {
  return {
    items: MARKETPLACE_CODES.map((code) => {
      const r = MARKETPLACE_RULES[code]
      return {
        code,
        closedSince: r.closed?.since ?? null,
        name: r.name,
        nameUniquePerFirm: r.nameUniquePerFirm,
        descriptionRequired: r.descriptionRequired,
        descriptionMax: r.descriptionMax,
        price: r.price,
        weightUnit: r.weight.unit,
        weight: r.weight.range,
        images: r.images,
        imageMinPx: r.imageMinPx,
        minOrder: r.minOrder,
        stock: r.stock,
        provenance: r.provenance,
      }
    }),
  }
}

// ---------------------------------------------------------------------------------------------
// Attribute values

export async function setAttributes(
  db: Database,
  actor: Actor,
  context: AuditContext,
  productId: string,
  input: { marketplace: string; values: Array<{ name: string; value: string | null }> },
): Promise<{ productId: string; marketplace: string; attributes: Array<{ name: string; value: string }> }> {
  requirePermission(actor, 'marketplace.listings')
  const product = await repo.findProductWithFirm(db, productId)
  if (!product || !(await canSeeFirmInProgramme(db, actor, product.firm_id))) throw notFound('PRODUCT_NOT_FOUND')
  if (!canEditFirm(actor, { organisationId: product.organisation_id, provinceCode: product.province_code, regencyCode: product.regency_code })) {
    throw new AppError('LISTING_ATTRIBUTES_NOT_ALLOWED', 403)
  }
  const marketplace = await findMarketplace(db, input.marketplace)
  if (!marketplace) throw notFound('MARKETPLACE_NOT_FOUND', { code: input.marketplace })
  return db.transaction().execute(async (trx) => {
    const current = await repo.listAttributes(trx, marketplace.code, [productId])
    const before = current.map((a) => ({ name: a.name, value: a.value }))
    for (const entry of input.values) {
      const name = entry.name.trim().replace(/\s+/g, ' ')
      if (!name) continue
      // One value per attribute whatever its case: "merek" replaces "Merek".
      for (const old of current.filter((a) => attributeKey(a.name) === attributeKey(name))) {
        await repo.deleteAttribute(trx, { firmId: product.firm_id, productId, marketplaceCode: marketplace.code, name: old.name })
      }
      const value = entry.value?.trim() ?? ''
      if (value) await repo.upsertAttribute(trx, { firmId: product.firm_id, productId, marketplaceCode: marketplace.code, name, value, userId: actor.userId })
    }
    const attributes = (await repo.listAttributes(trx, marketplace.code, [productId])).map((a) => ({ name: a.name, value: a.value }))
    await recordAudit(trx, context, {
      action: 'marketplace.product_attributes.updated',
      entityType: 'product',
      entityId: productId,
      before: { marketplace: marketplace.code, attributes: before },
      after: { marketplace: marketplace.code, attributes },
    })
    return { productId, marketplace: marketplace.code, attributes }
  })
}

// ---------------------------------------------------------------------------------------------
// Export

export interface ListingExport {
  data: Buffer
  fileName: string
  marketplace: string
  written: number
  skipped: SkippedRow[]
}

/**
 * The valid products in scope as the marketplace's bulk-upload workbook; products with errors
 * are left out and listed (second sheet and `skipped`). Refused for a closed marketplace.
 */
export async function exportListings(
  deps: ListingDeps,
  actor: ListingActor,
  context: AuditContext,
  filter: ListingFilter,
  locale: Locale,
  now: Date = new Date(),
): Promise<ListingExport> {
  const { db } = deps
  const marketplace = await findMarketplace(db, filter.marketplace)
  if (!marketplace) throw notFound('MARKETPLACE_NOT_FOUND', { code: filter.marketplace })
  if (actor !== 'system') await scopeOf(db, actor, marketplace.code)
  const rules = rulesFor(marketplace.code)
  const template = templateOf(marketplace.code)
  if (rules.closed || marketplace.status === 'closed' || !template) {
    throw new AppError('LISTING_EXPORT_CLOSED', 409, { marketplace: marketplace.name, since: rules.closed?.since ?? '-' })
  }
  const { items } = await evaluate(db, actor, filter, locale)
  const key = photoLinkKey(deps.keys)
  const rows: ExportRow[] = []
  const skipped: SkippedRow[] = []
  for (const { view, row, photoIds } of items) {
    if (view.status !== 'ready') {
      skipped.push({
        productId: view.productId,
        firmName: view.firmName,
        name: view.productName,
        problems: view.problems.filter((p) => p.severity === 'error').map((p) => p.message),
      })
      continue
    }
    const used = rules.images.max !== null ? photoIds.slice(0, rules.images.max) : photoIds
    rows.push({
      productId: row.id,
      firmName: row.firm_name,
      name: row.name,
      description: row.description,
      priceIdr: Number(row.price_idr),
      weightGrams: row.weight_grams,
      lengthMm: row.length_mm,
      widthMm: row.width_mm,
      heightMm: row.height_mm,
      minOrder: row.min_order,
      stock: row.stock,
      categoryId: view.category!.categoryId,
      categoryName: view.category!.categoryName,
      attributes: Object.fromEntries(view.attributes.map((a) => [a.name, a.value])),
      imageUrls: used.map((id) => photoLinkUrl(deps.config.publicUrl, signPhotoToken(key, id, now).token)),
    })
  }
  const data = await writeListingWorkbook(template, rows, skipped)
  await recordAudit(db, context, {
    action: 'marketplace.listings.exported',
    entityType: 'marketplace',
    entityId: marketplace.code,
    after: { filter, written: rows.length, skipped: skipped.length },
  })
  const stamp = now.toISOString().slice(0, 10)
  return { data, fileName: `produk-${marketplace.code}-${stamp}.xlsx`, marketplace: marketplace.code, written: rows.length, skipped }
}

// ---------------------------------------------------------------------------------------------
// Public photo links

export async function readLinkedPhoto(
  deps: ListingDeps,
  token: string,
  now: Date = new Date(),
): Promise<{ data: Buffer; mime: string; expiresAt: Date }> {
  const check = verifyPhotoToken(photoLinkKey(deps.keys), token, now)
  if (!check.ok) {
    if (check.reason === 'expired') throw new AppError('PRODUCT_PHOTO_LINK_EXPIRED', 410)
    throw notFound('PRODUCT_PHOTO_LINK_INVALID')
  }
  const photo = await repo.findPhoto(deps.db, check.photoId)
  const data = photo ? await readStoredFile(deps.config.dataDir, photo.storage_key) : null
  if (!photo || !data) throw notFound('PRODUCT_PHOTO_NOT_FOUND')
  return { data, mime: photo.mime, expiresAt: check.expiresAt }
}
