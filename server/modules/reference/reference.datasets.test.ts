import { describe, expect, it } from 'vitest'
import { readHs, readKbli, readRegions } from './reference.datasets.ts'

describe('reference data files', () => {
  it('regions: 38 provinces, 514 regencies, districts with display names', () => {
    const { provinces, regencies, districts } = readRegions()
    expect(provinces).toHaveLength(38)
    expect(regencies).toHaveLength(514)
    expect(districts.length).toBeGreaterThan(7000)
    expect(provinces.find((p) => p.code === '31')?.name).toBe('DKI Jakarta')
    expect(provinces.find((p) => p.code === '32')?.name).toBe('Jawa Barat')
    expect(regencies.find((r) => r.code === '32.04')).toEqual({ code: '32.04', province_code: '32', name: 'Kabupaten Bandung' })
    expect(regencies.find((r) => r.code === '32.73')?.name).toBe('Kota Bandung')
  })

  it('KBLI: manufacturing divisions 10–33 with parents derived from the code', () => {
    const rows = readKbli()
    const perLevel = Object.fromEntries([2, 3, 4, 5].map((level) => [level, rows.filter((r) => r.level === level).length]))
    expect(perLevel).toEqual({ 2: 24, 3: 71, 4: 177, 5: 475 })
    expect(rows.every((r) => Number(r.code.slice(0, 2)) >= 10 && Number(r.code.slice(0, 2)) <= 33)).toBe(true)
    expect(rows.find((r) => r.code === '13111')?.parent_code).toBe('1311')
    expect(rows.find((r) => r.code === '13')?.parent_code).toBeNull()
    // Known upstream gap (see data/PROVENANCE.md).
    expect(rows.find((r) => r.code === '11020')).toBeUndefined()
    // Titles are single-line labels without stray spaces.
    expect(rows.every((r) => r.title === r.title.trim() && !/\s{2,}|\n/.test(r.title))).toBe(true)
  })

  it('HS: chapters, headings and subheadings without the TOTAL row', () => {
    const rows = readHs()
    const perLevel = Object.fromEntries([2, 4, 6].map((level) => [level, rows.filter((r) => r.level === level).length]))
    expect(perLevel).toEqual({ 2: 97, 4: 1229, 6: 5613 })
    expect(rows.find((r) => r.code === 'TOTAL')).toBeUndefined()
    expect(rows.find((r) => r.code === '090111')).toMatchObject({ parent_code: '0901', section: 'II', level: 6 })
    expect(rows.find((r) => r.code === '01')?.parent_code).toBeNull()
    expect(rows.find((r) => r.code === '99')?.section).toBe('')
  })

  it('orders parents before children so batched inserts satisfy the foreign keys', () => {
    for (const rows of [readKbli(), readHs()]) {
      const seen = new Set<string>()
      for (const row of rows) {
        if (row.parent_code) expect(seen.has(row.parent_code)).toBe(true)
        seen.add(row.code)
      }
    }
  })
})
