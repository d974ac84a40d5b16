// `npx tsx bench/import-files.bench.ts`: throughput and memory of the spreadsheet reader
// (server/modules/registry/import-files), each beside its peer measured in the same run:
// - CSV, 1,000,000 rows x 18 columns: readSpreadsheetRows vs a bare csv-parse stream;
// - XLSX, 200,000 rows x 18 columns (shared strings, as Excel writes them): readSpreadsheetRows
//   vs the bare exceljs WorkbookReader loop (reading row.values, as any consumer must).
// Each measurement runs in its own child process so that peak RSS is not inherited from the
// previous one; memory is sampled every 100 ms ("heap growth" is peak heapUsed over the start,
// garbage included; "retained after GC" is what is still live at the end with the reader held,
// i.e. the XLSX shared strings, which the format keeps in a separate part). Files are generated in a temp dir and removed.
import { fork } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse'
import ExcelJS from 'exceljs'
import { readSpreadsheetRows } from '../server/modules/registry/import-files/index.ts'

const CSV_ROWS = 1_000_000
const XLSX_ROWS = 200_000
const HEADER = [
  'nib', 'nama_usaha', 'bentuk_usaha', 'nama_pemilik', 'nik_pemilik', 'telepon', 'email', 'alamat', 'provinsi',
  'kabupaten_kota', 'kecamatan', 'kbli', 'jumlah_tenaga_kerja', 'tenaga_kerja_perempuan', 'nilai_investasi',
  'omzet_tahunan', 'tahun_berdiri', 'sentra',
]

type Case = 'csv-reader' | 'csv-bare' | 'xlsx-reader' | 'xlsx-bare'
interface Result {
  rows: number
  seconds: number
  peakRss: number
  heapGrowth: number
  retainedHeap: number
}

// A deterministic, realistic row: text with commas (quoted in CSV), Indonesian numbers, accents.
function row(i: number): Array<string | number> {
  const names = ['Keripik Bu Sri', 'Batik Sekar Jaya', 'Tenun Ikat Ñusa', 'Gerabah Kasongan', 'Kopi Gayo Café']
  return [
    String(9_120_000_000_000 + i),
    `${names[i % names.length]} ${i}`,
    ['Perorangan', 'CV', 'PT', 'Koperasi'][i % 4],
    `Pemilik ${i % 9973}`,
    String(3_204_010_101_900_000 + i),
    `0812-${String(1000 + (i % 9000))}-${String(1000 + (i % 7919))}`,
    `usaha${i}@contoh.id`,
    `Jl. Merdeka No. ${i % 500}, RT 0${i % 9}/RW 0${i % 7}`,
    'Jawa Barat',
    'Kab. Bandung',
    'Soreang',
    String(10_000 + (i % 90_000)),
    i % 50,
    i % 20,
    `${(i % 900) + 100}.000.000`,
    `${(i % 90) + 10}.500.000,50`,
    1990 + (i % 35),
    i % 3 === 0 ? 'Sentra Keripik' : '',
  ]
}

const csvField = (v: string | number) => (typeof v === 'string' && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v))

async function writeCsv(file: string): Promise<void> {
  const out = fs.createWriteStream(file)
  let chunk = `${HEADER.join(',')}\n`
  for (let i = 0; i < CSV_ROWS; i++) {
    chunk += `${row(i).map(csvField).join(',')}\n`
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain')
      chunk = ''
    }
  }
  out.end(chunk)
  await once(out, 'finish')
}

async function writeXlsx(file: string): Promise<void> {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true })
  const sheet = writer.addWorksheet('Data')
  sheet.addRow(HEADER).commit()
  for (let i = 0; i < XLSX_ROWS; i++) sheet.addRow(row(i)).commit()
  sheet.commit()
  await writer.commit()
}

