// `npx tsx bench/import-firms.bench.ts [ROWS]`: bulk import of a generated CSV of realistic
// firms (default 1,000,000 rows) into a fresh embedded database, reporting rows/s and the peak
// memory of the importing process, next to the limit measured in the same run: a plain
// PostgreSQL COPY of the same file into an unindexed table of text columns (no validation,
// no encryption, no matching, no indexes, no audit).
// Bounded: the file is generated once; each side reads it once. On 2 cores a million rows took
// about 5 minutes (3,300 rows/s) with the Node process's memory flat near 300 MB.

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { loadConfig } from '../server/config.ts'
import { openRuntime } from '../server/runtime.ts'
import { cliContext } from '../server/platform/audit/audit.service.ts'
import { importFirms, summaryLine } from '../server/modules/registry/imports/imports.service.ts'

const DEFAULT_ROWS = 1_000_000
const rows = Number(process.argv[2] ?? DEFAULT_ROWS)
if (!Number.isSafeInteger(rows) || rows < 1) throw new Error('usage: tsx bench/import-firms.bench.ts [ROWS]')

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulih-bench-import-'))
const file = path.join(dataDir, 'firms.csv')

// Deterministic pseudo-random numbers, so every run imports the same file.
let seed = 42
const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]

const TRADES = ['Batik', 'Tenun', 'Keripik', 'Kopi', 'Konveksi', 'Sepatu', 'Anyaman', 'Mebel', 'Gerabah', 'Sambal', 'Dodol', 'Kerajinan Kulit', 'Bordir', 'Roti', 'Tahu']
const WORDS = ['Maju', 'Jaya', 'Sekar', 'Lestari', 'Makmur', 'Sentosa', 'Abadi', 'Berkah', 'Mandiri', 'Sejahtera', 'Indah', 'Baru', 'Mulya', 'Rahayu']
const FIRST = ['Siti', 'Budi', 'Ani', 'Dedi', 'Rina', 'Agus', 'Wati', 'Asep', 'Yanti', 'Joko', 'Sri', 'Eko']
const LAST = ['Rahmawati', 'Santoso', 'Hidayat', 'Susanti', 'Saputra', 'Lestari', 'Wibowo', 'Kurniawan']
const FORMS = ['CV', 'UD', 'Perorangan', 'PT', '', 'Koperasi']
const KBLI = ['13134', '10792', '14111', '15201', '16291', '23932', '10710', '31001']

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

async function generate(regencies: Array<{ code: string; name: string; province: string }>) {
  const out = fs.createWriteStream(file)
  const write = (line: string) => (out.write(line) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())))
  await write('nib,nama_usaha,bentuk_usaha,nama_pemilik,nik_pemilik,telepon,email,alamat,provinsi,kabupaten_kota,kecamatan,kbli,jumlah_tenaga_kerja,tenaga_kerja_perempuan,nilai_investasi,omzet_tahunan,tahun_berdiri,sentra\n')
  for (let i = 0; i < rows; i++) {
    const regency = pick(regencies)
    const digits = regency.code.replace('.', '')
    const day = 1 + Math.floor(random() * 28) + (random() < 0.5 ? 40 : 0)
    const nik = `${digits}01${String(day).padStart(2, '0')}${String(1 + Math.floor(random() * 12)).padStart(2, '0')}${String(60 + Math.floor(random() * 40))}${String(1 + (i % 9999)).padStart(4, '0')}`
    const workers = 1 + Math.floor(random() * 40)
    const owner = `${pick(FIRST)} ${pick(LAST)}`
    const cells = [
      random() < 0.6 ? String(9_120_000_000_000 + i) : '',
      `${pick(TRADES)} ${pick(WORDS)} ${pick(WORDS)} ${i}`,
      pick(FORMS),
      owner,
      random() < 0.8 ? nik : '',
      random() < 0.5 ? `0812-${String(1000 + (i % 9000))}-${String(1000 + ((i * 7) % 9000))}` : `+62 813 ${String(1000 + (i % 9000))} ${String(1000 + ((i * 3) % 9000))}`,
      random() < 0.3 ? `ikm${i}@contoh.id` : '',
      `Jl. ${pick(WORDS)} No. ${1 + (i % 200)}`,
      random() < 0.5 ? regency.province : regency.province.toUpperCase(),
      random() < 0.5 ? regency.code : regency.name,
      '',
      pick(KBLI),
      String(workers),
      String(Math.floor(workers * random())),
      `Rp ${(Math.floor(random() * 900) + 10).toLocaleString('id-ID')}.000.000`,
      `${(Math.floor(random() * 5000) + 50).toLocaleString('id-ID')}.000.000`,
      random() < 0.5 ? String(1980 + Math.floor(random() * 44)) : `${String(1 + Math.floor(random() * 28)).padStart(2, '0')}/06/${1980 + Math.floor(random() * 44)}`,
      '',
    ]
    await write(cells.map(csvCell).join(',') + '\n')
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())))
}

