import type { Database } from '../../../db/database.ts'
import type { Executor } from '../../../platform/audit/audit.repository.ts'
import { AppError, badRequest, conflict, forbidden, isUniqueViolation, notFound } from '../../../platform/errors.ts'
import { can, inRegionScope } from '../../../platform/access/policy.ts'
import type { Actor } from '../../../platform/access/roles.ts'
import { recordAudit, type AuditContext } from '../../../platform/audit/audit.service.ts'
import { normaliseRegencyCode } from '../../reference/index.ts'
import * as firmsRepo from '../firms.repository.ts'
import { firmOf, type LegalForm } from '../firms.service.ts'
import type { FirmRow } from '../firms.repository.ts'
import * as repo from './duplicates.repository.ts'
import type { DuplicateReason } from './duplicates.scoring.ts'
import { queuedCount } from './duplicates.scan.ts'
import { MERGE_FIELDS, type MergeField } from './duplicates.schemas.ts'

/**
 * Finding and deciding duplicates curates the record itself, so it belongs to those who verify
 * records: national officers everywhere, regional officers for pairs wholly in their region.
 */
function requireDeduplicator(actor: Actor | null): asserts actor is Actor {
  if (!can(actor, 'firms.deduplicate')) throw forbidden()
}

/** The region an actor is held to; null when it may see no firm at all. */
function scopeOf(actor: Actor): repo.Area | null {
  if (actor.role !== 'regional_officer') return {}
  if (!actor.provinceCode) return null
  return { provinceCode: actor.provinceCode, regencyCode: actor.regencyCode ?? undefined }
}

const ordered = (x: string, y: string): [string, string] => (x < y ? [x, y] : [y, x])

export interface DuplicateFirm {
  id: string
  nib: string | null
  name: string
  legalForm: LegalForm
  address: string | null
  provinceCode: string
  regencyCode: string
  ownerName: string | null
  ownerNikMasked: string | null
  source: string
  verificationStatus: string
  createdAt: string
}

export interface DuplicateCandidate {
  firmA: DuplicateFirm
  firmB: DuplicateFirm
  score: number
  reasons: DuplicateReason[]
}

const summaryOf = (row: repo.FirmSummaryRow): DuplicateFirm => ({
  id: row.id,
  nib: row.nib,
  name: row.name,
  legalForm: row.legal_form as LegalForm,
  address: row.address,
  provinceCode: row.province_code,
  regencyCode: row.regency_code,
  ownerName: row.owner_name,
  ownerNikMasked: row.owner_nik_masked,
  source: row.source,
  verificationStatus: row.verification_status,
  createdAt: row.created_at.toISOString(),
})

export const DEFAULT_MIN_SCORE = 0.6

/**
 * Pairs of firms that may be one firm (same NIB, same owner NIK, similar name in the same
 * regency), best first, leaving out merged firms and pairs already decided. Both firms of a
 * pair are within the actor's region; with a province or regency, at least one is there.
 * Pairs are found in the background (duplicates.scan.ts); `pending` counts the firms of the
 * area still waiting to be checked, whose pairs are not listed yet.
 */
export async function findDuplicateCandidates(
  db: Database,
  actor: Actor | null,
  query: { provinceCode?: string; regencyCode?: string; minScore?: number; limit: number },
): Promise<{ items: DuplicateCandidate[]; pending: number }> {
  requireDeduplicator(actor)
  const scope = scopeOf(actor)
  if (!scope) return { items: [], pending: 0 }
  const area: repo.Area = {
    provinceCode: query.provinceCode,
    regencyCode: query.regencyCode ? normaliseRegencyCode(query.regencyCode) : undefined,
  }
  // Asking a regional officer's finder about another region finds nothing rather than an error.
  if (scope.provinceCode && area.provinceCode && area.provinceCode !== scope.provinceCode) return { items: [], pending: 0 }
  if (scope.regencyCode && area.regencyCode && area.regencyCode !== scope.regencyCode) return { items: [], pending: 0 }
  const minScore = query.minScore ?? DEFAULT_MIN_SCORE
  const [rows, pending] = await Promise.all([
    repo.storedCandidates(db, { scope, area, minScore, limit: query.limit }),
    queuedCount(db, { provinceCode: area.provinceCode ?? scope.provinceCode, regencyCode: area.regencyCode ?? scope.regencyCode }),
  ])
  const summaries = new Map(
    (await repo.firmSummaries(db, [...new Set(rows.flatMap((row) => [row.a_id, row.b_id]))])).map((row) => [row.id, summaryOf(row)]),
  )
  return {
    items: rows.map((row) => ({
      firmA: summaries.get(row.a_id)!,
      firmB: summaries.get(row.b_id)!,
      score: Math.round(row.score * 1000) / 1000,
      reasons: row.reasons,
    })),
    pending,
  }
}

