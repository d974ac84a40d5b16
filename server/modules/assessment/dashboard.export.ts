// Downloads of the national dashboard: an XLSX workbook of every figure (and the rows behind
// them, streamed) and a PDF brief of the headline figures. Both read exactly what the JSON
// dashboard answers for the same round, filter and viewer; labels are in Bahasa Indonesia, as
// the offices that receive them read them.
import { PassThrough, type Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import PDFDocument from 'pdfkit'
import { sql } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { Actor } from '../../platform/access/roles.ts'
import { dashboard, type AreaRow, type Dashboard, type FigureFilter, type Summary } from './figures.ts'

export const SOURCE_LINE = 'Sumber: Pulih, Kementerian Perindustrian'

const SIZE_LABEL: Record<string, string> = { small: 'Kecil', medium: 'Menengah', large: 'Besar', unknown: 'Tidak diketahui' }
export const NEED_LABEL: Record<string, string> = {
  marketing: 'Pemasaran',
  raw_materials: 'Bahan baku',
  financing: 'Pembiayaan',
  export: 'Ekspor',
  other: 'Lainnya',
}

/** The dashboard with the names a reader needs: provinces and regencies by code. */
export interface DashboardExport {
  dashboard: Dashboard
  provinceNames: Map<string, string>
  regencyNames: Map<string, string>
  generatedAt: Date
}

export async function dashboardExport(db: Database, actor: Actor | null, roundId: string, filter: FigureFilter): Promise<DashboardExport> {
  const data = await dashboard(db, actor, roundId, filter)
  const [provinces, regencies] = await Promise.all([
    db.selectFrom('provinces').select(['code', 'name']).execute(),
    data.summary.filter.provinceCode
      ? db.selectFrom('regencies').select(['code', 'name']).where('province_code', '=', data.summary.filter.provinceCode).execute()
      : Promise.resolve([]),
  ])
  return {
    dashboard: data,
    provinceNames: new Map(provinces.map((p) => [p.code, p.name])),
    regencyNames: new Map(regencies.map((r) => [r.code, r.name])),
    generatedAt: new Date(),
  }
}

const nf = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 2 })
export const fmt = (n: number | null | undefined) => (n === null || n === undefined ? '—' : nf.format(n))
const pct = (n: number | null | undefined) => (n === null || n === undefined ? '—' : `${nf.format(n)} %`)

/** A time as Jakarta (WIB) reads it: 2026-11-28 14:05 WIB. */
export function wib(date: Date): string {
  return `${new Date(date.getTime() + 7 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')} WIB`
}

/** The filter in words: "Provinsi Jawa Barat (32); skala Kecil", or national. */
export function filterText(data: DashboardExport): string {
  const f = data.dashboard.summary.filter
  const parts: string[] = []
  if (f.provinceCode) parts.push(`Provinsi ${data.provinceNames.get(f.provinceCode) ?? ''} (${f.provinceCode})`.replace('  ', ' '))
  if (f.regencyCode) parts.push(`Kabupaten/kota ${data.regencyNames.get(f.regencyCode) ?? ''} (${f.regencyCode})`.replace('  ', ' '))
  if (f.kbliDivision) parts.push(f.kbliDivision === '--' ? 'tanpa KBLI' : `KBLI golongan pokok ${f.kbliDivision}`)
  if (f.sizeClass) parts.push(`skala ${SIZE_LABEL[f.sizeClass] ?? f.sizeClass}`)
  return parts.length ? parts.join('; ') : 'Nasional (seluruh provinsi yang disurvei)'
}

export const roundText = (s: Summary) => `${s.round.name} (bulan acuan ${s.round.referenceMonth})`

