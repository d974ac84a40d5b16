import { describe, expect, it } from 'vitest'
import { displayDistrictName, displayRegionName } from './region-names.ts'

describe('displayRegionName', () => {
  it.each([
    ['JAWA BARAT', 'Jawa Barat'],
    ['KEPULAUAN BANGKA BELITUNG', 'Kepulauan Bangka Belitung'],
    ['PAPUA BARAT DAYA', 'Papua Barat Daya'],
    ['KABUPATEN BANDUNG', 'Kabupaten Bandung'],
    ['KOTA BANDUNG', 'Kota Bandung'],
    ['KOTA ADMINISTRASI JAKARTA PUSAT', 'Kota Administrasi Jakarta Pusat'],
  ])('title-cases %s', (raw, expected) => {
    expect(displayRegionName(raw)).toBe(expected)
  })

  it('keeps the DKI and DI acronyms in capitals', () => {
    expect(displayRegionName('DKI JAKARTA')).toBe('DKI Jakarta')
    expect(displayRegionName('DI YOGYAKARTA')).toBe('DI Yogyakarta')
    expect(displayRegionName('DAERAH ISTIMEWA YOGYAKARTA')).toBe('Daerah Istimewa Yogyakarta')
  })

  it('writes "dan" in lower case inside a name, not at its start', () => {
    expect(displayRegionName('KABUPATEN PANGKAJENE DAN KEPULAUAN')).toBe('Kabupaten Pangkajene dan Kepulauan')
    expect(displayRegionName('DAN X')).toBe('Dan X')
  })

  it('capitalises each part of a hyphenated word and not the letter after an apostrophe', () => {
    expect(displayRegionName('KABUPATEN TOLI-TOLI')).toBe('Kabupaten Toli-Toli')
    expect(displayRegionName("KI'E")).toBe("Ki'e")
  })

  it('keeps Roman numerals and collapses stray spaces', () => {
    expect(displayRegionName('NA  IX - X ')).toBe('Na IX - X')
    expect(displayRegionName('KOTO XI')).toBe('Koto XI')
  })

  it('is idempotent on its own output', () => {
    for (const raw of ['DKI JAKARTA', 'KABUPATEN PANGKAJENE DAN KEPULAUAN', 'KABUPATEN TOLI-TOLI']) {
      const once = displayRegionName(raw)
      expect(displayRegionName(once)).toBe(once)
    }
  })
})

describe('displayDistrictName', () => {
  it('keeps mixed-case upstream spellings as they are', () => {
    expect(displayDistrictName('Grong-grong')).toBe('Grong-grong')
    expect(displayDistrictName('T. Jambo Aye')).toBe('T. Jambo Aye')
  })

  it('recases names written wholly in capitals', () => {
    expect(displayDistrictName("KI'E")).toBe("Ki'e")
  })
})
