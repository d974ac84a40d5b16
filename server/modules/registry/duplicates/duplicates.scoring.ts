// Scoring of duplicate candidates: pure, so the weights can be read and tested in one place.

export type DuplicateReasonCode = 'same_nib' | 'same_owner_nik' | 'similar_name_same_regency'

export interface DuplicateReason {
  code: DuplicateReasonCode
  /** Trigram similarity of the names (0..1), for similar_name_same_regency. */
  similarity?: number
}

export interface PairEvidence {
  sameNib: boolean
  sameOwnerNik: boolean
  sameRegency: boolean
  /** pg_trgm similarity() of the two names. */
  nameSimilarity: number
}

/**
 * How strongly each reason alone says "same firm". A NIB is issued once per business, so it is
 * nearly decisive; one person may well own several firms, so a shared owner NIK is strong but
 * not conclusive; a similar name scores its similarity itself.
 */
export const REASON_WEIGHTS = { same_nib: 0.95, same_owner_nik: 0.7 } as const

/** Below this, names share too little to be a reason (generic words such as "CV" or "batik" reach ~0.3). */
export const NAME_SIMILARITY_FLOOR = 0.5

const round = (value: number) => Math.round(value * 1000) / 1000

/**
 * The reasons a pair may be one firm and a score in 0..1 that combines them as independent
 * evidence (noisy-or: 1 − Π(1 − wᵢ)), so agreeing reasons raise the score without exceeding 1.
 *
 * @example scorePair({ sameNib: false, sameOwnerNik: true, sameRegency: true, nameSimilarity: 0.8 })
 *   // → { score: 0.94, reasons: [{ code: 'same_owner_nik' }, { code: 'similar_name_same_regency', similarity: 0.8 }] }
 */
export function scorePair(evidence: PairEvidence): { score: number; reasons: DuplicateReason[] } {
  const reasons: DuplicateReason[] = []
  const weights: number[] = []
  if (evidence.sameNib) {
    reasons.push({ code: 'same_nib' })
    weights.push(REASON_WEIGHTS.same_nib)
  }
  if (evidence.sameOwnerNik) {
    reasons.push({ code: 'same_owner_nik' })
    weights.push(REASON_WEIGHTS.same_owner_nik)
  }
  if (evidence.sameRegency && evidence.nameSimilarity >= NAME_SIMILARITY_FLOOR) {
    const similarity = round(Math.min(evidence.nameSimilarity, 1))
    reasons.push({ code: 'similar_name_same_regency', similarity })
    weights.push(similarity)
  }
  const score = 1 - weights.reduce((rest, weight) => rest * (1 - weight), 1)
  return { score: round(score), reasons }
}
