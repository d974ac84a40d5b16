// The listing rules of each partner marketplace, as data. Every number carries a provenance note
// pointing at the fact it comes from. The facts were collected in the project's marketplace
// research (2026, "marketplace integration research", sections §1.6 Shopee add_item, §2.1
// Tokopedia legacy Open API, §2.2 TikTok Shop Partner API, §3.1 Blibli Seller API, §3.2
// Bukalapak, §4 bulk-upload templates) and are copied here so that the running code depends on
// nothing outside the repository. Tags as in that research: [V-off] official source,
// [V-3p] third-party code or docs, [I] our own inference. Where a marketplace sets a limit per
// shop and category at run time (Shopee's get_item_limit), the number below is the documented
// or observed one and the note says so.

export type MarketplaceCode = 'tokopedia' | 'tiktok_shop' | 'shopee' | 'blibli' | 'bukalapak'

export interface Range {
  min: number | null
  max: number | null
}

export interface MarketplaceRules {
  code: MarketplaceCode
  /** closed: no new physical-goods listings at all since that day (every product is reported as not listable). */
  closed: { since: string } | null
  name: Range
  /** The product name must be unique among the firm's products (one shop / one upload request). */
  nameUniquePerFirm: boolean
  descriptionRequired: boolean
  descriptionMax: number | null
  /** Whole rupiah (IDR). */
  price: Range
  weight: {
    unit: 'g' | 'kg'
    /** Decimal places of the converted value (grams: 0; kilograms: 2 or 3). Values are rounded UP, never under-declared. */
    decimals: number
    /** In the marketplace's unit. */
    range: Range
  }
  images: Range
  /** Smallest side of a photo in pixels, when the marketplace sets one. */
  imageMinPx: number | null
  imageMaxBytes: number | null
  minOrder: Range
  stock: Range
  /** Each attribute value at most this many characters. */
  attributeValueMax: number | null
  /** Provenance notes, per rule. */
  provenance: Record<string, string>
}

const MB = 1024 * 1024

