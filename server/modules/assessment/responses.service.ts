import { sql } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { Executor } from '../../platform/audit/audit.repository.ts'
import { AppError, badRequest, conflict, isUniqueViolation, notFound } from '../../platform/errors.ts'
import { canSeeFirm, requirePermission } from '../../platform/access/policy.ts'
import type { Actor } from '../../platform/access/roles.ts'
import { recordAudit, type AuditContext } from '../../platform/audit/audit.service.ts'
import { isCountryCode } from '../identity/index.ts'
import { scopeOf as firmScopeOf } from '../registry/firms.service.ts'
import * as firmsRepo from '../registry/firms.repository.ts'
import type { FirmRow } from '../registry/firms.repository.ts'
import { checkAnswers, type Answers, type RuleProblem } from './rules.ts'
import { findRound, roundCovers, roundStatus, todayWib, type RoundRow } from './rounds.service.ts'
import { refreshNeedsProfile } from './triage.ts'

export type ResponseMode = 'self' | 'assisted' | 'import'

export interface SurveyResponse {
  id: string
  roundId: string
  firmId: string
  firmName: string
  version: number
  mode: ResponseMode
  enteredBy: { id: string; name: string | null } | null
  submittedAt: string
  updatedAt: string
  salesChangePct: number | null
  answers: Answers
}

export type SubmitOutcome = 'created' | 'revised' | 'unchanged' | 'replayed'

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'))

/** Every problem of a response: the shared rules, then what only the server knows (codes that exist). */
export function answerProblems(answers: Answers): RuleProblem[] {
  const problems = checkAnswers(answers)
  answers.exports.forEach((e, i) => {
    if (/^[A-Z]{3}$/.test(e.currency) && !CURRENCIES.has(e.currency)) {
      problems.push({ field: `exports.${i}.currency`, code: 'ANSWER_CURRENCY_INVALID', params: { code: e.currency } })
    }
    for (const country of e.destinationCountries) {
      if (/^[A-Z]{2}$/.test(country) && !isCountryCode(country)) {
        problems.push({ field: `exports.${i}.destinationCountries`, code: 'ANSWER_COUNTRY_INVALID', params: { code: country } })
      }
    }
  })
  return problems
}

/** Refuses answers with a problem: the first one as the error, all of them in `details.problems`. */
export function assertAnswers(answers: Answers): void {
  const problems = answerProblems(answers)
  if (problems.length === 0) return
  const [first] = problems
  throw new AppError(first.code, 400, first.params, { field: `answers.${first.field}`, problems })
}

/** The answers in one canonical shape, so "the same answers again" compares equal. */
export function canonicalAnswers(a: Answers): Answers {
  return {
    baselineTurnoverIdr: a.baselineTurnoverIdr,
    referenceTurnoverIdr: a.referenceTurnoverIdr,
    channels: [...a.channels].sort(),
    workersBefore: a.workersBefore,
    workersWorking: a.workersWorking,
    sentHomePaid: a.sentHomePaid,
    sentHomePartlyPaid: a.sentHomePartlyPaid,
    sentHomeUnpaid: a.sentHomeUnpaid,
    laidOff: a.laidOff,
    materials: a.materials.map((m) => ({ material: m.material.trim(), unit: m.unit.trim(), neededPerMonth: m.neededPerMonth, obtained: m.obtained, cause: m.cause })),
    exports: a.exports.map((e) => ({
      contracts: e.contracts,
      currency: e.currency,
      value: e.value,
      destinationCountries: [...e.destinationCountries].sort(),
      goodsProduced: e.goodsProduced,
    })),
    needs: [...a.needs],
    notes: a.notes?.trim() || null,
  }
}

type ResponseRow = NonNullable<Awaited<ReturnType<typeof findResponseRow>>>

async function findResponseRow(db: Executor, roundId: string, firmId: string, forUpdate = false) {
  let query = db.selectFrom('survey_responses').selectAll().where('round_id', '=', roundId).where('firm_id', '=', firmId)
  if (forUpdate) query = query.forUpdate()
  return query.executeTakeFirst()
}

