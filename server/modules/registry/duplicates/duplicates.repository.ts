import { sql, type RawBuilder } from 'kysely'
import type { Executor } from '../../../platform/audit/audit.repository.ts'
import type { DuplicateReason } from './duplicates.scoring.ts'

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

export interface StoredCandidateRow extends PairEvidenceRow {
  score: number
  reasons: DuplicateReason[]
}

/**
 * Stored candidate pairs (see duplicates.scan.ts, which finds them in the background), best
 * first, leaving out merged firms and decided pairs. Both firms must be in `scope`; at least one
 * in `area`.
 */
export async function storedCandidates(
  db: Executor,
  options: { scope: Area; area: Area; minScore: number; limit: number },
): Promise<StoredCandidateRow[]> {
  const { scope, area } = options
  const result = await sql<StoredCandidateRow>`
    SELECT c.firm_a AS a_id, c.firm_b AS b_id, c.same_nib, c.same_owner_nik, c.same_regency,
      c.name_similarity::float8 AS name_similarity, c.score::float8 AS score, c.reasons
    FROM firm_duplicate_candidates c
    JOIN firms a ON a.id = c.firm_a
    JOIN firms b ON b.id = c.firm_b
    WHERE c.score >= ${options.minScore}
      AND a.merged_into IS NULL AND b.merged_into IS NULL
      AND ${inArea('a', scope)} AND ${inArea('b', scope)} AND (${inArea('a', area)} OR ${inArea('b', area)})
      AND NOT EXISTS (SELECT 1 FROM firm_duplicate_decisions d WHERE d.firm_a = c.firm_a AND d.firm_b = c.firm_b)
    ORDER BY c.score DESC, c.firm_a, c.firm_b
    LIMIT ${options.limit}
  `.execute(db)
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
