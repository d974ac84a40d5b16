// Bulk-upload spreadsheets of each marketplace: sheet name, header rows and columns in the order
// of the marketplace's template, and the writer (exceljs). Provenance of each layout is in its
// `provenance` field (sections of the project's marketplace research, see rules.data.ts).
import ExcelJS from 'exceljs'
import { convertWeight } from './rules.ts'
import { MARKETPLACE_RULES, type MarketplaceCode, type MarketplaceRules } from './rules.data.ts'

/** One valid product, ready to be written as a row. */
export interface ExportRow {
  productId: string
  firmName: string
  name: string
  description: string | null
  priceIdr: number
  weightGrams: number
  lengthMm: number | null
  widthMm: number | null
  heightMm: number | null
  minOrder: number
  stock: number
  categoryId: string
  categoryName: string
  /** Attribute values for this marketplace, by the names the category uses. */
  attributes: Record<string, string>
  /** Public, signed photo URLs in display order, already cut to the marketplace's maximum. */
  imageUrls: string[]
}

/** A product left out of the file, with the reasons (already localised). */
export interface SkippedRow {
  productId: string
  firmName: string
  name: string
  problems: string[]
}

export type HeaderRowKind = 'title' | 'key' | 'label' | 'required' | 'instruction' | 'blank'

export interface TemplateColumn {
  /** Field key (the template's hidden key or the API field it maps to). */
  key: string
  /** Header as the marketplace's template shows it. */
  label: string
  /** The marketplace requires a value. */
  required: boolean
  /** 'pulih' fills it from the registry; 'seller' is left for the seller (e.g. couriers chosen in Seller Centre). */
  fill: 'pulih' | 'seller'
  instruction?: string
  value?: (row: ExportRow, rules: MarketplaceRules) => string | number | null
}

export interface ListingTemplate {
  marketplace: MarketplaceCode
  title: string
  sheetName: string
  /** Rows above the data, from Excel row 1. */
  headerRows: HeaderRowKind[]
  columns: TemplateColumn[]
  provenance: string
}

/** First Excel row (1-based) that holds product data. */
export const firstDataRow = (template: ListingTemplate): number => template.headerRows.length + 1
/** Excel row (1-based) with the column labels. */
export const labelRow = (template: ListingTemplate): number => template.headerRows.indexOf('label') + 1

/** A stable seller SKU from the product id (≤ 30 characters, no spaces, not starting with 0). */
export const skuOf = (productId: string): string => `PLH-${productId.replace(/-/g, '').slice(0, 12).toUpperCase()}`

const cm = (mm: number | null): number | null => (mm === null ? null : Math.ceil(mm / 10))
/** Package dimensions in whole centimetres, all or none (TikTok Shop ID: "fill all or none"). */
const dimensions = (row: ExportRow) =>
  row.lengthMm !== null && row.widthMm !== null && row.heightMm !== null ? { length: cm(row.lengthMm), width: cm(row.widthMm), height: cm(row.heightMm) } : null
const image = (index: number) => (row: ExportRow) => row.imageUrls[index] ?? null
const attribute = (...names: string[]) => (row: ExportRow) => {
  const wanted = new Set(names.map((n) => n.toLocaleLowerCase('id')))
  const hit = Object.entries(row.attributes).find(([name]) => wanted.has(name.trim().toLocaleLowerCase('id')))
  return hit ? hit[1] : null
}
const attributeList = (row: ExportRow) => {
  const entries = Object.entries(row.attributes)
  return entries.length ? entries.map(([name, value]) => `${name}: ${value}`).join('; ') : null
}
const weightOf = (row: ExportRow, rules: MarketplaceRules) => convertWeight(row.weightGrams, rules.weight)

const col = (key: string, label: string, required: boolean, value?: TemplateColumn['value'], instruction?: string, fill: TemplateColumn['fill'] = value ? 'pulih' : 'seller'): TemplateColumn => ({
  key,
  label,
  required,
  fill,
  value,
  instruction,
})

const SHOPEE_COURIERS: Array<[string, string]> = [
  ['8001', 'Same Day'],
  ['8002', 'Next Day'],
  ['8003', 'Reguler (Cashless)'],
  ['8005', 'Hemat Kargo'],
  ['8007', 'Instant'],
  ['8008', 'Instant Prioritas'],
]

