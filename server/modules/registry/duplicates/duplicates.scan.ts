import cliProgress from 'cli-progress'
import { sql } from 'kysely'
import type { Database } from '../../../db/database.ts'
import type { Executor } from '../../../platform/audit/audit.repository.ts'
import { scorePair } from './duplicates.scoring.ts'
import type { PairEvidenceRow } from './duplicates.repository.ts'

/**
 * The duplicate finder's background half. Triggers queue a firm whenever its name, NIB, region,
 * merge state or owner NIK changes (migration 202611281510); this module takes queued firms in
 * batches, finds their candidate pairs and stores them with their score, so the duplicates page
 * reads a table instead of comparing a regency's names per view.
 *
 * For each queued firm the pairs are: firms with the same NIB, firms sharing an owner NIK, its
 * NEAREST_NAMES nearest names in the same regency (a KNN scan of the GiST (regency, trigram)
 * index), and the pairs it already had, re-checked so a pair found from the other firm's side is
 * kept while it still holds. The firm's stored pairs are then replaced in the same transaction
 * that takes it off the queue.
 */

/** How many nearest names per firm are compared: a firm rarely has more than a few near-twins. */
export const NEAREST_NAMES = 5

/** Firms checked per transaction: small enough that a re-queueing writer waits only briefly. */
export const DEFAULT_BATCH_SIZE = 200

async function pairEvidence(trx: Executor, ids: string[]): Promise<Array<PairEvidenceRow & { active: boolean }>> {
  const result = await sql<PairEvidenceRow & { active: boolean }>`
    WITH batch AS (
      SELECT f.id, f.name, f.nib, f.regency_code FROM firms f
      WHERE f.id = ANY(${ids}::uuid[]) AND f.merged_into IS NULL
    ),
    found AS (
      SELECT a.id AS x, m.id AS y
      FROM batch a
      CROSS JOIN LATERAL (
        SELECT b.id FROM firms b
        WHERE b.merged_into IS NULL AND b.regency_code = a.regency_code AND b.id <> a.id
        ORDER BY b.name <-> a.name
        LIMIT ${NEAREST_NAMES}
      ) m
      UNION ALL
      SELECT oa.firm_id, ob.firm_id
      FROM firm_owners oa
      JOIN batch a ON a.id = oa.firm_id
      JOIN firm_owners ob ON ob.nik_hash = oa.nik_hash AND ob.firm_id <> oa.firm_id
      WHERE oa.nik_hash IS NOT NULL
      UNION ALL
      SELECT a.id, b.id FROM batch a JOIN firms b ON b.nib = a.nib AND b.id <> a.id
      WHERE a.nib IS NOT NULL AND b.merged_into IS NULL
      UNION ALL
      SELECT c.firm_a, c.firm_b FROM firm_duplicate_candidates c WHERE c.firm_a = ANY(${ids}::uuid[])
      UNION ALL
      SELECT c.firm_a, c.firm_b FROM firm_duplicate_candidates c WHERE c.firm_b = ANY(${ids}::uuid[])
    ),
    pairs AS (SELECT DISTINCT LEAST(x, y) AS a_id, GREATEST(x, y) AS b_id FROM found)
    SELECT
      p.a_id,
      p.b_id,
      (a.merged_into IS NULL AND b.merged_into IS NULL) AS active,
      coalesce(a.nib = b.nib, false) AS same_nib,
      EXISTS (
        SELECT 1 FROM firm_owners oa JOIN firm_owners ob ON ob.nik_hash = oa.nik_hash
        WHERE oa.firm_id = a.id AND ob.firm_id = b.id
      ) AS same_owner_nik,
      a.regency_code = b.regency_code AS same_regency,
      similarity(a.name, b.name)::float8 AS name_similarity
    FROM pairs p
    JOIN firms a ON a.id = p.a_id
    JOIN firms b ON b.id = p.b_id
  `.execute(trx)
  return result.rows
}

/**
 * Checks one batch of queued firms (oldest first) and replaces their stored pairs. Rows other
 * workers hold are skipped, so several server processes can share the queue. Answers how many
 * firms were checked (0: the queue is empty, or all of it is being checked elsewhere).
 */
