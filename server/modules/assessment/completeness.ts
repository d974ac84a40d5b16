// Survey completeness: per province and regency, how many registry firms a round asks and how many
// answered; the firms that did not (a keyset list); and reminders to them, in-app and by e-mail
// through the platform outbox, at most one per firm and round in 24 hours.
// Counts are read live from the registry and the responses (not from the dashboard rollups), so a
// response shows here the moment it is saved. Merged firms (merged_into set) are not counted.
import { sql, type RawBuilder } from 'kysely'
import type { Config } from '../../config.ts'
import type { Database } from '../../db/database.ts'
import type { Executor } from '../../platform/audit/audit.repository.ts'
import { requirePermission } from '../../platform/access/policy.ts'
import type { Actor } from '../../platform/access/roles.ts'
import { recordAudit, type AuditContext } from '../../platform/audit/audit.service.ts'
import { badRequest, conflict, notFound } from '../../platform/errors.ts'
import { addMessages, localize, type Locale } from '../../platform/i18n/messages.ts'
import { enqueueEmails, notify, type EmailInput, type NotificationInput } from '../../platform/outbox/index.ts'
import { completenessMessages } from './completeness.messages.ts'
import { scopedFilter, validateFilter } from './figures.ts'
import { dateOnly, findRound, roundCovers, roundStatus, type RoundRow } from './rounds.service.ts'

addMessages(completenessMessages)

export interface AreaFilter {
  provinceCode?: string
  regencyCode?: string
}

export interface CompletenessRow {
  code: string
  name: string
  firms: number
  answered: number
  notAnswered: number
  /** Share that answered, in percent with one decimal; null when the area has no firms. */
  ratePct: number | null
}

export interface Completeness {
  roundId: string
  filter: AreaFilter
  firms: number
  answered: number
  notAnswered: number
  ratePct: number | null
  byProvince: CompletenessRow[]
  /** Per regency, when the view is one province (or a regency). */
  byRegency: CompletenessRow[] | null
}

const rateOf = (answered: number, firms: number) => (firms > 0 ? Math.round((answered * 1000) / firms) / 10 : null)

/** The caller may monitor this round in this area: the area narrowed to their region, the round found and asking it. */
async function scopedRound(db: Executor, actor: Actor | null, roundId: string, raw: AreaFilter): Promise<{ round: RoundRow; filter: AreaFilter; actor: Actor }> {
  requirePermission(actor, 'assessment.monitor')
  const validated = validateFilter({ provinceCode: raw.provinceCode, regencyCode: raw.regencyCode })
  const scoped = scopedFilter(actor, validated)
  const filter: AreaFilter = {}
  if (scoped.provinceCode) filter.provinceCode = scoped.provinceCode
  if (scoped.regencyCode) filter.regencyCode = scoped.regencyCode
  const round = await findRound(db, roundId)
  if (!round || (filter.provinceCode && !roundCovers(round, filter.provinceCode))) throw notFound('ROUND_NOT_FOUND')
  return { round, filter, actor }
}

/** Registry firms the round asks within the area (alias f). */
function firmConditions(round: RoundRow, filter: AreaFilter): RawBuilder<unknown>[] {
  const conditions: RawBuilder<unknown>[] = [sql`f.merged_into IS NULL`]
  if (round.province_codes) conditions.push(sql`f.province_code = ANY(${round.province_codes}::text[])`)
  if (filter.provinceCode) conditions.push(sql`f.province_code = ${filter.provinceCode}`)
  if (filter.regencyCode) conditions.push(sql`f.regency_code = ${filter.regencyCode}`)
  return conditions
}

const notAnswered = (roundId: string) => sql`NOT EXISTS (SELECT 1 FROM survey_responses r WHERE r.round_id = ${roundId} AND r.firm_id = f.id)`

const hasAccount = sql`EXISTS (SELECT 1 FROM users u WHERE u.organisation_id = f.organisation_id AND u.role = 'firm_owner' AND u.disabled_at IS NULL)`

async function countsBy(db: Executor, round: RoundRow, filter: AreaFilter, level: 'province' | 'regency'): Promise<CompletenessRow[]> {
  const area = level === 'province' ? sql`f.province_code` : sql`f.regency_code`
  const names = level === 'province' ? sql`provinces` : sql`regencies`
  const rows = await sql<{ code: string; name: string; firms: number; answered: number }>`
    SELECT ${area} AS code, a.name, count(*)::int AS firms, count(r.firm_id)::int AS answered
    FROM firms f
    JOIN ${names} a ON a.code = ${area}
    LEFT JOIN survey_responses r ON r.round_id = ${round.id} AND r.firm_id = f.id
    WHERE ${sql.join(firmConditions(round, filter), sql` AND `)}
    GROUP BY ${area}, a.name
    ORDER BY ${area}
  `.execute(db)
  return rows.rows.map((r) => ({ code: r.code, name: r.name, firms: r.firms, answered: r.answered, notAnswered: r.firms - r.answered, ratePct: rateOf(r.answered, r.firms) }))
}

