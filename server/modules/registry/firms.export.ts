import { PassThrough, type Readable } from 'node:stream'
import { stringify } from 'csv-stringify'
import ExcelJS from 'exceljs'
import type { Firm } from './firms.service.ts'

/** Columns of a firm export: Indonesian headers, as regional offices read them; personal data masked. */
const COLUMNS: Array<{ header: string; width: number; value: (firm: Firm) => string | number | null }> = [
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

/** CSV (UTF-8 with BOM so Excel reads it right) streamed from the firms as they arrive. */
export function firmsCsv(firms: AsyncIterable<Firm>): Readable {
  const out = stringify({ header: true, columns: COLUMNS.map((c) => c.header), bom: true })
  ;(async () => {
    try {
      for await (const firm of firms) {
        if (!out.write(COLUMNS.map((c) => c.value(firm) ?? ''))) await new Promise((resolve) => out.once('drain', resolve))
      }
      out.end()
    } catch (error) {
      out.destroy(error as Error)
    }
  })()
  return out
}

/** XLSX streamed row by row (exceljs streaming writer), so memory stays flat for large exports. */
export function firmsXlsx(firms: AsyncIterable<Firm>): Readable {
  const out = new PassThrough()
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true })
  const sheet = workbook.addWorksheet('IKM')
  sheet.columns = COLUMNS.map((c) => ({ header: c.header, width: c.width }))
  sheet.getRow(1).font = { bold: true }
  ;(async () => {
    try {
      for await (const firm of firms) sheet.addRow(COLUMNS.map((c) => c.value(firm))).commit()
      sheet.commit()
      await workbook.commit()
    } catch (error) {
      out.destroy(error as Error)
    }
  })()
  return out
}
