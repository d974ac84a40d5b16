import { describe, expect, test } from 'vitest'
import { parseList, parseWholeNumber } from './format.ts'

describe('parseWholeNumber', () => {
  test('reads Indonesian thousands separators and the Rp prefix', () => {
    expect(parseWholeNumber('1.500.000')).toBe(1_500_000)
    expect(parseWholeNumber('Rp 2.000.000')).toBe(2_000_000)
    expect(parseWholeNumber(' 12 ')).toBe(12)
  })

  test('empty is null, anything else is NaN', () => {
    expect(parseWholeNumber('')).toBeNull()
    expect(parseWholeNumber('  ')).toBeNull()
    expect(parseWholeNumber('1,5')).toBeNaN()
    expect(parseWholeNumber('dua')).toBeNaN()
  })
})

describe('parseList', () => {
  test('splits on commas and lines, drops empties and repeats', () => {
    expect(parseList('Halal, SNI\nHalal,, PIRT ')).toEqual(['Halal', 'SNI', 'PIRT'])
  })
})