/** Locks a firm that may take part in a pair: existing, not merged away, and in the actor's region. */
async function lockActiveFirm(trx: Executor, actor: Actor, id: string): Promise<FirmRow> {
  const row = await firmsRepo.findByIdForUpdate(trx, id)
  if (!row || row.merged_into || !inRegionScope(actor, { provinceCode: row.province_code, regencyCode: row.regency_code })) {
    throw new AppError('FIRM_NOT_FOUND', 404, {}, { firmId: id })
  }
  return row
}

/** Locks both firms in id order, so two officers deciding the same pair cannot deadlock. */
async function lockPair(trx: Executor, actor: Actor, x: string, y: string): Promise<Map<string, FirmRow>> {
  const rows = new Map<string, FirmRow>()
  for (const id of ordered(x, y)) rows.set(id, await lockActiveFirm(trx, actor, id))
  return rows
}

export interface DuplicateDecision {
  firmA: string
  firmB: string
  decision: 'distinct' | 'merged'
  note: string | null
  decidedBy: string | null
  decidedAt: string
}

const decisionOf = (row: repo.DecisionRow): DuplicateDecision => ({
  firmA: row.firm_a,
  firmB: row.firm_b,
  decision: row.decision as DuplicateDecision['decision'],
  note: row.note,
  decidedBy: row.decided_by,
  decidedAt: row.decided_at.toISOString(),
})

/** Records that two firms are not one, so the finder stops proposing them. */
export async function decideDistinct(
  db: Database,
  actor: Actor | null,
  audit: AuditContext,
  input: { firmA: string; firmB: string; note?: string },
): Promise<DuplicateDecision> {
  requireDeduplicator(actor)
  if (input.firmA.toLowerCase() === input.firmB.toLowerCase()) throw badRequest('DUPLICATE_SAME_FIRM', {}, { field: 'firmB' })
  const [firmA, firmB] = ordered(input.firmA.toLowerCase(), input.firmB.toLowerCase())
  return db.transaction().execute(async (trx) => {
    await lockPair(trx, actor, firmA, firmB)
    const existing = await repo.findDecision(trx, firmA, firmB)
    if (existing) throw conflict('DUPLICATE_ALREADY_DECIDED', { decision: existing.decision })
    const decision = decisionOf(
      await repo.upsertDecision(trx, {
        firm_a: firmA,
        firm_b: firmB,
        decision: 'distinct',
        note: input.note?.trim() || null,
        decided_by: actor.userId,
        decided_at: new Date(),
      }),
    )
    await recordAudit(trx, audit, { action: 'firm_duplicate.decided', entityType: 'firm', entityId: firmA, after: decision })
    return decision
  })
}

type Side = 'survivor' | 'merged'

/** The stored columns behind each choosable field (the owner is handled on its own). */
const FIELD_COLUMNS: Record<Exclude<MergeField, 'owner' | 'organisation'>, string[]> = {
  name: ['name'],
  nib: ['nib'],
  legalForm: ['legal_form'],
  address: ['address'],
  region: ['province_code', 'regency_code', 'district_code'],
  kbliMain: ['kbli_main'],
  kbliOthers: ['kbli_others'],
  workersTotal: ['workers_total'],
  workersWomen: ['workers_women'],
  investmentIdr: ['investment_idr'],
  annualTurnoverIdr: ['annual_turnover_idr'],
  yearFounded: ['year_founded'],
  certifications: ['certifications'],
  exportExperience: ['export_experience'],
  sentraId: ['sentra_id'],
  storeLinks: ['store_links'],
}

export interface FirmMerge {
  id: string
  survivorId: string
  survivorName: string
  mergedId: string
  mergedName: string
  fields: Record<string, Side>
  mergedBy: { id: string; name: string | null } | null
  mergedAt: string
  revertedBy: { id: string; name: string | null } | null
  revertedAt: string | null
}