async function measure(kind: Case, file: string): Promise<Result> {
  global.gc?.()
  const baseHeap = process.memoryUsage().heapUsed
  let peakRss = process.memoryUsage().rss
  let peakHeap = baseHeap
  const timer = setInterval(() => {
    const m = process.memoryUsage()
    peakRss = Math.max(peakRss, m.rss)
    peakHeap = Math.max(peakHeap, m.heapUsed)
  }, 100)
  const started = performance.now()
  let rows = 0
  // Kept alive until after the final GC, so that what the reader holds (XLSX shared strings)
  // shows in the retained figure.
  let reader: unknown
  if (kind === 'csv-reader' || kind === 'xlsx-reader') {
    const ours = await readSpreadsheetRows(file)
    reader = ours
    for await (const r of ours.rows()) if (r.cells.length > 0) rows++
  } else if (kind === 'csv-bare') {
    const parser = fs.createReadStream(file, { highWaterMark: 256 * 1024 }).pipe(parse({ relax_column_count: true, from_line: 2 }))
    for await (const record of parser as AsyncIterable<string[]>) if (record.length > 0) rows++
  } else {
    const bare = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit' })
    reader = bare
    for await (const worksheet of bare) {
      for await (const r of worksheet) if ((r.values as unknown[]).length > 0 && r.number > 1) rows++
    }
  }
  const seconds = (performance.now() - started) / 1000
  clearInterval(timer)
  const m = process.memoryUsage()
  global.gc?.()
  const retainedHeap = process.memoryUsage().heapUsed - baseHeap
  if (reader === null) console.log('unreachable') // keeps `reader` alive up to here
  return { rows, seconds, peakRss: Math.max(peakRss, m.rss), heapGrowth: Math.max(peakHeap, m.heapUsed) - baseHeap, retainedHeap }
}

function runChild(kind: Case, file: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--measure', kind, file], { execArgv: [...process.execArgv, '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    child.once('message', (m) => resolve(m as Result))
    child.once('error', reject)
    child.once('exit', (code) => code !== 0 && reject(new Error(`${kind} exited with ${code}`)))
  })
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`

if (process.argv[2] === '--measure') {
  const result = await measure(process.argv[3] as Case, process.argv[4])
  process.send!(result, () => process.exit(0))
} else {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulih-import-bench-'))
  try {
    const csv = path.join(dir, 'firms.csv')
    const xlsx = path.join(dir, 'firms.xlsx')
    let t = performance.now()
    await writeCsv(csv)
    console.log(`generated ${csv}: ${CSV_ROWS.toLocaleString('en')} rows, ${mb(fs.statSync(csv).size)} in ${((performance.now() - t) / 1000).toFixed(1)} s`)
    t = performance.now()
    await writeXlsx(xlsx)
    console.log(`generated ${xlsx}: ${XLSX_ROWS.toLocaleString('en')} rows, ${mb(fs.statSync(xlsx).size)} in ${((performance.now() - t) / 1000).toFixed(1)} s`)

    const table: Array<Record<string, string | number>> = []
    for (const [kind, file, label] of [
      ['csv-reader', csv, 'CSV  readSpreadsheetRows'],
      ['csv-bare', csv, 'CSV  bare csv-parse (peer)'],
      ['xlsx-reader', xlsx, 'XLSX readSpreadsheetRows'],
      ['xlsx-bare', xlsx, 'XLSX bare exceljs WorkbookReader (peer)'],
    ] as const) {
      const r = await runChild(kind, file)
      table.push({
        case: label,
        rows: r.rows,
        seconds: Number(r.seconds.toFixed(1)),
        'rows/s': Math.round(r.rows / r.seconds),
        'peak RSS': mb(r.peakRss),
        'heap growth': mb(r.heapGrowth),
        'retained after GC': mb(r.retainedHeap),
      })
    }
    console.log(`\nNode ${process.version}, ${os.cpus().length} cores; each case in its own process, memory sampled every 100 ms`)
    console.table(table)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
