// The dashboard's rollups (see migration 202611281600_assessment.sql): triggers write one event
// per changed response, child row or registry firm in the writer's transaction; the applier here
// folds pending events into every rollup group they belong to and deletes them, in one
// transaction, so each event counts exactly once. A single applier runs at a time (advisory
// lock); its snapshot is REPEATABLE READ so every statement sees the same events.
import { sql, type RawBuilder } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { Executor } from '../../platform/audit/audit.repository.ts'

/** The round id under which registry firms are counted (the response rate's denominator). */
export const REGISTRY_ROUND = '00000000-0000-0000-0000-000000000000'

const APPLIER_LOCK = 4_402_020 // any constant shared by all appliers

/** The 12 groups a row counts in: area (all/province/regency) × division (all/one) × size (all/one). */
const GROUPS = sql`CROSS JOIN LATERAL (VALUES
  ('', '', '', ''), ('', '', f.kbli_division, ''), ('', '', '', f.size_class), ('', '', f.kbli_division, f.size_class),
  (f.province_code, '', '', ''), (f.province_code, '', f.kbli_division, ''), (f.province_code, '', '', f.size_class),
  (f.province_code, '', f.kbli_division, f.size_class),
  (f.province_code, f.regency_code, '', ''), (f.province_code, f.regency_code, f.kbli_division, ''),
  (f.province_code, f.regency_code, '', f.size_class), (f.province_code, f.regency_code, f.kbli_division, f.size_class)
) g(province_code, regency_code, kbli_division, size_class)`

const FINE = sql`round_id, province_code, regency_code, kbli_division, size_class`
const KEY = sql`f.round_id, g.province_code, g.regency_code, g.kbli_division, g.size_class`
const KEY_COLUMNS = sql`round_id, province_code, regency_code, kbli_division, size_class`

/**
 * What is folded in: signed rows in three shapes. Pending events and the base tables (for a
 * rebuild) both provide them, so one set of statements defines every figure.
 * - responses: round_id, sign, kind ('response' | 'firm'), the group columns, sales_change_tenths,
 *   the worker counts, has_material_shortfall, has_export_held, needs (text[], ranked);
 * - materials: round_id, sign, the group columns, material_key, unit_key, needed, obtained;
 * - exports: round_id, sign, the group columns, destination_countries (text[]), currency, contracts, value.
 */
interface Sources {
  responses: RawBuilder<unknown>
  materials: RawBuilder<unknown>
  exports: RawBuilder<unknown>
}


const eventSources = (maxId: string): Sources => {
  const events = (kinds: string[]) => sql`FROM assessment_rollup_events e WHERE e.id <= ${maxId} AND e.kind IN (${sql.join(kinds)})`
  const int = (field: string) => sql`(e.data ->> ${field})::bigint`
  return {
    responses: sql`SELECT e.round_id, e.sign, e.kind, e.province_code, e.regency_code, e.kbli_division, e.size_class,
        (e.data ->> 'sales_change_tenths')::int AS sales_change_tenths,
        ${int('workers_before')} AS workers_before, ${int('workers_working')} AS workers_working,
        ${int('sent_home_paid')} AS sent_home_paid, ${int('sent_home_partly_paid')} AS sent_home_partly_paid,
        ${int('sent_home_unpaid')} AS sent_home_unpaid, ${int('laid_off')} AS laid_off,
        (e.data ->> 'has_material_shortfall')::boolean AS has_material_shortfall, (e.data ->> 'has_export_held')::boolean AS has_export_held,
        ARRAY(SELECT jsonb_array_elements_text(coalesce(e.data -> 'needs', '[]'))) AS needs
      ${events(['response', 'firm'])}`,
    materials: sql`SELECT e.round_id, e.sign, e.province_code, e.regency_code, e.kbli_division, e.size_class,
        e.data ->> 'material_key' AS material_key, lower(btrim(e.data ->> 'unit')) AS unit_key,
        (e.data ->> 'needed_per_month')::numeric AS needed, (e.data ->> 'obtained')::numeric AS obtained
      ${events(['material'])}`,
    exports: sql`SELECT e.round_id, e.sign, e.province_code, e.regency_code, e.kbli_division, e.size_class,
        ARRAY(SELECT jsonb_array_elements_text(e.data -> 'destination_countries')) AS destination_countries,
        e.data ->> 'currency' AS currency, (e.data ->> 'contracts')::bigint AS contracts, (e.data ->> 'value')::numeric AS value
      ${events(['export'])}`,
  }
}

