// The downloadable template of the survey-response import: XLSX with the main sheet, the two
// child sheets and a 'Petunjuk' sheet explaining every column; CSV of the main sheet.
import ExcelJS from 'exceljs'
import type { ColumnSpec } from '../../registry/normalise/index.ts'
import { addExampleSheet, exampleCsv, type ColumnDoc } from '../../registry/imports/imports.template.ts'
import { CHILD_SHEETS, EXPORT_IMPORT_COLUMNS, MATERIAL_IMPORT_COLUMNS, RESPONSE_IMPORT_COLUMNS } from './columns.ts'


const NIB: ColumnDoc = { example: '9120001234567', text: true, description: 'NIB usaha yang sudah terdaftar di Pulih, 13 digit (format sel sebagai teks).' }

const MAIN_DOCS: Record<string, ColumnDoc> = {
  nib: { ...NIB, description: NIB.description + ' Satu baris per usaha; mengimpor ulang berkas yang sama tidak mengubah apa pun, baris yang berubah menjadi versi baru.' },
  omzet_normal: { example: 'Rp 20.000.000', description: 'Omzet per bulan dalam keadaan normal (sebelum krisis), rupiah: 20.000.000 atau Rp 20.000.000.' },
  omzet_bulan_ini: { example: '8.000.000', description: 'Omzet pada bulan acuan putaran survei, rupiah.' },
  tenaga_kerja_sebelum: { example: '10', description: 'Jumlah tenaga kerja sebelum krisis (orang).' },
  tenaga_kerja_bekerja: { example: '6', description: 'Tenaga kerja yang masih bekerja. Yang bekerja + dirumahkan + PHK tidak boleh melebihi tenaga kerja sebelum.' },
  dirumahkan_dibayar: { example: '1', description: 'Tenaga kerja dirumahkan dengan upah penuh (kosong = 0).' },
  dirumahkan_dibayar_sebagian: { example: '0', description: 'Tenaga kerja dirumahkan dengan sebagian upah (kosong = 0).' },
  dirumahkan_tanpa_upah: { example: '2', description: 'Tenaga kerja dirumahkan tanpa upah (kosong = 0).' },
  phk: { example: '1', description: 'Tenaga kerja yang di-PHK (kosong = 0).' },
  kebutuhan_utama: {
    example: 'permodalan > bahan baku > pemasaran',
    description: 'Kebutuhan utama berurutan, yang terpenting dulu, dipisah koma, titik koma atau ">": pemasaran, bahan baku, permodalan (modal kerja, pembiayaan), ekspor (fasilitasi ekspor), lainnya.',
  },
  saluran_penjualan: { example: 'offline, marketplace', description: 'Boleh kosong. Saluran penjualan: offline, online sendiri, marketplace, ekspor; dipisah koma.' },
  catatan: { example: '', description: 'Boleh kosong. Catatan petugas, maksimal 4000 karakter.' },
}

const MATERIAL_DOCS: Record<string, ColumnDoc> = {
  nib: { ...NIB, description: NIB.description + ' Harus ada di lembar utama; satu baris per bahan baku.' },
  bahan: { example: 'Kain mori', description: 'Nama bahan baku yang kurang.' },
  satuan: { example: 'meter', description: 'Satuan: kg, meter, liter, lembar…' },
  kebutuhan_per_bulan: { example: '500', description: 'Kebutuhan per bulan dalam satuan tersebut.' },
  diperoleh: { example: '200', description: 'Jumlah yang dapat diperoleh per bulan, tidak lebih dari kebutuhan.' },
  penyebab: { example: 'gangguan impor', description: 'Penyebab kekurangan: harga, gangguan impor, pemasok berhenti, transportasi atau lainnya.' },
}

const EXPORT_DOCS: Record<string, ColumnDoc> = {
  nib: { ...NIB, description: NIB.description + ' Harus ada di lembar utama; satu baris per kelompok kontrak.' },
  jumlah_kontrak: { example: '2', description: 'Jumlah kontrak ekspor yang tertunda (minimal 1).' },
  mata_uang: { example: 'USD', description: 'Kode mata uang ISO 4217: USD, EUR, JPY…' },
  nilai: { example: '15000', description: 'Nilai kontrak yang tertunda dalam mata uang tersebut.' },
  negara_tujuan: { example: 'Jepang, Belanda', description: 'Negara tujuan: kode ISO (JP) atau nama (Jepang, Japan); beberapa dipisah koma.' },
  barang_sudah_diproduksi: { example: 'ya', description: 'Apakah barangnya sudah diproduksi: ya/tidak (kosong = tidak).' },
}

const SHEETS = [
  { name: 'survei', columns: RESPONSE_IMPORT_COLUMNS, docs: MAIN_DOCS },
  { name: CHILD_SHEETS.materials.name, columns: MATERIAL_IMPORT_COLUMNS, docs: MATERIAL_DOCS },
  { name: CHILD_SHEETS.exports.name, columns: EXPORT_IMPORT_COLUMNS, docs: EXPORT_DOCS },
] as const

/** CSV template of the main sheet: UTF-8 with BOM (Excel), comma-separated, header and one example row. */
export function responseTemplateCsv(): string {
  return exampleCsv(RESPONSE_IMPORT_COLUMNS.map((c) => c.key), MAIN_DOCS)
}

/** XLSX template: sheets 'survei', 'bahan_baku', 'ekspor_tertunda' (header + example row) and 'Petunjuk'. */
export async function responseTemplateXlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Pulih'
  for (const { name, columns, docs } of SHEETS) {
    addExampleSheet(workbook, name, (columns as readonly ColumnSpec[]).map((c) => c.key), docs)
  }
  const guide = workbook.addWorksheet('Petunjuk')
  guide.columns = [
    { header: 'Lembar', key: 'sheet', width: 18 },
    { header: 'Kolom', key: 'column', width: 28 },
    { header: 'Wajib', key: 'required', width: 8 },
    { header: 'Keterangan', key: 'description', width: 90 },
    { header: 'Contoh', key: 'example', width: 28 },
  ]
  guide.getRow(1).font = { bold: true }
  for (const { name, columns, docs } of SHEETS) {
    for (const c of columns as readonly ColumnSpec[]) {
      guide.addRow({ sheet: name, column: c.key, required: c.required ? 'ya' : 'tidak', description: docs[c.key].description, example: docs[c.key].example })
    }
  }
  guide.addRow({})
  guide.addRow({
    sheet: 'Catatan',
    description:
      'Lembar bahan_baku dan ekspor_tertunda boleh dihapus bila tidak ada isinya. Nama kolom boleh ditulis dengan huruf besar/kecil, spasi atau satuan ("Omzet Normal (Rp)"). ' +
      'Baris yang salah dilaporkan per baris dan kolom; baris lain tetap disimpan. Jawaban suatu usaha tidak disimpan bila salah satu barisnya (di lembar mana pun) salah.',
  })
  guide.getColumn('description').alignment = { wrapText: true, vertical: 'top' }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
