import { describe, expect, it } from 'vitest'
import { calendarDate, parseDate, parseYear } from './date.ts'

describe('calendarDate', () => {
  it('knows leap years', () => {
    expect(calendarDate(2020, 2, 29)).toBe('2020-02-29')
    expect(calendarDate(2000, 2, 29)).toBe('2000-02-29')
    expect(calendarDate(1900, 2, 29)).toBeNull()
    expect(calendarDate(2021, 2, 29)).toBeNull()
  })

  it('handles years below 100 as themselves', () => {
    expect(calendarDate(50, 1, 1)).toBe('0050-01-01')
  })

  it('rejects out-of-range parts', () => {
    expect(calendarDate(2020, 0, 1)).toBeNull()
    expect(calendarDate(2020, 13, 1)).toBeNull()
    expect(calendarDate(2020, 4, 31)).toBeNull()
    expect(calendarDate(2020, 1, 0)).toBeNull()
    expect(calendarDate(2020, 1, 1.5)).toBeNull()
  })
})

describe('parseDate', () => {
  it.each([
    ['05/06/2020', '2020-06-05'],
    ['5/6/2020', '2020-06-05'],
    ['05-06-2020', '2020-06-05'],
    ['05.06.2020', '2020-06-05'],
    ['31/12/1999', '1999-12-31'],
    ['29/02/2020', '2020-02-29'],
    ['2020-06-05', '2020-06-05'],
    ['2020-6-5', '2020-06-05'],
    ['2020/06/05', '2020-06-05'],
    ['2020-06-05T00:00:00', '2020-06-05'],
    ['2020-06-05T00:00:00.000Z', '2020-06-05'],
    ['2020-06-05 13:45:00', '2020-06-05'],
    ['2020-06-05T23:00:00+07:00', '2020-06-05'], // the date as written, not shifted to UTC
    ['05/06/2020 08:30', '2020-06-05'],
    ['17 Agustus 1945', '1945-08-17'],
    ['17 agustus 1945', '1945-08-17'],
    ['17-Agu-2020', '2020-08-17'],
    ['17 Aug 2020', '2020-08-17'],
    ['1 Mei 2020', '2020-05-01'],
    ['1 Okt. 2020', '2020-10-01'],
    ['25 Desember 2020', '2020-12-25'],
    ['  05/06/2020  ', '2020-06-05'],
    ['43831', '2020-01-01'],
  ])('parses %j', (raw, expected) => {
    expect(parseDate(raw)).toEqual({ ok: true, value: expected })
  })

  it.each([
    [1, '1900-01-01'],
    [59, '1900-02-28'],
    [61, '1900-03-01'], // after the Lotus phantom 29 February 1900
    [43831, '2020-01-01'],
    [43831.75, '2020-01-01'], // the time of day is ignored
    [44197, '2021-01-01'],
    [45658, '2025-01-01'],
    [60000, '2064-04-08'],
  ])('reads Excel serial %j', (raw, expected) => {
    expect(parseDate(raw)).toEqual({ ok: true, value: expected })
  })

  it('reads Date objects in UTC', () => {
    expect(parseDate(new Date(Date.UTC(2020, 5, 5)))).toEqual({ ok: true, value: '2020-06-05' })
    expect(parseDate(new Date('2020-06-05T23:59:59Z'))).toEqual({ ok: true, value: '2020-06-05' })
  })

  it.each([null, undefined, '', '  '])('treats %j as absent', (raw) => {
    expect(parseDate(raw)).toEqual({ ok: true, value: null })
  })

  it.each([
    '31/02/2020',
    '29/02/2021',
    '12/31/2020', // month first is not guessed
    '00/01/2020',
    '2020-13-01',
    '2020-02-30',
    '05/06/20', // two-digit year
    '05/06-2020', // mixed separators
    '5 Foo 2020',
    '2020',
    'kemarin',
    '1234567',
    '99999',
    0,
    60, // 1900-02-29 does not exist
    60001,
    -5,
    NaN,
    Infinity,
    new Date('not a date'),
    true,
    {},
  ])('rejects %j with DATE_INVALID', (raw) => {
    const result = parseDate(raw)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.code).toBe('DATE_INVALID')
      expect(result.message).toBeTruthy()
    }
  })

  it('agrees with a plain day count for every serial after 1900-03-01', () => {
    // Excel serial n (n ≥ 61) is 1899-12-30 plus n days.
    for (let serial = 61; serial <= 60_000; serial += 37) {
      const expected = new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10)
      expect(parseDate(serial)).toEqual({ ok: true, value: expected })
    }
  })

  it('round-trips every day of a leap year through dd/mm/yyyy', () => {
    for (let t = Date.UTC(2020, 0, 1); t < Date.UTC(2021, 0, 1); t += 86_400_000) {
      const iso = new Date(t).toISOString().slice(0, 10)
      const [y, m, d] = iso.split('-')
      expect(parseDate(`${d}/${m}/${y}`)).toEqual({ ok: true, value: iso })
      expect(parseDate(iso)).toEqual({ ok: true, value: iso })
    }
  })
})

describe('parseYear', () => {
  const today = new Date('2020-06-15T00:00:00Z')

  it.each([
    ['2015', 2015],
    [' 2015 ', 2015],
    [2015, 2015],
    ['1900', 1900],
    ['2020', 2020],
    ['12/05/2015', 2015],
    ['2015-05-12', 2015],
    [new Date(Date.UTC(2015, 4, 12)), 2015],
  ])('accepts %j', (raw, expected) => {
    expect(parseYear(raw, today)).toEqual({ ok: true, value: expected })
  })

  it.each([null, undefined, '', ' '])('treats %j as absent', (raw) => {
    expect(parseYear(raw, today)).toEqual({ ok: true, value: null })
  })

  it.each(['1899', '2021', 2021, 1899, 2015.5, '15', '20150', 42136, '42136', 'dua ribu', '2015an', NaN, true, {}])(
    'rejects %j with YEAR_INVALID',
    (raw) => {
      const result = parseYear(raw, today)
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.code).toBe('YEAR_INVALID')
    },
  )

  it('defaults to the current year as the upper bound', () => {
    const year = new Date().getUTCFullYear()
    expect(parseYear(year)).toEqual({ ok: true, value: year })
    expect(parseYear(year + 1).ok).toBe(false)
  })
})
