// The survey answers as typed into the form (text as typed, Indonesian number formatting), and
// their conversion to the API's answers with every problem found at entry: numbers that are not
// numbers, required values, then the instrument's own consistency rules (rules.ts, shared with the
// server), each with the field path the server also uses.
import {
  checkAnswers,
  type Answers,
  type Channel,
  type MaterialCause,
  type Need,
  type RuleProblem,
} from '../../../../../server/modules/assessment/rules.ts'

export interface MaterialDraft {
  key: string
  material: string
  unit: string
  neededPerMonth: string
  obtained: string
  cause: MaterialCause
}

export interface ExportDraft {
  key: string
  contracts: string
  currency: string
  value: string
  destinationCountries: string
  goodsProduced: boolean
}

export const COUNT_FIELDS = ['workersBefore', 'workersWorking', 'sentHomePaid', 'sentHomePartlyPaid', 'sentHomeUnpaid', 'laidOff'] as const
export type CountField = (typeof COUNT_FIELDS)[number]

export interface AnswersDraft extends Record<CountField, string> {
  baselineTurnoverIdr: string
  referenceTurnoverIdr: string
  channels: Channel[]
  materials: MaterialDraft[]
  exports: ExportDraft[]
  needs: Need[]
  notes: string
}

let rowCounter = 0
export const rowKey = () => `row-${++rowCounter}`

export const emptyMaterial = (): MaterialDraft => ({ key: rowKey(), material: '', unit: '', neededPerMonth: '', obtained: '', cause: 'price' })
export const emptyExport = (): ExportDraft => ({ key: rowKey(), contracts: '1', currency: 'USD', value: '', destinationCountries: '', goodsProduced: false })

export function emptyDraft(): AnswersDraft {
  return {
    baselineTurnoverIdr: '',
    referenceTurnoverIdr: '',
    channels: [],
    workersBefore: '',
    workersWorking: '',
    sentHomePaid: '0',
    sentHomePartlyPaid: '0',
    sentHomeUnpaid: '0',
    laidOff: '0',
    materials: [],
    exports: [],
    needs: [],
    notes: '',
  }
}

const ID_NUMBER = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 6 })
/** A number written the Indonesian way: "1.500.000", "2,5". */
export const formatId = (value: number) => ID_NUMBER.format(value)

/** A whole number typed the Indonesian way ("1.500.000", "Rp 2.000.000"); null when empty, NaN when not a number. */
export function parseWhole(text: string): number | null {
  const trimmed = text.trim()
  if (!trimmed) return null
  const digits = trimmed.replace(/^rp\.?\s*/i, '').replace(/[.\s]/g, '')
  return /^\d+$/.test(digits) ? Number(digits) : Number.NaN
}

/** A quantity typed the Indonesian way: dots group thousands, a comma starts the decimals ("1.250,5"). */
export function parseDecimal(text: string): number | null {
  const trimmed = text.trim()
  if (!trimmed) return null
  const plain = trimmed.replace(/^rp\.?\s*/i, '').replace(/[.\s]/g, '').replace(',', '.')
  return /^\d+(\.\d+)?$/.test(plain) ? Number(plain) : Number.NaN
}

/** Country codes typed as "JP, NL" or "jp nl": upper case, without repeats. */
export function parseCountries(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((code) => code.trim().toUpperCase()).filter(Boolean))]
}

export function draftOfAnswers(answers: Answers): AnswersDraft {
  const count = (field: CountField) => formatId(answers[field])
  return {
    baselineTurnoverIdr: formatId(answers.baselineTurnoverIdr),
    referenceTurnoverIdr: formatId(answers.referenceTurnoverIdr),
    channels: [...answers.channels],
    workersBefore: count('workersBefore'),
    workersWorking: count('workersWorking'),
    sentHomePaid: count('sentHomePaid'),
    sentHomePartlyPaid: count('sentHomePartlyPaid'),
    sentHomeUnpaid: count('sentHomeUnpaid'),
    laidOff: count('laidOff'),
    materials: answers.materials.map((m) => ({
      key: rowKey(),
      material: m.material,
      unit: m.unit,
      neededPerMonth: formatId(m.neededPerMonth),
      obtained: formatId(m.obtained),
      cause: m.cause,
    })),
    exports: answers.exports.map((e) => ({
      key: rowKey(),
      contracts: formatId(e.contracts),
      currency: e.currency,
      value: formatId(e.value),
      destinationCountries: e.destinationCountries.join(', '),
      goodsProduced: e.goodsProduced,
    })),
    needs: [...answers.needs],
    notes: answers.notes ?? '',
  }
}

