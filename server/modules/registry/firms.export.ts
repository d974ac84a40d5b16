import type { Readable } from 'node:stream'
import { tableCsv, tableXlsx, type ExportColumn } from '../../platform/export/table-export.ts'
import type { Firm } from './firms.service.ts'

/** Columns of a firm export: Indonesian headers, as regional offices read them; personal data masked. */
const COLUMNS: ExportColumn<Firm>[] = [
  { header: 'NIB', width: 16, value: (f) => f.nib },
  { header: 'Nama usaha', width: 36, value: (f) => f.name },
  { header: 'Bentuk usaha', width: 14, value: (f) => f.legalForm },
  { header: 'Alamat', width: 36, value: (f) => f.address },
  { header: 'Kode provinsi', width: 10, value: (f) => f.provinceCode },
  { header: 'Kode kabupaten/kota', width: 12, value: (f) => f.regencyCode },
  { header: 'Kode kecamatan', width: 12, value: (f) => f.districtCode },
  { header: 'KBLI utama', width: 10, value: (f) => f.kbliMain },
  { header: 'KBLI lain', width: 16, value: (f) => f.kbliOthers.join(', ') },
  { header: 'Tenaga kerja', width: 10, value: (f) => f.workersTotal },
  { header: 'Tenaga kerja perempuan', width: 10, value: (f) => f.workersWomen },
  { header: 'Nilai investasi (Rp)', width: 16, value: (f) => f.investmentIdr },
  { header: 'Omzet tahunan (Rp)', width: 16, value: (f) => f.annualTurnoverIdr },
  { header: 'Tahun berdiri', width: 8, value: (f) => f.yearFounded },
  { header: 'Skala', width: 10, value: (f) => f.sizeClass },
  { header: 'Status verifikasi', width: 12, value: (f) => f.verificationStatus },
  { header: 'Nama pemilik', width: 24, value: (f) => f.owner?.name ?? null },
  { header: 'NIK pemilik (disamarkan)', width: 20, value: (f) => f.owner?.nikMasked ?? null },
  { header: 'Telepon (disamarkan)', width: 18, value: (f) => f.owner?.phoneMasked ?? null },
  { header: 'Email', width: 24, value: (f) => f.owner?.email ?? null },
  { header: 'ID Pulih', width: 38, value: (f) => f.id },
]

/** CSV of firms, streamed. */
export const firmsCsv = (firms: AsyncIterable<Firm>): Readable => tableCsv(COLUMNS, firms)

/** XLSX of firms, streamed. */
export const firmsXlsx = (firms: AsyncIterable<Firm>): Readable => tableXlsx(COLUMNS, firms, 'IKM')
