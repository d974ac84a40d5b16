import { sql, type RawBuilder } from 'kysely'
import type { Executor } from '../../../platform/audit/audit.repository.ts'

/** A region a query is held to (actor scope) or asked about (filter); empty means everywhere. */
export interface Area {
  provinceCode?: string
  regencyCode?: string
}

function inArea(alias: 'a' | 'b', area: Area): RawBuilder<boolean> {
  const conditions: RawBuilder<boolean>[] = []
  if (area.provinceCode) conditions.push(sql<boolean>`${sql.ref(`${alias}.province_code`)} = ${area.provinceCode}`)
  if (area.regencyCode) conditions.push(sql<boolean>`${sql.ref(`${alias}.regency_code`)} = ${area.regencyCode}`)
  return conditions.length === 0 ? sql<boolean>`true` : sql<boolean>`(${sql.join(conditions, sql` AND `)})`
}

export interface PairEvidenceRow {
  a_id: string
  b_id: string
  same_nib: boolean
  same_owner_nik: boolean
  same_regency: boolean
  name_similarity: number
}

/**
 * Candidate pairs (ordered a < b) with the evidence to score them, for firms that are not merged
 * and not already decided. Both firms must be in `scope`; at least one in `area`.
 *
 * Similar names: for each firm, its few nearest names in the same regency by trigram distance
 * (KNN on the GiST index (regency_code, name gist_trgm_ops)), kept when their similarity reaches
 * the threshold; a near-twin beyond the nearest few of a firm is missed, which matters only when
 * a firm has more look-alikes than that. Measured with synthetic names from a small vocabulary
 * (the worst case: every name shares most trigrams): 2,000 firms in one regency 0.9 s, 8,000
 * 12 s, 30,000 119 s (the earlier `%` join: 2.5 s and 33 s). GiST KNN degrades when names are
 * this alike, so the largest regencies still need a background job or a narrower blocking key. Only the `nameLimit` most similar name
 * pairs are kept: a pair whose only reason is its name scores its similarity, so any such pair in
 * the final top `nameLimit` is among them.
 * Pairs by NIB and owner NIK are few (a person owning several firms) and are all taken.
 */
/** How many nearest names per firm are compared: a firm rarely has more than a few near-twins. */
const NEAREST_NAMES = 5

export async function candidatePairs(
  trx: Executor,
  options: { scope: Area; area: Area; similarityThreshold: number; nameLimit: number },
): Promise<PairEvidenceRow[]> {
  const { scope, area } = options
  await sql`SELECT set_config('pg_trgm.similarity_threshold', ${String(options.similarityThreshold)}, true)`.execute(trx)
  const undecided = (a: RawBuilder<unknown>, b: RawBuilder<unknown>) =>
    sql<boolean>`NOT EXISTS (SELECT 1 FROM firm_duplicate_decisions d WHERE d.firm_a = ${a} AND d.firm_b = ${b})`
  const result = await sql<PairEvidenceRow>`
    WITH name_pairs AS (
      SELECT DISTINCT LEAST(a.id, m.id) AS a_id, GREATEST(a.id, m.id) AS b_id, m.sim
      FROM firms a
      CROSS JOIN LATERAL (
        -- The nearest names in the same regency by a KNN scan of the GiST (regency, trigram)
        -- index: a few index probes per firm instead of comparing every pair of the regency.
        SELECT b.id, similarity(a.name, b.name) AS sim
        FROM firms b
        WHERE b.merged_into IS NULL AND b.regency_code = a.regency_code AND b.id <> a.id
        ORDER BY b.name <-> a.name
        LIMIT ${NEAREST_NAMES}
      ) m
      WHERE a.merged_into IS NULL AND ${inArea('a', scope)} AND ${inArea('a', area)}
        AND m.sim >= ${options.similarityThreshold}
        AND ${undecided(sql`LEAST(a.id, m.id)`, sql`GREATEST(a.id, m.id)`)}
      ORDER BY m.sim DESC, a_id, b_id
      LIMIT ${options.nameLimit}
    ),
    nik_pairs AS (
      SELECT DISTINCT oa.firm_id AS a_id, ob.firm_id AS b_id
      FROM firm_owners oa
      JOIN firm_owners ob ON ob.nik_hash = oa.nik_hash AND ob.firm_id > oa.firm_id
      JOIN firms a ON a.id = oa.firm_id
      JOIN firms b ON b.id = ob.firm_id
      WHERE oa.nik_hash IS NOT NULL AND a.merged_into IS NULL AND b.merged_into IS NULL
        AND ${inArea('a', scope)} AND ${inArea('b', scope)} AND (${inArea('a', area)} OR ${inArea('b', area)})
    ),
    nib_pairs AS (
      SELECT a.id AS a_id, b.id AS b_id
      FROM firms a
      JOIN firms b ON b.nib = a.nib AND b.id > a.id
      WHERE a.nib IS NOT NULL AND a.merged_into IS NULL AND b.merged_into IS NULL
        AND ${inArea('a', scope)} AND ${inArea('b', scope)} AND (${inArea('a', area)} OR ${inArea('b', area)})
    ),
    pairs AS (
      SELECT a_id, b_id FROM name_pairs
      UNION SELECT a_id, b_id FROM nik_pairs
      UNION SELECT a_id, b_id FROM nib_pairs
    )
    SELECT
      p.a_id,
      p.b_id,
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
    WHERE ${undecided(sql.ref('p.a_id'), sql.ref('p.b_id'))}
  `.execute(trx)
  return result.rows
}