const baseSources: Sources = {
  responses: sql`SELECT r.round_id, 1 AS sign, 'response' AS kind, r.province_code, r.regency_code, r.kbli_division, r.size_class,
        r.sales_change_tenths, r.workers_before::bigint, r.workers_working::bigint, r.sent_home_paid::bigint, r.sent_home_partly_paid::bigint,
        r.sent_home_unpaid::bigint, r.laid_off::bigint, r.has_material_shortfall, r.has_export_held, r.needs
      FROM survey_responses r
      UNION ALL
      SELECT ${REGISTRY_ROUND}::uuid, 1, 'firm', f.province_code, f.regency_code, coalesce(substr(f.kbli_main, 1, 2), '--'), coalesce(f.size_class, 'unknown'),
        NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '{}'
      FROM firms f WHERE f.merged_into IS NULL`,
  materials: sql`SELECT r.round_id, 1 AS sign, r.province_code, r.regency_code, r.kbli_division, r.size_class,
        m.material_key, lower(btrim(m.unit)) AS unit_key, m.needed_per_month AS needed, m.obtained
      FROM survey_response_materials m JOIN survey_responses r ON r.id = m.response_id`,
  exports: sql`SELECT r.round_id, 1 AS sign, r.province_code, r.regency_code, r.kbli_division, r.size_class,
        x.destination_countries, x.currency, x.contracts::bigint, x.value
      FROM survey_response_exports x JOIN survey_responses r ON r.id = x.response_id`,
}

/**
 * Folds signed rows into every rollup. Each statement first adds them up per finest group
 * (round × regency × division × size, a few tens of thousands at most), then spreads those sums
 * over the 12 groups they belong to: one pass over the rows whatever their number.
 */