/** The current answers of a stored response, children included. */
async function answersOf(db: Executor, row: ResponseRow): Promise<Answers> {
  const [materials, exports] = await Promise.all([
    db.selectFrom('survey_response_materials').selectAll().where('response_id', '=', row.id).orderBy('seq').execute(),
    db.selectFrom('survey_response_exports').selectAll().where('response_id', '=', row.id).orderBy('seq').execute(),
  ])
  return {
    baselineTurnoverIdr: Number(row.baseline_turnover_idr),
    referenceTurnoverIdr: Number(row.reference_turnover_idr),
    channels: row.channels as Answers['channels'],
    workersBefore: row.workers_before,
    workersWorking: row.workers_working,
    sentHomePaid: row.sent_home_paid,
    sentHomePartlyPaid: row.sent_home_partly_paid,
    sentHomeUnpaid: row.sent_home_unpaid,
    laidOff: row.laid_off,
    materials: materials.map((m) => ({
      material: m.material,
      unit: m.unit,
      neededPerMonth: Number(m.needed_per_month),
      obtained: Number(m.obtained),
      cause: m.cause as Answers['materials'][number]['cause'],
    })),
    exports: exports.map((e) => ({
      contracts: e.contracts,
      currency: e.currency,
      value: Number(e.value),
      destinationCountries: e.destination_countries,
      goodsProduced: e.goods_produced,
    })),
    needs: row.needs as Answers['needs'],
    notes: row.notes,
  }
}

async function responseOf(db: Executor, row: ResponseRow): Promise<SurveyResponse> {
  const firm = await db.selectFrom('firms').select('name').where('id', '=', row.firm_id).executeTakeFirstOrThrow()
  const user = row.entered_by ? await db.selectFrom('users').select(['id', 'name']).where('id', '=', row.entered_by).executeTakeFirst() : undefined
  return {
    id: row.id,
    roundId: row.round_id,
    firmId: row.firm_id,
    firmName: firm.name,
    version: row.version,
    mode: row.mode as ResponseMode,
    enteredBy: row.entered_by ? { id: row.entered_by, name: user?.name ?? null } : null,
    submittedAt: row.submitted_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    salesChangePct: row.sales_change_tenths === null ? null : row.sales_change_tenths / 10,
    answers: await answersOf(db, row),
  }
}

export interface SaveContext {
  mode: ResponseMode
  enteredBy: string | null
  importId?: string
  importRow?: number
}

/**
 * Writes a firm's answers for a round in the caller's transaction: the first answer creates the
 * response, a different later one becomes its next version (the earlier kept in
 * survey_response_versions), the same answers again change nothing. Audited; the firm's needs
 * profile follows. The answers must have passed assertAnswers; the round and firm must be
 * checked by the caller (scope, window).
 */