/** What an officer needs to compare two firms at a glance (personal data masked). */
export async function firmSummaries(db: Executor, ids: string[]) {
  if (ids.length === 0) return []
  return db
    .selectFrom('firms as f')
    .leftJoin('firm_owners as o', (join) => join.onRef('o.firm_id', '=', 'f.id').on('o.is_primary', '=', true))
    .select([
      'f.id',
      'f.nib',
      'f.name',
      'f.legal_form',
      'f.address',
      'f.province_code',
      'f.regency_code',
      'f.source',
      'f.verification_status',
      'f.created_at',
      'o.name as owner_name',
      'o.nik_masked as owner_nik_masked',
    ])
    .where('f.id', 'in', ids)
    .execute()
}

export type FirmSummaryRow = Awaited<ReturnType<typeof firmSummaries>>[number]

export async function findDecision(db: Executor, firmA: string, firmB: string) {
  return db.selectFrom('firm_duplicate_decisions').selectAll().where('firm_a', '=', firmA).where('firm_b', '=', firmB).executeTakeFirst()
}

export type DecisionRow = NonNullable<Awaited<ReturnType<typeof findDecision>>>

export async function upsertDecision(
  db: Executor,
  values: { firm_a: string; firm_b: string; decision: 'distinct' | 'merged'; note: string | null; decided_by: string; decided_at: Date },
): Promise<DecisionRow> {
  return db
    .insertInto('firm_duplicate_decisions')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['firm_a', 'firm_b']).doUpdateSet({ decision: values.decision, note: values.note, decided_by: values.decided_by, decided_at: values.decided_at }),
    )
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function deleteDecision(db: Executor, firmA: string, firmB: string) {
  await db.deleteFrom('firm_duplicate_decisions').where('firm_a', '=', firmA).where('firm_b', '=', firmB).execute()
}

export interface FirmSnapshot {
  firm: Record<string, unknown>
  owners: Array<Record<string, unknown>>
}

/**
 * A firm's stored row and all its owner rows as JSON, made by PostgreSQL itself so every value
 * (microsecond timestamps, bytea hashes, ciphertext) round-trips exactly. Generated columns
 * are left out: they follow from the rest.
 */