async function fold(trx: Executor, src: Sources): Promise<void> {
  await sql`
    WITH fine AS (
      SELECT ${FINE},
        sum(sign) AS firms,
        sum(sign * (sales_change_tenths IS NOT NULL)::int) AS firms_with_baseline,
        sum(sign * coalesce(sales_change_tenths, 0)) AS sales_change_tenths_sum,
        sum(sign * coalesce(sales_change_tenths <= -500, false)::int) AS firms_drop_50,
        sum(sign * coalesce(workers_before, 0)) AS workers_before,
        sum(sign * coalesce(workers_working, 0)) AS workers_working,
        sum(sign * coalesce(sent_home_paid, 0)) AS sent_home_paid,
        sum(sign * coalesce(sent_home_partly_paid, 0)) AS sent_home_partly_paid,
        sum(sign * coalesce(sent_home_unpaid, 0)) AS sent_home_unpaid,
        sum(sign * coalesce(laid_off, 0)) AS laid_off,
        sum(sign * coalesce(sent_home_paid + sent_home_partly_paid + sent_home_unpaid > 0, false)::int) AS firms_sent_home,
        sum(sign * coalesce(sent_home_unpaid > 0, false)::int) AS firms_sent_home_unpaid,
        sum(sign * coalesce(laid_off > 0, false)::int) AS firms_laid_off,
        sum(sign * coalesce(has_material_shortfall, false)::int) AS firms_material_shortfall,
        sum(sign * coalesce(has_export_held, false)::int) AS firms_export_held
      FROM (${src.responses}) s
      GROUP BY ${FINE}
    )
    INSERT INTO assessment_rollup_totals (${KEY_COLUMNS}, firms, firms_with_baseline, sales_change_tenths_sum, firms_drop_50,
      workers_before, workers_working, sent_home_paid, sent_home_partly_paid, sent_home_unpaid, laid_off,
      firms_sent_home, firms_sent_home_unpaid, firms_laid_off, firms_material_shortfall, firms_export_held)
    SELECT ${KEY}, sum(f.firms), sum(f.firms_with_baseline), sum(f.sales_change_tenths_sum), sum(f.firms_drop_50),
      sum(f.workers_before), sum(f.workers_working), sum(f.sent_home_paid), sum(f.sent_home_partly_paid), sum(f.sent_home_unpaid),
      sum(f.laid_off), sum(f.firms_sent_home), sum(f.firms_sent_home_unpaid), sum(f.firms_laid_off), sum(f.firms_material_shortfall),
      sum(f.firms_export_held)
    FROM fine f ${GROUPS}
    GROUP BY ${KEY}
    ORDER BY ${KEY}
    ON CONFLICT (${KEY_COLUMNS}) DO UPDATE SET
      firms = assessment_rollup_totals.firms + excluded.firms,
      firms_with_baseline = assessment_rollup_totals.firms_with_baseline + excluded.firms_with_baseline,
      sales_change_tenths_sum = assessment_rollup_totals.sales_change_tenths_sum + excluded.sales_change_tenths_sum,
      firms_drop_50 = assessment_rollup_totals.firms_drop_50 + excluded.firms_drop_50,
      workers_before = assessment_rollup_totals.workers_before + excluded.workers_before,
      workers_working = assessment_rollup_totals.workers_working + excluded.workers_working,
      sent_home_paid = assessment_rollup_totals.sent_home_paid + excluded.sent_home_paid,
      sent_home_partly_paid = assessment_rollup_totals.sent_home_partly_paid + excluded.sent_home_partly_paid,
      sent_home_unpaid = assessment_rollup_totals.sent_home_unpaid + excluded.sent_home_unpaid,
      laid_off = assessment_rollup_totals.laid_off + excluded.laid_off,
      firms_sent_home = assessment_rollup_totals.firms_sent_home + excluded.firms_sent_home,
      firms_sent_home_unpaid = assessment_rollup_totals.firms_sent_home_unpaid + excluded.firms_sent_home_unpaid,
      firms_laid_off = assessment_rollup_totals.firms_laid_off + excluded.firms_laid_off,
      firms_material_shortfall = assessment_rollup_totals.firms_material_shortfall + excluded.firms_material_shortfall,
      firms_export_held = assessment_rollup_totals.firms_export_held + excluded.firms_export_held
  `.execute(trx)
  await sql`
    WITH fine AS (
      SELECT ${FINE}, sales_change_tenths, sum(sign) AS firms
      FROM (${src.responses}) s WHERE kind = 'response' AND sales_change_tenths IS NOT NULL
      GROUP BY ${FINE}, sales_change_tenths
    )
    INSERT INTO assessment_rollup_changes (${KEY_COLUMNS}, sales_change_tenths, firms)
    SELECT ${KEY}, f.sales_change_tenths, sum(f.firms)
    FROM fine f ${GROUPS}
    GROUP BY ${KEY}, f.sales_change_tenths
    ORDER BY ${KEY}, f.sales_change_tenths
    ON CONFLICT (${KEY_COLUMNS}, sales_change_tenths) DO UPDATE SET firms = assessment_rollup_changes.firms + excluded.firms
  `.execute(trx)
  await sql`
    WITH fine AS (
      SELECT ${FINE}, n.need, sum(sign) AS firms, sum(sign * (n.rank = 1)::int) AS firms_first, sum(sign * (6 - n.rank)) AS points
      FROM (${src.responses}) s CROSS JOIN LATERAL unnest(s.needs) WITH ORDINALITY AS n(need, rank)
      WHERE kind = 'response'
      GROUP BY ${FINE}, n.need
    )
    INSERT INTO assessment_rollup_needs (${KEY_COLUMNS}, need, firms, firms_first, points)
    SELECT ${KEY}, f.need, sum(f.firms), sum(f.firms_first), sum(f.points)
    FROM fine f ${GROUPS}
    GROUP BY ${KEY}, f.need
    ORDER BY ${KEY}, f.need
    ON CONFLICT (${KEY_COLUMNS}, need) DO UPDATE SET
      firms = assessment_rollup_needs.firms + excluded.firms,
      firms_first = assessment_rollup_needs.firms_first + excluded.firms_first,
      points = assessment_rollup_needs.points + excluded.points
  `.execute(trx)
  await sql`
    WITH fine AS (
      SELECT ${FINE}, material_key, unit_key, sum(sign) AS firms, sum(sign * needed) AS needed, sum(sign * obtained) AS obtained
      FROM (${src.materials}) s
      GROUP BY ${FINE}, material_key, unit_key
    )
    INSERT INTO assessment_rollup_materials (${KEY_COLUMNS}, material_key, unit_key, firms, needed, obtained)
    SELECT ${KEY}, f.material_key, f.unit_key, sum(f.firms), sum(f.needed), sum(f.obtained)
    FROM fine f ${GROUPS}
    GROUP BY ${KEY}, f.material_key, f.unit_key
    ORDER BY ${KEY}, f.material_key, f.unit_key
    ON CONFLICT (${KEY_COLUMNS}, material_key, unit_key) DO UPDATE SET
      firms = assessment_rollup_materials.firms + excluded.firms,
      needed = assessment_rollup_materials.needed + excluded.needed,
      obtained = assessment_rollup_materials.obtained + excluded.obtained
  `.execute(trx)
  await sql`
    WITH fine AS (
      SELECT ${FINE}, c.country, currency, sum(sign * contracts) AS contracts, sum(sign * value) AS value
      FROM (${src.exports}) s CROSS JOIN LATERAL unnest(s.destination_countries) AS c(country)
      GROUP BY ${FINE}, c.country, currency
    )
    INSERT INTO assessment_rollup_exports (${KEY_COLUMNS}, country, currency, contracts, value)
    SELECT ${KEY}, f.country, f.currency, sum(f.contracts), sum(f.value)
    FROM fine f ${GROUPS}
    GROUP BY ${KEY}, f.country, f.currency
    ORDER BY ${KEY}, f.country, f.currency
    ON CONFLICT (${KEY_COLUMNS}, country, currency) DO UPDATE SET
      contracts = assessment_rollup_exports.contracts + excluded.contracts,
      value = assessment_rollup_exports.value + excluded.value
  `.execute(trx)
  // Groups that no longer count anything go, so views never show empty rows.
  await sql`DELETE FROM assessment_rollup_totals WHERE firms = 0`.execute(trx)
  await sql`DELETE FROM assessment_rollup_changes WHERE firms = 0`.execute(trx)
  await sql`DELETE FROM assessment_rollup_needs WHERE firms = 0`.execute(trx)
  await sql`DELETE FROM assessment_rollup_materials WHERE firms = 0`.execute(trx)
  await sql`DELETE FROM assessment_rollup_exports WHERE contracts = 0`.execute(trx)
}

