import { describe, expect, it } from 'vitest'
import { checkListing, convertWeight, listingStatus, type ListingCategory, type ListingProduct } from './rules.ts'
import { MARKETPLACE_RULES, type MarketplaceCode } from './rules.data.ts'
import { matchCategory, specificity } from './category-match.ts'
import { photoLinkKey, photoLinkUrl, signPhotoToken, verifyPhotoToken } from './photo-links.ts'
import { addMessages, localize } from '../../../platform/i18n/messages.ts'
import { listingsMessages } from './listings.messages.ts'

addMessages(listingsMessages)

const photo = (side = 1200, bytes = 200_000) => ({ width: side, height: side, bytes })
const category: ListingCategory = { categoryId: '1234', categoryName: 'Batik', requiredAttributes: ['Merek', 'Bahan'] }
const attributes = { merek: 'Batik Ana', Bahan: 'Katun' }

/** A product that every open marketplace accepts. */
function good(overrides: Partial<ListingProduct> = {}): ListingProduct {
  return {
    name: 'Kemeja Batik Tulis Pria Lengan Panjang', // 38 characters
    description: 'Kemeja batik tulis tangan dari Pekalongan, katun primisima, pewarna alam.',
    priceIdr: 250_000,
    weightGrams: 350,
    minOrder: 1,
    stock: 10,
    photos: [photo(), photo()],
    ...overrides,
  }
}

const codes = (code: MarketplaceCode, product: ListingProduct, cat: ListingCategory | null = category, attrs: Record<string, string> = attributes) =>
  checkListing(MARKETPLACE_RULES[code], product, cat, attrs).map((p) => p.code)

const OPEN: MarketplaceCode[] = ['tokopedia', 'tiktok_shop', 'shopee', 'blibli']

describe('a good product', () => {
  it.each(OPEN)('is ready on %s', (code) => {
    const problems = checkListing(MARKETPLACE_RULES[code], good(), category, attributes)
    expect(problems).toEqual([])
    expect(listingStatus(problems)).toBe('ready')
  })
})

describe('Bukalapak (closed)', () => {
  it('reports every product as not listable, with only that reason', () => {
    const problems = checkListing(MARKETPLACE_RULES.bukalapak, good({ name: 'x', photos: [] }), null, {})
    expect(problems.map((p) => p.code)).toEqual(['LISTING_MARKETPLACE_CLOSED'])
    expect(listingStatus(problems)).toBe('not_listable')
  })
})

