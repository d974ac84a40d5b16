// `npx tsx bench/registry-search.bench.ts [firms]`: latency of the registry's firm search over a
// national-scale registry (default 1,000,000 firms generated in SQL), through the same service
// the API uses, beside the peer measured in the same run: a primary-key lookup of one firm.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { loadConfig } from '../server/config.ts'
import { openRuntime } from '../server/runtime.ts'
import { listFirms } from '../server/modules/registry/index.ts'
import type { Actor } from '../server/platform/access/roles.ts'
import { latency } from './support.ts'

const count = Number(process.argv[2] ?? 1_000_000)
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulih-search-bench-'))
const runtime = await openRuntime({ ...loadConfig({ PULIH_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }) })
const { db } = runtime

const started = performance.now()
// Names like "UD Keripik Singkong Makmur 123": words a search would meet, in many combinations.
await sql`
  INSERT INTO firms (name, legal_form, province_code, regency_code, kbli_main, workers_total, investment_idr, source)
  SELECT
    (ARRAY['UD','CV','PT','Koperasi',''])[1 + g % 5] || ' ' ||
    (ARRAY['Keripik','Batik','Tenun','Mebel','Kopi','Anyaman','Konveksi','Gerabah','Dodol','Sepatu','Roti','Sambal'])[1 + (g / 5) % 12] || ' ' ||
    (ARRAY['Singkong','Tulis','Ikat','Jati','Arabika','Bambu','Muslim','Hias','Garut','Kulit','Manis','Pedas'])[1 + (g / 60) % 12] || ' ' ||
    (ARRAY['Makmur','Jaya','Sejahtera','Berkah','Mandiri','Abadi','Lestari','Sentosa'])[1 + (g / 720) % 8] || ' ' || (g % 997),
    'perorangan', r.province_code, r.code, '10794', 1 + g % 50, (g % 40) * 50000000, 'import'
  FROM generate_series(1, ${count}) AS g
  JOIN LATERAL (SELECT code, province_code FROM regencies ORDER BY code OFFSET (g % 514) LIMIT 1) r ON true
`.execute(db)
await sql`ANALYZE firms`.execute(db)
const loadSeconds = (performance.now() - started) / 1000

const officer: Actor = {
  userId: '00000000-0000-0000-0000-000000000001', name: 'bench', email: 'bench@pulih', role: 'officer',
  organisationId: '00000000-0000-0000-0000-000000000002', organisationKind: 'ministry',
  provinceCode: null, regencyCode: null, countries: [], via: 'session',
}
const regional: Actor = { ...officer, role: 'regional_officer', organisationKind: 'regional_office', provinceCode: '33' }
const anyId = (await db.selectFrom('firms').select('id').limit(1).offset(Math.floor(count / 2)).executeTakeFirstOrThrow()).id


const rows = [
  await latency('peer: primary-key lookup of one firm', 200, () => db.selectFrom('firms').selectAll().where('id', '=', anyId).execute()),
  await latency('first page, name order (50)', 50, () => listFirms(db, officer, { limit: 50 })),
  await latency('words: "keripik singkong"', 30, () => listFirms(db, officer, { q: 'keripik singkong', limit: 50 })),
  await latency('typo: "kripik singkong makmr"', 30, () => listFirms(db, officer, { q: 'kripik singkong makmr', limit: 50 })),
  await latency('filters: province 33, size small', 30, () => listFirms(db, officer, { province: '33', sizeClass: 'small', limit: 50 })),
  await latency('regional officer, own province', 30, () => listFirms(db, regional, { limit: 50 })),
]
const page2 = await listFirms(db, officer, { limit: 50 })
rows.push(await latency('next page by cursor', 50, () => listFirms(db, officer, { limit: 50, cursor: page2.nextCursor! })))

console.log(`\nRegistry search over ${count.toLocaleString('en')} firms (generated and indexed in ${loadSeconds.toFixed(1)} s; ${os.cpus().length} cores)\n`)
console.log('| query | p50 ms | p95 ms | max ms |')
console.log('|---|---:|---:|---:|')
for (const row of rows) console.log(`| ${row.label} | ${row.p50} | ${row.p95} | ${row.max} |`)

await runtime.close()
fs.rmSync(dataDir, { recursive: true, force: true })
