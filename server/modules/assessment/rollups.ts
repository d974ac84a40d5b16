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

/** The 12 groups an event counts in: area (all/province/regency) × division (all/one) × size (all/one). */
const GROUPS = sql`CROSS JOIN LATERAL (VALUES
  ('', '', '', ''), ('', '', e.kbli_division, ''), ('', '', '', e.size_class), ('', '', e.kbli_division, e.size_class),
  (e.province_code, '', '', ''), (e.province_code, '', e.kbli_division, ''), (e.province_code, '', '', e.size_class),
  (e.province_code, '', e.kbli_division, e.size_class),
  (e.province_code, e.regency_code, '', ''), (e.province_code, e.regency_code, e.kbli_division, ''),
  (e.province_code, e.regency_code, '', e.size_class), (e.province_code, e.regency_code, e.kbli_division, e.size_class)
) g(province_code, regency_code, kbli_division, size_class)`

const KEY = sql`e.round_id, g.province_code, g.regency_code, g.kbli_division, g.size_class`
const KEY_COLUMNS = sql`round_id, province_code, regency_code, kbli_division, size_class`

const int = (field: string): RawBuilder<number> => sql<number>`(e.data ->> ${field})::bigint`

async function applyUpTo(trx: Executor, maxId: string): Promise<void> {
  const events = sql`(SELECT * FROM assessment_rollup_events WHERE id <= ${maxId}) e`
  // Totals: firms assessed and their figures per group; registry firms under REGISTRY_ROUND.
  await sql`
    INSERT INTO assessment_rollup_totals (${KEY_COLUMNS}, firms, firms_with_baseline, sales_change_tenths_sum, firms_drop_50,
      workers_before, workers_working, sent_home_paid, sent_home_partly_paid, sent_home_unpaid, laid_off,
      firms_sent_home, firms_sent_home_unpaid, firms_laid_off, firms_material_shortfall, firms_export_held)
    SELECT ${KEY},
      sum(e.sign),
      sum(e.sign * (e.data ->> 'sales_change_tenths' IS NOT NULL)::int),
      sum(e.sign * coalesce(${int('sales_change_tenths')}, 0)),
      sum(e.sign * (coalesce(${int('sales_change_tenths')}, 0) <= -500 AND e.data ->> 'sales_change_tenths' IS NOT NULL)::int),
      sum(e.sign * coalesce(${int('workers_before')}, 0)),
      sum(e.sign * coalesce(${int('workers_working')}, 0)),
      sum(e.sign * coalesce(${int('sent_home_paid')}, 0)),
      sum(e.sign * coalesce(${int('sent_home_partly_paid')}, 0)),
      sum(e.sign * coalesce(${int('sent_home_unpaid')}, 0)),
      sum(e.sign * coalesce(${int('laid_off')}, 0)),
      sum(e.sign * (coalesce(${int('sent_home_paid')} + ${int('sent_home_partly_paid')} + ${int('sent_home_unpaid')}, 0) > 0)::int),
      sum(e.sign * (coalesce(${int('sent_home_unpaid')}, 0) > 0)::int),
      sum(e.sign * (coalesce(${int('laid_off')}, 0) > 0)::int),
      sum(e.sign * coalesce((e.data ->> 'has_material_shortfall')::boolean, false)::int),
      sum(e.sign * coalesce((e.data ->> 'has_export_held')::boolean, false)::int)
    FROM ${events} ${GROUPS}
    WHERE e.kind IN ('response', 'firm')
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
    INSERT INTO assessment_rollup_changes (${KEY_COLUMNS}, sales_change_tenths, firms)
    SELECT ${KEY}, ${int('sales_change_tenths')}, sum(e.sign)
    FROM ${events} ${GROUPS}
    WHERE e.kind = 'response' AND e.data ->> 'sales_change_tenths' IS NOT NULL
    GROUP BY ${KEY}, 6
    ORDER BY ${KEY}, 6
    ON CONFLICT (${KEY_COLUMNS}, sales_change_tenths) DO UPDATE SET firms = assessment_rollup_changes.firms + excluded.firms
  `.execute(trx)
  await sql`
    INSERT INTO assessment_rollup_needs (${KEY_COLUMNS}, need, firms, firms_first, points)
    SELECT ${KEY}, n.need, sum(e.sign), sum(e.sign * (n.rank = 1)::int), sum(e.sign * (6 - n.rank))
    FROM ${events} ${GROUPS}
    CROSS JOIN LATERAL jsonb_array_elements_text(e.data -> 'needs') WITH ORDINALITY AS n(need, rank)
    WHERE e.kind = 'response'
    GROUP BY ${KEY}, n.need
    ORDER BY ${KEY}, n.need
    ON CONFLICT (${KEY_COLUMNS}, need) DO UPDATE SET
      firms = assessment_rollup_needs.firms + excluded.firms,
      firms_first = assessment_rollup_needs.firms_first + excluded.firms_first,
      points = assessment_rollup_needs.points + excluded.points
  `.execute(trx)
  await sql`
    INSERT INTO assessment_rollup_materials (${KEY_COLUMNS}, material_key, unit_key, firms, needed, obtained)
    SELECT ${KEY}, e.data ->> 'material_key', lower(btrim(e.data ->> 'unit')), sum(e.sign),
      sum(e.sign * (e.data ->> 'needed_per_month')::numeric), sum(e.sign * (e.data ->> 'obtained')::numeric)
    FROM ${events} ${GROUPS}
    WHERE e.kind = 'material'
    GROUP BY ${KEY}, 6, 7
    ORDER BY ${KEY}, 6, 7
    ON CONFLICT (${KEY_COLUMNS}, material_key, unit_key) DO UPDATE SET
      firms = assessment_rollup_materials.firms + excluded.firms,
      needed = assessment_rollup_materials.needed + excluded.needed,
      obtained = assessment_rollup_materials.obtained + excluded.obtained
  `.execute(trx)
  await sql`
    INSERT INTO assessment_rollup_exports (${KEY_COLUMNS}, country, currency, contracts, value)
    SELECT ${KEY}, c.country, e.data ->> 'currency', sum(e.sign * (e.data ->> 'contracts')::bigint), sum(e.sign * (e.data ->> 'value')::numeric)
    FROM ${events} ${GROUPS}
    CROSS JOIN LATERAL jsonb_array_elements_text(e.data -> 'destination_countries') AS c(country)
    WHERE e.kind = 'export'
    GROUP BY ${KEY}, 6, 7
    ORDER BY ${KEY}, 6, 7
    ON CONFLICT (${KEY_COLUMNS}, country, currency) DO UPDATE SET
      contracts = assessment_rollup_exports.contracts + excluded.contracts,
      value = assessment_rollup_exports.value + excluded.value
  `.execute(trx)
  await sql`DELETE FROM assessment_rollup_events WHERE id <= ${maxId}`.execute(trx)
  // Groups that no longer count anything go, so views never show empty rows.
  await sql`DELETE FROM assessment_rollup_totals WHERE firms = 0`.execute(trx)
  await sql`DELETE FROM assessment_rollup_changes WHERE firms = 0`.execute(trx)
  await sql`DELETE FROM assessment_rollup_needs WHERE firms = 0`.execute(trx)
  await sql`DELETE FROM assessment_rollup_materials WHERE firms = 0`.execute(trx)
  await sql`DELETE FROM assessment_rollup_exports WHERE contracts = 0`.execute(trx)
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
 * Rebuilds every rollup from the base tables (after a restore, or to check them): replays each
 * response, child row and registry firm as an event and applies them, all in one transaction.
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
      await sql`
        INSERT INTO assessment_rollup_events (round_id, sign, kind, province_code, regency_code, kbli_division, size_class, data)
        SELECT ${REGISTRY_ROUND}::uuid, 1, 'firm', province_code, regency_code, coalesce(substr(kbli_main, 1, 2), '--'), coalesce(size_class, 'unknown'), '{}'
        FROM firms WHERE merged_into IS NULL
        UNION ALL
        SELECT r.round_id, 1, 'response', r.province_code, r.regency_code, r.kbli_division, r.size_class, to_jsonb(r) FROM survey_responses r
        UNION ALL
        SELECT r.round_id, 1, 'material', r.province_code, r.regency_code, r.kbli_division, r.size_class, to_jsonb(m)
        FROM survey_response_materials m JOIN survey_responses r ON r.id = m.response_id
        UNION ALL
        SELECT r.round_id, 1, 'export', r.province_code, r.regency_code, r.kbli_division, r.size_class, to_jsonb(x)
        FROM survey_response_exports x JOIN survey_responses r ON r.id = x.response_id
      `.execute(trx)
      const max = await sql<{ max: string | null }>`SELECT max(id)::text AS max FROM assessment_rollup_events`.execute(trx)
      if (max.rows[0].max !== null) await applyUpTo(trx, max.rows[0].max)
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