export async function saveResponse(
  trx: Executor,
  audit: AuditContext,
  round: RoundRow,
  firm: FirmRow,
  input: Answers,
  context: SaveContext,
): Promise<{ row: ResponseRow; outcome: Exclude<SubmitOutcome, 'replayed'> }> {
  const answers = canonicalAnswers(input)
  const values = {
    mode: context.mode,
    entered_by: context.enteredBy,
    import_id: context.importId ?? null,
    import_row: context.importRow ?? null,
    province_code: firm.province_code,
    regency_code: firm.regency_code,
    kbli_division: firm.kbli_main ? firm.kbli_main.slice(0, 2) : '--',
    size_class: firm.size_class ?? 'unknown',
    baseline_turnover_idr: answers.baselineTurnoverIdr,
    reference_turnover_idr: answers.referenceTurnoverIdr,
    channels: answers.channels,
    workers_before: answers.workersBefore,
    workers_working: answers.workersWorking,
    sent_home_paid: answers.sentHomePaid,
    sent_home_partly_paid: answers.sentHomePartlyPaid,
    sent_home_unpaid: answers.sentHomeUnpaid,
    laid_off: answers.laidOff,
    needs: answers.needs,
    notes: answers.notes ?? null,
    has_material_shortfall: answers.materials.some((m) => m.obtained < m.neededPerMonth),
    has_export_held: answers.exports.length > 0,
  }
  const existing = await findResponseRow(trx, round.id, firm.id, true)
  let row: ResponseRow
  let outcome: 'created' | 'revised' | 'unchanged'
  if (!existing) {
    const inserted = await trx
      .insertInto('survey_responses')
      .values({ ...values, round_id: round.id, firm_id: firm.id })
      .onConflict((oc) => oc.columns(['round_id', 'firm_id']).doNothing())
      .returning('id')
      .executeTakeFirst()
    // Another writer created it between our look and our insert: this answer is its next version.
    if (!inserted) return saveResponse(trx, audit, round, firm, input, context)
    row = (await findResponseRow(trx, round.id, firm.id))!
    outcome = 'created'
  } else {
    const before = await answersOf(trx, existing)
    if (JSON.stringify(canonicalAnswers(before)) === JSON.stringify(answers)) return { row: existing, outcome: 'unchanged' }
    await trx
      .updateTable('survey_responses')
      .set({ ...values, version: existing.version + 1, submitted_at: sql`now()`, updated_at: sql`now()` })
      .where('id', '=', existing.id)
      .execute()
    await trx.deleteFrom('survey_response_materials').where('response_id', '=', existing.id).execute()
    await trx.deleteFrom('survey_response_exports').where('response_id', '=', existing.id).execute()
    row = (await findResponseRow(trx, round.id, firm.id))!
    outcome = 'revised'
    await recordAudit(trx, audit, {
      action: 'survey_response.revised',
      entityType: 'survey_response',
      entityId: row.id,
      before: { roundId: round.id, firmId: firm.id, version: existing.version, mode: existing.mode, answers: before },
      after: { roundId: round.id, firmId: firm.id, version: row.version, mode: row.mode, answers },
    })
  }
  if (answers.materials.length > 0) {
    await trx
      .insertInto('survey_response_materials')
      .values(
        answers.materials.map((m, i) => ({
          response_id: row.id,
          seq: i + 1,
          material: m.material,
          unit: m.unit,
          needed_per_month: String(m.neededPerMonth),
          obtained: String(m.obtained),
          cause: m.cause,
        })),
      )
      .execute()
  }
  if (answers.exports.length > 0) {
    await trx
      .insertInto('survey_response_exports')
      .values(
        answers.exports.map((e, i) => ({
          response_id: row.id,
          seq: i + 1,
          contracts: e.contracts,
          currency: e.currency,
          value: String(e.value),
          destination_countries: e.destinationCountries,
          goods_produced: e.goodsProduced,
        })),
      )
      .execute()
  }
  await trx
    .insertInto('survey_response_versions')
    .values({ response_id: row.id, version: row.version, mode: context.mode, entered_by: context.enteredBy, answers: JSON.stringify(answers) })
    .execute()
  if (outcome === 'created') {
    await recordAudit(trx, audit, {
      action: 'survey_response.created',
      entityType: 'survey_response',
      entityId: row.id,
      after: { roundId: round.id, firmId: firm.id, version: 1, mode: context.mode, answers },
    })
  }
  await refreshNeedsProfile(trx, firm.id)
  return { row, outcome }
}

/** Who may answer for this firm, and in which mode: its owner (self) or an officer in scope (assisted). */
function modeFor(actor: Actor, firm: FirmRow): ResponseMode {
  if (!canSeeFirm(actor, firmScopeOf(firm)) || firm.merged_into) throw notFound('FIRM_NOT_FOUND')
  return actor.role === 'firm_owner' ? 'self' : 'assisted'
}

/**
 * A submission from the form (online, or queued offline and sent later): idempotent by its
 * client-made submissionId, so a submission sent twice (a retry after a lost answer) is stored
 * once and answered the same way.
 */