/** Every figure of the summary as (label, value, previous round's value) rows. */
export function headlineRows(s: Summary, p: Summary | null): Array<[string, number | null, number | null]> {
  const row = (label: string, get: (x: Summary) => number | null): [string, number | null, number | null] => [label, get(s), p ? get(p) : null]
  return [
    row('IKM dalam registri', (x) => x.firmsInRegistry),
    row('IKM yang disurvei', (x) => x.firmsAssessed),
    row('Tingkat respons (%)', (x) => x.responseRatePct),
    row('IKM dengan omzet dasar', (x) => x.firmsWithBaseline),
    row('Median perubahan omzet (%)', (x) => x.salesChangePct.median),
    row('Rata-rata perubahan omzet (%)', (x) => x.salesChangePct.mean),
    row('IKM dengan omzet turun ≥ 50 %', (x) => x.firmsWithSalesDrop50PctOrMore),
    row('IKM tanpa penurunan omzet', (x) => x.firmsWithoutDrop),
    row('Pekerja sebelum krisis', (x) => x.workers.before),
    row('Pekerja masih bekerja', (x) => x.workers.working),
    row('Pekerja dirumahkan', (x) => x.workers.sentHome),
    row('Dirumahkan, upah penuh', (x) => x.workers.sentHomePaid),
    row('Dirumahkan, upah sebagian', (x) => x.workers.sentHomePartlyPaid),
    row('Dirumahkan, tanpa upah', (x) => x.workers.sentHomeUnpaid),
    row('Pekerja di-PHK', (x) => x.workers.laidOff),
    row('IKM yang merumahkan pekerja', (x) => x.firmsSentHome),
    row('IKM yang merumahkan tanpa upah', (x) => x.firmsSentHomeUnpaid),
    row('IKM yang mem-PHK', (x) => x.firmsLaidOff),
    row('IKM kekurangan bahan baku', (x) => x.firmsMaterialShortfall),
    row('IKM dengan ekspor tertunda', (x) => x.firmsExportHeld),
  ]
}

const AREA_HEADERS = [
  'Kode',
  'Nama',
  'IKM dalam registri',
  'IKM disurvei',
  'Tingkat respons (%)',
  'Median perubahan omzet (%)',
  'Rata-rata perubahan omzet (%)',
  'IKM omzet turun ≥ 50 %',
  'Pekerja dirumahkan',
  'Pekerja di-PHK',
]
const areaValues = (a: AreaRow, name: string | undefined) => [
  a.code,
  name ?? '',
  a.firmsInRegistry,
  a.firmsAssessed,
  a.responseRatePct,
  a.salesChangePctMedian,
  a.salesChangePctMean,
  a.firmsWithSalesDrop50PctOrMore,
  a.workersSentHome,
  a.workersLaidOff,
]

/** One assessed firm in scope with its answers' key values (the Data sheet). */
interface DataRow {
  firm_id: string
  name: string
  nib: string | null
  province_code: string
  regency_code: string
  kbli_division: string
  size_class: string
  baseline_turnover_idr: string
  reference_turnover_idr: string
  sales_change_tenths: number | null
  workers_before: number
  workers_working: number
  sent_home_paid: number
  sent_home_partly_paid: number
  sent_home_unpaid: number
  laid_off: number
  has_material_shortfall: boolean
  has_export_held: boolean
  needs: string[]
  version: number
  submitted_at: Date
}

const DATA_COLUMNS: Array<{ header: string; width: number; value: (r: DataRow) => string | number | null }> = [
  { header: 'Nama usaha', width: 34, value: (r) => r.name },
  { header: 'NIB', width: 16, value: (r) => r.nib },
  { header: 'Kode provinsi', width: 9, value: (r) => r.province_code },
  { header: 'Kode kabupaten/kota', width: 11, value: (r) => r.regency_code },
  { header: 'Golongan pokok KBLI', width: 9, value: (r) => r.kbli_division },
  { header: 'Skala', width: 12, value: (r) => SIZE_LABEL[r.size_class] ?? r.size_class },
  { header: 'Omzet dasar (Rp/bulan)', width: 16, value: (r) => Number(r.baseline_turnover_idr) },
  { header: 'Omzet bulan acuan (Rp)', width: 16, value: (r) => Number(r.reference_turnover_idr) },
  { header: 'Perubahan omzet (%)', width: 11, value: (r) => (r.sales_change_tenths === null ? null : r.sales_change_tenths / 10) },
  { header: 'Pekerja sebelum', width: 9, value: (r) => r.workers_before },
  { header: 'Masih bekerja', width: 9, value: (r) => r.workers_working },
  { header: 'Dirumahkan upah penuh', width: 10, value: (r) => r.sent_home_paid },
  { header: 'Dirumahkan upah sebagian', width: 10, value: (r) => r.sent_home_partly_paid },
  { header: 'Dirumahkan tanpa upah', width: 10, value: (r) => r.sent_home_unpaid },
  { header: 'PHK', width: 7, value: (r) => r.laid_off },
  { header: 'Kekurangan bahan baku', width: 10, value: (r) => (r.has_material_shortfall ? 'ya' : 'tidak') },
  { header: 'Ekspor tertunda', width: 10, value: (r) => (r.has_export_held ? 'ya' : 'tidak') },
  { header: 'Kebutuhan (urutan)', width: 34, value: (r) => r.needs.map((n) => NEED_LABEL[n] ?? n).join(', ') },
  { header: 'Versi jawaban', width: 8, value: (r) => r.version },
  { header: 'Dikirim', width: 18, value: (r) => wib(r.submitted_at) },
  { header: 'ID Pulih', width: 38, value: (r) => r.firm_id },
]