export async function snapshot(db: Executor, firmId: string): Promise<FirmSnapshot> {
  const row = await sql<FirmSnapshot>`
    SELECT
      to_jsonb(f) - 'search' - 'size_class' AS firm,
      coalesce((SELECT jsonb_agg(to_jsonb(o) ORDER BY o.is_primary DESC, o.created_at, o.id) FROM firm_owners o WHERE o.firm_id = f.id), '[]') AS owners
    FROM firms f WHERE f.id = ${firmId}
  `.execute(db)
  return row.rows[0]
}

/** The stored (not generated) columns of firms, read from the catalogue so later columns are restored too. */
async function restorableFirmColumns(db: Executor): Promise<string[]> {
  const result = await sql<{ column_name: string }>`
    SELECT column_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = 'firms' AND is_generated = 'NEVER' AND column_name <> 'id'
    ORDER BY ordinal_position
  `.execute(db)
  return result.rows.map((r) => r.column_name)
}

/** Puts a firm row back exactly as in the snapshot (columns the snapshot does not know are left alone). */
export async function restoreFirm(db: Executor, firmId: string, firm: Record<string, unknown>) {
  const columns = (await restorableFirmColumns(db)).filter((c) => c in firm)
  const targets = sql.join(columns.map((c) => sql.id(c)))
  const sources = sql.join(columns.map((c) => sql.ref(`r.${c}`)))
  await sql`
    UPDATE firms SET (${targets}) = (SELECT ${sources} FROM jsonb_populate_record(NULL::firms, ${JSON.stringify(firm)}::jsonb) r)
    WHERE id = ${firmId}
  `.execute(db)
}

/** Replaces the owner rows of the firms by those of the snapshots (same ids, ciphertext as stored). */
export async function restoreOwners(db: Executor, firmIds: string[], owners: Array<Record<string, unknown>>) {
  await db.deleteFrom('firm_owners').where('firm_id', 'in', firmIds).execute()
  if (owners.length === 0) return
  await sql`INSERT INTO firm_owners SELECT * FROM jsonb_populate_recordset(NULL::firm_owners, ${JSON.stringify(owners)}::jsonb)`.execute(db)
}

/** Marks a firm merged into another; `releaseOrganisation` frees its (unique) organisation link for the survivor. */
export async function markMerged(db: Executor, mergedId: string, survivorId: string, at: Date, releaseOrganisation: boolean) {
  await db
    .updateTable('firms')
    .set({ merged_into: survivorId, updated_at: at, ...(releaseOrganisation ? { organisation_id: null } : {}) })
    .where('id', '=', mergedId)
    .execute()
}

/** Copies the given columns from the merged firm's stored row onto the survivor, value for value. */
export async function copyColumns(db: Executor, survivorId: string, mergedId: string, columns: string[], extra: { updated_at: Date; organisation_id?: string | null }) {
  if (columns.length > 0) {
    const targets = sql.join(columns.map((c) => sql.id(c)))
    const sources = sql.join(columns.map((c) => sql.ref(`m.${c}`)))
    await sql`UPDATE firms SET (${targets}) = (SELECT ${sources} FROM firms m WHERE m.id = ${mergedId}) WHERE id = ${survivorId}`.execute(db)
  }
  await db.updateTable('firms').set(extra).where('id', '=', survivorId).execute()
}

/** The survivor's primary owner becomes a copy of the merged firm's primary owner (or none). */
export async function replacePrimaryOwner(db: Executor, survivorId: string, mergedId: string) {
  await db.deleteFrom('firm_owners').where('firm_id', '=', survivorId).where('is_primary', '=', true).execute()
  await sql`
    INSERT INTO firm_owners (firm_id, name, nik_enc, nik_hash, nik_masked, phone_enc, phone_hash, phone_masked, email, is_primary)
    SELECT ${survivorId}, name, nik_enc, nik_hash, nik_masked, phone_enc, phone_hash, phone_masked, email, true
    FROM firm_owners WHERE firm_id = ${mergedId} AND is_primary
  `.execute(db)
}

