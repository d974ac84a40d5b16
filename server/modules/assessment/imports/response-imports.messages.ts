import { addMessages } from '../../../platform/i18n/messages.ts'

// Messages of the survey-response import. Row problems go into the errors file in Indonesian
// (it goes back to the office that sent the data). Codes of the firm import (REQUIRED,
// NUMBER_INVALID, TEXT_TOO_LONG, IMPORT_COLUMNS_MISSING…), of the platform (NIB_INVALID,
// FIRM_OUT_OF_REGION) and of the assessment (ANSWER_*, ROUND_NOT_FOR_FIRM) are reused.
export const responseImportMessages: Record<string, { id: string; en: string }> = {
  FIRM_NIB_UNKNOWN: {
    id: 'Tidak ada usaha terdaftar dengan NIB {nib}; daftarkan usahanya dulu (impor usaha) atau periksa NIB-nya.',
    en: 'No registered firm has NIB {nib}; register the firm first (firm import) or check the NIB.',
  },
  NEED_UNKNOWN: {
    id: 'Kebutuhan "{value}" tidak dikenal; gunakan pemasaran, bahan baku, permodalan, ekspor atau lainnya, dipisah koma atau ">".',
    en: 'Unknown need "{value}"; use marketing, raw_materials, financing, export or other, separated by commas or ">".',
  },
  CHANNEL_UNKNOWN: {
    id: 'Saluran penjualan "{value}" tidak dikenal; gunakan offline, online sendiri, marketplace atau ekspor.',
    en: 'Unknown sales channel "{value}"; use offline, own_online, marketplace or export.',
  },
  CAUSE_UNKNOWN: {
    id: 'Penyebab "{value}" tidak dikenal; gunakan harga, gangguan impor, pemasok berhenti, transportasi atau lainnya.',
    en: 'Unknown cause "{value}"; use price, import_disruption, supplier_stopped, transport or other.',
  },
  COUNTRY_UNKNOWN: {
    id: 'Negara "{value}" tidak dikenal; tulis kode ISO (JP) atau nama negara (Jepang), beberapa dipisah koma.',
    en: 'Unknown country "{value}"; write an ISO code (JP) or a country name (Japan), several separated by commas.',
  },
  CURRENCY_UNKNOWN: {
    id: 'Mata uang "{value}" tidak dikenal; tulis kode ISO 4217, misalnya USD, EUR atau JPY.',
    en: 'Unknown currency "{value}"; write an ISO 4217 code such as USD, EUR or JPY.',
  },
  YES_NO_INVALID: { id: 'Isi "{value}" tidak dikenal; tulis ya atau tidak.', en: 'Unknown value "{value}"; write yes or no.' },
  RESPONSE_CHILD_ROWS_INVALID: {
    id: 'Jawaban usaha ini tidak disimpan karena ada baris yang salah untuk NIB yang sama: {rows}. Perbaiki baris tersebut lalu impor ulang.',
    en: "This firm's response was not saved because rows for the same NIB are wrong: {rows}. Fix them and import again.",
  },
  RESPONSE_CHILD_WITHOUT_MAIN: {
    id: 'NIB {nib} tidak ada di lembar utama (atau barisnya tidak terbaca); baris ini tidak disimpan.',
    en: 'NIB {nib} is not in the main sheet (or its row could not be read); this row was not saved.',
  },
  RESPONSE_NIB_REPEATED: {
    id: 'NIB {nib} sudah diisi di baris {row} berkas ini; satu usaha hanya satu baris per putaran.',
    en: 'NIB {nib} was already given in row {row} of this file; one row per firm and round.',
  },
  RESPONSE_IMPORT_CHILD_ROWS_TOO_MANY: {
    id: 'Lembar bahan baku dan ekspor tertunda berisi lebih dari {max} baris; bagi berkas menjadi beberapa berkas.',
    en: 'The raw-material and held-export sheets have more than {max} rows; split the file into several files.',
  },
}

addMessages(responseImportMessages)
