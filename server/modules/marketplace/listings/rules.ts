// The listing rules engine: pure, no I/O. Given one marketplace's rules (rules.data.ts), a
// product from the registry, its mapped category and its attribute values, it lists what must be
// fixed before the product can be listed there. The service localises the problems.
import type { MarketplaceRules } from './rules.data.ts'

export const MARKETPLACE_NAMES: Record<string, string> = {
  tokopedia: 'Tokopedia',
  tiktok_shop: 'TikTok Shop',
  shopee: 'Shopee',
  blibli: 'Blibli',
  bukalapak: 'Bukalapak',
}

export interface ListingPhoto {
  width: number
  height: number
  bytes: number
}

export interface ListingProduct {
  name: string
  description: string | null
  priceIdr: number
  weightGrams: number
  minOrder: number
  stock: number
  /** In display order (position). */
  photos: ListingPhoto[]
  /** Another product of the same firm has the same name (case and spacing ignored). */
  duplicateName?: boolean
}

export interface ListingCategory {
  categoryId: string
  categoryName: string
  requiredAttributes: string[]
}

export type ProblemSeverity = 'error' | 'warning'

export interface ListingProblem {
  /** Stable code, localised by listings.messages.ts. */
  code: string
  /** The product field to fix. */
  field: 'marketplace' | 'name' | 'description' | 'price' | 'weight' | 'photos' | 'minOrder' | 'stock' | 'category' | 'attributes'
  /** error: the product is left out of the export; warning: exported, but something is dropped or adjusted. */
  severity: ProblemSeverity
  params: Record<string, string | number>
}

export type ListingStatus = 'ready' | 'needs_fix' | 'not_listable'

/** Characters as people count them (code points, so an emoji is one). */
export const charCount = (text: string): number => Array.from(text).length

/** Attribute names compare without case and surrounding spaces ("Merek" = " merek "). */
export const attributeKey = (name: string): string => name.trim().toLocaleLowerCase('id')

/**
 * The product's weight in the marketplace's unit, rounded UP to the unit's decimals so a parcel
 * is never declared lighter than it is.
 * Example: convertWeight(1234, { unit: 'kg', decimals: 2 }) === 1.24; convertWeight(1234, { unit: 'g', decimals: 0 }) === 1234
 */
export function convertWeight(grams: number, weight: Pick<MarketplaceRules['weight'], 'unit' | 'decimals'>): number {
  if (weight.unit === 'g') return Math.ceil(grams)
  const decimals = Math.min(Math.max(weight.decimals, 0), 3)
  const step = 10 ** (3 - decimals) // grams per smallest step of the kilogram value
  return Math.ceil(grams / step) / 10 ** decimals
}

/**
 * Everything that keeps the product from being listed on this marketplace (errors) or that the
 * export adjusts (warnings). Empty when the product is ready.
 * Example: checkListing(MARKETPLACE_RULES.tokopedia, { name: 'x'.repeat(84), … }, category, {})
 *   → [{ code: 'LISTING_NAME_TOO_LONG', field: 'name', severity: 'error', params: { length: 84, max: 70, marketplace: 'Tokopedia' } }]
 */
