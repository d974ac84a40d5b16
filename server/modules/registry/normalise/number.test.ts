import { describe, expect, it } from 'vitest'
import { parseIndonesianNumber } from './number.ts'

describe('parseIndonesianNumber', () => {
  it.each([
    ['1500000', 1500000],
    ['1.500.000', 1500000],
    ['1.500.000,50', 1500000.5],
    ['1.500.000,5', 1500000.5],
    ['Rp 2.000.000', 2000000],
    ['Rp2.000.000,-', 2000000],
    ['Rp. 2.000.000,00', 2000000],
    ['RP 2.000.000', 2000000],
    ['IDR 2.000.000', 2000000],
    ['2.000.000,-', 2000000],
    ['2,5', 2.5],
    ['0,75', 0.75],
    ['1,500', 1.5], // one comma is the Indonesian decimal comma
    ['1,500,000', 1500000], // several commas: English thousands
    ['1,500,000.50', 1500000.5],
    ['1.500', 1500], // single dot + 3 digits: thousands
    ['12.500', 12500],
    ['125.000', 125000],
    ['1.5', 1.5],
    ['1.50', 1.5],
    ['1.5000', 1.5],
    ['0.500', 0.5], // a leading 0 cannot start a thousands group
    ['1234.567', 1234.567], // more than 3 digits before the dot: decimal
    ['-1.500.000', -1500000],
    ['-2,5', -2.5],
    ['+2,5', 2.5],
    ['-Rp 2.000', -2000],
    ['Rp -2.000', -2000],
    ['(1.000)', -1000],
    ['1 500 000', 1500000],
    ['1\u00A0500\u00A0000', 1500000],
    ['  42  ', 42],
    ['007', 7],
    ['0', 0],
    ['-0', 0],
    ['1.5E+09', 1500000000],
    ['2e3', 2000],
  ])('parses %j', (raw, expected) => {
    expect(parseIndonesianNumber(raw)).toEqual({ ok: true, value: expected })
  })

  it.each([1500000, 2.5, -3, 0])('passes the number %j through', (raw) => {
    expect(parseIndonesianNumber(raw)).toEqual({ ok: true, value: raw })
  })

  it.each([null, undefined, '', '   ', '-'])('treats %j as absent', (raw) => {
    expect(parseIndonesianNumber(raw)).toEqual({ ok: true, value: null })
  })

  it.each([
    'abc',
    'Rp',
    '1.50.000', // malformed thousands groups
    '1.500.00',
    '1.500.000.50', // two kinds of grouping mixed up
    '1,500,00',
    '1.500,000,5',
    '1,5.0',
    '1,2,3',
    '1.2.3',
    '01.500.000',
    '1.',
    '.5',
    ',5',
    '1,5,',
    '--5',
    '-(5)',
    '(-5)',
    '5 kg',
    '12%',
    '1-2',
    '±5',
    '1e',
    NaN,
    Infinity,
    -Infinity,
    true,
    new Date(),
    {},
    [],
  ])('rejects %j with NUMBER_INVALID', (raw) => {
    const result = parseIndonesianNumber(raw)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.code).toBe('NUMBER_INVALID')
      expect(result.message).toBeTruthy()
    }
  })

  it('round-trips integers written with Indonesian thousands separators', () => {
    // Systematic sweep in place of a property-test library (fast-check is not installed).
    const format = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 2 })
    for (let i = 0; i < 2000; i++) {
      const n = Math.round((i * 7919) ** 1.7) / (i % 3 === 0 ? 100 : 1)
      const written = format.format(n).replace(/\u00A0/g, ' ')
      const result = parseIndonesianNumber(written)
      // '1.500' style single groups are thousands and '12,5' decimals, which id-ID agrees with.
      expect(result, written).toEqual({ ok: true, value: n })
      expect(parseIndonesianNumber(`Rp ${written}`)).toEqual({ ok: true, value: n })
      expect(parseIndonesianNumber(-n)).toEqual({ ok: true, value: -n })
    }
  })
})