export async function checkQueuedFirms(db: Database, batchSize = DEFAULT_BATCH_SIZE): Promise<{ checked: number; pairs: number }> {
  return db.transaction().execute(async (trx) => {
    const queued = await trx
      .selectFrom('firm_duplicate_queue')
      .select('firm_id')
      .orderBy('queued_at')
      .limit(batchSize)
      .forUpdate()
      .skipLocked()
      .execute()
    if (queued.length === 0) return { checked: 0, pairs: 0 }
    const ids = queued.map((row) => row.firm_id)
    const rows = await pairEvidence(trx, ids)
    const keep = rows
      .filter((row) => row.active)
      .map((row) => ({
        row,
        ...scorePair({ sameNib: row.same_nib, sameOwnerNik: row.same_owner_nik, sameRegency: row.same_regency, nameSimilarity: row.name_similarity }),
      }))
      .filter((pair) => pair.reasons.length > 0 && pair.score > 0)
    await trx
      .deleteFrom('firm_duplicate_candidates')
      .where((eb) => eb.or([eb('firm_a', 'in', ids), eb('firm_b', 'in', ids)]))
      .execute()
    // Thousands of parameters at most (batch × a few pairs), well within PostgreSQL's limit.
    for (let start = 0; start < keep.length; start += 1000) {
      await trx
        .insertInto('firm_duplicate_candidates')
        .values(
          keep.slice(start, start + 1000).map(({ row, score, reasons }) => ({
            firm_a: row.a_id,
            firm_b: row.b_id,
            same_nib: row.same_nib,
            same_owner_nik: row.same_owner_nik,
            same_regency: row.same_regency,
            name_similarity: Math.min(1, Math.max(0, row.name_similarity)),
            score,
            reasons: JSON.stringify(reasons),
          })),
        )
        .onConflict((oc) =>
          oc.columns(['firm_a', 'firm_b']).doUpdateSet((eb) => ({
            same_nib: eb.ref('excluded.same_nib'),
            same_owner_nik: eb.ref('excluded.same_owner_nik'),
            same_regency: eb.ref('excluded.same_regency'),
            name_similarity: eb.ref('excluded.name_similarity'),
            score: eb.ref('excluded.score'),
            reasons: eb.ref('excluded.reasons'),
            computed_at: sql`now()`,
          })),
        )
        .execute()
    }
    await trx.deleteFrom('firm_duplicate_queue').where('firm_id', 'in', ids).execute()
    return { checked: ids.length, pairs: keep.length }
  })
}

/** Checks queued firms until the queue is empty (the CLI, tests, and after a large import). */
export async function drainDuplicateQueue(
  db: Database,
  options: { batchSize?: number; signal?: AbortSignal; onProgress?: (checked: number) => void } = {},
): Promise<{ checked: number }> {
  let checked = 0
  for (;;) {
    if (options.signal?.aborted) return { checked }
    const batch = await checkQueuedFirms(db, options.batchSize)
    if (batch.checked === 0) return { checked }
    checked += batch.checked
    options.onProgress?.(checked)
  }
}

/** How many firms wait to be checked, within an area (for the page's "still checking" notice). */
export async function queuedCount(db: Executor, area: { provinceCode?: string; regencyCode?: string }): Promise<number> {
  let query = db.selectFrom('firm_duplicate_queue as q').innerJoin('firms as f', 'f.id', 'q.firm_id').select((eb) => eb.fn.countAll<string>().as('n'))
  if (area.provinceCode) query = query.where('f.province_code', '=', area.provinceCode)
  if (area.regencyCode) query = query.where('f.regency_code', '=', area.regencyCode)
  return Number((await query.executeTakeFirstOrThrow()).n)
}

export interface DuplicateWorker {
  stop(): Promise<void>
}

/**
 * Runs in the server: drains the queue, then looks again every `idleMs`. Stopping waits for the
 * batch in progress (its transaction commits or rolls back as a whole, so nothing is half-done).
 */
export function startDuplicateWorker(
  db: Database,
  options: { idleMs?: number; batchSize?: number; onError: (error: unknown) => void },
): DuplicateWorker {
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()
  const run = () => {
    running = drainDuplicateQueue(db, { batchSize: options.batchSize, signal: controller.signal })
      .then(() => undefined, options.onError)
      .finally(() => {
        if (!controller.signal.aborted) timer = setTimeout(run, options.idleMs ?? 2000).unref()
      })
  }
  run()
  return {
    async stop() {
      controller.abort()
      clearTimeout(timer)
      await running
    },
  }
}

/** `npx pulih duplicates scan [--all]`: checks the queue now, with a progress bar on stderr. */
export async function scanDuplicatesCli(db: Database, options: { all?: boolean }, say: (line: string) => void): Promise<void> {
  if (options.all) {
    await sql`
      INSERT INTO firm_duplicate_queue (firm_id) SELECT id FROM firms WHERE merged_into IS NULL
      ON CONFLICT (firm_id) DO NOTHING
    `.execute(db)
  }
  const total = await queuedCount(db, {})
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'checking for duplicates |{bar}| {value}/{total} firms', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  )
  bar.start(Math.max(1, total), 0)
  const started = performance.now()
  // Firms queued meanwhile (by a running server) are checked too, so the count may pass the total.
  const { checked } = await drainDuplicateQueue(db, { onProgress: (n) => bar.update(Math.min(n, Math.max(1, total))) })
  bar.stop()
  const pairs = Number((await db.selectFrom('firm_duplicate_candidates').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
  say(`checked ${checked} firms in ${((performance.now() - started) / 1000).toFixed(1)} s; ${pairs} candidate pairs stored`)
}
