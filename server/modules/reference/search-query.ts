// Turns what a person types into a classification search: a code prefix when the input is a
// code (with or without the dots people copy from tariff books), otherwise words for full-text
// and trigram search.

export type ClassificationQuery =
  | { kind: 'all' }
  | { kind: 'code'; prefix: string }
  | { kind: 'text'; text: string; words: string[] }

export const DEFAULT_SEARCH_LIMIT = 20
export const MAX_SEARCH_LIMIT = 100
export const MAX_QUERY_LENGTH = 100

const CODE_LIKE = /^[0-9][0-9.\s]*$/

function parse(input: string | undefined, maxDigits: number): ClassificationQuery {
  const text = (input ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY_LENGTH)
  if (text === '') return { kind: 'all' }
  if (CODE_LIKE.test(text)) return { kind: 'code', prefix: text.replace(/[.\s]/g, '').slice(0, maxDigits) }
  return { kind: 'text', text, words: wordsOf(text) }
}

/**
 * Words long enough for trigram matching (shorter ones match almost anything), lower case,
 * without duplicates.
 * @example wordsOf('Kripik, singkong & ubi') // ['kripik', 'singkong', 'ubi']
 */
export function wordsOf(text: string): string[] {
  const words = text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3)
  return [...new Set(words)].slice(0, 10)
}

/**
 * KBLI codes have at most 5 digits; a longer number cannot be a KBLI code and is kept whole so
 * it matches nothing rather than a wrong class.
 * @example parseKbliQuery('10 79') // { kind: 'code', prefix: '1079' }
 */
export function parseKbliQuery(input: string | undefined): ClassificationQuery {
  return parse(input, Number.POSITIVE_INFINITY)
}

/**
 * HS codes are stored to 6 digits; national 8/10-digit lines (BTKI) share their first 6 digits
 * with the HS subheading, so longer input is cut to the subheading.
 * @example parseHsQuery('0901.11.10') // { kind: 'code', prefix: '090111' }
 */
export function parseHsQuery(input: string | undefined): ClassificationQuery {
  return parse(input, 6)
}

/** @example searchLimit(500) // 100 */
export function searchLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_SEARCH_LIMIT
  return Math.min(MAX_SEARCH_LIMIT, Math.max(1, Math.trunc(limit)))
}

/**
 * Regency codes are written "32.04" (Kemendagri); "3204" is accepted and normalised.
 * @example normaliseRegencyCode('3204') // '32.04'
 */
export function normaliseRegencyCode(code: string): string {
  const trimmed = code.trim()
  return /^[0-9]{4}$/.test(trimmed) ? `${trimmed.slice(0, 2)}.${trimmed.slice(2)}` : trimmed
}