export const LISTING_TEMPLATES: Record<Exclude<MarketplaceCode, 'bukalapak'>, ListingTemplate> = {
  shopee: {
    marketplace: 'shopee',
    title: 'Shopee Mass Upload — Template Dasar',
    sheetName: 'Template',
    headerRows: ['key', 'label', 'required', 'instruction', 'blank', 'blank'],
    provenance:
      '§4.1 [V-3p] 2026 basic template (Shopee_mass_upload_2026-08-31_basic_template.xlsx): sheet "Template", 43 columns in this order, data from Excel row 7, "Berat (kg)" 0.01–500, one row per variant. ' +
      'The keys ps_category, ps_product_name, ps_sku_parent_short, ps_sku_short are the template\'s; the other keys and the exact labels of columns 3–7 (purchase limits) and 19–20 (size chart) are ours, named after the research\'s description. ' +
      'Courier toggles: Reguler (Cashless) is switched on so that every product has one channel; the seller changes it in Seller Centre.',
    columns: [
      col('ps_category', 'Kategori', false, (r) => r.categoryId),
      col('ps_product_name', 'Nama Produk', true, (r) => r.name.trim()),
      col('ps_product_description', 'Deskripsi Produk', true, (r) => r.description?.trim() ?? null),
      col('ps_min_purchase_limit', 'Min. Jumlah Pembelian', false, (r) => r.minOrder),
      col('ps_max_purchase_limit_type', 'Maks. Jumlah Pembelian - Tipe', false),
      col('ps_max_purchase_limit', 'Maks. Jumlah Pembelian - Jumlah', false),
      col('ps_max_purchase_limit_start', 'Maks. Jumlah Pembelian - Tanggal Mulai', false),
      col('ps_max_purchase_limit_end', 'Maks. Jumlah Pembelian - Tanggal Berakhir', false),
      col('ps_sku_parent_short', 'SKU Induk', false, (r) => skuOf(r.productId)),
      col('ps_product_dangerous', 'Produk Berbahaya', false, () => 'Tidak'),
      col('ps_variation_integration_no', 'Kode Integrasi Variasi', false),
      col('ps_variation_1_name', 'Nama Variasi 1', false),
      col('ps_variation_1_option', 'Varian untuk Variasi 1', false),
      col('ps_variation_1_image', 'Foto Produk per Varian', false),
      col('ps_variation_2_name', 'Nama Variasi 2', false),
      col('ps_variation_2_option', 'Varian untuk Variasi 2', false),
      col('ps_price', 'Harga', true, (r) => r.priceIdr, 'Rupiah bulat'),
      col('ps_stock', 'Stok', false, (r) => r.stock),
      col('ps_sku_short', 'Kode Variasi', false, (r) => skuOf(r.productId)),
      col('ps_size_chart_template', 'Template Tabel Ukuran', false),
      col('ps_size_chart_image', 'Gambar Tabel Ukuran', false),
      col('ps_gtin_code', 'GTIN', false),
      col('ps_item_cover_image', 'Foto Sampul', true, image(0), 'URL'),
      ...Array.from({ length: 8 }, (_, i) => col(`ps_item_image_${i + 1}`, `Foto Produk ${i + 1}`, false, image(i + 1), 'URL')),
      col('ps_weight', 'Berat (kg)', true, weightOf, '0,01–500 kg'),
      col('ps_length', 'Panjang (cm)', false, (r) => dimensions(r)?.length ?? null),
      col('ps_width', 'Lebar (cm)', false, (r) => dimensions(r)?.width ?? null),
      col('ps_height', 'Tinggi (cm)', false, (r) => dimensions(r)?.height ?? null),
      ...SHOPEE_COURIERS.map(([id, name]) => col(`channel_${id}_switch`, `${name} (${id})`, false, () => (id === '8003' ? 'Aktif' : 'Nonaktif'), 'Aktif/Nonaktif')),
      col('ps_days_to_ship', 'Dikirim Dalam Pre-order', false),
      col('ps_fail_reason', 'Alasan Gagal', false, undefined, 'Diisi oleh Shopee'),
    ],
  },
  tokopedia: {
    marketplace: 'tokopedia',
    title: 'Tokopedia — Tambah Produk Sekaligus',
    sheetName: 'ISI Template Impor Produk',
    headerRows: ['title', 'label', 'instruction'],
    provenance:
      '§4.2 [V-3p] "Tambah Produk Sekaligus": header row 2, instruction row 3, data from row 4, columns in this order with the template\'s labels and rules (Nama Produk ≤70, Deskripsi ≤2000, Berat* (Gram) integer, Minimum Pemesanan 1–9999, Foto Produk 1–5 as URLs, Jumlah Stok 1–999999, Harga min 100 integer). ' +
      'The sheet name is our assumption (not in the research). "Kurir Pengiriman*" (newer template) is left for the seller: its value format is not documented.',
    columns: [
      col('error', 'Pesan Error', false, undefined, 'Diisi oleh Tokopedia'),
      col('name', 'Nama Produk*', true, (r) => r.name.trim(), 'Maks. 70 karakter'),
      col('description', 'Deskripsi Produk', false, (r) => r.description?.trim() ?? null, 'Maks. 2000 karakter'),
      col('category_id', 'Kode Kategori*', true, (r) => r.categoryId),
      col('weight', 'Berat* (Gram)', true, weightOf, 'Bilangan bulat, tanpa titik'),
      col('min_order', 'Minimum Pemesanan*', true, (r) => r.minOrder, '1–9999'),
      col('etalase', 'Nomor Etalase', false),
      col('preorder', 'Waktu Proses Preorder', false),
      col('condition', 'Kondisi*', true, () => 'Baru', 'Baru/Bekas'),
      ...Array.from({ length: 5 }, (_, i) => col(`picture_${i + 1}`, `Foto Produk ${i + 1}${i === 0 ? '*' : ''}`, i === 0, image(i), 'URL')),
      ...Array.from({ length: 3 }, (_, i) => col(`video_${i + 1}`, `URL Video Produk ${i + 1}`, false, undefined, 'YouTube')),
      col('sku', 'SKU Name', false, (r) => skuOf(r.productId), 'Maks. 50 karakter'),
      col('status', 'Status*', true, () => 'Aktif', 'Aktif/Nonaktif'),
      col('stock', 'Jumlah Stok*', true, (r) => r.stock, '1–999999'),
      col('price', 'Harga (Rp)*', true, (r) => r.priceIdr, 'Min. 100, bilangan bulat'),
      col('couriers', 'Kurir Pengiriman*', true, undefined, 'Dipilih penjual', 'seller'),
      col('insurance', 'Asuransi Pengiriman', false, () => 'opsional', 'ya/opsional'),
    ],
  },
  tiktok_shop: {
    marketplace: 'tiktok_shop',
    title: 'TikTok Shop — Batch Upload',
    sheetName: 'Template',
    headerRows: ['key', 'label', 'instruction'],
    provenance:
      '§2.2/§4.3: the research has no exact column list of the TikTok Shop batch template, so the columns are defined from the Create Product API fields (title 25–255, description ≤10000, main image mandatory + up to 8 more as URLs, package_weight in KILOGRAM, package_dimensions in CENTIMETER all or none, price.amount 100–100,000,000 IDR, inventory.quantity ≤999999, seller_sku ≤50, product_attributes). ' +
      'Row 1 holds the API field names, row 2 the labels, row 3 the instructions; data from row 4.',
    columns: [
      col('category_id', 'Kategori*', true, (r) => r.categoryId),
      col('brand', 'Merek', false, attribute('Merek', 'Brand')),
      col('title', 'Nama Produk*', true, (r) => r.name.trim(), '25–255 karakter'),
      col('description', 'Deskripsi Produk*', true, (r) => r.description?.trim() ?? null, 'Maks. 10.000 karakter'),
      col('main_images[0]', 'Gambar Utama*', true, image(0), 'URL'),
      ...Array.from({ length: 8 }, (_, i) => col(`main_images[${i + 1}]`, `Gambar ${i + 2}`, false, image(i + 1), 'URL')),
      col('package_weight.value', 'Berat Paket (kg)*', true, weightOf, 'Kilogram'),
      col('package_dimensions.length', 'Panjang (cm)', false, (r) => dimensions(r)?.length ?? null),
      col('package_dimensions.width', 'Lebar (cm)', false, (r) => dimensions(r)?.width ?? null),
      col('package_dimensions.height', 'Tinggi (cm)', false, (r) => dimensions(r)?.height ?? null),
      col('skus[0].price.amount', 'Harga (IDR)*', true, (r) => r.priceIdr, '100–100.000.000'),
      col('skus[0].inventory[0].quantity', 'Stok*', true, (r) => r.stock, 'Maks. 999.999'),
      col('skus[0].seller_sku', 'SKU Penjual', false, (r) => skuOf(r.productId), 'Maks. 50 karakter'),
      col('product_attributes', 'Atribut Produk', false, attributeList, 'Nama: nilai; Nama: nilai'),
    ],
  },
  blibli: {
    marketplace: 'blibli',
    title: 'Blibli — Unggah Produk Massal',
    sheetName: 'Data Produk',
    headerRows: ['key', 'label', 'instruction'],
    provenance:
      '§3.1/§4.4: the research did not retrieve the columns of Blibli\'s category-specific Excel upload, so the columns are defined from the Create Product V2 DTO fields (name, categoryCode, brand, description, uniqueSellingPoint, length, width, height, weight, productItems[].price/salePrice/stock/minimumStock/merchantSku, images, productNonDefiningAttributes) with the V3 limits (description ≤5000, USP ≤400, ≤8 images as public https URLs, attribute values ≤255). ' +
      'Weight in grams as the marketplaces table records for Blibli. Row 1 holds the field names, row 2 the labels, row 3 the instructions; data from row 4.',
    columns: [
      col('name', 'Nama Produk*', true, (r) => r.name.trim()),
      col('categoryCode', 'Kode Kategori*', true, (r) => r.categoryId),
      col('brand', 'Merek', false, attribute('Merek', 'Brand')),
      col('description', 'Deskripsi*', true, (r) => r.description?.trim() ?? null, 'Maks. 5000 karakter'),
      col('uniqueSellingPoint', 'Keunggulan Produk', false, undefined, 'Maks. 400 karakter'),
      col('length', 'Panjang (cm)', false, (r) => dimensions(r)?.length ?? null),
      col('width', 'Lebar (cm)', false, (r) => dimensions(r)?.width ?? null),
      col('height', 'Tinggi (cm)', false, (r) => dimensions(r)?.height ?? null),
      col('weight', 'Berat (gram)*', true, weightOf, 'Gram'),
      col('productItems[0].price', 'Harga*', true, (r) => r.priceIdr, 'Rupiah bulat'),
      col('productItems[0].salePrice', 'Harga Jual*', true, (r) => r.priceIdr, 'Rupiah bulat'),
      col('productItems[0].stock', 'Stok*', true, (r) => r.stock),
      col('productItems[0].minimumStock', 'Stok Minimum', false),
      col('productItems[0].merchantSku', 'SKU Penjual', false, (r) => skuOf(r.productId)),
      ...Array.from({ length: 8 }, (_, i) => col(`images[${i}]`, `Foto ${i + 1}${i === 0 ? '*' : ''}`, i === 0, image(i), 'URL https')),
      col('productNonDefiningAttributes', 'Atribut', false, attributeList, 'Nama: nilai; Nama: nilai'),
    ],
  },
}