async function applyUpTo(trx: Executor, maxId: string): Promise<void> {
  await fold(trx, eventSources(maxId))
  await sql`DELETE FROM assessment_rollup_events WHERE id <= ${maxId}`.execute(trx)
}

/**
 * Folds up to `limit` pending events into the rollups. Answers how many were applied (0 when
 * none are pending or another applier holds the lock).
 */
export async function applyRollupEvents(db: Database, limit = 20_000): Promise<number> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const locked = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${APPLIER_LOCK}) AS ok`.execute(trx)
      if (!locked.rows[0].ok) return 0
      const window = await sql<{ max: string | null; n: string }>`
        SELECT max(id)::text AS max, count(*) AS n FROM (SELECT id FROM assessment_rollup_events ORDER BY id LIMIT ${limit}) w
      `.execute(trx)
      const { max, n } = window.rows[0]
      if (max === null) return 0
      await applyUpTo(trx, max)
      return Number(n)
    })
}

/** Applies every pending event (tests, the CLI, and before a report is printed). */
export async function applyAllRollupEvents(db: Database): Promise<number> {
  let total = 0
  for (;;) {
    const applied = await applyRollupEvents(db)
    if (applied === 0) {
      const pending = await sql<{ n: string }>`SELECT count(*) AS n FROM assessment_rollup_events`.execute(db)
      // Nothing pending, or another applier is at work: wait for it rather than return early.
      if (Number(pending.rows[0].n) === 0) return total
      await new Promise((resolve) => setTimeout(resolve, 50))
      continue
    }
    total += applied
  }
}

/**
 * Rebuilds every rollup from the base tables (after a restore, or to check them) in one
 * transaction; pending events are dropped, as the base tables already hold what they describe.
 */
export async function rebuildRollups(db: Database): Promise<void> {
  await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${APPLIER_LOCK})`.execute(trx)
      for (const table of ['totals', 'changes', 'needs', 'materials', 'exports']) {
        await sql`DELETE FROM ${sql.table(`assessment_rollup_${table}`)}`.execute(trx)
      }
      await sql`DELETE FROM assessment_rollup_events`.execute(trx)
      await fold(trx, baseSources)
    })
}

export interface RollupWorker {
  stop(): Promise<void>
}

/** Runs in the server: applies events as they come, looking again every `idleMs` (default 1 s). */
export function startRollupWorker(db: Database, options: { idleMs?: number; onError: (error: unknown) => void }): RollupWorker {
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()
  const run = () => {
    running = (async () => {
      while (!stopped && (await applyRollupEvents(db)) > 0) {
        // keep going while events are pending
      }
    })()
      .catch(options.onError)
      .finally(() => {
        if (!stopped) timer = setTimeout(run, options.idleMs ?? 1000).unref()
      })
  }
  run()
  return {
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
    },
  }
}
