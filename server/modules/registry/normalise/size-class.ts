/** IKM size class; 'large' is industri besar, which is not IKM. */
export type SizeClass = 'small' | 'medium' | 'large'

/** Rp 1 billion: small industry invests less than this. */
export const SMALL_INVESTMENT_LIMIT = 1_000_000_000
/** Rp 15 billion: medium industry with 20 or more workers invests at most this. */
export const MEDIUM_INVESTMENT_LIMIT = 15_000_000_000
/** Small industry employs at most 19 workers. */
export const SMALL_WORKERS_LIMIT = 19

function known(n: number | null | undefined): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n >= 0
}

/**
 * Size class per Permenperin 64/M-IND/PER/7/2016; null when the inputs do not decide it.
 *
 * - small (industri kecil): ≤ 19 workers and investment < Rp 1 bn;
 * - medium (industri menengah): ≤ 19 workers and investment ≥ Rp 1 bn, or ≥ 20 workers and
 *   investment ≤ Rp 15 bn;
 * - large (industri besar, not IKM): ≥ 20 workers and investment > Rp 15 bn.
 *
 * `investment` is the value of investment in IDR excluding land and buildings, as the
 * regulation defines it; callers must not pass total assets. Missing, negative or non-finite
 * values count as unknown, and fractional worker counts as invalid (null). One known value
 * can be enough: Rp 1–15 bn is medium whatever the worker count.
 * @example sizeClass({ workers: 12, investment: 250_000_000 }) // 'small'
 */
export function sizeClass(input: { workers?: number | null; investment?: number | null }): SizeClass | null {
  const { workers, investment } = input
  const hasWorkers = known(workers) && Number.isInteger(workers)
  if (known(workers) && !Number.isInteger(workers)) return null
  const hasInvestment = known(investment)

  if (hasWorkers && hasInvestment) {
    if (workers <= SMALL_WORKERS_LIMIT) return investment < SMALL_INVESTMENT_LIMIT ? 'small' : 'medium'
    return investment <= MEDIUM_INVESTMENT_LIMIT ? 'medium' : 'large'
  }
  // Both worker branches give medium for Rp 1 bn ≤ investment ≤ Rp 15 bn.
  if (hasInvestment && investment >= SMALL_INVESTMENT_LIMIT && investment <= MEDIUM_INVESTMENT_LIMIT) return 'medium'
  return null
}
