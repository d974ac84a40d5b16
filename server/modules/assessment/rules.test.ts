import { describe, expect, it } from 'vitest'
import { checkAnswers, salesChangeTenths, type Answers } from './rules.ts'
import { programmesOf, severityOf, type TriageInput } from './triage.ts'

const base: Answers = {
  baselineTurnoverIdr: 10_000_000,
  referenceTurnoverIdr: 4_000_000,
  channels: ['offline'],
  workersBefore: 10,
  workersWorking: 5,
  sentHomePaid: 1,
  sentHomePartlyPaid: 1,
  sentHomeUnpaid: 1,
  laidOff: 2,
  materials: [{ material: 'Kain', unit: 'meter', neededPerMonth: 100, obtained: 40, cause: 'price' }],
  exports: [{ contracts: 1, currency: 'USD', value: 5000, destinationCountries: ['JP'], goodsProduced: false }],
  needs: ['financing', 'marketing'],
}

describe('consistency rules', () => {
  it('accepts a consistent response (exactly all workers accounted for)', () => {
    expect(checkAnswers(base)).toEqual([])
  })

  it('names each problem by field', () => {
    const problems = checkAnswers({
      ...base,
      workersWorking: 6,
      baselineTurnoverIdr: -5,
      materials: [{ material: ' ', unit: 'kg', neededPerMonth: 10, obtained: 11, cause: 'price' }],
      exports: [{ contracts: 0, currency: 'usd', value: 1, destinationCountries: ['jpn'], goodsProduced: true }],
      needs: ['financing', 'financing'],
    })
    expect(problems.map((p) => `${p.field}:${p.code}`)).toEqual([
      'baselineTurnoverIdr:ANSWER_NEGATIVE',
      'workersWorking:ANSWER_WORKERS_EXCEED',
      'materials.0.material:ANSWER_REQUIRED',
      'materials.0.obtained:ANSWER_OBTAINED_EXCEEDS_NEEDED',
      'exports.0.contracts:ANSWER_CONTRACTS_INVALID',
      'exports.0.currency:ANSWER_CURRENCY_INVALID',
      'exports.0.destinationCountries:ANSWER_COUNTRY_INVALID',
      'needs:ANSWER_NEED_REPEATED',
    ])
    expect(problems[1].params).toEqual({ accounted: 11, before: 10 })
  })

  it('computes the sales change in tenths, rounding half away from zero, none without a baseline', () => {
    expect(salesChangeTenths(10_000_000, 4_000_000)).toBe(-600)
    expect(salesChangeTenths(3, 2)).toBe(-333)
    expect(salesChangeTenths(2_000, 1_999)).toBe(-1) // -0.05 % → -0.1
    expect(salesChangeTenths(2_000, 2_001)).toBe(1)
    expect(salesChangeTenths(0, 5)).toBeNull()
  })
})

const triage = (overrides: Partial<TriageInput> = {}): TriageInput => ({
  salesChangePct: -60,
  workersBefore: 10,
  sentHome: 3,
  sentHomeUnpaid: 1,
  laidOff: 2,
  materialCoverage: [0.4],
  heldContracts: 1,
  channels: ['offline'],
  needs: ['financing', 'marketing'],
  ...overrides,
})

describe('triage', () => {
  it('scores severity from the problems a response shows, with its reasons', () => {
    const { severity, reasons } = severityOf(triage())
    expect(severity).toBe(100) // 30 + 25 + 10 + 20 + 15, capped
    expect(reasons.map((r) => r.code)).toEqual(['sales_drop', 'workers_sent_home', 'workers_laid_off', 'workers_unpaid', 'material_shortfall', 'export_held'])
    expect(reasons[0]).toEqual({ code: 'sales_drop', pct: 60 })
    expect(severityOf(triage({ salesChangePct: -30, sentHome: 0, sentHomeUnpaid: 0, laidOff: 1, materialCoverage: [0.8], heldContracts: 0 })).severity).toBe(15 + 10 + 10)
    expect(severityOf(triage({ salesChangePct: 5, sentHome: 0, sentHomeUnpaid: 0, laidOff: 0, materialCoverage: [], heldContracts: 0 }))).toEqual({ severity: 0, reasons: [] })
  })

  it('makes a firm a candidate for a programme by its ranked need or by what its answers show', () => {
    const input = triage({ needs: ['financing', 'marketing'], materialCoverage: [], heldContracts: 0 })
    const { severity } = severityOf(input)
    expect(programmesOf(input, severity)).toEqual([
      { programme: 'marketplace', score: severity + 20 },
      { programme: 'financing', score: severity + 25 },
    ])
    // Already selling on marketplaces and not asking for marketing: no marketplace candidacy.
    expect(programmesOf(triage({ channels: ['marketplace'], needs: [], materialCoverage: [], heldContracts: 0, sentHome: 0, laidOff: 0 }), 30)).toEqual([])
  })
})
