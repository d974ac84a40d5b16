// The assessment instrument's consistency rules, pure so the same rules run in the server (every
// write), the import (every row) and the browser (at entry, offline too). No imports on purpose.

export const CHANNELS = ['offline', 'own_online', 'marketplace', 'export'] as const
export type Channel = (typeof CHANNELS)[number]
export const NEEDS = ['marketing', 'raw_materials', 'financing', 'export', 'other'] as const
export type Need = (typeof NEEDS)[number]
export const MATERIAL_CAUSES = ['price', 'import_disruption', 'supplier_stopped', 'transport', 'other'] as const
export type MaterialCause = (typeof MATERIAL_CAUSES)[number]

export interface MaterialAnswer {
  material: string
  unit: string
  neededPerMonth: number
  obtained: number
  cause: MaterialCause
}

export interface ExportAnswer {
  contracts: number
  currency: string
  value: number
  destinationCountries: string[]
  goodsProduced: boolean
}

/** The answers of one response (the instrument), as the API and the form carry them. */
export interface Answers {
  baselineTurnoverIdr: number
  referenceTurnoverIdr: number
  channels: Channel[]
  workersBefore: number
  workersWorking: number
  sentHomePaid: number
  sentHomePartlyPaid: number
  sentHomeUnpaid: number
  laidOff: number
  materials: MaterialAnswer[]
  exports: ExportAnswer[]
  /** Ranked: the first is the most needed. */
  needs: Need[]
  notes?: string | null
}

export interface RuleProblem {
  /** Path of the field, e.g. `workersWorking`, `materials.1.obtained`. */
  field: string
  code: string
  params: Record<string, string | number>
}

const MAX_IDR = 1e15

/**
 * Every consistency problem of a response, in form order: counts and amounts whole and not
 * negative, still working + sent home + laid off ≤ workers before, obtained ≤ needed, needs
 * ranked without repeats, currencies and countries well-formed (the server also checks they exist).
 */
export function checkAnswers(answers: Answers): RuleProblem[] {
  const problems: RuleProblem[] = []
  const amount = (field: string, value: number, max = MAX_IDR) => {
    if (!Number.isFinite(value) || value < 0) problems.push({ field, code: 'ANSWER_NEGATIVE', params: {} })
    else if (value > max) problems.push({ field, code: 'ANSWER_TOO_LARGE', params: { max } })
  }
  const count = (field: string, value: number) => {
    if (!Number.isInteger(value) || value < 0) problems.push({ field, code: 'ANSWER_COUNT_INVALID', params: {} })
  }
  amount('baselineTurnoverIdr', answers.baselineTurnoverIdr)
  amount('referenceTurnoverIdr', answers.referenceTurnoverIdr)
  for (const field of ['workersBefore', 'workersWorking', 'sentHomePaid', 'sentHomePartlyPaid', 'sentHomeUnpaid', 'laidOff'] as const) {
    count(field, answers[field])
  }
  const accounted = answers.workersWorking + answers.sentHomePaid + answers.sentHomePartlyPaid + answers.sentHomeUnpaid + answers.laidOff
  if (Number.isFinite(accounted) && accounted > answers.workersBefore) {
    problems.push({ field: 'workersWorking', code: 'ANSWER_WORKERS_EXCEED', params: { accounted, before: answers.workersBefore } })
  }
  answers.materials.forEach((m, i) => {
    if (!m.material.trim()) problems.push({ field: `materials.${i}.material`, code: 'ANSWER_REQUIRED', params: {} })
    if (!m.unit.trim()) problems.push({ field: `materials.${i}.unit`, code: 'ANSWER_REQUIRED', params: {} })
    amount(`materials.${i}.neededPerMonth`, m.neededPerMonth)
    amount(`materials.${i}.obtained`, m.obtained)
    if (m.obtained > m.neededPerMonth) {
      problems.push({ field: `materials.${i}.obtained`, code: 'ANSWER_OBTAINED_EXCEEDS_NEEDED', params: { obtained: m.obtained, needed: m.neededPerMonth } })
    }
  })
  answers.exports.forEach((e, i) => {
    if (!Number.isInteger(e.contracts) || e.contracts < 1) problems.push({ field: `exports.${i}.contracts`, code: 'ANSWER_CONTRACTS_INVALID', params: {} })
    if (!/^[A-Z]{3}$/.test(e.currency)) problems.push({ field: `exports.${i}.currency`, code: 'ANSWER_CURRENCY_INVALID', params: { code: e.currency } })
    amount(`exports.${i}.value`, e.value)
    if (e.destinationCountries.length === 0) problems.push({ field: `exports.${i}.destinationCountries`, code: 'ANSWER_REQUIRED', params: {} })
    for (const country of e.destinationCountries) {
      if (!/^[A-Z]{2}$/.test(country)) problems.push({ field: `exports.${i}.destinationCountries`, code: 'ANSWER_COUNTRY_INVALID', params: { code: country } })
    }
  })
  const seen = new Set<string>()
  for (const need of answers.needs) {
    if (seen.has(need)) problems.push({ field: 'needs', code: 'ANSWER_NEED_REPEATED', params: { need } })
    seen.add(need)
  }
  return problems
}

/** Sales change of a firm as the dashboard counts it: tenths of a percentage point, null without a baseline. */
export function salesChangeTenths(baseline: number, reference: number): number | null {
  if (baseline <= 0) return null
  // Half away from zero, as PostgreSQL's round(numeric) does in the generated column.
  const exact = ((reference - baseline) * 1000) / baseline
  return Math.sign(exact) * Math.round(Math.abs(exact))
}

/** Workers sent home, of all three kinds. */
export const sentHome = (a: Pick<Answers, 'sentHomePaid' | 'sentHomePartlyPaid' | 'sentHomeUnpaid'>) =>
  a.sentHomePaid + a.sentHomePartlyPaid + a.sentHomeUnpaid
