// Localised messages of the listings part: one per listing problem (what to fix, naming the
// marketplace and its limit) and the API's error codes.
export const listingsMessages: Record<string, { id: string; en: string }> = {
  // Listing problems (rules.ts).
  LISTING_MARKETPLACE_CLOSED: {
    id: '{marketplace} tidak menerima produk fisik baru sejak {since}; produk tidak dapat didaftarkan di sana.',
    en: '{marketplace} has taken no new physical products since {since}; the product cannot be listed there.',
  },
  LISTING_NAME_TOO_SHORT: {
    id: 'Nama produk {length} karakter; {marketplace} meminta paling sedikit {min}.',
    en: 'Product name has {length} characters; {marketplace} needs at least {min}.',
  },
  LISTING_NAME_TOO_LONG: {
    id: 'Nama produk {length} karakter; {marketplace} menerima paling banyak {max}.',
    en: 'Product name has {length} characters; {marketplace} accepts at most {max}.',
  },
  LISTING_NAME_DUPLICATE: {
    id: 'Usaha ini punya produk lain dengan nama yang sama; {marketplace} meminta nama yang berbeda untuk tiap produk.',
    en: 'The firm has another product with the same name; {marketplace} needs a different name for each product.',
  },
  LISTING_DESCRIPTION_MISSING: {
    id: 'Deskripsi produk kosong; {marketplace} mewajibkan deskripsi.',
    en: 'The product has no description; {marketplace} requires one.',
  },
  LISTING_DESCRIPTION_TOO_LONG: {
    id: 'Deskripsi produk {length} karakter; {marketplace} menerima paling banyak {max}.',
    en: 'Product description has {length} characters; {marketplace} accepts at most {max}.',
  },
  LISTING_PRICE_NOT_WHOLE: {
    id: 'Harga Rp {price} harus bilangan rupiah bulat.',
    en: 'Price Rp {price} must be a whole number of rupiah.',
  },
  LISTING_PRICE_TOO_LOW: {
    id: 'Harga Rp {price}; {marketplace} menerima paling rendah Rp {min}.',
    en: 'Price Rp {price}; {marketplace} accepts at least Rp {min}.',
  },
  LISTING_PRICE_TOO_HIGH: {
    id: 'Harga Rp {price}; {marketplace} menerima paling tinggi Rp {max}.',
    en: 'Price Rp {price}; {marketplace} accepts at most Rp {max}.',
  },
  LISTING_WEIGHT_TOO_LOW: {
    id: 'Berat {weight} {unit}; {marketplace} meminta paling sedikit {min} {unit}.',
    en: 'Weight {weight} {unit}; {marketplace} needs at least {min} {unit}.',
  },
  LISTING_WEIGHT_TOO_HIGH: {
    id: 'Berat {weight} {unit}; {marketplace} menerima paling berat {max} {unit}.',
    en: 'Weight {weight} {unit}; {marketplace} accepts at most {max} {unit}.',
  },
  LISTING_PHOTOS_MISSING: {
    id: 'Produk punya {count} foto; {marketplace} meminta paling sedikit {min}. Unggah foto produk.',
    en: 'The product has {count} photos; {marketplace} needs at least {min}. Upload product photos.',
  },
  LISTING_PHOTOS_TOO_MANY: {
    id: 'Produk punya {count} foto; {marketplace} menerima {max}, jadi hanya {max} foto pertama yang dipakai.',
    en: 'The product has {count} photos; {marketplace} takes {max}, so only the first {max} are used.',
  },
  LISTING_PHOTO_TOO_SMALL: {
    id: 'Foto ke-{position} berukuran {width}×{height} piksel; {marketplace} meminta sisi terpendek paling sedikit {min} piksel.',
    en: 'Photo {position} is {width}×{height} pixels; {marketplace} needs at least {min} pixels on the shorter side.',
  },
  LISTING_PHOTO_TOO_LARGE: {
    id: 'Foto ke-{position} lebih dari {maxMb} MB, batas {marketplace}.',
    en: 'Photo {position} is larger than {maxMb} MB, the limit of {marketplace}.',
  },
  LISTING_MIN_ORDER_OUT_OF_RANGE: {
    id: 'Minimum pemesanan {minOrder}; {marketplace} menerima {min} sampai {max}.',
    en: 'Minimum order {minOrder}; {marketplace} accepts {min} to {max}.',
  },
  LISTING_STOCK_TOO_LOW: {
    id: 'Stok {stock}; {marketplace} meminta paling sedikit {min}. Perbarui stok produk.',
    en: 'Stock {stock}; {marketplace} needs at least {min}. Update the product stock.',
  },
  LISTING_STOCK_TOO_HIGH: {
    id: 'Stok {stock}; {marketplace} menerima paling banyak {max}.',
    en: 'Stock {stock}; {marketplace} accepts at most {max}.',
  },
  LISTING_CATEGORY_UNMAPPED: {
    id: 'Kategori {marketplace} belum dipetakan untuk kode HS/KBLI produk ini. Isi kode HS produk atau minta petugas menambah pemetaan kategori.',
    en: 'No {marketplace} category is mapped for this product’s HS/KBLI code. Fill in the product’s HS code or ask an officer to add a category mapping.',
  },
  LISTING_ATTRIBUTE_MISSING: {
    id: 'Atribut "{attribute}" wajib untuk kategori {category} di {marketplace}; isi nilainya.',
    en: 'Attribute "{attribute}" is required by the {marketplace} category {category}; fill in its value.',
  },
  LISTING_ATTRIBUTE_TOO_LONG: {
    id: 'Nilai atribut "{attribute}" {length} karakter; {marketplace} menerima paling banyak {max}.',
    en: 'Value of attribute "{attribute}" has {length} characters; {marketplace} accepts at most {max}.',
  },

  // API errors.
  LISTING_EXPORT_CLOSED: {
    id: 'Ekspor ke {marketplace} ditolak: {marketplace} tidak menerima produk fisik baru sejak {since}, jadi tidak ada produk yang dapat didaftarkan di sana.',
    en: 'Export to {marketplace} refused: {marketplace} has taken no new physical products since {since}, so no product can be listed there.',
  },
  LISTING_MARKETPLACE_UNSUPPORTED: {
    id: 'Belum ada aturan daftar produk untuk lokapasar "{code}".',
    en: 'There are no listing rules for marketplace "{code}" yet.',
  },
  CATEGORY_MAPPING_NOT_FOUND: { id: 'Pemetaan kategori tidak ditemukan.', en: 'Category mapping not found.' },
  CATEGORY_MAPPING_DUPLICATE: {
    id: 'Sudah ada pemetaan kategori {marketplace} untuk kode HS/KBLI yang sama.',
    en: 'A {marketplace} category mapping for the same HS/KBLI code already exists.',
  },
  CATEGORY_MAPPING_NEEDS_CODE: {
    id: 'Isi awalan kode HS (2, 4, atau 6 digit) atau KBLI (2–5 digit), atau keduanya.',
    en: 'Give an HS code prefix (2, 4 or 6 digits) or a KBLI prefix (2–5 digits), or both.',
  },
  CATEGORY_HS_NOT_FOUND: { id: 'Kode HS {code} tidak dikenal (HS 2022: bab, pos, atau subpos).', en: 'Unknown HS code {code} (HS 2022 chapter, heading or subheading).' },
  CATEGORY_KBLI_NOT_FOUND: { id: 'Kode KBLI {code} tidak dikenal (KBLI 2020).', en: 'Unknown KBLI code {code} (KBLI 2020).' },
  LISTING_ATTRIBUTES_NOT_ALLOWED: {
    id: 'Hanya pemilik usaha dan petugas yang dapat mengisi atribut produk.',
    en: 'Only the firm owner and officers can fill in product attributes.',
  },
  PRODUCT_PHOTO_LINK_INVALID: { id: 'Tautan foto tidak sah.', en: 'Invalid photo link.' },
  PRODUCT_PHOTO_LINK_EXPIRED: {
    id: 'Tautan foto sudah kedaluwarsa; unduh ulang berkas ekspor untuk tautan baru.',
    en: 'The photo link has expired; download the export again for new links.',
  },
}
