import { describe, expect, it } from 'vitest'
import { NAME_SIMILARITY_FLOOR, scorePair } from './duplicates.scoring.ts'

const none = { sameNib: false, sameOwnerNik: false, sameRegency: true, nameSimilarity: 0 }

describe('scorePair', () => {
  it('scores one reason by its weight, or a name by its similarity', () => {
    expect(scorePair({ ...none, sameNib: true })).toEqual({ score: 0.95, reasons: [{ code: 'same_nib' }] })
    expect(scorePair({ ...none, sameOwnerNik: true })).toEqual({ score: 0.7, reasons: [{ code: 'same_owner_nik' }] })
    expect(scorePair({ ...none, nameSimilarity: 0.8261 })).toEqual({
      score: 0.826,
      reasons: [{ code: 'similar_name_same_regency', similarity: 0.826 }],
    })
  })

  it('combines agreeing reasons as independent evidence, never above 1', () => {
    const both = scorePair({ ...none, sameOwnerNik: true, nameSimilarity: 0.8 })
    expect(both.score).toBe(0.94)
    expect(both.reasons.map((r) => r.code)).toEqual(['same_owner_nik', 'similar_name_same_regency'])
    const all = scorePair({ sameNib: true, sameOwnerNik: true, sameRegency: true, nameSimilarity: 1 })
    expect(all.score).toBe(1)
  })

  it('gives no name reason across regencies or below the floor', () => {
    expect(scorePair({ ...none, sameRegency: false, nameSimilarity: 0.9 })).toEqual({ score: 0, reasons: [] })
    expect(scorePair({ ...none, nameSimilarity: NAME_SIMILARITY_FLOOR - 0.01 })).toEqual({ score: 0, reasons: [] })
  })
})
