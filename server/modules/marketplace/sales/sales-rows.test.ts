import { describe, expect, it } from 'vitest'
import { currentMonth, normaliseStoreUrl, parseMonth, validateSalesRow } from './sales-rows.ts'

describe('parseMonth', () => {
  it.each([
    ['2020-05', '2020-05-01'],
    ['2020/5', '2020-05-01'],
    ['05/2020', '2020-05-01'],
    ['5-2020', '2020-05-01'],
    ['Mei 2020', '2020-05-01'],
    ['mei-2020', '2020-05-01'],
    ['May 2020', '2020-05-01'],
    ['Agustus, 2020', '2020-08-01'],
    ['Des 2020', '2020-12-01'],
    ['2020 Juni', '2020-06-01'],
    ['31/05/2020', '2020-05-01'],
    ['2020-05-31', '2020-05-01'],
  ])('%s → %s', (raw, month) => expect(parseMonth(raw)).toBe(month))

  it('reads date cells and Excel serials', () => {
    expect(parseMonth(new Date(Date.UTC(2020, 6, 1)))).toBe('2020-07-01')
    expect(parseMonth(43952)).toBe('2020-05-01')
    expect(parseMonth(73051)).toBe('2100-01-01')
  })

  it.each(['Foo 2020', '13/2020', '2020-13', 'Mei', '', 'x'])('refuses %j', (raw) => expect(parseMonth(raw)).toBeNull())
})

describe('normaliseStoreUrl', () => {
  it('compares URLs without scheme, www, query and trailing slash', () => {
    expect(normaliseStoreUrl('https://www.Tokopedia.com/Batik-Sari/?src=x')).toBe('tokopedia.com/batik-sari')
    expect(normaliseStoreUrl('tokopedia.com/batik-sari')).toBe('tokopedia.com/batik-sari')
    expect(normaliseStoreUrl('not a url')).toBeNull()
  })
})

describe('validateSalesRow', () => {
  it('reads Indonesian numbers and rounds sen away', () => {
    expect(validateSalesRow({ nib: '9120005500001', bulan: 'Mei 2020', omzet: 'Rp 1.500.000,50', jumlah_pesanan: '12' }, '2020-12-01')).toEqual({
      ok: true,
      values: { nib: '9120005500001', storeUrl: null, month: '2020-05-01', gmvIdr: 1500001, orders: 12, units: null },
    })
  })

  it('refuses a month after the current one', () => {
    const result = validateSalesRow({ nib: '9120005500001', bulan: '2021-01', omzet: '1', jumlah_pesanan: '1' }, '2020-12-01')
    expect(result.ok ? [] : result.problems.map((p) => p.code)).toEqual(['SALES_MONTH_IN_FUTURE'])
  })

  it('knows the current month in WIB', () => {
    expect(currentMonth(new Date('2020-05-31T18:00:00Z'))).toBe('2020-06-01')
    expect(currentMonth(new Date('2020-05-31T16:00:00Z'))).toBe('2020-05-01')
  })
})