const config = { ...loadConfig({ PULIH_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }) }
const runtime = await openRuntime(config)
// Java-heavy like the registry itself: every regency, names as the reference tables spell them.
const regencies = (
  await runtime.db
    .selectFrom('regencies as r')
    .innerJoin('provinces as p', 'p.code', 'r.province_code')
    .select(['r.code', 'r.name', 'p.name as province'])
    .execute()
).flatMap((r) => (['31', '32', '33', '34', '35', '36'].includes(r.code.slice(0, 2)) ? [r, r, r] : [r]))

const generateStarted = performance.now()
await generate(regencies)
const fileBytes = fs.statSync(file).size
console.log(`generated ${rows.toLocaleString('en')} rows (${(fileBytes / 1024 / 1024).toFixed(0)} MB) in ${((performance.now() - generateStarted) / 1000).toFixed(1)} s`)

// Peak memory of this process while importing, sampled (maxRSS would include generation).
let peakRss = process.memoryUsage().rss
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100)
const importStarted = performance.now()
let lastReport = 0
const result = await importFirms(runtime, 'system', cliContext(), {
  path: file,
  fileName: 'firms.csv',
  // As the CLI does: a file on disk has no upload limit.
  maxBytes: Number.POSITIVE_INFINITY,
  onProgress: (p) => {
    if (p.processedRows - lastReport >= 100_000) {
      lastReport = p.processedRows
      process.stderr.write(`  ${p.processedRows.toLocaleString('en')} rows, ${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB RSS\n`)
    }
  },
})
const importSeconds = (performance.now() - importStarted) / 1000
clearInterval(sampler)
if (result.status !== 'done') throw new Error(`import failed: ${JSON.stringify(result.error)}`)

// The limit: COPY of the same file by the server itself into an unindexed table of text columns.
const owner = new pg.Client({ connectionString: runtime.server.url })
await owner.connect()
const columns = ['nib', 'nama_usaha', 'bentuk_usaha', 'nama_pemilik', 'nik_pemilik', 'telepon', 'email', 'alamat', 'provinsi', 'kabupaten_kota', 'kecamatan', 'kbli', 'jumlah_tenaga_kerja', 'tenaga_kerja_perempuan', 'nilai_investasi', 'omzet_tahunan', 'tahun_berdiri', 'sentra']
await owner.query(`CREATE TABLE bench_copy (${columns.map((c) => `${c} text`).join(', ')})`)
const copyStarted = performance.now()
await owner.query(`COPY bench_copy FROM '${file}' WITH (FORMAT csv, HEADER true)`)
const copySeconds = (performance.now() - copyStarted) / 1000
const copied = Number((await owner.query('SELECT count(*) AS n FROM bench_copy')).rows[0].n)
await owner.end()

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`
console.log(`\nPulih firm import benchmark (${os.cpus().length} cores, Node ${process.version}, ${rows.toLocaleString('en')} rows, ${mb(fileBytes)} CSV)\n`)
console.log('| measurement | rows | seconds | rows/s | peak RSS (Node) |')
console.log('|---|---:|---:|---:|---:|')
console.log(`| pulih import firms (validate, match, encrypt, upsert, audit) | ${result.totalRows} | ${importSeconds.toFixed(1)} | ${Math.round(rows / importSeconds)} | ${mb(peakRss)} |`)
console.log(`| limit: PostgreSQL COPY into an unindexed text table | ${copied} | ${copySeconds.toFixed(1)} | ${Math.round(copied / copySeconds)} | - (server side) |`)
console.log(`\nimport summary: ${summaryLine(result.summary)}`)
console.log(`import is ${(importSeconds / copySeconds).toFixed(1)}x the time of a bare COPY`)

await runtime.close()
fs.rmSync(dataDir, { recursive: true, force: true })