export const MARKETPLACE_RULES: Record<MarketplaceCode, MarketplaceRules> = {
  tokopedia: {
    code: 'tokopedia',
    closed: null,
    name: { min: null, max: 70 },
    nameUniquePerFirm: true,
    descriptionRequired: false,
    descriptionMax: 2000,
    price: { min: 100, max: 100_000_000 },
    weight: { unit: 'g', decimals: 0, range: { min: 1, max: null } },
    images: { min: 1, max: 5 },
    imageMinPx: null,
    imageMaxBytes: null,
    minOrder: { min: 1, max: 9999 },
    stock: { min: 1, max: 999_999 },
    attributeValueMax: null,
    provenance: {
      name: '§2.1 [V-3p] Tokopedia CreateProductV3 `name` ≤ 70 chars; §4.2 template "Nama Produk* (≤70 chars, unique per product)". No minimum documented (the registry already requires 2).',
      nameUniquePerFirm: '§2.1 "must be unique per shop per template notes"; §4.2 "unique per product".',
      description: '§2.1 `description` ≤ 2000; §4.2 "Deskripsi Produk (≤2000)" is not a starred (required) column.',
      price: '§2.1 `price` 100 – 100,000,000 IDR; §4.2 "Harga (Rp)* (min 100, integer)".',
      weight: '§2.1 `weight_unit` GR (v3 doc "GR (gram)"); §4.2 "Berat* (Gram) (integer, no separators)". No range documented: only ≥ 1 g.',
      images: '§4.2 "Foto Produk 1* … Foto Produk 5" (1 required, at most 5); §2.1 variant pictures ≤ 5.',
      minOrder: '§4.2 "Minimum Pemesanan* (1–9999 else 1)".',
      stock: '§4.2 "Jumlah Stok* (1–999999 else 1)": 0 would silently become 1, so 0 is reported.',
    },
  },
  tiktok_shop: {
    code: 'tiktok_shop',
    closed: null,
    name: { min: 25, max: 255 },
    nameUniquePerFirm: false,
    descriptionRequired: true,
    descriptionMax: 10_000,
    price: { min: 100, max: 100_000_000 },
    weight: { unit: 'kg', decimals: 3, range: { min: 0.001, max: null } },
    images: { min: 1, max: 9 },
    imageMinPx: 300,
    imageMaxBytes: 5 * MB,
    minOrder: { min: 1, max: null },
    stock: { min: 1, max: 999_999 },
    attributeValueMax: 500,
    provenance: {
      name: '§2.2 [V-3p] CreateProduct `title`: "other regions (incl. ID) 25–255 chars"; batch template "less than 255 characters".',
      description: '§2.2 `description`* HTML subset, ≤ 10,000 chars (required).',
      price: '§2.2 `skus.price.amount` "ID: min 100, max 100,000,000 IDR".',
      weight: '§2.2 `package_weight`* `{value, unit: KILOGRAM}` (non-US only KILOGRAM). No range documented: only > 0; 3 decimals keep the gram exact.',
      images: '§2.2 `main_images`* 1–9 (main image mandatory); batch template: main image URL mandatory, up to 8 extra.',
      imageSize: '§2.2 Upload Image: png/jpg/jpeg ≤ 5 MB, 300×300–4000×4000 px (stored originals are at most 2048 px).',
      stock: '§2.2 `inventory.quantity` ≤ 999999. Minimum 1 is our rule [I]: a listing with nothing to sell shows as sold out.',
      attributes: '§2.2 `product_attributes.values.name` ≤ 500.',
    },
  },
  shopee: {
    code: 'shopee',
    closed: null,
    name: { min: 20, max: 100 },
    nameUniquePerFirm: false,
    descriptionRequired: true,
    descriptionMax: 3000,
    price: { min: 100, max: null },
    weight: { unit: 'kg', decimals: 2, range: { min: 0.01, max: 500 } },
    images: { min: 1, max: 9 },
    imageMinPx: null,
    imageMaxBytes: 10 * MB,
    minOrder: { min: 1, max: null },
    stock: { min: 1, max: null },
    attributeValueMax: null,
    provenance: {
      limits:
        '§1.6 Shopee limits are DYNAMIC per shop and category (GET /api/v2/product/get_item_limit). The numbers here are the documented/observed ones; re-check them against get_item_limit once a connector has credentials.',
      name: '§1.6 observed name 20–120 in third-party fixtures [V-3p]; §4.1 cross-border note "name limit ID = 100 chars". We use 20–100 (the stricter of the two).',
      description: '§1.6 `description`* required; observed 100–3000 (a Brazil project note [V-3p]) — only the 3000 maximum is applied, the 100 minimum was not seen for Indonesia.',
      price: '§1.6 "Price: integers only outside SG/MY/BR/MX/PL (ID = whole rupiah)"; price_limit is dynamic. Minimum 100 IDR is our assumption [I], the same floor as Tokopedia and TikTok Shop ID (§4 summary).',
      weight: '§1.6 `weight`* float kg; §4.1 template "Berat (kg)* (0.01–500)". Rounded up to 2 decimals.',
      images: '§1.6 image count 1–9 (doc sample); §4.1 template Foto Sampul* + Foto Produk 1–8.',
      imageSize: '§1.6 upload_image ≤ 10 MB, JPG/JPEG/PNG.',
      stock: '§1.6 stock_limit is dynamic; minimum 1 is our rule [I].',
    },
  },
  blibli: {
    code: 'blibli',
    closed: null,
    name: { min: null, max: null },
    nameUniquePerFirm: true,
    descriptionRequired: true,
    descriptionMax: 5000,
    price: { min: 1, max: null },
    weight: { unit: 'g', decimals: 0, range: { min: 1, max: null } },
    images: { min: 1, max: 8 },
    imageMinPx: 600,
    imageMaxBytes: 4 * MB,
    minOrder: { min: 1, max: null },
    stock: { min: 1, max: null },
    attributeValueMax: 255,
    provenance: {
      name: '§3.1 Create Product V3: "product names unique within the request"; no length limit documented, so none is checked.',
      description: '§3.1 description ≤ 5000 chars.',
      price: '§3.1/§3.2 no price range documented; only a positive whole-rupiah price is checked.',
      weight: 'Weight unit g as seeded in the marketplaces table (weight_unit); §3.1 V2 DTO field `weight` gives no unit and no range [gap].',
      images: '§3.1 "≤8 per variant"; images as public https URLs are accepted.',
      imageSize: '§3.1 images ≤ 4 MB, ≥ 600×600 px.',
      attributes: '§3.1 "each attribute value ≤255 chars".',
      stock: 'Minimum 1 is our rule [I].',
    },
  },
  bukalapak: {
    code: 'bukalapak',
    closed: { since: '2025-02-01' },
    name: { min: null, max: null },
    nameUniquePerFirm: false,
    descriptionRequired: true,
    descriptionMax: null,
    price: { min: 1, max: null },
    weight: { unit: 'g', decimals: 0, range: { min: 1, max: null } },
    images: { min: 1, max: 5 },
    imageMinPx: null,
    imageMaxBytes: null,
    minOrder: { min: 1, max: null },
    stock: { min: 1, max: null },
    attributeValueMax: null,
    provenance: {
      closed: '§0 [V-3p news] adding new products disabled from 1 Feb 2025; last order 9 Feb 2025; now virtual products only.',
      legacy: '§3.2 legacy API (kept for the record): weight* in grams, images 1–5, description_bb* (BBCode).',
    },
  },
}

export const MARKETPLACE_CODES = Object.keys(MARKETPLACE_RULES) as MarketplaceCode[]

export function rulesOf(code: string): MarketplaceRules | undefined {
  return (MARKETPLACE_RULES as Record<string, MarketplaceRules>)[code]
}
