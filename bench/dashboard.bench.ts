// `npx tsx bench/dashboard.bench.ts [firms]`: the national dashboard at national scale (default
// 4,400,000 firms, each with a response in the round viewed, plus a 100,000-response earlier round
// for the change between rounds), generated in SQL.
// - View latency: the dashboard service (summary, by province, by regency when a province is
//   chosen, the previous round) reading the rollups, for several filters, beside the peer measured
//   in the same run: the plain GROUP BY over the base tables for the same national figures.
// - Freshness: how long the applier takes to fold 1,000 just-revised responses into the rollups.
// The registry's name search indexes (trigram GiST, full text) are dropped before loading: they
// are not read here and would only slow the load.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import crypto from 'node:crypto'
import pg from 'pg'
import { sql } from 'kysely'
import { loadConfig } from '../server/config.ts'
import { openRuntime } from '../server/runtime.ts'
import { applyAllRollupEvents, dashboard, rebuildRollups } from '../server/modules/assessment/index.ts'
import type { Actor } from '../server/platform/access/roles.ts'
import { latency } from './support.ts'

const firms = Number(process.argv[2] ?? 4_400_000)
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulih-dashboard-bench-'))
const runtime = await openRuntime({ ...loadConfig({ PULIH_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }) })
const { db } = runtime
const owner = new pg.Client({ connectionString: runtime.server.url })
await owner.connect()
const step = async (label: string, fn: () => Promise<unknown>) => {
  const t0 = performance.now()
  await fn()
  const seconds = (performance.now() - t0) / 1000
  process.stderr.write(`  ${label}: ${seconds.toFixed(1)} s\n`)
  return seconds
}

const april = crypto.randomUUID()
const july = crypto.randomUUID()
const load = await step(`load ${firms.toLocaleString('en')} firms and responses`, async () => {
  await owner.query('DROP INDEX firms_name_trgm_idx, firms_regency_name_trgm_idx, firms_search_idx')
  // Bulk load without the per-row triggers (duplicate queue, rollup events); the rollups are rebuilt from the base tables below.
  await owner.query("SET session_replication_role = 'replica'")
  await owner.query(`
    INSERT INTO firms (name, legal_form, province_code, regency_code, kbli_main, workers_total, investment_idr, source)
    SELECT 'IKM ' || g, 'perorangan', r.province_code, r.code,
      (ARRAY['10794','13134','16291','31001','25111','14111','15201','22220','10750','32909'])[1 + (g * 7) % 10],
      1 + (g * 13) % 45, ((g * 31) % 40) * 50000000, 'import'
    FROM generate_series(1, ${firms}) g
    JOIN (SELECT code, province_code, row_number() OVER (ORDER BY code) - 1 AS i FROM regencies) r ON r.i = g % 514`)
  await owner.query(`INSERT INTO survey_rounds (id, name, reference_month, opens_on, closes_on) VALUES
    ('${april}', 'April 2020', '2020-04-01', '2020-05-01', '2020-06-30'), ('${july}', 'Juli 2020', '2020-07-01', '2020-08-01', '2020-09-30')`)
  // Sales drops clustered around 50–70 %, 17 % of firms with workers sent home unpaid, as 2020 surveys reported.
  const responses = (round: string, every: number) => `
    INSERT INTO survey_responses (round_id, firm_id, mode, province_code, regency_code, kbli_division, size_class,
      baseline_turnover_idr, reference_turnover_idr, workers_before, workers_working, sent_home_paid, sent_home_partly_paid,
      sent_home_unpaid, laid_off, needs, has_material_shortfall, has_export_held)
    SELECT '${round}', f.id, 'import', f.province_code, f.regency_code, substr(f.kbli_main, 1, 2), coalesce(f.size_class, 'unknown'),
      b, (b * (20 + h % 95) / 100), f.workers_total, f.workers_total - least(f.workers_total, h % 4) - CASE WHEN h % 100 < 17 THEN least(f.workers_total - least(f.workers_total, h % 4), 1) ELSE 0 END,
      least(f.workers_total, h % 4), 0, CASE WHEN h % 100 < 17 THEN least(f.workers_total - least(f.workers_total, h % 4), 1) ELSE 0 END, 0,
      CASE h % 3 WHEN 0 THEN ARRAY['financing','marketing'] WHEN 1 THEN ARRAY['marketing','raw_materials'] ELSE ARRAY['raw_materials','financing','export'] END,
      h % 10 < 3, h % 20 = 0
    FROM (SELECT f.*, abs(hashtext(f.id::text)) AS h, (1 + abs(hashtext(f.id::text || 'b')) % 200) * 1000000::bigint AS b FROM firms f) f
    WHERE f.h % ${every} = 0`
  await owner.query(responses(july, 1))
  await owner.query(responses(april, 44))
  await owner.query(`
    INSERT INTO survey_response_materials (response_id, seq, material, unit, needed_per_month, obtained, cause)
    SELECT id, 1, (ARRAY['Kain mori','Benang katun','Kayu jati','Tepung terigu','Kulit sapi'])[1 + abs(hashtext(id::text)) % 5], 'kg', 1000, abs(hashtext(id::text)) % 900, 'price'
    FROM survey_responses WHERE has_material_shortfall`)
  await owner.query(`
    INSERT INTO survey_response_exports (response_id, seq, contracts, currency, value, destination_countries, goods_produced)
    SELECT id, 1, 1 + abs(hashtext(id::text)) % 3, 'USD', 1000 * (1 + abs(hashtext(id::text)) % 50),
      ARRAY[(ARRAY['JP','US','NL','SG','AU'])[1 + abs(hashtext(id::text)) % 5]], true
    FROM survey_responses WHERE has_export_held`)
  await owner.query("SET session_replication_role = 'origin'")
  await owner.query('ANALYZE')
})
const rebuild = await step('build the rollups from the base tables', () => rebuildRollups(db))

