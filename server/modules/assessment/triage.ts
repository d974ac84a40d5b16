// Triage: from a firm's latest response to its needs profile (a severity score with its reasons)
// and its place on each programme's candidate list. Pure scoring first, then the store.
import { sql } from 'kysely'
import type { Executor } from '../../platform/audit/audit.repository.ts'
import { AppError } from '../../platform/errors.ts'
import type { ExportColumn } from '../../platform/export/table-export.ts'
import { firmInGroupOf } from './figures.ts'
import type { Need } from './rules.ts'

export const PROGRAMMES = ['marketplace', 'raw_materials', 'financing', 'export'] as const
export type Programme = (typeof PROGRAMMES)[number]

export type SeverityReason =
  | { code: 'sales_drop'; pct: number }
  | { code: 'workers_sent_home'; workers: number; sharePct: number }
  | { code: 'workers_unpaid'; workers: number }
  | { code: 'workers_laid_off'; workers: number }
  | { code: 'material_shortfall'; materials: number; worstObtainedPct: number }
  | { code: 'export_held'; contracts: number }

export interface TriageInput {
  salesChangePct: number | null
  workersBefore: number
  sentHome: number
  sentHomeUnpaid: number
  laidOff: number
  /** Per material short: obtained / needed (0..1). */
  materialCoverage: number[]
  heldContracts: number
  channels: string[]
  needs: Need[]
}

/**
 * Severity 0–100 from the problems a response shows, each adding its weight:
 * sales drop ≥ 50 % 30 (≥ 25 % 15); workers sent home or laid off ≥ half the workforce 25 (any
 * 10), unpaid 10 more; a material obtained below half of need 20 (any shortfall 10); held export
 * contracts 15. The reasons say which applied, with their figures.
 */
export function severityOf(input: TriageInput): { severity: number; reasons: SeverityReason[] } {
  const reasons: SeverityReason[] = []
  let severity = 0
  if (input.salesChangePct !== null && input.salesChangePct <= -25) {
    severity += input.salesChangePct <= -50 ? 30 : 15
    reasons.push({ code: 'sales_drop', pct: -input.salesChangePct })
  }
  const away = input.sentHome + input.laidOff
  if (away > 0 && input.workersBefore > 0) {
    const share = away / input.workersBefore
    severity += share >= 0.5 ? 25 : 10
    if (input.sentHome > 0) reasons.push({ code: 'workers_sent_home', workers: input.sentHome, sharePct: Math.round(share * 1000) / 10 })
    if (input.laidOff > 0) reasons.push({ code: 'workers_laid_off', workers: input.laidOff })
  }
  if (input.sentHomeUnpaid > 0) {
    severity += 10
    reasons.push({ code: 'workers_unpaid', workers: input.sentHomeUnpaid })
  }
  const short = input.materialCoverage.filter((c) => c < 1)
  if (short.length > 0) {
    const worst = Math.min(...short)
    severity += worst < 0.5 ? 20 : 10
    reasons.push({ code: 'material_shortfall', materials: short.length, worstObtainedPct: Math.round(worst * 1000) / 10 })
  }
  if (input.heldContracts > 0) {
    severity += 15
    reasons.push({ code: 'export_held', contracts: input.heldContracts })
  }
  return { severity: Math.min(100, severity), reasons }
}

const NEED_OF: Record<Programme, Need> = { marketplace: 'marketing', raw_materials: 'raw_materials', financing: 'financing', export: 'export' }

/**
 * The programmes a firm is a candidate for, with its rank score on each (severity plus 25 for the
 * programme's need ranked first, 20, 15, 10, 5 for later ranks). A firm is a candidate when it
 * names the need, or its answers show it: marketplace — sales fell ≥ 25 % and it does not sell
 * on marketplaces yet; raw materials — a shortfall; financing — workers sent home or laid off;
 * export — held contracts.
 */
export function programmesOf(input: TriageInput, severity: number): Array<{ programme: Programme; score: number }> {
  const shows: Record<Programme, boolean> = {
    marketplace: input.salesChangePct !== null && input.salesChangePct <= -25 && !input.channels.includes('marketplace'),
    raw_materials: input.materialCoverage.some((c) => c < 1),
    financing: input.sentHome + input.laidOff > 0,
    export: input.heldContracts > 0,
  }
  return PROGRAMMES.flatMap((programme) => {
    const rank = input.needs.indexOf(NEED_OF[programme])
    if (rank < 0 && !shows[programme]) return []
    return [{ programme, score: severity + (rank < 0 ? 0 : 25 - rank * 5) }]
  })
}

/**
 * Recomputes a firm's needs profile and candidacies from its latest response (latest reference
 * month, then latest round created), in the caller's transaction.
 */