export async function completenessOf(db: Database, actor: Actor | null, roundId: string, raw: AreaFilter): Promise<Completeness> {
  const { round, filter } = await scopedRound(db, actor, roundId, raw)
  const [byProvince, byRegency] = await Promise.all([
    countsBy(db, round, filter, 'province'),
    filter.provinceCode ? countsBy(db, round, filter, 'regency') : Promise.resolve(null),
  ])
  const firms = byProvince.reduce((sum, r) => sum + r.firms, 0)
  const answered = byProvince.reduce((sum, r) => sum + r.answered, 0)
  return { roundId: round.id, filter, firms, answered, notAnswered: firms - answered, ratePct: rateOf(answered, firms), byProvince, byRegency }
}

/** `budi.santoso@mail.id` → `bu**********@mail.id`: enough to recognise, not to copy. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@')
  if (at <= 0) return '*'.repeat(email.length)
  const local = email.slice(0, at)
  const keep = local.length <= 2 ? 1 : 2
  return local.slice(0, keep) + '*'.repeat(Math.max(1, local.length - keep)) + email.slice(at)
}

export interface NonRespondent {
  firmId: string
  name: string
  nib: string | null
  provinceCode: string
  regencyCode: string
  regencyName: string
  owner: { name: string; phoneMasked: string | null; emailMasked: string | null } | null
  /** The firm has a signed-up owner account, so a reminder reaches it. */
  hasAccount: boolean
  lastRemindedAt: string | null
}

// Keyset cursor over (lower(name), id).
const encodeCursor = (key: string, id: string) => Buffer.from(JSON.stringify([key, id])).toString('base64url')
function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string' && /^[0-9a-f-]{36}$/.test(value[1])) {
      return [value[0], value[1]]
    }
  } catch {
    // fall through
  }
  throw badRequest('CURSOR_INVALID', {}, { field: 'cursor' })
}

export async function nonRespondents(
  db: Database,
  actor: Actor | null,
  roundId: string,
  raw: AreaFilter & { cursor?: string; limit?: number },
): Promise<{ items: NonRespondent[]; nextCursor: string | null }> {
  const { round, filter } = await scopedRound(db, actor, roundId, raw)
  const limit = Math.min(Math.max(raw.limit ?? 50, 1), 200)
  const conditions = [...firmConditions(round, filter), notAnswered(round.id)]
  if (raw.cursor) {
    const [key, id] = decodeCursor(raw.cursor)
    conditions.push(sql`(lower(f.name), f.id) > (${key}, ${id}::uuid)`)
  }
  const rows = await sql<{
    id: string; name: string; sort_key: string; nib: string | null; province_code: string; regency_code: string; regency_name: string
    owner_name: string | null; owner_phone_masked: string | null; owner_email: string | null; has_account: boolean; reminded_at: Date | null
  }>`
    SELECT f.id, f.name, lower(f.name) AS sort_key, f.nib, f.province_code, f.regency_code, g.name AS regency_name,
      o.name AS owner_name, o.phone_masked AS owner_phone_masked, o.email AS owner_email,
      ${hasAccount} AS has_account, sr.reminded_at
    FROM firms f
    JOIN regencies g ON g.code = f.regency_code
    LEFT JOIN firm_owners o ON o.firm_id = f.id AND o.is_primary
    LEFT JOIN survey_reminders sr ON sr.round_id = ${round.id} AND sr.firm_id = f.id
    WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY lower(f.name), f.id
    LIMIT ${limit + 1}
  `.execute(db)
  const page = rows.rows.slice(0, limit)
  const last = page[page.length - 1]
  return {
    items: page.map((r) => ({
      firmId: r.id,
      name: r.name,
      nib: r.nib,
      provinceCode: r.province_code,
      regencyCode: r.regency_code,
      regencyName: r.regency_name,
      owner: r.owner_name === null ? null : { name: r.owner_name, phoneMasked: r.owner_phone_masked, emailMasked: r.owner_email ? maskEmail(r.owner_email) : null },
      hasAccount: r.has_account,
      lastRemindedAt: r.reminded_at ? r.reminded_at.toISOString() : null,
    })),
    nextCursor: rows.rows.length > limit && last ? encodeCursor(last.sort_key, last.id) : null,
  }
}

export interface ReminderInput extends AreaFilter {
  /** Only these firms (of the non-respondents in the area). */
  firmIds?: string[]
}

export interface ReminderResult {
  /** Non-responding firms the request covered. */
  firms: number
  /** Firms reminded now. */
  reminded: number
  /** In-app notifications created (one per owner account of a reminded firm). */
  notified: number
  /** E-mails queued. */
  emailed: number
  /** Firms already reminded of this round in the last 24 hours. */
  skipped: number
  /** Firms without an owner account: nothing can reach them in the app or by e-mail. */
  withoutAccount: number
}

export const REMINDER_INTERVAL_HOURS = 24

