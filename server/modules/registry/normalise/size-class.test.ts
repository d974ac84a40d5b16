import { describe, expect, it } from 'vitest'
import { sizeClass } from './size-class.ts'

const BN = 1_000_000_000

describe('sizeClass (Permenperin 64/2016)', () => {
  it.each([
    [0, 0, 'small'],
    [1, 50_000_000, 'small'],
    [19, BN - 1, 'small'],
    [19, BN, 'medium'], // ≤19 workers and ≥ Rp 1 bn
    [5, 40 * BN, 'medium'], // no upper investment bound for ≤19 workers
    [20, 0, 'medium'], // ≥20 workers and ≤ Rp 15 bn
    [20, 15 * BN, 'medium'],
    [20, 15 * BN + 1, 'large'],
    [500, 100 * BN, 'large'],
    [1000, 2 * BN, 'medium'],
  ] as const)('%d workers, Rp %d → %s', (workers, investment, expected) => {
    expect(sizeClass({ workers, investment })).toBe(expected)
  })

  it('is medium from the investment alone when it is Rp 1–15 bn', () => {
    expect(sizeClass({ investment: BN })).toBe('medium')
    expect(sizeClass({ investment: 15 * BN, workers: null })).toBe('medium')
  })

  it.each([
    [{}],
    [{ workers: 10 }],
    [{ workers: 25 }],
    [{ investment: 500_000_000 }],
    [{ investment: 20 * BN }],
    [{ workers: null, investment: null }],
    [{ workers: -1, investment: 0 }],
    [{ workers: 3.5, investment: 0 }],
    [{ workers: 3.5, investment: 2 * BN }], // a fractional count is an error, not unknown
    [{ workers: 10, investment: Number.NaN }],
    [{ workers: Number.POSITIVE_INFINITY, investment: 0 }],
    [{ workers: 10, investment: -5 }],
  ])('is null when the inputs do not decide it: %j', (input) => {
    expect(sizeClass(input)).toBeNull()
  })

  it('agrees with the regulation’s wording over a grid of values', () => {
    const workerValues = [0, 1, 18, 19, 20, 21, 99, 1000]
    const investmentValues = [0, BN - 1, BN, BN + 1, 15 * BN - 1, 15 * BN, 15 * BN + 1, 100 * BN]
    for (const workers of workerValues) {
      for (const investment of investmentValues) {
        const small = workers <= 19 && investment < BN
        const medium = (workers <= 19 && investment >= BN) || (workers >= 20 && investment <= 15 * BN)
        const large = workers >= 20 && investment > 15 * BN
        // Exactly one class applies to every pair.
        expect([small, medium, large].filter(Boolean)).toHaveLength(1)
        expect(sizeClass({ workers, investment })).toBe(small ? 'small' : medium ? 'medium' : 'large')
      }
    }
  })
})