export async function refreshNeedsProfile(trx: Executor, firmId: string): Promise<void> {
  const latest = await sql<{
    id: string
    round_id: string
    sales_change_tenths: number | null
    workers_before: number
    sent_home: number
    sent_home_unpaid: number
    laid_off: number
    channels: string[]
    needs: Need[]
    coverage: number[] | null
    held: number
    province_code: string
    regency_code: string
    kbli_division: string
    size_class: string
  }>`
    SELECT r.id, r.round_id, r.sales_change_tenths, r.workers_before,
      r.sent_home_paid + r.sent_home_partly_paid + r.sent_home_unpaid AS sent_home, r.sent_home_unpaid, r.laid_off,
      r.channels, r.needs, r.province_code, r.regency_code, r.kbli_division, r.size_class,
      (SELECT array_agg(CASE WHEN m.needed_per_month > 0 THEN (m.obtained / m.needed_per_month)::float8 ELSE 1 END)
         FROM survey_response_materials m WHERE m.response_id = r.id) AS coverage,
      (SELECT coalesce(sum(e.contracts), 0)::int FROM survey_response_exports e WHERE e.response_id = r.id) AS held
    FROM survey_responses r JOIN survey_rounds s ON s.id = r.round_id
    WHERE r.firm_id = ${firmId}
    ORDER BY s.reference_month DESC, s.created_at DESC
    LIMIT 1
  `.execute(trx)
  await trx.deleteFrom('triage_candidates').where('firm_id', '=', firmId).execute()
  const row = latest.rows[0]
  if (!row) {
    await trx.deleteFrom('firm_needs_profiles').where('firm_id', '=', firmId).execute()
    return
  }
  const input: TriageInput = {
    salesChangePct: row.sales_change_tenths === null ? null : row.sales_change_tenths / 10,
    workersBefore: row.workers_before,
    sentHome: row.sent_home,
    sentHomeUnpaid: row.sent_home_unpaid,
    laidOff: row.laid_off,
    materialCoverage: row.coverage ?? [],
    heldContracts: row.held,
    channels: row.channels,
    needs: row.needs,
  }
  const { severity, reasons } = severityOf(input)
  await trx
    .insertInto('firm_needs_profiles')
    .values({ firm_id: firmId, response_id: row.id, round_id: row.round_id, severity, reasons: JSON.stringify(reasons), needs: row.needs })
    .onConflict((oc) =>
      oc.column('firm_id').doUpdateSet({
        response_id: row.id,
        round_id: row.round_id,
        severity,
        reasons: JSON.stringify(reasons),
        needs: row.needs,
        computed_at: sql`now()`,
      }),
    )
    .execute()
  const candidacies = programmesOf(input, severity)
  if (candidacies.length > 0) {
    await trx
      .insertInto('triage_candidates')
      .values(
        candidacies.map(({ programme, score }) => ({
          programme,
          firm_id: firmId,
          score,
          province_code: row.province_code,
          regency_code: row.regency_code,
          kbli_division: row.kbli_division,
          size_class: row.size_class,
        })),
      )
      .execute()
  }
}

export interface Candidate {
  firmId: string
  name: string
  nib: string | null
  provinceCode: string
  regencyCode: string
  kbliDivision: string
  sizeClass: string
  programme: Programme
  score: number
  severity: number
  reasons: SeverityReason[]
  needs: string[]
  roundId: string
}

export interface CandidateQuery {
  programme: Programme
  provinceCode?: string
  regencyCode?: string
  kbliDivision?: string
  sizeClass?: string
  cursor?: string
  limit: number
}