describe('name length', () => {
  it('Tokopedia: at most 70 characters', () => {
    expect(codes('tokopedia', good({ name: 'a'.repeat(70) }))).toEqual([])
    const problems = checkListing(MARKETPLACE_RULES.tokopedia, good({ name: 'a'.repeat(84) }), category, attributes)
    expect(problems).toEqual([{ code: 'LISTING_NAME_TOO_LONG', field: 'name', severity: 'error', params: { marketplace: 'Tokopedia', length: 84, max: 70 } }])
    expect(localize(problems[0].code, 'id', problems[0].params)).toBe('Nama produk 84 karakter; Tokopedia menerima paling banyak 70.')
    expect(localize(problems[0].code, 'en', problems[0].params)).toBe('Product name has 84 characters; Tokopedia accepts at most 70.')
    expect(codes('tokopedia', good({ name: 'a'.repeat(71) }))).toEqual(['LISTING_NAME_TOO_LONG'])
  })
  it('TikTok Shop: 25 to 255 characters', () => {
    expect(codes('tiktok_shop', good({ name: 'a'.repeat(24) }))).toEqual(['LISTING_NAME_TOO_SHORT'])
    expect(codes('tiktok_shop', good({ name: 'a'.repeat(25) }))).toEqual([])
    expect(codes('tiktok_shop', good({ name: 'a'.repeat(255) }))).toEqual([])
    expect(codes('tiktok_shop', good({ name: 'a'.repeat(256) }))).toEqual(['LISTING_NAME_TOO_LONG'])
  })
  it('Shopee: 20 to 100 characters (observed numbers)', () => {
    expect(codes('shopee', good({ name: 'a'.repeat(19) }))).toEqual(['LISTING_NAME_TOO_SHORT'])
    expect(codes('shopee', good({ name: 'a'.repeat(20) }))).toEqual([])
    expect(codes('shopee', good({ name: 'a'.repeat(100) }))).toEqual([])
    expect(codes('shopee', good({ name: 'a'.repeat(101) }))).toEqual(['LISTING_NAME_TOO_LONG'])
  })
  it('Blibli: no length limit documented', () => {
    expect(codes('blibli', good({ name: 'ab' }))).toEqual([])
    expect(codes('blibli', good({ name: 'a'.repeat(300) }))).toEqual([])
  })
  it('counts characters, not UTF-16 units, and ignores surrounding spaces', () => {
    expect(codes('tokopedia', good({ name: '🧵'.repeat(70) }))).toEqual([])
    expect(codes('tokopedia', good({ name: `  ${'a'.repeat(70)}  ` }))).toEqual([])
  })
  it('a name used twice in the firm is refused where names must be unique (Tokopedia, Blibli)', () => {
    expect(codes('tokopedia', good({ duplicateName: true }))).toEqual(['LISTING_NAME_DUPLICATE'])
    expect(codes('blibli', good({ duplicateName: true }))).toEqual(['LISTING_NAME_DUPLICATE'])
    expect(codes('shopee', good({ duplicateName: true }))).toEqual([])
  })
})

describe('description', () => {
  it.each([
    ['tokopedia', 2000],
    ['shopee', 3000],
    ['blibli', 5000],
    ['tiktok_shop', 10000],
  ] as const)('%s accepts at most %i characters', (code, max) => {
    expect(codes(code, good({ description: 'd'.repeat(max) }))).toEqual([])
    expect(codes(code, good({ description: 'd'.repeat(max + 1) }))).toEqual(['LISTING_DESCRIPTION_TOO_LONG'])
  })
  it('is required on Shopee, TikTok Shop and Blibli, optional on Tokopedia', () => {
    expect(codes('tokopedia', good({ description: null }))).toEqual([])
    for (const code of ['shopee', 'tiktok_shop', 'blibli'] as const) {
      expect(codes(code, good({ description: null }))).toEqual(['LISTING_DESCRIPTION_MISSING'])
      expect(codes(code, good({ description: '   ' }))).toEqual(['LISTING_DESCRIPTION_MISSING'])
    }
  })
})

describe('price', () => {
  it('Tokopedia and TikTok Shop: Rp 100 to Rp 100,000,000', () => {
    for (const code of ['tokopedia', 'tiktok_shop'] as const) {
      expect(codes(code, good({ priceIdr: 99 }))).toEqual(['LISTING_PRICE_TOO_LOW'])
      expect(codes(code, good({ priceIdr: 100 }))).toEqual([])
      expect(codes(code, good({ priceIdr: 100_000_000 }))).toEqual([])
      expect(codes(code, good({ priceIdr: 100_000_001 }))).toEqual(['LISTING_PRICE_TOO_HIGH'])
    }
  })
  it('a price of 0 is refused everywhere; fractions of a rupiah are refused', () => {
    for (const code of OPEN) expect(codes(code, good({ priceIdr: 0 }))).toEqual(['LISTING_PRICE_TOO_LOW'])
    expect(codes('blibli', good({ priceIdr: 1500.5 }))).toEqual(['LISTING_PRICE_NOT_WHOLE'])
  })
  it('Shopee and Blibli: no upper limit documented', () => {
    expect(codes('shopee', good({ priceIdr: 1_000_000_000 }))).toEqual([])
    expect(codes('blibli', good({ priceIdr: 1_000_000_000 }))).toEqual([])
  })
})

