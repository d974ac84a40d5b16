// Messages of the API connectors' error codes (Bahasa Indonesia first, English).
export const apiMessages: Record<string, { id: string; en: string }> = {
  MARKETPLACE_API_UNSUPPORTED: { id: 'Lokapasar "{code}" tidak memiliki konektor API.', en: 'Marketplace "{code}" has no API connector.' },
  MARKETPLACE_API_FIELD_UNKNOWN: { id: 'Kolom kredensial "{field}" tidak dikenal untuk {marketplace}.', en: 'Unknown credentials field "{field}" for {marketplace}.' },
  MARKETPLACE_API_FIELD_INVALID: { id: 'Nilai kolom "{field}" tidak boleh kosong.', en: 'The value of "{field}" must not be empty.' },
  MARKETPLACE_API_CREDENTIALS_MISSING: {
    id: 'Kredensial API {marketplace} belum lengkap ({fields}); isi dulu di halaman Koneksi API.',
    en: 'The {marketplace} API credentials are incomplete ({fields}); set them on the API connections page first.',
  },
  MARKETPLACE_API_TOKENS_REQUIRED: { id: 'Toko ini memerlukan access token dan refresh token dari otorisasi penjual.', en: "This shop needs the access token and refresh token from the seller's authorisation." },
  MARKETPLACE_API_SELLER_KEY_REQUIRED: { id: 'Toko Blibli memerlukan Api-Seller-Key dari Seller Center.', en: 'A Blibli store needs the Api-Seller-Key from Seller Center.' },
  MARKETPLACE_API_SHOP_TAKEN: { id: 'Toko "{shopId}" sudah ditautkan ke nominasi lain.', en: 'Shop "{shopId}" is already linked to another nomination.' },
  MARKETPLACE_API_SHOP_NOT_LINKED: { id: 'Belum ada toko lokapasar yang ditautkan ke nominasi ini.', en: 'No marketplace shop is linked to this nomination yet.' },
  MARKETPLACE_API_PRODUCT_NOT_READY: { id: 'Produk "{product}" belum memenuhi aturan lokapasar; perbaiki dulu.', en: 'Product "{product}" does not meet the marketplace rules yet; fix it first.' },
  MARKETPLACE_API_MONTH_INVALID: { id: 'Bulan "{month}" tidak valid (format TTTT-BB).', en: 'Invalid month "{month}" (format YYYY-MM).' },
  MARKETPLACE_API_SIGNATURE_REJECTED: { id: 'API {marketplace} menolak tanda tangan permintaan (kunci salah?) [{remoteCode}].', en: 'The {marketplace} API rejected the request signature (wrong key?) [{remoteCode}].' },
  MARKETPLACE_API_TOKEN_EXPIRED: { id: 'Token akses toko di {marketplace} kedaluwarsa dan tidak dapat diperbarui; otorisasi ulang toko.', en: 'The shop access token at {marketplace} expired and could not be renewed; re-authorise the shop.' },
  MARKETPLACE_API_AUTH_REJECTED: { id: 'API {marketplace} menolak kredensial atau otorisasi [{remoteCode}].', en: 'The {marketplace} API rejected the credentials or authorisation [{remoteCode}].' },
  MARKETPLACE_API_RATE_LIMITED: { id: 'API {marketplace} membatasi jumlah permintaan; coba lagi nanti.', en: 'The {marketplace} API is rate limiting requests; try again later.' },
  MARKETPLACE_API_UNAVAILABLE: { id: 'API {marketplace} sedang tidak tersedia; coba lagi nanti.', en: 'The {marketplace} API is unavailable; try again later.' },
  MARKETPLACE_API_TIMEOUT: { id: 'API {marketplace} tidak menjawab tepat waktu.', en: 'The {marketplace} API did not answer in time.' },
  MARKETPLACE_API_REJECTED: { id: 'API {marketplace} menolak permintaan [{remoteCode}].', en: 'The {marketplace} API refused the request [{remoteCode}].' },
  MARKETPLACE_API_BAD_RESPONSE: { id: 'Jawaban API {marketplace} tidak dapat dibaca.', en: 'The {marketplace} API answer could not be read.' },
}