const mergeOf = (row: repo.MergeRow): FirmMerge => ({
  id: row.id,
  survivorId: row.survivor_id,
  survivorName: row.survivor_name,
  mergedId: row.merged_id,
  mergedName: row.merged_name,
  fields: row.field_choices as Record<string, Side>,
  mergedBy: row.merged_by ? { id: row.merged_by, name: row.merged_by_name } : null,
  mergedAt: row.merged_at.toISOString(),
  revertedBy: row.reverted_by ? { id: row.reverted_by, name: row.reverted_by_name } : null,
  revertedAt: row.reverted_at?.toISOString() ?? null,
})

/** Both firms as the API shows them, the merged one with where it went. */
async function pairState(trx: Executor, survivorId: string, mergedId: string) {
  const survivor = (await firmsRepo.findById(trx, survivorId))!
  const merged = (await firmsRepo.findById(trx, mergedId))!
  return { survivor: firmOf(survivor), merged: { ...firmOf(merged), mergedInto: merged.merged_into } }
}

/**
 * Merges one firm into another, field by field: the chosen values of the merged firm are copied
 * onto the survivor, the merged firm is hidden (merged_into) but kept, and both records as they
 * were are kept in the merge so it can be reverted exactly. Nothing else moves yet: rows that
 * hang off the merged firm (its products, survey answers, applications) stay with it and come
 * back with it on revert.
 */