describe('weight', () => {
  it('converts to the marketplace unit, rounding up', () => {
    expect(convertWeight(1234, MARKETPLACE_RULES.tokopedia.weight)).toBe(1234)
    expect(convertWeight(1234, MARKETPLACE_RULES.shopee.weight)).toBe(1.24)
    expect(convertWeight(1230, MARKETPLACE_RULES.shopee.weight)).toBe(1.23)
    expect(convertWeight(1, MARKETPLACE_RULES.shopee.weight)).toBe(0.01)
    expect(convertWeight(1234, MARKETPLACE_RULES.tiktok_shop.weight)).toBe(1.234)
    expect(convertWeight(5, MARKETPLACE_RULES.tiktok_shop.weight)).toBe(0.005)
    expect(convertWeight(350, MARKETPLACE_RULES.blibli.weight)).toBe(350)
  })
  it('uses grams for Tokopedia, Blibli and Bukalapak, kilograms for Shopee and TikTok Shop', () => {
    expect(MARKETPLACE_RULES.tokopedia.weight.unit).toBe('g')
    expect(MARKETPLACE_RULES.bukalapak.weight.unit).toBe('g')
    expect(MARKETPLACE_RULES.shopee.weight.unit).toBe('kg')
    expect(MARKETPLACE_RULES.tiktok_shop.weight.unit).toBe('kg')
  })
  it('Shopee: 0.01 to 500 kg', () => {
    expect(codes('shopee', good({ weightGrams: 500_000 }))).toEqual([])
    const heavy = checkListing(MARKETPLACE_RULES.shopee, good({ weightGrams: 500_001 }), category, attributes)
    expect(heavy.map((p) => p.code)).toEqual(['LISTING_WEIGHT_TOO_HIGH'])
    expect(heavy[0].params).toMatchObject({ weight: 500.01, unit: 'kg', max: 500 })
    expect(codes('shopee', good({ weightGrams: 1 }))).toEqual([])
  })
  it('Shopee: a weight below 0.01 kg would be refused (the rule itself)', () => {
    const rules = { ...MARKETPLACE_RULES.shopee, weight: { ...MARKETPLACE_RULES.shopee.weight, decimals: 3 } }
    expect(checkListing(rules, good({ weightGrams: 9 }), category, attributes).map((p) => p.code)).toEqual(['LISTING_WEIGHT_TOO_LOW'])
    expect(checkListing(rules, good({ weightGrams: 10 }), category, attributes)).toEqual([])
  })
})

describe('photos', () => {
  it.each([
    ['tokopedia', 5],
    ['shopee', 9],
    ['tiktok_shop', 9],
    ['blibli', 8],
  ] as const)('%s: at least 1, at most %i used (more is a warning)', (code, max) => {
    expect(codes(code, good({ photos: [] }))).toEqual(['LISTING_PHOTOS_MISSING'])
    expect(codes(code, good({ photos: [photo()] }))).toEqual([])
    expect(codes(code, good({ photos: Array.from({ length: max }, () => photo()) }))).toEqual([])
    const many = checkListing(MARKETPLACE_RULES[code], good({ photos: Array.from({ length: max + 1 }, () => photo()) }), category, attributes)
    expect(many.map((p) => [p.code, p.severity])).toEqual([['LISTING_PHOTOS_TOO_MANY', 'warning']])
    expect(listingStatus(many)).toBe('ready')
  })
  it('Blibli: each used photo at least 600 px and at most 4 MB', () => {
    expect(codes('blibli', good({ photos: [photo(600)] }))).toEqual([])
    expect(codes('blibli', good({ photos: [photo(1200), { width: 1200, height: 599, bytes: 1000 }] }))).toEqual(['LISTING_PHOTO_TOO_SMALL'])
    expect(codes('blibli', good({ photos: [photo(1200, 4 * 1024 * 1024)] }))).toEqual([])
    expect(codes('blibli', good({ photos: [photo(1200, 4 * 1024 * 1024 + 1)] }))).toEqual(['LISTING_PHOTO_TOO_LARGE'])
  })
  it('TikTok Shop: at least 300 px; photos beyond the maximum are not checked', () => {
    expect(codes('tiktok_shop', good({ photos: [photo(299)] }))).toEqual(['LISTING_PHOTO_TOO_SMALL'])
    expect(codes('tiktok_shop', good({ photos: [photo(300)] }))).toEqual([])
    const tenth = [...Array.from({ length: 9 }, () => photo()), photo(100)]
    expect(codes('tiktok_shop', good({ photos: tenth }))).toEqual(['LISTING_PHOTOS_TOO_MANY'])
  })
  it('Tokopedia and Shopee: no pixel minimum in the reference', () => {
    expect(codes('tokopedia', good({ photos: [photo(100)] }))).toEqual([])
    expect(codes('shopee', good({ photos: [photo(100)] }))).toEqual([])
  })
})