export function templateOf(code: string): ListingTemplate | undefined {
  return (LISTING_TEMPLATES as Record<string, ListingTemplate>)[code]
}

/** Name of the extra sheet that lists the products left out (marketplaces read only their own sheet). */
export const SKIPPED_SHEET = 'Pulih - tidak diekspor'

/**
 * The marketplace's bulk-upload workbook: its sheet with the header rows and one row per valid
 * product, and a second sheet with the products left out and why.
 */
export async function writeListingWorkbook(template: ListingTemplate, rows: ExportRow[], skipped: SkippedRow[]): Promise<Buffer> {
  const rules = MARKETPLACE_RULES[template.marketplace]
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Pulih'
  const sheet = workbook.addWorksheet(template.sheetName)
  sheet.columns = template.columns.map((c) => ({ width: Math.max(12, Math.min(40, c.label.length + 4)) }))
  template.headerRows.forEach((kind, index) => {
    const row = sheet.getRow(index + 1)
    template.columns.forEach((column, c) => {
      const value =
        kind === 'title' ? (c === 0 ? template.title : null)
        : kind === 'key' ? column.key
        : kind === 'label' ? column.label
        : kind === 'required' ? (column.required ? 'Wajib' : 'Opsional')
        : kind === 'instruction' ? (column.instruction ?? null)
        : null
      if (value !== null) row.getCell(c + 1).value = value
    })
    if (kind === 'label') row.font = { bold: true }
    row.commit()
  })
  rows.forEach((data, index) => {
    const row = sheet.getRow(firstDataRow(template) + index)
    template.columns.forEach((column, c) => {
      const value = column.value ? column.value(data, rules) : null
      if (value !== null && value !== '') row.getCell(c + 1).value = value
    })
    row.commit()
  })
  const out = workbook.addWorksheet(SKIPPED_SHEET)
  out.columns = [
    { header: 'ID produk', width: 38 },
    { header: 'Usaha', width: 30 },
    { header: 'Produk', width: 40 },
    { header: 'Yang harus diperbaiki', width: 100 },
  ]
  out.getRow(1).font = { bold: true }
  for (const s of skipped) out.addRow([s.productId, s.firmName, s.name, s.problems.join(' | ')])
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