export async function insertMerge(
  db: Executor,
  values: {
    survivor_id: string
    merged_id: string
    field_choices: Record<string, string>
    survivor: FirmSnapshot
    merged: FirmSnapshot
    merged_by: string
    merged_at: Date
  },
): Promise<string> {
  const row = await db
    .insertInto('firm_merges')
    .values({
      survivor_id: values.survivor_id,
      merged_id: values.merged_id,
      field_choices: JSON.stringify(values.field_choices),
      survivor_snapshot: JSON.stringify(values.survivor.firm),
      merged_snapshot: JSON.stringify(values.merged.firm),
      survivor_owners_snapshot: JSON.stringify(values.survivor.owners),
      merged_owners_snapshot: JSON.stringify(values.merged.owners),
      merged_by: values.merged_by,
      merged_at: values.merged_at,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function findMergeForUpdate(db: Executor, id: string) {
  return db
    .selectFrom('firm_merges as m')
    .innerJoin('firms as s', 's.id', 'm.survivor_id')
    .selectAll('m')
    // Compared in SQL: microsecond timestamps do not survive a trip through JavaScript dates.
    .select(sql<boolean>`s.updated_at = m.merged_at`.as('survivor_unchanged'))
    .where('m.id', '=', id)
    .forUpdate('m')
    .executeTakeFirst()
}

/** Merges made after this one that still stand and involve either firm (they would be undone blindly). */
export async function laterActiveMerges(db: Executor, merge: { id: string; merged_at: Date; survivor_id: string; merged_id: string }) {
  const firmIds = [merge.survivor_id, merge.merged_id]
  return db
    .selectFrom('firm_merges')
    .select('id')
    .where('id', '<>', merge.id)
    .where('reverted_at', 'is', null)
    .where('merged_at', '>=', merge.merged_at)
    .where((eb) => eb.or([eb('survivor_id', 'in', firmIds), eb('merged_id', 'in', firmIds)]))
    .execute()
}

export async function markReverted(db: Executor, id: string, by: string, at: Date) {
  await db.updateTable('firm_merges').set({ reverted_by: by, reverted_at: at }).where('id', '=', id).execute()
}

function mergeList(db: Executor) {
  return db
    .selectFrom('firm_merges as m')
    .innerJoin('firms as s', 's.id', 'm.survivor_id')
    .innerJoin('firms as d', 'd.id', 'm.merged_id')
    .leftJoin('users as mu', 'mu.id', 'm.merged_by')
    .leftJoin('users as ru', 'ru.id', 'm.reverted_by')
    .select([
      'm.id',
      'm.survivor_id',
      'm.merged_id',
      'm.field_choices',
      'm.merged_at',
      'm.merged_by',
      'mu.name as merged_by_name',
      'm.reverted_at',
      'm.reverted_by',
      'ru.name as reverted_by_name',
      's.name as survivor_name',
      sql<string>`m.merged_snapshot->>'name'`.as('merged_name'),
      's.province_code as survivor_province',
      's.regency_code as survivor_regency',
      'd.province_code as merged_province',
      'd.regency_code as merged_regency',
    ])
}

export type MergeRow = NonNullable<Awaited<ReturnType<typeof findMerge>>>

export async function findMerge(db: Executor, id: string) {
  return mergeList(db).where('m.id', '=', id).executeTakeFirst()
}

/** Merges, newest first, of one firm (either side) or all; both firms held to the scope. */
export async function listMerges(db: Executor, filter: { firmId?: string; scope: Area; limit: number }) {
  let query = mergeList(db)
  if (filter.firmId) {
    const firmId = filter.firmId
    query = query.where((eb) => eb.or([eb('m.survivor_id', '=', firmId), eb('m.merged_id', '=', firmId)]))
  }
  if (filter.scope.provinceCode) query = query.where('s.province_code', '=', filter.scope.provinceCode).where('d.province_code', '=', filter.scope.provinceCode)
  if (filter.scope.regencyCode) query = query.where('s.regency_code', '=', filter.scope.regencyCode).where('d.regency_code', '=', filter.scope.regencyCode)
  return query.orderBy('m.merged_at', 'desc').orderBy('m.id').limit(filter.limit).execute()
}