describe('minimum order and stock', () => {
  it('Tokopedia: minimum order 1 to 9999', () => {
    expect(codes('tokopedia', good({ minOrder: 9999 }))).toEqual([])
    expect(codes('tokopedia', good({ minOrder: 10_000 }))).toEqual(['LISTING_MIN_ORDER_OUT_OF_RANGE'])
    expect(codes('tokopedia', good({ minOrder: 0 }))).toEqual(['LISTING_MIN_ORDER_OUT_OF_RANGE'])
    expect(codes('shopee', good({ minOrder: 10_000 }))).toEqual([])
  })
  it('stock at least 1 everywhere; at most 999,999 on Tokopedia and TikTok Shop', () => {
    for (const code of OPEN) expect(codes(code, good({ stock: 0 }))).toEqual(['LISTING_STOCK_TOO_LOW'])
    for (const code of ['tokopedia', 'tiktok_shop'] as const) {
      expect(codes(code, good({ stock: 999_999 }))).toEqual([])
      expect(codes(code, good({ stock: 1_000_000 }))).toEqual(['LISTING_STOCK_TOO_HIGH'])
    }
    expect(codes('shopee', good({ stock: 1_000_000 }))).toEqual([])
  })
})

describe('category and attributes', () => {
  it('an unmapped category is an error', () => {
    for (const code of OPEN) expect(codes(code, good(), null, {})).toEqual(['LISTING_CATEGORY_UNMAPPED'])
  })
  it('every required attribute needs a value (names compared without case)', () => {
    const problems = checkListing(MARKETPLACE_RULES.shopee, good(), category, { MEREK: 'Ana', bahan: '  ' })
    expect(problems).toEqual([
      { code: 'LISTING_ATTRIBUTE_MISSING', field: 'attributes', severity: 'error', params: { marketplace: 'Shopee', attribute: 'Bahan', category: 'Batik' } },
    ])
    expect(localize(problems[0].code, 'id', problems[0].params)).toBe('Atribut "Bahan" wajib untuk kategori Batik di Shopee; isi nilainya.')
  })
  it('Blibli: attribute values at most 255 characters', () => {
    expect(codes('blibli', good(), category, { Merek: 'a'.repeat(255), Bahan: 'Katun' })).toEqual([])
    expect(codes('blibli', good(), category, { Merek: 'a'.repeat(256), Bahan: 'Katun' })).toEqual(['LISTING_ATTRIBUTE_TOO_LONG'])
  })
})

describe('several problems at once', () => {
  it('lists each, and the product needs fixing', () => {
    const problems = checkListing(MARKETPLACE_RULES.tokopedia, good({ name: 'a'.repeat(80), priceIdr: 50, photos: [], stock: 0 }), null, {})
    expect(problems.map((p) => p.code)).toEqual(['LISTING_NAME_TOO_LONG', 'LISTING_PRICE_TOO_LOW', 'LISTING_PHOTOS_MISSING', 'LISTING_STOCK_TOO_LOW', 'LISTING_CATEGORY_UNMAPPED'])
    expect(listingStatus(problems)).toBe('needs_fix')
  })
  it('every problem code has a message in both languages', () => {
    for (const code of Object.keys(listingsMessages)) {
      expect(listingsMessages[code].id.length).toBeGreaterThan(5)
      expect(listingsMessages[code].en.length).toBeGreaterThan(5)
    }
  })
})

