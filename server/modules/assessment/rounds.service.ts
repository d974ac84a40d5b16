import type { Database } from '../../db/database.ts'
import type { Executor } from '../../platform/audit/audit.repository.ts'
import { badRequest, conflict, isUniqueViolation, notFound } from '../../platform/errors.ts'
import { can, requirePermission } from '../../platform/access/policy.ts'
import type { Actor } from '../../platform/access/roles.ts'
import { recordAudit, type AuditContext } from '../../platform/audit/audit.service.ts'

export type RoundStatus = 'upcoming' | 'open' | 'closed'

export interface Round {
  id: string
  name: string
  referenceMonth: string
  opensOn: string
  closesOn: string
  provinceCodes: string[] | null
  status: RoundStatus
  createdAt: string
}

export type RoundRow = NonNullable<Awaited<ReturnType<typeof findRound>>>

/** A date column as YYYY-MM-DD (pg returns DATE as a local-midnight Date). */
export function dateOnly(value: Date | string): string {
  if (typeof value === 'string') return value.slice(0, 10)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`
}

/** Today in Jakarta (WIB): rounds open and close by the ministry's calendar day. */
export function todayWib(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10)
}

export function roundStatus(row: Pick<RoundRow, 'opens_on' | 'closes_on'>, today = todayWib()): RoundStatus {
  if (today < dateOnly(row.opens_on)) return 'upcoming'
  if (today > dateOnly(row.closes_on)) return 'closed'
  return 'open'
}

export function roundOf(row: RoundRow): Round {
  return {
    id: row.id,
    name: row.name,
    referenceMonth: dateOnly(row.reference_month).slice(0, 7),
    opensOn: dateOnly(row.opens_on),
    closesOn: dateOnly(row.closes_on),
    provinceCodes: row.province_codes,
    status: roundStatus(row),
    createdAt: row.created_at.toISOString(),
  }
}

export async function findRound(db: Executor, id: string) {
  return db.selectFrom('survey_rounds').selectAll().where('id', '=', id).executeTakeFirst()
}

/** A round by id, or by its exact name (the CLI takes either). */
export async function findRoundByRef(db: Executor, ref: string) {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref)) return findRound(db, ref.toLowerCase())
  return db.selectFrom('survey_rounds').selectAll().where('name', '=', ref.trim()).executeTakeFirst()
}

/** Does the round ask firms of this province? */
export const roundCovers = (row: Pick<RoundRow, 'province_codes'>, provinceCode: string) =>
  row.province_codes === null || row.province_codes.includes(provinceCode)

export async function listRounds(db: Database, actor: Actor | null): Promise<Round[]> {
  requirePermission(actor, 'assessment.rounds.read')
  const rows = await db.selectFrom('survey_rounds').selectAll().orderBy('reference_month', 'desc').orderBy('created_at', 'desc').execute()
  // A regional officer sees the rounds that ask their province.
  const visible = actor.role === 'regional_officer' && actor.provinceCode ? rows.filter((r) => roundCovers(r, actor.provinceCode!)) : rows
  return visible.map(roundOf)
}

export async function getRound(db: Database, actor: Actor | null, id: string): Promise<Round> {
  requirePermission(actor, 'assessment.rounds.read')
  const row = await findRound(db, id)
  if (!row || (actor.role === 'regional_officer' && actor.provinceCode && !roundCovers(row, actor.provinceCode))) throw notFound('ROUND_NOT_FOUND')
  return roundOf(row)
}

export interface RoundInput {
  name: string
  referenceMonth: string
  opensOn?: string
  closesOn?: string
  provinceCodes?: string[] | null
}

const lastDayOf = (month: string) => {
  const [y, m] = month.split('-').map(Number)
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10)
}

/**
 * Opens a round. Defaults: it opens today (WIB) and closes at the end of the month after the
 * reference month, so firms can report a whole month once it has ended.
 */
export async function createRound(db: Database, actor: Actor | 'system', audit: AuditContext, input: RoundInput): Promise<Round> {
  if (actor !== 'system') requirePermission(actor, 'assessment.rounds.manage')
  const name = input.name.trim().replace(/\s+/g, ' ')
  if (name.length < 3) throw badRequest('ROUND_NAME_INVALID', {}, { field: 'name' })
  if (!/^[0-9]{4}-(0[1-9]|1[0-2])$/.test(input.referenceMonth)) throw badRequest('ROUND_MONTH_INVALID', { value: input.referenceMonth }, { field: 'referenceMonth' })
  const [year, month] = input.referenceMonth.split('-').map(Number)
  const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`
  const opensOn = input.opensOn ?? todayWib()
  const closesOn = input.closesOn ?? lastDayOf(next)
  for (const [field, value] of [['opensOn', opensOn], ['closesOn', closesOn]] as const) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
      throw badRequest('ROUND_DATE_INVALID', { value }, { field })
    }
  }
  if (closesOn < opensOn) throw badRequest('ROUND_CLOSES_BEFORE_OPENS', { opensOn, closesOn }, { field: 'closesOn' })
  const provinceCodes = input.provinceCodes && input.provinceCodes.length > 0 ? [...new Set(input.provinceCodes)].sort() : null
  return db.transaction().execute(async (trx) => {
    if (provinceCodes) {
      const known = new Set((await trx.selectFrom('provinces').select('code').where('code', 'in', provinceCodes).execute()).map((r) => r.code))
      const unknown = provinceCodes.find((code) => !known.has(code))
      if (unknown) throw badRequest('ROUND_PROVINCE_UNKNOWN', { code: unknown }, { field: 'provinceCodes' })
    }
    let id: string
    try {
      id = (
        await trx
          .insertInto('survey_rounds')
          .values({
            name,
            reference_month: `${input.referenceMonth}-01`,
            opens_on: opensOn,
            closes_on: closesOn,
            province_codes: provinceCodes,
            created_by: actor === 'system' ? null : actor.userId,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('ROUND_NAME_TAKEN', { name })
      throw error
    }
    const round = roundOf((await findRound(trx, id))!)
    await recordAudit(trx, audit, { action: 'survey_round.created', entityType: 'survey_round', entityId: id, after: round })
    return round
  })
}

export const canManageRounds = (actor: Actor | null) => can(actor, 'assessment.rounds.manage')