/**
 * Reminds the non-responding firms of a round in the caller's area: every active owner account of
 * each firm gets a notification and an e-mail (in the account's language), in one transaction with
 * the audit entry. A firm reminded of the round in the last 24 hours is skipped.
 */
export async function sendReminders(
  db: Database,
  actor: Actor | null,
  audit: AuditContext,
  config: Pick<Config, 'publicUrl'>,
  roundId: string,
  input: ReminderInput,
): Promise<ReminderResult> {
  const { round, filter, actor: caller } = await scopedRound(db, actor, roundId, input)
  if (roundStatus(round) !== 'open') {
    throw conflict('REMINDER_ROUND_NOT_OPEN', { opensOn: dateOnly(round.opens_on), closesOn: dateOnly(round.closes_on) })
  }
  const firmIds = input.firmIds ? [...new Set(input.firmIds.map((id) => id.toLowerCase()))] : undefined
  const conditions = [...firmConditions(round, filter), notAnswered(round.id)]
  if (firmIds) conditions.push(sql`f.id = ANY(${firmIds}::uuid[])`)
  const where = sql.join(conditions, sql` AND `)

  return db.transaction().execute(async (trx) => {
    const counts = await sql<{ firms: number; with_account: number }>`
      SELECT count(*)::int AS firms, count(*) FILTER (WHERE ${hasAccount})::int AS with_account FROM firms f WHERE ${where}
    `.execute(trx)
    const { firms, with_account: withAccount } = counts.rows[0]
    // Claims the firms not reminded in the last 24 hours; a concurrent request waits on the same
    // rows and then finds them reminded, so a firm is never reminded twice.
    const reminded = await sql<{ firm_id: string; reminded_at: Date }>`
      INSERT INTO survey_reminders (round_id, firm_id, reminded_at, reminded_by)
      SELECT ${round.id}::uuid, f.id, now(), ${caller.userId}::uuid FROM firms f WHERE ${where} AND ${hasAccount}
      ON CONFLICT (round_id, firm_id) DO UPDATE
        SET reminded_at = EXCLUDED.reminded_at, reminded_by = EXCLUDED.reminded_by, reminders = survey_reminders.reminders + 1
        WHERE survey_reminders.reminded_at <= now() - make_interval(hours => ${REMINDER_INTERVAL_HOURS})
      RETURNING firm_id, reminded_at
    `.execute(trx)
    const remindedAt = new Map(reminded.rows.map((r) => [r.firm_id, r.reminded_at]))
    const recipients =
      remindedAt.size === 0
        ? []
        : (
            await sql<{ user_id: string; email: string; user_name: string; locale: string; firm_id: string; firm_name: string }>`
              SELECT u.id AS user_id, u.email, u.name AS user_name, u.locale, f.id AS firm_id, f.name AS firm_name
              FROM firms f JOIN users u ON u.organisation_id = f.organisation_id AND u.role = 'firm_owner' AND u.disabled_at IS NULL
              WHERE f.id = ANY(${[...remindedAt.keys()]}::uuid[])
              ORDER BY f.id, u.id
            `.execute(trx)
          ).rows
    const closesOn = dateOnly(round.closes_on)
    const notifications: NotificationInput[] = []
    const emails: EmailInput[] = []
    for (const r of recipients) {
      const path = `/rounds/${round.id}/respond/${r.firm_id}`
      const key = `assessment.reminder:${round.id}:${r.firm_id}:${r.user_id}:${remindedAt.get(r.firm_id)!.getTime()}`
      const params = { round: round.name, firm: r.firm_name, closesOn }
      notifications.push({ userId: r.user_id, kind: 'assessment.reminder', titleCode: 'NOTIFY_SURVEY_REMINDER_TITLE', bodyCode: 'NOTIFY_SURVEY_REMINDER_BODY', params, link: path, dedupeKey: key })
      const locale: Locale = r.locale === 'en' ? 'en' : 'id'
      emails.push({
        to: r.email,
        subject: localize('EMAIL_SURVEY_REMINDER_SUBJECT', locale, params),
        text: localize('EMAIL_SURVEY_REMINDER_BODY', locale, { ...params, name: r.user_name, link: `${config.publicUrl}${path}` }),
        dedupeKey: key,
      })
    }
    const notified = await notify(trx, notifications)
    const emailed = await enqueueEmails(trx, emails)
    const result: ReminderResult = {
      firms,
      reminded: remindedAt.size,
      notified,
      emailed,
      skipped: Math.max(0, withAccount - remindedAt.size),
      withoutAccount: firms - withAccount,
    }
    const firmList = [...remindedAt.keys()].sort()
    await recordAudit(trx, audit, {
      action: 'survey_round.reminders_sent',
      entityType: 'survey_round',
      entityId: round.id,
      after: { filter, ...(firmIds ? { requestedFirms: firmIds.length } : {}), ...result, remindedFirmIds: firmList.length <= 500 ? firmList : undefined },
    })
    return result
  })
}
