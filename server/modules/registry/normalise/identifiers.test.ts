import { describe, expect, it } from 'vitest'
import { maskNik } from '../../../platform/privacy.ts'
import { normaliseNib, parseNik } from './identifiers.ts'

describe('normaliseNib', () => {
  it.each([
    ['9120001234567', '9120001234567'],
    [' 9120001234567 ', '9120001234567'],
    ['9120 0012 34567', '9120001234567'],
    ['9120.0012.34567', '9120001234567'],
    ['9120-0012-34567', '9120001234567'],
    ["'9120001234567", '9120001234567'],
    ['9120\u00A0001234567', '9120001234567'],
    [9120001234567, '9120001234567'],
  ])('accepts %j', (raw, expected) => {
    expect(normaliseNib(raw)).toEqual({ ok: true, value: expected })
  })

  it.each([null, undefined, '', '   ', ' - '])('treats %j as absent (NIB is optional)', (raw) => {
    expect(normaliseNib(raw)).toEqual({ ok: true, value: null })
  })

  it.each(['912000123456', '91200012345678', '912000123456X', 'NIB 9120001234567', '9.12E+12', 9.5, true, {}, new Date()])(
    'rejects %j with NIB_INVALID',
    (raw) => {
      const result = normaliseNib(raw)
      expect(result.ok).toBe(false)
      if (!result.ok) {
        expect(result.code).toBe('NIB_INVALID')
        expect(result.message).toBeTruthy()
      }
    },
  )

  it('explains scientific notation left by Excel', () => {
    const result = normaliseNib('9.12E+12')
    expect(!result.ok && result.message).toMatch(/scientific/)
  })
})

describe('parseNik', () => {
  const regencies = new Set(['32.04', '32.73', '31.74', '11.01', '96.01'])
  const today = new Date('2020-06-15T10:00:00Z')
  const parse = (raw: unknown) => parseNik(raw, regencies, today)

  it('reads a man’s NIK', () => {
    expect(parse('3204120506900001')).toEqual({
      ok: true,
      value: {
        nik: '3204120506900001',
        provinceCode: '32',
        regencyCode: '32.04',
        districtCode: '32.04.12',
        sex: 'M',
        birthDate: '1990-06-05',
      },
    })
  })

  it('reads a woman’s NIK (day + 40)', () => {
    const result = parse('3204124506900001')
    expect(result.ok && result.value).toMatchObject({ sex: 'F', birthDate: '1990-06-05' })
  })

  it.each([
    ['3204120101010001', '2001-01-01'],
    ['3204121506200001', '2020-06-15'], // today itself is not the future
    ['3204121606200001', '1920-06-16'], // tomorrow in 20xx → 19xx
    ['3204120101990001', '1999-01-01'],
    ['3204122902000001', '2000-02-29'], // 2000 was a leap year
    ['3204123112850001', '1985-12-31'],
    ['3204127112850001', '1985-12-31'],
  ])('chooses the century for %s', (nik, birthDate) => {
    const result = parse(nik)
    expect(result.ok && result.value?.birthDate).toBe(birthDate)
  })

  it('defaults today to the current date', () => {
    const now = new Date()
    const yy = String(now.getUTCFullYear() % 100).padStart(2, '0')
    // 1 December of the current year: 20xx once it has passed, otherwise 19xx.
    const recent = `20${yy}-12-01`
    const expected = now.toISOString().slice(0, 10) >= recent ? recent : `19${yy}-12-01`
    const result = parseNik(`3204120112${yy}0001`, regencies)
    expect(result.ok && result.value?.birthDate).toBe(expected)
  })

  it.each([
    ['3204 1205 0690 0001'],
    ['32.04.12.050690.0001'],
    [" '3204120506900001 "],
    [3204120506900001],
  ])('strips separators and accepts safe numbers: %j', (raw) => {
    const result = parse(raw)
    expect(result.ok && result.value?.nik).toBe('3204120506900001')
  })

  it.each([null, undefined, '', '  '])('treats %j as absent', (raw) => {
    expect(parse(raw)).toEqual({ ok: true, value: null })
  })

  it.each([
    ['320412050690001', 'NIK_INVALID_LENGTH'],
    ['32041205069000011', 'NIK_INVALID_LENGTH'],
    ['320412050690000A', 'NIK_INVALID'],
    ['3.20412E+15', 'NIK_INVALID'],
    [9601120506900001, 'NIK_INVALID'], // beyond Number.MAX_SAFE_INTEGER: digits already lost
    [true, 'NIK_INVALID'],
    ['3299120506900001', 'NIK_REGION_UNKNOWN'],
    ['0004120506900001', 'NIK_REGION_UNKNOWN'],
    ['3204120006900001', 'NIK_BIRTH_DATE_INVALID'], // day 0
    ['3204123206900001', 'NIK_BIRTH_DATE_INVALID'], // day 32
    ['3204124006900001', 'NIK_BIRTH_DATE_INVALID'], // day 40
    ['3204127206900001', 'NIK_BIRTH_DATE_INVALID'], // day 72 (women 41..71)
    ['3204120500900001', 'NIK_BIRTH_DATE_INVALID'], // month 0
    ['3204120513900001', 'NIK_BIRTH_DATE_INVALID'], // month 13
    ['3204123102900001', 'NIK_BIRTH_DATE_INVALID'], // 31 February
    ['3204122902010001', 'NIK_BIRTH_DATE_INVALID'], // 29 Feb in neither 2001 nor 1901
    ['3204127104900001', 'NIK_BIRTH_DATE_INVALID'], // a woman born 31 April
    ['3204120506900000', 'NIK_SERIAL_INVALID'],
  ])('rejects %j with %s', (raw, code) => {
    const result = parse(raw)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.code).toBe(code)
      expect(result.message).toBeTruthy()
    }
  })

  it('never checks the district digits', () => {
    const result = parse('3204990506900001')
    expect(result.ok && result.value?.districtCode).toBe('32.04.99')
  })

  it('reports a birth date in the future even in 19xx only for an impossible today', () => {
    expect(parseNik('3204120506900001', regencies, new Date('1950-01-01T00:00:00Z'))).toMatchObject({
      ok: false,
      code: 'NIK_BIRTH_DATE_INVALID',
    })
  })

  it('produces a NIK that the platform masks as the issue shows', () => {
    const result = parse('3204120506900001')
    expect(result.ok && result.value && maskNik(result.value.nik)).toBe('3204**********01')
  })

  it('never throws, whatever the input', () => {
    const inputs: unknown[] = [Object.create(null), Symbol('x'), () => 1, [], new Map(), NaN, Infinity, -1, 1n, '🙂'.repeat(20)]
    for (const raw of inputs) expect(() => parse(raw)).not.toThrow()
  })
})
