// Header definitions of the survey-response import (issue 4): the main sheet (one row per firm)
// and the two optional child sheets, with the spellings regional offices use. Headers are matched
// by the registry's matchHeaders (case, spaces, punctuation and "(Rp)"-style units ignored).
import { normaliseHeader, type ColumnSpec } from '../../registry/normalise/index.ts'

/** Canonical columns of the main sheet, in template order (saluran_penjualan and catatan are extras). */
export const RESPONSE_IMPORT_KEYS = [
  'nib',
  'omzet_normal',
  'omzet_bulan_ini',
  'tenaga_kerja_sebelum',
  'tenaga_kerja_bekerja',
  'dirumahkan_dibayar',
  'dirumahkan_dibayar_sebagian',
  'dirumahkan_tanpa_upah',
  'phk',
  'kebutuhan_utama',
  'saluran_penjualan',
  'catatan',
] as const
export type ResponseImportKey = (typeof RESPONSE_IMPORT_KEYS)[number]

export const RESPONSE_IMPORT_COLUMNS: readonly ColumnSpec<ResponseImportKey>[] = [
  { key: 'nib', aliases: ['nomor induk berusaha', 'no nib', 'nomor nib', 'business_id'], required: true },
  {
    key: 'omzet_normal',
    aliases: ['baseline_turnover', 'baseline turnover idr', 'normal turnover', 'omset normal', 'omzet sebelum krisis', 'omset sebelum krisis', 'omzet bulanan normal', 'omzet per bulan normal', 'omzet sebelum pandemi'],
    required: true,
  },
  {
    key: 'omzet_bulan_ini',
    aliases: ['reference_turnover', 'reference turnover idr', 'current turnover', 'omset bulan ini', 'omzet saat ini', 'omset saat ini', 'omzet bulan acuan', 'omzet sekarang'],
    required: true,
  },
  {
    key: 'tenaga_kerja_sebelum',
    aliases: ['workers_before', 'tk sebelum', 'tenaga kerja sebelum krisis', 'jumlah tenaga kerja sebelum', 'pekerja sebelum', 'karyawan sebelum'],
    required: true,
  },
  {
    key: 'tenaga_kerja_bekerja',
    aliases: ['workers_working', 'tk bekerja', 'tenaga kerja masih bekerja', 'masih bekerja', 'pekerja aktif', 'tenaga kerja aktif', 'karyawan bekerja'],
    required: true,
  },
  { key: 'dirumahkan_dibayar', aliases: ['sent_home_paid', 'dirumahkan dengan upah', 'dirumahkan upah penuh', 'dirumahkan dibayar penuh'] },
  { key: 'dirumahkan_dibayar_sebagian', aliases: ['sent_home_partly_paid', 'dirumahkan upah sebagian', 'dirumahkan sebagian upah'] },
  { key: 'dirumahkan_tanpa_upah', aliases: ['sent_home_unpaid', 'dirumahkan tidak dibayar', 'dirumahkan tanpa gaji'] },
  { key: 'phk', aliases: ['laid_off', 'laid off', 'di phk', 'pemutusan hubungan kerja', 'tk phk', 'tenaga kerja phk'] },
  { key: 'kebutuhan_utama', aliases: ['needs', 'kebutuhan', 'kebutuhan mendesak', 'kebutuhan prioritas', 'main needs'] },
  { key: 'saluran_penjualan', aliases: ['channels', 'sales channels', 'saluran', 'saluran pemasaran', 'cara menjual'] },
  { key: 'catatan', aliases: ['notes', 'keterangan', 'note'] },
]

export const MATERIAL_IMPORT_KEYS = ['nib', 'bahan', 'satuan', 'kebutuhan_per_bulan', 'diperoleh', 'penyebab'] as const
export type MaterialImportKey = (typeof MATERIAL_IMPORT_KEYS)[number]

export const MATERIAL_IMPORT_COLUMNS: readonly ColumnSpec<MaterialImportKey>[] = [
  { key: 'nib', aliases: ['nomor induk berusaha', 'no nib', 'business_id'], required: true },
  { key: 'bahan', aliases: ['material', 'bahan baku', 'nama bahan', 'nama bahan baku', 'jenis bahan baku'], required: true },
  { key: 'satuan', aliases: ['unit', 'satuan bahan'], required: true },
  { key: 'kebutuhan_per_bulan', aliases: ['needed_per_month', 'kebutuhan', 'kebutuhan sebulan', 'kebutuhan bulanan', 'jumlah kebutuhan'], required: true },
  { key: 'diperoleh', aliases: ['obtained', 'yang diperoleh', 'jumlah diperoleh', 'didapat', 'tersedia'], required: true },
  { key: 'penyebab', aliases: ['cause', 'penyebab kekurangan', 'alasan', 'sebab'] },
]

export const EXPORT_IMPORT_KEYS = ['nib', 'jumlah_kontrak', 'mata_uang', 'nilai', 'negara_tujuan', 'barang_sudah_diproduksi'] as const
export type ExportImportKey = (typeof EXPORT_IMPORT_KEYS)[number]

export const EXPORT_IMPORT_COLUMNS: readonly ColumnSpec<ExportImportKey>[] = [
  { key: 'nib', aliases: ['nomor induk berusaha', 'no nib', 'business_id'], required: true },
  { key: 'jumlah_kontrak', aliases: ['contracts', 'kontrak', 'jumlah kontrak tertunda'], required: true },
  { key: 'mata_uang', aliases: ['currency', 'valuta', 'kode mata uang'], required: true },
  { key: 'nilai', aliases: ['value', 'nilai kontrak', 'nilai ekspor', 'nilai tertunda'], required: true },
  { key: 'negara_tujuan', aliases: ['destination_countries', 'destination', 'negara', 'tujuan ekspor', 'negara tujuan ekspor'], required: true },
  { key: 'barang_sudah_diproduksi', aliases: ['goods_produced', 'sudah diproduksi', 'barang sudah dibuat', 'produksi selesai'] },
]

/** The child sheets: their canonical name (the template's sheet and the errors file's column prefix) and other names. */
export const CHILD_SHEETS = {
  materials: { name: 'bahan_baku', aliases: ['bahan baku', 'materials', 'raw materials', 'bahan'] },
  exports: { name: 'ekspor_tertunda', aliases: ['ekspor tertunda', 'exports', 'pending exports', 'ekspor', 'export'] },
} as const

/**
 * The worksheet that holds a child sheet, by name as offices write it; undefined when there is none.
 * @example childSheetName(['Data', 'Bahan Baku'], 'materials') // 'Bahan Baku'
 */
export function childSheetName(sheetNames: readonly string[], child: keyof typeof CHILD_SHEETS): string | undefined {
  const wanted = new Set([CHILD_SHEETS[child].name, ...CHILD_SHEETS[child].aliases].map(normaliseHeader))
  return sheetNames.find((name) => wanted.has(normaliseHeader(name)))
}
