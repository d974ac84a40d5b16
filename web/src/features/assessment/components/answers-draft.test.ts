import { describe, expect, test } from 'vitest'
import { answers } from '../../../../../server/modules/assessment/test-fixtures.ts'
import type { Answers } from '../../../../../server/modules/assessment/rules.ts'
import { answersOf, draftOfAnswers, emptyDraft, formFieldOf, parseDecimal, parseWhole } from './answers-draft.ts'

describe('answers draft', () => {
  test('reads rupiah and quantities written the Indonesian way', () => {
    expect(parseWhole('1.500.000')).toBe(1_500_000)
    expect(parseWhole('Rp 2.000.000')).toBe(2_000_000)
    expect(parseWhole('')).toBeNull()
    expect(parseWhole('1,5')).toBeNaN()
    expect(parseDecimal('1.250,5')).toBe(1250.5)
    expect(parseDecimal('abc')).toBeNaN()
  })

  test('round-trips answers through the form', () => {
    const original = answers() as Answers
    const draft = draftOfAnswers(original)
    expect(draft.baselineTurnoverIdr).toBe('20.000.000')
    const { answers: back, problems } = answersOf(draft)
    expect(problems).toEqual([])
    expect(back).toEqual(original)
  })

  test('finds entry problems and the shared consistency rules, one per field', () => {
    const empty = answersOf(emptyDraft()).problems.map((p) => `${p.field}:${p.code}`)
    expect(empty).toEqual(['baselineTurnoverIdr:ANSWER_REQUIRED', 'referenceTurnoverIdr:ANSWER_REQUIRED', 'workersBefore:ANSWER_REQUIRED', 'workersWorking:ANSWER_REQUIRED'])
    const draft = { ...draftOfAnswers(answers({ workersWorking: 9 }) as Answers), baselineTurnoverIdr: '12x' }
    draft.materials[0].obtained = '600'
    const problems = answersOf(draft).problems
    expect(problems.map((p) => `${p.field}:${p.code}`)).toEqual(['baselineTurnoverIdr:NUMBER_INVALID', 'workersWorking:ANSWER_WORKERS_EXCEED', 'materials.0.obtained:ANSWER_OBTAINED_EXCEEDS_NEEDED'])
    expect(problems[1].params).toEqual({ accounted: 13, before: 10 })
  })

  test('maps the server\'s field paths to the form', () => {
    expect(formFieldOf('answers.materials.0.obtained')).toBe('materials.0.obtained')
    expect(formFieldOf('body.answers.workersWorking')).toBe('workersWorking')
    expect(formFieldOf('name')).toBe('name')
    expect(formFieldOf(undefined)).toBeNull()
  })
})