export async function mergeFirms(
  db: Database,
  actor: Actor | null,
  audit: AuditContext,
  input: { survivorId: string; mergedId: string; fields: Partial<Record<MergeField, Side>> },
): Promise<FirmMerge> {
  requireDeduplicator(actor)
  const survivorId = input.survivorId.toLowerCase()
  const mergedId = input.mergedId.toLowerCase()
  if (survivorId === mergedId) throw badRequest('DUPLICATE_SAME_FIRM', {}, { field: 'mergedId' })
  const choices = Object.fromEntries(MERGE_FIELDS.map((field) => [field, input.fields[field] ?? 'survivor'])) as Record<MergeField, Side>
  // The NIB the survivor ends with, named if another firm holds it meanwhile.
  let chosenNib: string | null = null
  try {
    return await db.transaction().execute(async (trx) => {
      const rows = await lockPair(trx, actor, survivorId, mergedId)
      const survivorRow = rows.get(survivorId)!
      const mergedRow = rows.get(mergedId)!
      const pick = (field: MergeField) => (choices[field] === 'merged' ? mergedRow : survivorRow)
      // Taken separately the two counts may not fit together (more women than workers).
      const workersTotal = pick('workersTotal').workers_total
      const workersWomen = pick('workersWomen').workers_women
      if (workersTotal !== null && workersWomen !== null && workersWomen > workersTotal) {
        throw badRequest('FIRM_WORKERS_INCONSISTENT', {}, { field: 'fields.workersWomen' })
      }
      // Taking "no account" from the merged firm would cut the survivor's owner off their firm.
      if (choices.organisation === 'merged' && mergedRow.organisation_id === null && survivorRow.organisation_id !== null) {
        throw badRequest('DUPLICATE_MERGE_ORGANISATION_EMPTY', {}, { field: 'fields.organisation' })
      }
      chosenNib = pick('nib').nib
      const before = await pairState(trx, survivorId, mergedId)
      const survivorSnapshot = await repo.snapshot(trx, survivorId)
      const mergedSnapshot = await repo.snapshot(trx, mergedId)
      // One instant for the merge and the survivor's updated_at: a later change of the survivor
      // shows as a difference, which revert refuses to discard.
      const at = new Date()
      const moveOrganisation = choices.organisation === 'merged'
      // The merged firm goes first: it frees the NIB (unique among unmerged firms) and the
      // organisation link (unique) that the survivor may take.
      await repo.markMerged(trx, mergedId, survivorId, at, moveOrganisation)
      const columns = (Object.keys(FIELD_COLUMNS) as Array<keyof typeof FIELD_COLUMNS>)
        .filter((field) => choices[field] === 'merged')
        .flatMap((field) => FIELD_COLUMNS[field])
      await repo.copyColumns(trx, survivorId, mergedId, columns, {
        updated_at: at,
        ...(moveOrganisation ? { organisation_id: mergedRow.organisation_id } : {}),
      })
      if (choices.owner === 'merged') await repo.replacePrimaryOwner(trx, survivorId, mergedId)
      const id = await repo.insertMerge(trx, {
        survivor_id: survivorId,
        merged_id: mergedId,
        field_choices: choices,
        survivor: survivorSnapshot,
        merged: mergedSnapshot,
        merged_by: actor.userId,
        merged_at: at,
      })
      const [firmA, firmB] = ordered(survivorId, mergedId)
      await repo.upsertDecision(trx, { firm_a: firmA, firm_b: firmB, decision: 'merged', note: null, decided_by: actor.userId, decided_at: at })
      const after = await pairState(trx, survivorId, mergedId)
      await recordAudit(trx, audit, {
        action: 'firm.merged',
        entityType: 'firm',
        entityId: survivorId,
        before,
        after: { ...after, mergeId: id, fields: choices },
      })
      return mergeOf((await repo.findMerge(trx, id))!)
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('FIRM_NIB_TAKEN', { nib: chosenNib ?? '' })
    throw error
  }
}

/**
 * Undoes a merge: both firms and all their owner rows are put back exactly as the snapshots
 * hold them. Refused when it would silently undo later work: a second time, after a later merge
 * of either firm, or when the survivor has been changed since.
 */
export async function revertMerge(db: Database, actor: Actor | null, audit: AuditContext, mergeId: string): Promise<FirmMerge> {
  requireDeduplicator(actor)
  try {
    return await db.transaction().execute(async (trx) => {
      const merge = await repo.findMergeForUpdate(trx, mergeId)
      if (!merge) throw notFound('DUPLICATE_MERGE_NOT_FOUND')
      const rows = new Map<string, FirmRow>()
      for (const id of ordered(merge.survivor_id, merge.merged_id)) {
        const row = await firmsRepo.findByIdForUpdate(trx, id)
        if (!row || !inRegionScope(actor, { provinceCode: row.province_code, regencyCode: row.regency_code })) {
          throw notFound('DUPLICATE_MERGE_NOT_FOUND')
        }
        rows.set(id, row)
      }
      if (merge.reverted_at) throw conflict('DUPLICATE_MERGE_ALREADY_REVERTED')
      if ((await repo.laterActiveMerges(trx, merge)).length > 0) throw conflict('DUPLICATE_MERGE_SUPERSEDED')
      if (!merge.survivor_unchanged) throw conflict('DUPLICATE_MERGE_STALE')
      const before = await pairState(trx, merge.survivor_id, merge.merged_id)
      // The survivor first: it gives back the NIB and organisation the merged firm takes again.
      await repo.restoreFirm(trx, merge.survivor_id, merge.survivor_snapshot as Record<string, unknown>)
      await repo.restoreFirm(trx, merge.merged_id, merge.merged_snapshot as Record<string, unknown>)
      await repo.restoreOwners(trx, [merge.survivor_id, merge.merged_id], [
        ...(merge.survivor_owners_snapshot as Array<Record<string, unknown>>),
        ...(merge.merged_owners_snapshot as Array<Record<string, unknown>>),
      ])
      await repo.markReverted(trx, merge.id, actor.userId, new Date())
      // Undecided again: the finder may propose the pair once more.
      const [firmA, firmB] = ordered(merge.survivor_id, merge.merged_id)
      await repo.deleteDecision(trx, firmA, firmB)
      const after = await pairState(trx, merge.survivor_id, merge.merged_id)
      await recordAudit(trx, audit, {
        action: 'firm.merge_reverted',
        entityType: 'firm',
        entityId: merge.survivor_id,
        before: { ...before, mergeId: merge.id },
        after: { ...after, mergeId: merge.id },
      })
      return mergeOf((await repo.findMerge(trx, merge.id))!)
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('DUPLICATE_REVERT_CONFLICT')
    throw error
  }
}

/** Merges, newest first (of one firm when asked), whose two firms are both in the actor's region. */
export async function listMerges(db: Database, actor: Actor | null, query: { firmId?: string; limit?: number }): Promise<FirmMerge[]> {
  requireDeduplicator(actor)
  const scope = scopeOf(actor)
  if (!scope) return []
  const rows = await repo.listMerges(db, { firmId: query.firmId?.toLowerCase(), scope, limit: query.limit ?? 50 })
  return rows.map(mergeOf)
}
