import { describe, expect, it } from 'vitest'
import { normaliseRegencyCode, parseHsQuery, parseKbliQuery, searchLimit, wordsOf } from './search-query.ts'

describe('parseKbliQuery', () => {
  it('treats digits as a code prefix', () => {
    expect(parseKbliQuery('131')).toEqual({ kind: 'code', prefix: '131' })
    expect(parseKbliQuery(' 10 79 ')).toEqual({ kind: 'code', prefix: '1079' })
  })

  it('keeps an over-long number whole so it matches no KBLI code', () => {
    expect(parseKbliQuery('1311100')).toEqual({ kind: 'code', prefix: '1311100' })
  })

  it('treats anything with letters as words, with spacing normalised', () => {
    expect(parseKbliQuery('  industri   tekstil ')).toEqual({ kind: 'text', text: 'industri tekstil', words: ['industri', 'tekstil'] })
    expect(parseKbliQuery('batik 2')).toEqual({ kind: 'text', text: 'batik 2', words: ['batik'] })
  })

  it('lists everything for an empty or missing query', () => {
    expect(parseKbliQuery(undefined)).toEqual({ kind: 'all' })
    expect(parseKbliQuery('   ')).toEqual({ kind: 'all' })
  })
})

describe('parseHsQuery', () => {
  it('drops the dots and spaces of written HS codes', () => {
    expect(parseHsQuery('0901.11')).toEqual({ kind: 'code', prefix: '090111' })
    expect(parseHsQuery('0901 11')).toEqual({ kind: 'code', prefix: '090111' })
    expect(parseHsQuery('09.01')).toEqual({ kind: 'code', prefix: '0901' })
  })

  it('cuts national 8- and 10-digit lines to their 6-digit subheading', () => {
    expect(parseHsQuery('0901.11.10')).toEqual({ kind: 'code', prefix: '090111' })
  })

  it('treats words as text', () => {
    expect(parseHsQuery('coffee, not roasted')).toEqual({ kind: 'text', text: 'coffee, not roasted', words: ['coffee', 'not', 'roasted'] })
  })
})

describe('wordsOf', () => {
  it('keeps distinct lower-case words of three letters or more for trigram matching', () => {
    expect(wordsOf('Kripik, singkong & UBI ubi di')).toEqual(['kripik', 'singkong', 'ubi'])
    expect(wordsOf("minyak sawit (crude) o'")).toEqual(['minyak', 'sawit', 'crude'])
  })
})

describe('searchLimit', () => {
  it('defaults to 20 and stays within 1..100', () => {
    expect(searchLimit(undefined)).toBe(20)
    expect(searchLimit(5)).toBe(5)
    expect(searchLimit(500)).toBe(100)
    expect(searchLimit(0)).toBe(1)
    expect(searchLimit(Number.NaN)).toBe(20)
  })
})

describe('normaliseRegencyCode', () => {
  it('accepts 4 digits for a dotted regency code', () => {
    expect(normaliseRegencyCode('3204')).toBe('32.04')
    expect(normaliseRegencyCode('32.04')).toBe('32.04')
    expect(normaliseRegencyCode(' 32.04 ')).toBe('32.04')
  })
})