export function checkListing(
  rules: MarketplaceRules,
  product: ListingProduct,
  category: ListingCategory | null,
  attributes: Record<string, string>,
): ListingProblem[] {
  const marketplace = MARKETPLACE_NAMES[rules.code] ?? rules.code
  const problems: ListingProblem[] = []
  const add = (code: string, field: ListingProblem['field'], params: Record<string, string | number> = {}, severity: ProblemSeverity = 'error') =>
    problems.push({ code, field, severity, params: { marketplace, ...params } })

  if (rules.closed) {
    add('LISTING_MARKETPLACE_CLOSED', 'marketplace', { since: rules.closed.since })
    return problems
  }

  // Name.
  const nameLength = charCount(product.name.trim())
  if (rules.name.min !== null && nameLength < rules.name.min) add('LISTING_NAME_TOO_SHORT', 'name', { length: nameLength, min: rules.name.min })
  if (rules.name.max !== null && nameLength > rules.name.max) add('LISTING_NAME_TOO_LONG', 'name', { length: nameLength, max: rules.name.max })
  if (rules.nameUniquePerFirm && product.duplicateName) add('LISTING_NAME_DUPLICATE', 'name')

  // Description.
  const description = product.description?.trim() ?? ''
  if (description === '') {
    if (rules.descriptionRequired) add('LISTING_DESCRIPTION_MISSING', 'description')
  } else if (rules.descriptionMax !== null && charCount(description) > rules.descriptionMax) {
    add('LISTING_DESCRIPTION_TOO_LONG', 'description', { length: charCount(description), max: rules.descriptionMax })
  }

  // Price (whole rupiah).
  if (!Number.isInteger(product.priceIdr)) add('LISTING_PRICE_NOT_WHOLE', 'price', { price: product.priceIdr })
  if (rules.price.min !== null && product.priceIdr < rules.price.min) add('LISTING_PRICE_TOO_LOW', 'price', { price: product.priceIdr, min: rules.price.min })
  if (rules.price.max !== null && product.priceIdr > rules.price.max) add('LISTING_PRICE_TOO_HIGH', 'price', { price: product.priceIdr, max: rules.price.max })

  // Weight, in the marketplace's unit.
  const weight = convertWeight(product.weightGrams, rules.weight)
  const unit = rules.weight.unit
  if (rules.weight.range.min !== null && weight < rules.weight.range.min) {
    add('LISTING_WEIGHT_TOO_LOW', 'weight', { weight, unit, min: rules.weight.range.min })
  }
  if (rules.weight.range.max !== null && weight > rules.weight.range.max) {
    add('LISTING_WEIGHT_TOO_HIGH', 'weight', { weight, unit, max: rules.weight.range.max })
  }

  // Photos: count, then each photo that will be used.
  const count = product.photos.length
  if (rules.images.min !== null && count < rules.images.min) add('LISTING_PHOTOS_MISSING', 'photos', { count, min: rules.images.min })
  if (rules.images.max !== null && count > rules.images.max) {
    add('LISTING_PHOTOS_TOO_MANY', 'photos', { count, max: rules.images.max }, 'warning')
  }
  const used = rules.images.max !== null ? product.photos.slice(0, rules.images.max) : product.photos
  used.forEach((photo, index) => {
    const position = index + 1
    if (rules.imageMinPx !== null && Math.min(photo.width, photo.height) < rules.imageMinPx) {
      add('LISTING_PHOTO_TOO_SMALL', 'photos', { position, width: photo.width, height: photo.height, min: rules.imageMinPx })
    }
    if (rules.imageMaxBytes !== null && photo.bytes > rules.imageMaxBytes) {
      add('LISTING_PHOTO_TOO_LARGE', 'photos', { position, maxMb: rules.imageMaxBytes / (1024 * 1024) })
    }
  })

  // Minimum order and stock.
  if ((rules.minOrder.min !== null && product.minOrder < rules.minOrder.min) || (rules.minOrder.max !== null && product.minOrder > rules.minOrder.max)) {
    add('LISTING_MIN_ORDER_OUT_OF_RANGE', 'minOrder', { minOrder: product.minOrder, min: rules.minOrder.min ?? 1, max: rules.minOrder.max ?? '∞' })
  }
  if (rules.stock.min !== null && product.stock < rules.stock.min) add('LISTING_STOCK_TOO_LOW', 'stock', { stock: product.stock, min: rules.stock.min })
  if (rules.stock.max !== null && product.stock > rules.stock.max) add('LISTING_STOCK_TOO_HIGH', 'stock', { stock: product.stock, max: rules.stock.max })

  // Category and the attributes it requires.
  if (!category) {
    add('LISTING_CATEGORY_UNMAPPED', 'category')
  } else {
    const values = new Map(Object.entries(attributes).map(([name, value]) => [attributeKey(name), value.trim()]))
    for (const attribute of category.requiredAttributes) {
      const value = values.get(attributeKey(attribute))
      if (!value) add('LISTING_ATTRIBUTE_MISSING', 'attributes', { attribute, category: category.categoryName })
      else if (rules.attributeValueMax !== null && charCount(value) > rules.attributeValueMax) {
        add('LISTING_ATTRIBUTE_TOO_LONG', 'attributes', { attribute, length: charCount(value), max: rules.attributeValueMax })
      }
    }
  }
  return problems
}

/** ready: no errors; not_listable: the marketplace takes no such products; needs_fix otherwise. */
export function listingStatus(problems: ListingProblem[]): ListingStatus {
  if (problems.some((p) => p.code === 'LISTING_MARKETPLACE_CLOSED')) return 'not_listable'
  return problems.some((p) => p.severity === 'error') ? 'needs_fix' : 'ready'
}
