import { describe, expect, test } from 'vitest'
import { EMPTY_DRAFT, firmBodyOf } from './firm-draft.ts'

describe('firmBodyOf', () => {
  test('converts typed text to the API body, cleared fields to null', () => {
    const result = firmBodyOf({
      ...EMPTY_DRAFT,
      name: '  Batik Sari ',
      provinceCode: '32',
      regencyCode: '32.04',
      kbliMain: '13134 — Industri batik',
      workersTotal: '12',
      investmentIdr: 'Rp 250.000.000',
      certifications: 'Halal, SNI',
    })
    expect(result).toMatchObject({
      body: {
        name: 'Batik Sari',
        nib: null,
        regencyCode: '32.04',
        districtCode: null,
        kbliMain: '13134',
        workersTotal: 12,
        workersWomen: null,
        investmentIdr: 250_000_000,
        certifications: ['Halal', 'SNI'],
        storeLinks: [],
      },
    })
  })

  test('names the number fields that do not parse', () => {
    expect(firmBodyOf({ ...EMPTY_DRAFT, workersTotal: 'dua belas', yearFounded: '1999' })).toEqual({ invalid: ['workersTotal'] })
  })
})