const officer: Actor = {
  userId: '00000000-0000-0000-0000-000000000001', name: 'bench', email: 'bench@pulih', role: 'officer',
  organisationId: '00000000-0000-0000-0000-000000000002', organisationKind: 'ministry',
  provinceCode: null, regencyCode: null, countries: [], via: 'session',
}
const regional: Actor = { ...officer, role: 'regional_officer', organisationKind: 'regional_office', provinceCode: '32' }


// The peer: the national view's figures straight from the base tables.
const plainGroupBy = async () => {
  await sql`
    SELECT count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY sales_change_tenths), avg(sales_change_tenths),
      count(*) FILTER (WHERE sales_change_tenths <= -500), sum(workers_before), sum(workers_working),
      sum(sent_home_paid + sent_home_partly_paid + sent_home_unpaid), sum(laid_off)
    FROM survey_responses WHERE round_id = ${july}
  `.execute(db)
  await sql`
    SELECT province_code, count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY sales_change_tenths), sum(sent_home_paid + sent_home_partly_paid + sent_home_unpaid)
    FROM survey_responses WHERE round_id = ${july} GROUP BY province_code
  `.execute(db)
}

const rows = [
  await latency('peer: plain GROUP BY over the base tables (national summary + by province)', 3, plainGroupBy),
  await latency('dashboard: national', 30, () => dashboard(db, officer, july, {})),
  await latency('dashboard: province 32 (with its regencies)', 30, () => dashboard(db, officer, july, { provinceCode: '32' })),
  await latency('dashboard: regency 35.15', 30, () => dashboard(db, officer, july, { regencyCode: '35.15' })),
  await latency('dashboard: KBLI 13, small firms', 30, () => dashboard(db, officer, july, { kbliDivision: '13', sizeClass: 'small' })),
  await latency('dashboard: regional officer (province 32)', 30, () => dashboard(db, regional, july, {})),
]

// Freshness: revise 1,000 responses the way the service does (an UPDATE each; triggers write events), then apply.
await sql`
  UPDATE survey_responses SET reference_turnover_idr = reference_turnover_idr + 1000, version = version + 1
  WHERE id IN (SELECT id FROM survey_responses WHERE round_id = ${july} ORDER BY id LIMIT 1000)
`.execute(db)
const t0 = performance.now()
const applied = await applyAllRollupEvents(db)
const freshMs = performance.now() - t0

const responses = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM survey_responses WHERE round_id = ${july}`.execute(db)).rows[0].n)
console.log(`\nNational dashboard over ${firms.toLocaleString('en')} firms and ${responses.toLocaleString('en')} responses in the round viewed (${os.cpus().length} cores)`)
console.log(`load ${load.toFixed(0)} s; rollups built from the base tables in ${rebuild.toFixed(0)} s\n`)
console.log('| view | p50 ms | p95 ms | max ms |')
console.log('|---|---:|---:|---:|')
for (const row of rows) console.log(`| ${row.label} | ${row.p50} | ${row.p95} | ${row.max} |`)
console.log(`\nfreshness: ${applied.toLocaleString('en')} events from 1,000 revised responses applied in ${freshMs.toFixed(0)} ms`)

await owner.end()
await runtime.close()
fs.rmSync(dataDir, { recursive: true, force: true })