/** The assessed firms of a round within a (scoped) filter, page by page in firm-id order. */
export async function* dataRows(db: Database, roundId: string, filter: FigureFilter): AsyncGenerator<DataRow> {
  let after: string | null = null
  for (;;) {
    const conditions = [sql`r.round_id = ${roundId}`]
    if (filter.provinceCode) conditions.push(sql`r.province_code = ${filter.provinceCode}`)
    if (filter.regencyCode) conditions.push(sql`r.regency_code = ${filter.regencyCode}`)
    if (filter.kbliDivision) conditions.push(sql`r.kbli_division = ${filter.kbliDivision}`)
    if (filter.sizeClass) conditions.push(sql`r.size_class = ${filter.sizeClass}`)
    if (after) conditions.push(sql`r.firm_id > ${after}`)
    const page = await sql<DataRow>`
      SELECT r.firm_id, f.name, f.nib, r.province_code, r.regency_code, r.kbli_division, r.size_class, r.baseline_turnover_idr,
        r.reference_turnover_idr, r.sales_change_tenths, r.workers_before, r.workers_working, r.sent_home_paid, r.sent_home_partly_paid,
        r.sent_home_unpaid, r.laid_off, r.has_material_shortfall, r.has_export_held, r.needs, r.version, r.submitted_at
      FROM survey_responses r JOIN firms f ON f.id = r.firm_id
      WHERE ${sql.join(conditions, sql` AND `)}
      ORDER BY r.firm_id LIMIT 1000
    `.execute(db)
    yield* page.rows
    if (page.rows.length < 1000) return
    after = page.rows[page.rows.length - 1].firm_id
  }
}

/**
 * The workbook: Ringkasan (every figure, the round, filter and time), Per provinsi (and Per
 * kabupaten/kota), Histogram, Bahan baku, Ekspor tertunda, Kebutuhan, then Data streamed row by
 * row with the exceljs streaming writer.
 */
export function dashboardXlsx(db: Database, data: DashboardExport): Readable {
  const out = new PassThrough()
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true })
  workbook.creator = 'Pulih'
  const { summary: s, previous: p, byProvince, byRegency } = data.dashboard
  const bold = { bold: true }

  const table = (name: string, headers: string[], widths: number[], rows: Array<Array<string | number | null>>, intro: string[] = []) => {
    const sheet = workbook.addWorksheet(name)
    sheet.columns = headers.map((_, i) => ({ width: widths[i] ?? 14 }))
    for (const line of intro) sheet.addRow([line]).commit()
    if (intro.length) sheet.addRow([]).commit()
    const head = sheet.addRow(headers)
    head.font = bold
    head.commit()
    for (const row of rows) sheet.addRow(row).commit()
    sheet.commit()
  }

  ;(async () => {
    try {
      const intro = [`Dasbor nasional dampak krisis IKM — ${roundText(s)}`, `Filter: ${filterText(data)}`, `Dibuat: ${wib(data.generatedAt)}`, SOURCE_LINE]
      const summary = workbook.addWorksheet('Ringkasan')
      summary.columns = [{ width: 42 }, { width: 18 }, { width: 22 }, { width: 16 }]
      summary.addRow(['Dasbor nasional dampak krisis IKM']).font = { bold: true, size: 14 }
      summary.addRow(['Putaran survei', roundText(s)])
      summary.addRow(['ID putaran', s.round.id])
      summary.addRow(['Filter', filterText(data)])
      summary.addRow(['Dibuat', wib(data.generatedAt)])
      summary.addRow(['Putaran sebelumnya', p ? roundText(p) : 'tidak ada'])
      summary.addRow([SOURCE_LINE])
      summary.addRow([])
      const head = summary.addRow(['Angka', 'Nilai', 'Putaran sebelumnya', 'Perubahan'])
      head.font = bold
      for (const [label, value, before] of headlineRows(s, p)) {
        summary.addRow([label, value, before, value !== null && before !== null ? Math.round((value - before) * 100) / 100 : null])
      }
      summary.commit()

      const provinceRows = byProvince.map((a) => areaValues(a, data.provinceNames.get(a.code)))
      table('Per provinsi', AREA_HEADERS, [8, 30, 12, 12, 12, 14, 14, 14, 12, 10], provinceRows, intro)
      if (byRegency) {
        table('Per kabupaten-kota', AREA_HEADERS, [8, 30, 12, 12, 12, 14, 14, 14, 12, 10], byRegency.map((a) => areaValues(a, data.regencyNames.get(a.code))), intro)
      }
      table(
        'Histogram',
        ['Penurunan omzet dari (%)', 'sampai (%)', 'Jumlah IKM'],
        [22, 12, 12],
        [...s.histogram.map((b) => [b.dropFrom, b.dropTo, b.firms] as Array<string | number | null>), ['Tanpa penurunan', null, s.firmsWithoutDrop]],
        intro,
      )
      table(
        'Bahan baku',
        ['Bahan baku', 'Satuan', 'Jumlah laporan', 'Kebutuhan per bulan', 'Diperoleh', 'Kekurangan'],
        [30, 12, 14, 18, 14, 14],
        s.materials.map((m) => [m.material, m.unit, m.reports, m.needed, m.obtained, m.shortfall]),
        intro,
      )
      table(
        'Ekspor tertunda',
        ['Negara tujuan', 'Mata uang', 'Jumlah kontrak', 'Nilai'],
        [14, 12, 14, 18],
        s.exports.map((e) => [e.country, e.currency, e.contracts, e.value]),
        intro,
      )
      table(
        'Kebutuhan',
        ['Peringkat', 'Kebutuhan', 'Kode', 'IKM yang menyebut', 'IKM yang menyebut pertama', 'Poin'],
        [10, 18, 14, 16, 22, 10],
        s.needs.map((n, i) => [i + 1, NEED_LABEL[n.need] ?? n.need, n.need, n.firms, n.firmsFirst, n.points]),
        intro,
      )

      const sheet = workbook.addWorksheet('Data')
      sheet.columns = DATA_COLUMNS.map((c) => ({ header: c.header, width: c.width }))
      sheet.getRow(1).font = bold
      for await (const row of dataRows(db, s.round.id, s.filter)) sheet.addRow(DATA_COLUMNS.map((c) => c.value(row))).commit()
      sheet.commit()
      await workbook.commit()
    } catch (error) {
      out.destroy(error as Error)
    }
  })()
  return out
}