export async function submitResponse(
  db: Database,
  actor: Actor | null,
  audit: AuditContext,
  roundId: string,
  body: { submissionId: string; firmId: string; answers: Answers },
): Promise<{ response: SurveyResponse; outcome: SubmitOutcome }> {
  requirePermission(actor, 'assessment.respond')
  assertAnswers(body.answers)
  const submissionId = body.submissionId.toLowerCase()
  const replay = async (executor: Executor) => {
    const seen = await executor.selectFrom('survey_submissions').selectAll().where('id', '=', submissionId).executeTakeFirst()
    if (!seen) return null
    const row = await executor.selectFrom('survey_responses').selectAll().where('id', '=', seen.response_id).executeTakeFirstOrThrow()
    if (row.round_id !== roundId || row.firm_id !== body.firmId.toLowerCase() || seen.submitted_by !== actor.userId) {
      throw conflict('SUBMISSION_ID_REUSED')
    }
    return { response: await responseOf(executor, row), outcome: 'replayed' as const }
  }
  const earlier = await replay(db)
  if (earlier) return earlier
  try {
    return await db.transaction().execute(async (trx) => {
      const round = await findRound(trx, roundId)
      if (!round) throw notFound('ROUND_NOT_FOUND')
      const firm = await firmsRepo.findByIdForUpdate(trx, body.firmId.toLowerCase())
      if (!firm) throw notFound('FIRM_NOT_FOUND')
      const mode = modeFor(actor, firm)
      if (!roundCovers(round, firm.province_code)) throw badRequest('ROUND_NOT_FOR_FIRM', { round: round.name }, { field: 'firmId' })
      const status = roundStatus(round)
      if (status === 'upcoming') throw conflict('ROUND_NOT_OPEN', { opensOn: String(round.opens_on) })
      // Owners answer while the round is open; officers may still enter paper forms collected in time.
      if (status === 'closed' && mode === 'self') throw conflict('ROUND_CLOSED', { closesOn: todayWib() })
      const { row, outcome } = await saveResponse(trx, audit, round, firm, body.answers, { mode, enteredBy: actor.userId })
      await trx.insertInto('survey_submissions').values({ id: submissionId, response_id: row.id, version: row.version, submitted_by: actor.userId }).execute()
      return { response: await responseOf(trx, row), outcome }
    })
  } catch (error) {
    // The same submission arrived twice at once: the other copy won; answer as it did.
    if (isUniqueViolation(error, 'survey_submissions_pkey')) {
      const again = await replay(db)
      if (again) return again
    }
    throw error
  }
}

export async function getResponse(db: Database, actor: Actor | null, roundId: string, firmId: string): Promise<SurveyResponse> {
  requirePermission(actor, 'assessment.rounds.read')
  const firm = await firmsRepo.findById(db, firmId)
  if (!firm || !canSeeFirm(actor, firmScopeOf(firm))) throw notFound('FIRM_NOT_FOUND')
  const row = await findResponseRow(db, roundId, firmId)
  if (!row) throw notFound('RESPONSE_NOT_FOUND')
  return responseOf(db, row)
}

export async function listVersions(db: Database, actor: Actor | null, responseId: string) {
  requirePermission(actor, 'assessment.rounds.read')
  const row = await db.selectFrom('survey_responses').selectAll().where('id', '=', responseId).executeTakeFirst()
  const firm = row ? await firmsRepo.findById(db, row.firm_id) : undefined
  if (!row || !firm || !canSeeFirm(actor, firmScopeOf(firm))) throw notFound('RESPONSE_NOT_FOUND')
  const versions = await db
    .selectFrom('survey_response_versions as v')
    .leftJoin('users as u', 'u.id', 'v.entered_by')
    .select(['v.version', 'v.mode', 'v.entered_by', 'u.name as user_name', 'v.submitted_at', 'v.answers'])
    .where('v.response_id', '=', responseId)
    .orderBy('v.version', 'desc')
    .execute()
  return versions.map((v) => ({
    version: v.version,
    mode: v.mode,
    enteredBy: v.entered_by ? { id: v.entered_by, name: v.user_name } : null,
    submittedAt: v.submitted_at.toISOString(),
    answers: v.answers as unknown as Answers,
  }))
}
