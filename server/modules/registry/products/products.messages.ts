// Localised messages for the error codes of the registry's products.
export const productsMessages: Record<string, { id: string; en: string }> = {
  PRODUCT_NOT_FOUND: { id: 'Produk tidak ditemukan.', en: 'Product not found.' },
  PRODUCT_NAME_INVALID: { id: 'Nama produk minimal 2 karakter.', en: 'Product name must have at least 2 characters.' },
  PRODUCT_UNIT_INVALID: {
    id: "Satuan produk wajib diisi (misalnya 'pcs', 'kg', 'lusin', 'meter', 'set').",
    en: "Product unit is required (e.g. 'pcs', 'kg', 'lusin', 'meter', 'set').",
  },
  PRODUCT_HS_NOT_FOUND: {
    id: 'Kode HS {code} tidak dikenal (HS 2022, pos 4 digit atau subpos 6 digit).',
    en: 'Unknown HS code {code} (HS 2022, 4-digit heading or 6-digit subheading).',
  },
  PRODUCT_EXPORT_NEEDS_HS: {
    id: 'Produk siap ekspor wajib memiliki kode HS.',
    en: 'An export-ready product needs an HS code.',
  },
  PRODUCT_PHOTO_MISSING: { id: 'Unggah satu berkas foto.', en: 'Upload one photo file.' },
  PRODUCT_PHOTO_TYPE_NOT_ALLOWED: {
    id: 'Berkas ini bukan foto JPEG, PNG, atau WebP.',
    en: 'This file is not a JPEG, PNG or WebP photo.',
  },
  PRODUCT_PHOTO_UNREADABLE: {
    id: 'Foto tidak dapat dibaca (rusak, terpotong, atau terlalu besar resolusinya).',
    en: 'The photo cannot be read (damaged, truncated or too many pixels).',
  },
  PRODUCT_PHOTO_TOO_LARGE: { id: 'Ukuran foto maksimal {maxMb} MB.', en: 'A photo may be at most {maxMb} MB.' },
  PRODUCT_PHOTO_LIMIT: { id: 'Satu produk paling banyak memiliki {max} foto.', en: 'A product can have at most {max} photos.' },
  PRODUCT_PHOTO_NOT_FOUND: { id: 'Foto produk tidak ditemukan.', en: 'Product photo not found.' },
}
