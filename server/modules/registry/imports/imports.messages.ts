import { SPREADSHEET_ERROR_MESSAGES } from '../import-files/index.ts'

// Localised messages for the error codes of the registry's imports: whole-file rejections (the
// spreadsheet reader's codes and the import's own), and row problems. Row problems are written
// into the errors file in Indonesian, because it goes back to the office that sent the data.
// Codes already in platform/i18n/messages.ts (NIB_INVALID, NIK_INVALID, PHONE_INVALID,
// EMAIL_INVALID, FIRM_OUT_OF_REGION, FIRM_WORKERS_INCONSISTENT, SENTRA_NOT_FOUND) are reused.
export const importsMessages: Record<string, { id: string; en: string }> = {
  ...SPREADSHEET_ERROR_MESSAGES,
  IMPORT_NOT_FOUND: { id: 'Impor tidak ditemukan.', en: 'Import not found.' },
  IMPORT_FILE_REQUIRED: {
    id: 'Lampirkan satu berkas CSV atau Excel (.xlsx) pada kolom "file".',
    en: 'Attach one CSV or Excel (.xlsx) file in the "file" field.',
  },
  IMPORT_MULTIPART_REQUIRED: {
    id: 'Unggah berkas sebagai multipart/form-data.',
    en: 'Upload the file as multipart/form-data.',
  },
  IMPORT_COLUMNS_MISSING: {
    id: 'Kolom wajib tidak ditemukan di baris judul: {columns}. Gunakan templat impor.',
    en: 'Required columns are missing from the header row: {columns}. Use the import template.',
  },
  IMPORT_INTERRUPTED: {
    id: 'Impor terhenti karena server berhenti; baris yang sudah diproses tetap tersimpan. Unggah ulang berkasnya: baris yang sudah tersimpan tidak akan tercatat dua kali.',
    en: 'The import stopped because the server stopped; rows already processed are kept. Upload the file again: rows already saved will not be recorded twice.',
  },
  IMPORT_FAILED: {
    id: 'Impor gagal karena kesalahan pada server. Coba lagi; bila berlanjut, hubungi admin.',
    en: 'The import failed because of a server error. Try again; if it persists, contact an administrator.',
  },
  REQUIRED: { id: 'Kolom {column} wajib diisi.', en: 'Column {column} is required.' },
  NIK_INVALID_LENGTH: { id: 'NIK harus 16 digit angka.', en: 'NIK must be 16 digits.' },
  NIK_REGION_UNKNOWN: {
    id: 'Kode wilayah pada NIK (6 digit pertama) tidak dikenal.',
    en: 'The region code in the NIK (first 6 digits) is unknown.',
  },
  NIK_BIRTH_DATE_INVALID: { id: 'Tanggal lahir pada NIK (digit 7-12) tidak valid.', en: 'The birth date in the NIK (digits 7-12) is invalid.' },
  NIK_SERIAL_INVALID: { id: 'Nomor urut pada NIK (4 digit terakhir) tidak boleh 0000.', en: 'The serial number in the NIK (last 4 digits) must not be 0000.' },
  NUMBER_INVALID: {
    id: 'Angka tidak valid pada kolom {column}; tulis seperti 1.500.000 atau Rp 1.500.000 (bilangan bulat tidak negatif untuk jumlah orang).',
    en: 'Invalid number in column {column}; write it like 1.500.000 or Rp 1.500.000 (a whole, non-negative number for head counts).',
  },
  DATE_INVALID: { id: 'Tanggal tidak valid; tulis seperti 31/12/2020 atau 2020-12-31.', en: 'Invalid date; write it like 31/12/2020 or 2020-12-31.' },
  YEAR_INVALID: { id: 'Tahun berdiri tidak valid: harus antara 1900 dan tahun ini.', en: 'Invalid year founded: it must be between 1900 and this year.' },
  KBLI_INVALID: { id: 'Kode KBLI harus 5 digit; pisahkan beberapa kode dengan titik koma.', en: 'KBLI codes have 5 digits; separate several codes with semicolons.' },
  KBLI_UNKNOWN: { id: 'Kode KBLI tidak dikenal dalam KBLI 2020.', en: 'Unknown KBLI 2020 code.' },
  REGION_NOT_FOUND: {
    id: 'Wilayah pada kolom {column} tidak ditemukan; tulis kode (32.04) atau nama (Kab. Bandung).',
    en: 'The region in column {column} was not found; write a code (32.04) or a name (Kab. Bandung).',
  },
  REGION_AMBIGUOUS: {
    id: 'Nama wilayah pada kolom {column} cocok dengan lebih dari satu wilayah; tulis "Kabupaten" atau "Kota" di depannya, atau kodenya.',
    en: 'The region name in column {column} fits more than one region; put "Kabupaten" or "Kota" before it, or use its code.',
  },
  LEGAL_FORM_INVALID: {
    id: 'Bentuk usaha tidak dikenal; gunakan Perorangan, UD, CV, Firma, PT, PT Perorangan, Koperasi atau Lainnya.',
    en: 'Unknown legal form; use Perorangan, UD, CV, Firma, PT, PT Perorangan, Koperasi or Lainnya.',
  },
  FIRM_NAME_INVALID: { id: 'Nama usaha harus 2 sampai 200 karakter.', en: 'The business name must have 2 to 200 characters.' },
  TEXT_TOO_LONG: { id: 'Isi kolom {column} terlalu panjang (maksimal {max} karakter).', en: 'Column {column} is too long (at most {max} characters).' },
  OWNER_NAME_REQUIRED: {
    id: 'Nama pemilik wajib diisi bila NIK, telepon atau email pemilik diisi.',
    en: "The owner's name is required when the owner's NIK, phone or e-mail is given.",
  },
  ROW_NOT_SAVED: {
    id: 'Baris ini tidak dapat disimpan ({reason}).',
    en: 'This row could not be saved ({reason}).',
  },
}