const encodeCursor = (score: number, firmId: string) => Buffer.from(JSON.stringify([score, firmId])).toString('base64url')
function decodeCursor(cursor: string): [number, string] {
  try {
    const [score, firmId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [number, string]
    if (Number.isInteger(score) && /^[0-9a-f-]{36}$/.test(firmId)) return [score, firmId]
  } catch {
    // fall through
  }
  throw new AppError('CURSOR_INVALID', 400, {}, { field: 'cursor' })
}

/** A programme's candidates, best first (score, then firm id), within the viewer's region. */
export async function candidatesPage(db: Executor, query: CandidateQuery): Promise<{ items: Candidate[]; nextCursor: string | null }> {
  const conditions = [sql`c.programme = ${query.programme}`]
  if (query.provinceCode) conditions.push(sql`c.province_code = ${query.provinceCode}`)
  if (query.regencyCode) conditions.push(sql`c.regency_code = ${query.regencyCode}`)
  if (query.kbliDivision) conditions.push(sql`c.kbli_division = ${query.kbliDivision}`)
  if (query.sizeClass) conditions.push(sql`c.size_class = ${query.sizeClass}`)
  if (query.cursor) {
    const [score, firmId] = decodeCursor(query.cursor)
    conditions.push(sql`(c.score < ${score} OR (c.score = ${score} AND c.firm_id > ${firmId}))`)
  }
  const rows = await sql<{
    firm_id: string; name: string; nib: string | null; province_code: string; regency_code: string; kbli_division: string; size_class: string
    programme: Programme; score: number; severity: number; reasons: SeverityReason[]; needs: string[]; round_id: string
  }>`
    SELECT c.firm_id, f.name, f.nib, c.province_code, c.regency_code, c.kbli_division, c.size_class, c.programme, c.score,
      p.severity, p.reasons, p.needs, p.round_id
    FROM triage_candidates c JOIN firms f ON f.id = c.firm_id JOIN firm_needs_profiles p ON p.firm_id = c.firm_id
    WHERE ${sql.join(conditions, sql` AND `)} AND f.merged_into IS NULL
    ORDER BY c.score DESC, c.firm_id
    LIMIT ${query.limit + 1}
  `.execute(db)
  const page = rows.rows.slice(0, query.limit)
  const last = page[page.length - 1]
  return {
    items: page.map((r) => ({
      ...firmInGroupOf(r),
      programme: r.programme,
      score: r.score,
      severity: r.severity,
      reasons: r.reasons,
      needs: r.needs,
      roundId: r.round_id,
    })),
    nextCursor: rows.rows.length > query.limit ? encodeCursor(last.score, last.firm_id) : null,
  }
}

/** All candidates of a query, page by page (exports). */
export async function* allCandidates(db: Executor, query: Omit<CandidateQuery, 'cursor' | 'limit'>): AsyncGenerator<Candidate> {
  let cursor: string | undefined
  do {
    const page = await candidatesPage(db, { ...query, cursor, limit: 1000 })
    yield* page.items
    cursor = page.nextCursor ?? undefined
  } while (cursor)
}

const REASON_TEXT: Record<SeverityReason['code'], (r: SeverityReason) => string> = {
  sales_drop: (r) => `omzet turun ${(r as { pct: number }).pct} %`,
  workers_sent_home: (r) => `${(r as { workers: number }).workers} pekerja dirumahkan`,
  workers_unpaid: (r) => `${(r as { workers: number }).workers} dirumahkan tanpa upah`,
  workers_laid_off: (r) => `${(r as { workers: number }).workers} PHK`,
  material_shortfall: (r) => `kekurangan ${(r as { materials: number }).materials} bahan baku`,
  export_held: (r) => `${(r as { contracts: number }).contracts} kontrak ekspor tertunda`,
}

export const CANDIDATE_COLUMNS: ExportColumn<Candidate>[] = [
  { header: 'Program', width: 14, value: (c) => c.programme },
  { header: 'Skor', width: 8, value: (c) => c.score },
  { header: 'Tingkat keparahan', width: 10, value: (c) => c.severity },
  { header: 'Alasan', width: 60, value: (c) => c.reasons.map((r) => REASON_TEXT[r.code](r)).join('; ') },
  { header: 'Kebutuhan (urutan)', width: 40, value: (c) => c.needs.join(', ') },
  { header: 'NIB', width: 16, value: (c) => c.nib },
  { header: 'Nama usaha', width: 36, value: (c) => c.name },
  { header: 'Kode provinsi', width: 10, value: (c) => c.provinceCode },
  { header: 'Kode kabupaten/kota', width: 12, value: (c) => c.regencyCode },
  { header: 'Golongan pokok KBLI', width: 10, value: (c) => c.kbliDivision },
  { header: 'Skala', width: 10, value: (c) => c.sizeClass },
  { header: 'ID Pulih', width: 38, value: (c) => c.firmId },
]

export interface NeedsProfile {
  firmId: string
  roundId: string
  severity: number
  reasons: SeverityReason[]
  needs: string[]
  programmes: Array<{ programme: Programme; score: number }>
  computedAt: string
}

export async function needsProfileOf(db: Executor, firmId: string): Promise<NeedsProfile | null> {
  const profile = await db.selectFrom('firm_needs_profiles').selectAll().where('firm_id', '=', firmId).executeTakeFirst()
  if (!profile) return null
  const programmes = await db.selectFrom('triage_candidates').select(['programme', 'score']).where('firm_id', '=', firmId).orderBy('score', 'desc').execute()
  return {
    firmId,
    roundId: profile.round_id,
    severity: profile.severity,
    reasons: profile.reasons as unknown as SeverityReason[],
    needs: profile.needs,
    programmes: programmes.map((p) => ({ programme: p.programme as Programme, score: p.score })),
    computedAt: profile.computed_at.toISOString(),
  }
}