const signed = (n: number, unit = '') => `${n > 0 ? '+' : n < 0 ? '-' : '±'}${nf.format(Math.abs(n))}${unit}`

/**
 * The PDF brief: A4, the round and filter, headline figures with the change from the previous
 * round, the province table (top rows), the needs ranking and material shortfalls; every page
 * numbered and carrying the source line. `compress: false` leaves the text readable (tests).
 */
export function dashboardPdf(data: DashboardExport, options: { compress?: boolean } = {}): Readable {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 64, left: 56, right: 56 },
    bufferPages: true,
    compress: options.compress ?? true,
    info: { Title: `Ringkasan dasbor nasional IKM — ${data.dashboard.summary.round.name}`, Author: 'Pulih, Kementerian Perindustrian' },
  })
  const { summary: s, previous: p, byProvince, byRegency } = data.dashboard
  const left = doc.page.margins.left
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right

  const heading = (text: string) => {
    doc.moveDown(0.8)
    if (doc.y > doc.page.height - doc.page.margins.bottom - 80) doc.addPage()
    doc.font('Helvetica-Bold').fontSize(12).fillColor('#0b3d5c').text(text, left, doc.y, { width })
    doc.moveDown(0.3)
    doc.font('Helvetica').fontSize(9).fillColor('black')
  }

  /** A simple table: header row bold, rules between rows, new page (header repeated) when full. */
  const table = (headers: string[], widths: number[], rows: string[][], align: Array<'left' | 'right'>) => {
    const total = widths.reduce((a, b) => a + b, 0)
    const cols = widths.map((w) => (w / total) * width)
    const drawRow = (cells: string[], font: string) => {
      doc.font(font).fontSize(8.5)
      const height = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: cols[i] - 6 }))) + 6
      if (doc.y + height > doc.page.height - doc.page.margins.bottom) {
        doc.addPage()
        if (font !== 'Helvetica-Bold') drawRow(headers, 'Helvetica-Bold')
        doc.font(font).fontSize(8.5)
      }
      const y = doc.y
      let x = left
      cells.forEach((c, i) => {
        doc.text(c, x + 3, y + 3, { width: cols[i] - 6, align: align[i] })
        x += cols[i]
      })
      doc.moveTo(left, y + height).lineTo(left + width, y + height).lineWidth(0.4).strokeColor('#999999').stroke()
      doc.x = left
      doc.y = y + height
    }
    drawRow(headers, 'Helvetica-Bold')
    for (const r of rows) drawRow(r, 'Helvetica')
    doc.font('Helvetica').fontSize(9)
  }

  doc.font('Helvetica-Bold').fontSize(16).fillColor('#0b3d5c').text('Ringkasan Dasbor Nasional Dampak Krisis IKM', { width })
  doc.moveDown(0.4)
  doc.font('Helvetica').fontSize(10).fillColor('black')
  doc.text(`Putaran survei: ${roundText(s)}`, { width })
  doc.text(`Filter: ${filterText(data)}`, { width })
  doc.text(`Putaran pembanding: ${p ? roundText(p) : 'tidak ada (putaran pertama)'}`, { width })
  doc.text(`Dibuat: ${wib(data.generatedAt)}`, { width })

  heading('Angka utama')
  const isPct = (label: string) => label.includes('(%)')
  table(
    ['Angka', 'Nilai', 'Putaran sebelumnya', 'Perubahan'],
    [46, 16, 20, 18],
    headlineRows(s, p).map(([label, value, before]) => [
      label.replace('≥', '>='),
      isPct(label) ? pct(value) : fmt(value),
      p ? (isPct(label) ? pct(before) : fmt(before)) : '—',
      value !== null && before !== null ? signed(Math.round((value - before) * 100) / 100, isPct(label) ? ' poin' : '') : '—',
    ]),
    ['left', 'right', 'right', 'right'],
  )

  const areaTable = (title: string, areas: AreaRow[], names: Map<string, string>, top: number) => {
    const shown = [...areas].sort((a, b) => b.firmsAssessed - a.firmsAssessed || a.code.localeCompare(b.code)).filter((a) => a.firmsAssessed > 0).slice(0, top)
    heading(title)
    if (shown.length === 0) {
      doc.text('Belum ada IKM yang disurvei.', { width })
      return
    }
    table(
      ['Wilayah', 'Disurvei', 'Respons', 'Median omzet', 'Turun >= 50 %', 'Dirumahkan'],
      [34, 12, 12, 14, 14, 14],
      shown.map((a) => [
        `${names.get(a.code) ?? ''} (${a.code})`.trim(),
        fmt(a.firmsAssessed),
        pct(a.responseRatePct),
        pct(a.salesChangePctMedian),
        fmt(a.firmsWithSalesDrop50PctOrMore),
        fmt(a.workersSentHome),
      ]),
      ['left', 'right', 'right', 'right', 'right', 'right'],
    )
    if (areas.filter((a) => a.firmsAssessed > 0).length > top) doc.text(`Menampilkan ${top} wilayah teratas menurut jumlah IKM disurvei; semua wilayah ada di unduhan XLSX.`, { width })
  }
  areaTable('Per provinsi (teratas)', byProvince, data.provinceNames, 15)
  if (byRegency) areaTable('Per kabupaten/kota (teratas)', byRegency, data.regencyNames, 15)

  heading('Peringkat kebutuhan')
  if (s.needs.length === 0) doc.text('Belum ada jawaban kebutuhan.', { width })
  else
    table(
      ['Peringkat', 'Kebutuhan', 'IKM yang menyebut', 'Menyebut pertama', 'Poin'],
      [12, 30, 20, 20, 18],
      s.needs.map((n, i) => [String(i + 1), NEED_LABEL[n.need] ?? n.need, fmt(n.firms), fmt(n.firmsFirst), fmt(n.points)]),
      ['left', 'left', 'right', 'right', 'right'],
    )

  heading('Kekurangan bahan baku (teratas)')
  const shortfalls = s.materials.filter((m) => m.shortfall > 0).slice(0, 10)
  if (shortfalls.length === 0) doc.text('Tidak ada kekurangan bahan baku yang dilaporkan.', { width })
  else
    table(
      ['Bahan baku', 'Satuan', 'Laporan', 'Kebutuhan/bulan', 'Diperoleh', 'Kekurangan'],
      [30, 12, 12, 16, 15, 15],
      shortfalls.map((m) => [m.material, m.unit, fmt(m.reports), fmt(m.needed), fmt(m.obtained), fmt(m.shortfall)]),
      ['left', 'left', 'right', 'right', 'right', 'right'],
    )

  // Page numbers and the source line on every page, in the bottom margin.
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    const bottom = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    const y = doc.page.height - 40
    doc.font('Helvetica').fontSize(8).fillColor('#444444')
    doc.text(SOURCE_LINE, left, y, { width, align: 'left', lineBreak: false })
    doc.text(`Halaman ${i + 1} dari ${range.count}`, left, y, { width, align: 'right', lineBreak: false })
    doc.page.margins.bottom = bottom
  }
  doc.end()
  return doc as unknown as Readable
}
