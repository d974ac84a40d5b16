// `npx tsx bench/duplicates.bench.ts [spreadFirms] [lookalikeFirms]`: the duplicate finder.
// - Background checking: firms/s through the queue (duplicates.scan.ts) for a registry spread over
//   all 514 regencies (default 50,000 firms) and for the worst case, one regency full of
//   look-alike names from a small vocabulary (default 8,000 firms).
// - The duplicates page: latency of reading the stored pairs through the service the API uses,
//   beside the peer measured in the same run: finding the look-alike regency's best pairs at view
//   time (each firm's nearest names by KNN), which is what the page would cost without the queue.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { loadConfig } from '../server/config.ts'
import { openRuntime } from '../server/runtime.ts'
import { drainDuplicateQueue } from '../server/modules/registry/index.ts'
import { findDuplicateCandidates } from '../server/modules/registry/duplicates/duplicates.service.ts'
import type { Actor } from '../server/platform/access/roles.ts'
import { latency } from './support.ts'

const spread = Number(process.argv[2] ?? 50_000)
const lookalike = Number(process.argv[3] ?? 8_000)
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulih-duplicates-bench-'))
const runtime = await openRuntime({ ...loadConfig({ PULIH_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }) })
const { db } = runtime

// Spread: names like "UD Keripik Singkong Makmur 123" over every regency.
await sql`
  INSERT INTO firms (name, legal_form, province_code, regency_code, kbli_main, source)
  SELECT
    (ARRAY['UD','CV','PT','Koperasi',''])[1 + g % 5] || ' ' ||
    (ARRAY['Keripik','Batik','Tenun','Mebel','Kopi','Anyaman','Konveksi','Gerabah','Dodol','Sepatu','Roti','Sambal'])[1 + (g / 5) % 12] || ' ' ||
    (ARRAY['Singkong','Tulis','Ikat','Jati','Arabika','Bambu','Muslim','Hias','Garut','Kulit','Manis','Pedas'])[1 + (g / 60) % 12] || ' ' ||
    (ARRAY['Makmur','Jaya','Sejahtera','Berkah','Mandiri','Abadi','Lestari','Sentosa'])[1 + (g / 720) % 8] || ' ' || (g % 997),
    'perorangan', r.province_code, r.code, '10794', 'import'
  FROM generate_series(1, ${spread}) AS g
  JOIN LATERAL (SELECT code, province_code FROM regencies ORDER BY code OFFSET (g % 514) LIMIT 1) r ON true
`.execute(db)
await sql`ANALYZE firms`.execute(db)

async function timedDrain() {
  const queued = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM firm_duplicate_queue`.execute(db)).rows[0].n)
  const t0 = performance.now()
  const { checked } = await drainDuplicateQueue(db)
  const seconds = (performance.now() - t0) / 1000
  return { queued, checked, seconds, perSecond: checked / seconds }
}
const spreadRun = await timedDrain()

// Worst case: one regency (Kab. Bandung) of names from a 6 × 8 × 8 vocabulary, so every name
// shares most of its trigrams with hundreds of others.
await sql`
  INSERT INTO firms (name, legal_form, province_code, regency_code, kbli_main, source)
  SELECT
    (ARRAY['CV','UD','PT','Koperasi','Usaha','Toko'])[1 + g % 6] || ' ' ||
    (ARRAY['Batik','Tenun','Bordir','Konveksi','Rajut','Sulam','Songket','Jumputan'])[1 + (g / 6) % 8] || ' ' ||
    (ARRAY['Sekar','Arum','Sari','Mekar','Indah','Jaya','Lestari','Asri'])[1 + (g / 48) % 8] || ' ' || (g % 401),
    'perorangan', '32', '32.04', '13134', 'import'
  FROM generate_series(1, ${lookalike}) AS g
`.execute(db)
await sql`ANALYZE firms`.execute(db)
const lookalikeRun = await timedDrain()

const officer: Actor = {
  userId: '00000000-0000-0000-0000-000000000001', name: 'bench', email: 'bench@pulih', role: 'officer',
  organisationId: '00000000-0000-0000-0000-000000000002', organisationKind: 'ministry',
  provinceCode: null, regencyCode: null, countries: [], via: 'session',
}
const regional: Actor = { ...officer, role: 'regional_officer', organisationKind: 'regional_office', provinceCode: '32' }


// The peer: the look-alike regency's 50 best name pairs computed at view time, as before the queue.
const liveTop50 = () =>
  sql`
    SELECT DISTINCT LEAST(a.id, m.id) AS a_id, GREATEST(a.id, m.id) AS b_id, m.sim
    FROM firms a
    CROSS JOIN LATERAL (
      SELECT b.id, similarity(a.name, b.name) AS sim FROM firms b
      WHERE b.merged_into IS NULL AND b.regency_code = a.regency_code AND b.id <> a.id
      ORDER BY b.name <-> a.name LIMIT 5
    ) m
    WHERE a.merged_into IS NULL AND a.regency_code = '32.04' AND m.sim >= 0.6
    ORDER BY m.sim DESC LIMIT 50
  `.execute(db)

const rows = [
  await latency('peer: best 50 pairs of the look-alike regency computed at view time', 3, liveTop50),
  await latency('page: best 50 stored pairs, national', 30, () => findDuplicateCandidates(db, officer, { limit: 50 })),
  await latency('page: best 50 stored pairs, regency 32.04', 30, () => findDuplicateCandidates(db, officer, { regencyCode: '32.04', limit: 50 })),
  await latency('page: regional officer of province 32', 30, () => findDuplicateCandidates(db, regional, { limit: 50 })),
]
const stored = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM firm_duplicate_candidates`.execute(db)).rows[0].n)

console.log(`\nDuplicate finder (${os.cpus().length} cores); ${stored.toLocaleString('en')} candidate pairs stored\n`)
console.log('| background check | firms | seconds | firms/s |')
console.log('|---|---:|---:|---:|')
for (const [label, run] of [[`spread over 514 regencies`, spreadRun], [`one regency of look-alike names`, lookalikeRun]] as const) {
  console.log(`| ${label} | ${run.checked.toLocaleString('en')} | ${run.seconds.toFixed(1)} | ${Math.round(run.perSecond).toLocaleString('en')} |`)
}
console.log('\n| duplicates page | p50 ms | p95 ms | max ms |')
console.log('|---|---:|---:|---:|')
for (const row of rows) console.log(`| ${row.label} | ${row.p50} | ${row.p95} | ${row.max} |`)

await runtime.close()
fs.rmSync(dataDir, { recursive: true, force: true })
