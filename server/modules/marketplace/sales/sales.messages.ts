// Messages of the marketplace sales reports and recovery figures. Row problems go into the errors
// file in Indonesian (it goes back to the partner or office that sent it). Codes of the firm import
// (REQUIRED, NUMBER_INVALID, IMPORT_COLUMNS_MISSING, ROW_NOT_SAVED…) and NIB_INVALID are reused.
export const salesMessages: Record<string, { id: string; en: string }> = {
  SALES_FIRM_KEY_REQUIRED: {
    id: 'Isi NIB atau URL toko (url_toko) untuk menunjukkan usahanya.',
    en: 'Give the NIB or the store URL (url_toko) to identify the firm.',
  },
  SALES_STORE_URL_INVALID: {
    id: 'URL toko pada kolom {column} tidak valid; tulis seperti https://www.tokopedia.com/nama-toko.',
    en: 'The store URL in column {column} is not valid; write it like https://www.tokopedia.com/store-name.',
  },
  SALES_MONTH_INVALID: {
    id: 'Bulan tidak dikenal; tulis seperti 2020-05, 05/2020 atau Mei 2020.',
    en: 'Unknown month; write it like 2020-05, 05/2020 or May 2020.',
  },
  SALES_MONTH_IN_FUTURE: {
    id: 'Bulan ini belum terjadi; penjualan hanya dapat dilaporkan untuk bulan berjalan atau sebelumnya.',
    en: 'This month has not happened yet; sales can be reported only for the current month or earlier.',
  },
  SALES_NUMBER_NEGATIVE: { id: 'Kolom {column} tidak boleh negatif.', en: 'Column {column} must not be negative.' },
  SALES_COUNT_NOT_WHOLE: { id: 'Kolom {column} harus bilangan bulat.', en: 'Column {column} must be a whole number.' },
  SALES_NUMBER_TOO_LARGE: {
    id: 'Angka pada kolom {column} terlalu besar (maksimal {max}); periksa jumlah nol.',
    en: 'The number in column {column} is too large (at most {max}); check the zeros.',
  },
  SALES_ORDERS_MISSING: {
    id: 'Ada omzet tetapi jumlah pesanan 0; isi jumlah pesanan bulan itu.',
    en: 'There is GMV but zero orders; give the number of orders of that month.',
  },
  SALES_UNITS_BELOW_ORDERS: {
    id: 'Unit terjual lebih kecil dari jumlah pesanan; setiap pesanan berisi paling sedikit satu unit.',
    en: 'Units sold are fewer than orders; every order holds at least one unit.',
  },
  SALES_FIRM_NOT_FOUND: {
    id: 'Toko usaha ini tidak ditemukan di lokapasar {marketplace} (periksa NIB atau URL toko; usaha harus dinominasikan ke lokapasar ini dan pemiliknya menyetujui).',
    en: 'No store of this firm was found on {marketplace} (check the NIB or store URL; the firm must be nominated to this marketplace with its owner\'s consent).',
  },
  SALES_FIRM_KEYS_DISAGREE: {
    id: 'NIB dan URL toko menunjuk usaha yang berbeda; perbaiki salah satunya.',
    en: 'The NIB and the store URL point to different firms; correct one of them.',
  },
  SALES_ROW_REPEATED: {
    id: 'Penjualan usaha ini untuk bulan {month} sudah ada di baris {row} berkas ini; satu baris per toko dan bulan.',
    en: 'Sales of this firm for {month} were already given in row {row} of this file; one row per store and month.',
  },
  SALES_MARKETPLACE_REQUIRED: {
    id: 'Pilih lokapasar yang dilaporkan berkas ini (kolom formulir "marketplace").',
    en: 'Choose the marketplace this file reports for (form field "marketplace").',
  },
  SALES_RANGE_INVALID: {
    id: 'Rentang bulan tidak valid: "dari" harus sebelum "sampai" dan paling banyak 60 bulan.',
    en: 'Invalid month range: "from" must not be after "to" and at most 60 months apart.',
  },
}
