// The downloadable import template: the canonical header row and an example row, and (XLSX) a
// 'Petunjuk' sheet that explains every column in Indonesian, for the clerk filling it in.
import ExcelJS from 'exceljs'
import { FIRM_IMPORT_COLUMNS, FIRM_IMPORT_KEYS, type FirmImportKey } from '../normalise/index.ts'

export interface ColumnDoc {
  example: string
  description: string
  /** Kept as text in Excel, so leading zeros and 16-digit numbers survive. */
  text?: boolean
}

const COLUMN_DOCS: Record<FirmImportKey, ColumnDoc> = {
  nib: { example: '9120001234567', text: true, description: 'Nomor Induk Berusaha dari OSS, 13 digit. Kosongkan bila belum punya. Baris dengan NIB yang sudah terdaftar memperbarui data usaha tersebut.' },
  nama_usaha: { example: 'CV Batik Sekar Jagad', description: 'Nama usaha/IKM, 2-200 karakter.' },
  bentuk_usaha: { example: 'CV', description: 'Perorangan, UD, CV, Firma, PT, PT Perorangan, Koperasi atau Lainnya. Kosong = Perorangan.' },
  nama_pemilik: { example: 'Siti Rahmawati', description: 'Nama pemilik atau penanggung jawab. Wajib bila NIK, telepon atau email pemilik diisi.' },
  nik_pemilik: { example: '3204124508900001', text: true, description: 'NIK pemilik, 16 digit (format sel sebagai teks agar digit tidak hilang). Disimpan terenkripsi. Tanpa NIB, usaha dikenali dari NIK pemilik + nama usaha + kabupaten/kota.' },
  telepon: { example: '0812-3456-7890', text: true, description: 'Nomor telepon/HP/WA pemilik: 0812-3456-7890, +62 812 3456 7890 atau 62812…' },
  email: { example: 'siti@contoh.id', description: 'Alamat email pemilik.' },
  alamat: { example: 'Jl. Raya Soreang No. 12', description: 'Alamat usaha.' },
  provinsi: { example: 'Jawa Barat', description: 'Kode (32) atau nama provinsi.' },
  kabupaten_kota: { example: 'Kab. Bandung', description: 'Kode (32.04 atau 3204) atau nama: "Kab. Bandung", "Kabupaten Bandung", "Kota Bandung" (Kota Bandung berbeda dengan Kabupaten Bandung).' },
  kecamatan: { example: 'Soreang', description: 'Kode (32.04.05) atau nama kecamatan di kabupaten/kota tersebut.' },
  kbli: { example: '13134', text: true, description: 'Kode KBLI 2020, 5 digit; beberapa kode dipisah titik koma, yang pertama adalah KBLI utama.' },
  jumlah_tenaga_kerja: { example: '12', description: 'Jumlah seluruh tenaga kerja (orang).' },
  tenaga_kerja_perempuan: { example: '9', description: 'Jumlah tenaga kerja perempuan, tidak lebih dari jumlah tenaga kerja.' },
  nilai_investasi: { example: 'Rp 350.000.000', description: 'Nilai investasi di luar tanah dan bangunan, rupiah: 350.000.000 atau Rp 350.000.000.' },
  omzet_tahunan: { example: '1.200.000.000', description: 'Omzet (penjualan) per tahun, rupiah.' },
  tahun_berdiri: { example: '2015', description: 'Tahun mulai usaha (1900 sampai tahun ini); tanggal 31/12/2015 juga diterima.' },
  sentra: { example: '', description: 'Nama sentra IKM yang sudah terdaftar di kabupaten/kota tersebut (boleh kosong).' },
}

const required = new Set(FIRM_IMPORT_COLUMNS.filter((c) => c.required).map((c) => c.key))

/** CSV template: UTF-8 with BOM (Excel), comma-separated, header and one example row. */
export function templateCsv(): string {
  return exampleCsv(FIRM_IMPORT_KEYS, COLUMN_DOCS)
}

/** A header row and an example row as CSV: UTF-8 with BOM (Excel), comma-separated. */
export function exampleCsv(keys: readonly string[], docs: Record<string, ColumnDoc>): string {
  const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value)
  return `\uFEFF${keys.join(',')}\r\n${keys.map((key) => quote(docs[key].example)).join(',')}\r\n`
}

/** A worksheet with the header row (bold, frozen) and an example row; text columns stay text in Excel. */
export function addExampleSheet(workbook: ExcelJS.Workbook, name: string, keys: readonly string[], docs: Record<string, ColumnDoc>): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = keys.map((key) => ({
    header: key,
    key,
    width: Math.max(14, key.length + 4),
    style: docs[key].text ? { numFmt: '@' } : {},
  }))
  sheet.addRow(Object.fromEntries(keys.map((key) => [key, docs[key].example])))
  sheet.getRow(1).font = { bold: true }
  return sheet
}

/** XLSX template: sheet 'Data' (header + example row) and sheet 'Petunjuk' (one line per column). */
export async function templateXlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Pulih'
  addExampleSheet(workbook, 'Data', FIRM_IMPORT_KEYS, COLUMN_DOCS)

  const guide = workbook.addWorksheet('Petunjuk')
  guide.columns = [
    { header: 'Kolom', key: 'column', width: 24 },
    { header: 'Wajib', key: 'required', width: 8 },
    { header: 'Keterangan', key: 'description', width: 90 },
    { header: 'Contoh', key: 'example', width: 24 },
  ]
  guide.getRow(1).font = { bold: true }
  for (const key of FIRM_IMPORT_KEYS) {
    guide.addRow({ column: key, required: required.has(key) ? 'ya' : 'tidak', description: COLUMN_DOCS[key].description, example: COLUMN_DOCS[key].example })
  }
  guide.addRow({})
  guide.addRow({
    column: 'Catatan',
    description:
      'Nama kolom boleh ditulis dengan huruf besar/kecil, spasi atau garis bawah ("Nama Usaha", "NIK Pemilik", "Kabupaten/Kota"). ' +
      'Baris yang salah dilaporkan per baris dan kolom; baris lain tetap disimpan. Mengimpor berkas yang sama dua kali tidak mengubah apa pun.',
  })
  guide.getColumn('description').alignment = { wrapText: true, vertical: 'top' }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