describe('category matching', () => {
  const m = (hsPrefix: string | null, kbliPrefix: string | null) => ({ hsPrefix, kbliPrefix, id: `${hsPrefix}/${kbliPrefix}` })
  const mappings = [m('61', null), m('6109', null), m('610910', null), m(null, '13134'), m('62', '14111'), m('62', null)]
  const pick = (hsCode: string | null, kbliCode: string | null) => matchCategory(mappings, { hsCode, kbliCode })?.id ?? null

  it('the most specific HS prefix wins', () => {
    expect(pick('610910', null)).toBe('610910/null')
    expect(pick('610990', null)).toBe('6109/null')
    expect(pick('611020', null)).toBe('61/null')
  })
  it('at equal HS length a mapping that also names the KBLI wins; HS beats KBLI alone', () => {
    expect(pick('620520', '14111')).toBe('62/14111')
    expect(pick('620520', '14120')).toBe('62/null')
    expect(pick('610910', '13134')).toBe('610910/null')
  })
  it('KBLI alone when the product has no HS code; nothing when nothing matches', () => {
    expect(pick(null, '13134')).toBe('null/13134')
    expect(pick('9403', '31001')).toBeNull()
    expect(pick(null, null)).toBeNull()
  })
  it('orders specificity subheading > heading > chapter > KBLI only', () => {
    expect(specificity(m('610910', null))).toBeGreaterThan(specificity(m('6109', '14111')))
    expect(specificity(m('61', null))).toBeGreaterThan(specificity(m(null, '13134')))
  })
})

describe('signed photo links', () => {
  const key = photoLinkKey({ blindIndex: Buffer.alloc(32, 7) })
  const photoId = '0f8fad5b-d9cb-469f-a165-70867728950e'
  const now = new Date('2026-11-28T00:00:00Z')

  it('round-trips the photo id until the expiry (30 days by default)', () => {
    const { token, expiresAt } = signPhotoToken(key, photoId, now)
    expect(token).toMatch(/^[A-Za-z0-9_-]{48}$/)
    expect(expiresAt.toISOString()).toBe('2026-12-28T00:00:00.000Z')
    expect(verifyPhotoToken(key, token, new Date('2026-12-27T23:59:59Z'))).toEqual({ ok: true, photoId, expiresAt })
    expect(verifyPhotoToken(key, token, expiresAt)).toEqual({ ok: false, reason: 'expired' })
  })
  it('refuses a tampered token, another key, and garbage', () => {
    const { token } = signPhotoToken(key, photoId, now)
    const raw = Buffer.from(token, 'base64url')
    raw[3] ^= 1 // another photo id
    expect(verifyPhotoToken(key, raw.toString('base64url'), now)).toEqual({ ok: false, reason: 'invalid' })
    const later = Buffer.from(token, 'base64url')
    later.writeUInt32BE(later.readUInt32BE(16) + 86_400 * 365, 16) // a longer life
    expect(verifyPhotoToken(key, later.toString('base64url'), now)).toEqual({ ok: false, reason: 'invalid' })
    expect(verifyPhotoToken(photoLinkKey({ blindIndex: Buffer.alloc(32, 8) }), token, now)).toEqual({ ok: false, reason: 'invalid' })
    expect(verifyPhotoToken(key, 'x'.repeat(48), now)).toEqual({ ok: false, reason: 'invalid' })
    expect(verifyPhotoToken(key, token.slice(1), now)).toEqual({ ok: false, reason: 'invalid' })
  })
  it('builds the public URL', () => {
    expect(photoLinkUrl('https://pulih.example/', 'abc')).toBe('https://pulih.example/api/public/product-photos/abc')
  })
})