/** Problems only the form finds: a value left empty or not a number. */
const required = (field: string): RuleProblem => ({ field, code: 'ANSWER_REQUIRED', params: {} })
const notANumber = (field: string): RuleProblem => ({ field, code: 'NUMBER_INVALID', params: {} })

/** The API's answers from the draft, and every problem in form order (at most one per field). */
export function answersOf(draft: AnswersDraft): { answers: Answers; problems: RuleProblem[] } {
  const entry: RuleProblem[] = []
  const read = (field: string, text: string, parse: (text: string) => number | null, optional = false): number => {
    const value = parse(text)
    if (value === null) {
      if (!optional) entry.push(required(field))
      return optional ? 0 : Number.NaN
    }
    if (Number.isNaN(value)) entry.push(notANumber(field))
    return value
  }
  const answers: Answers = {
    baselineTurnoverIdr: read('baselineTurnoverIdr', draft.baselineTurnoverIdr, parseWhole),
    referenceTurnoverIdr: read('referenceTurnoverIdr', draft.referenceTurnoverIdr, parseWhole),
    channels: [...draft.channels],
    workersBefore: read('workersBefore', draft.workersBefore, parseWhole),
    workersWorking: read('workersWorking', draft.workersWorking, parseWhole),
    sentHomePaid: read('sentHomePaid', draft.sentHomePaid, parseWhole, true),
    sentHomePartlyPaid: read('sentHomePartlyPaid', draft.sentHomePartlyPaid, parseWhole, true),
    sentHomeUnpaid: read('sentHomeUnpaid', draft.sentHomeUnpaid, parseWhole, true),
    laidOff: read('laidOff', draft.laidOff, parseWhole, true),
    materials: draft.materials.map((m, i) => ({
      material: m.material.trim(),
      unit: m.unit.trim(),
      neededPerMonth: read(`materials.${i}.neededPerMonth`, m.neededPerMonth, parseDecimal),
      obtained: read(`materials.${i}.obtained`, m.obtained, parseDecimal),
      cause: m.cause,
    })),
    exports: draft.exports.map((e, i) => ({
      contracts: read(`exports.${i}.contracts`, e.contracts, parseWhole),
      currency: e.currency.trim().toUpperCase(),
      value: read(`exports.${i}.value`, e.value, parseDecimal),
      destinationCountries: parseCountries(e.destinationCountries),
      goodsProduced: e.goodsProduced,
    })),
    needs: [...draft.needs],
    notes: draft.notes.trim() ? draft.notes.trim() : null,
  }
  const entryFields = new Set(entry.map((p) => p.field))
  const rules = checkAnswers(answers).filter((p) => !entryFields.has(p.field))
  const seen = new Set<string>()
  const problems = [...entry, ...rules]
    .sort((a, b) => fieldOrder(a.field) - fieldOrder(b.field))
    .filter((p) => (seen.has(p.field) ? false : (seen.add(p.field), true)))
  return { answers, problems }
}

const ORDER = ['baselineTurnoverIdr', 'referenceTurnoverIdr', 'channels', ...COUNT_FIELDS, 'materials', 'exports', 'needs', 'notes']
function fieldOrder(field: string): number {
  const [head, index] = field.split('.')
  const position = ORDER.indexOf(head)
  return (position < 0 ? ORDER.length : position) * 1000 + (index ? Number(index) : 0)
}

/** The form's field for an API error's `details.field` (`answers.materials.0.obtained` → `materials.0.obtained`). */
export function formFieldOf(field: unknown): string | null {
  if (typeof field !== 'string' || !field) return null
  const path = field.replace(/^body\./, '').replace(/^answers\.?/, '')
  return path || null
}

/** Sales change as the dashboard shows it, in percent to 0.1 (null without a baseline). */
export function salesChange(baseline: number, reference: number): number | null {
  if (!Number.isFinite(baseline) || !Number.isFinite(reference) || baseline <= 0) return null
  return Math.round(((reference - baseline) * 1000) / baseline) / 10
}
