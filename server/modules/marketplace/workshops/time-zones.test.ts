import { describe, expect, it } from 'vitest'
import fs from 'node:fs'
import path from 'node:path'
import { instantToLocal, localRangeLabel, localToInstant, PROVINCE_ZONES, zoneLabel, zoneOfProvince } from './time-zones.ts'

describe('zoneOfProvince (Keppres 41/1987)', () => {
  it('places Java and Sumatra in WIB, Bali, Kalimantan Timur and Sulawesi in WITA, Maluku and Papua in WIT', () => {
    expect(zoneLabel(zoneOfProvince('32'))).toBe('WIB') // Jawa Barat
    expect(zoneLabel(zoneOfProvince('11'))).toBe('WIB') // Aceh
    expect(zoneLabel(zoneOfProvince('61'))).toBe('WIB') // Kalimantan Barat
    expect(zoneLabel(zoneOfProvince('51'))).toBe('WITA') // Bali
    expect(zoneLabel(zoneOfProvince('64'))).toBe('WITA') // Kalimantan Timur
    expect(zoneLabel(zoneOfProvince('73'))).toBe('WITA') // Sulawesi Selatan
    expect(zoneLabel(zoneOfProvince('81'))).toBe('WIT') // Maluku
    expect(zoneLabel(zoneOfProvince('91'))).toBe('WIT') // Papua
    expect(zoneLabel(zoneOfProvince('96'))).toBe('WIT') // Papua Barat Daya
    expect(() => zoneOfProvince('99')).toThrow()
  })

  it('covers exactly the provinces of the regions reference data', () => {
    const csv = fs.readFileSync(path.resolve(import.meta.dirname, '../../../../node_modules/idn-area-data/data/provinces.csv'), 'utf8')
    const codes = csv.trim().split('\n').slice(1).map((line) => line.split(',')[0])
    expect(Object.keys(PROVINCE_ZONES).sort()).toEqual(codes.sort())
    const counts = Object.values(PROVINCE_ZONES).reduce<Record<string, number>>((acc, z) => ({ ...acc, [zoneLabel(z)]: (acc[zoneLabel(z)] ?? 0) + 1 }), {})
    expect(counts).toEqual({ WIB: 18, WITA: 12, WIT: 8 })
  })
})

describe('local times', () => {
  it('turns a local date and time into the instant, per zone', () => {
    expect(localToInstant('2020-07-14', '09:00', 'Asia/Jakarta')?.toISOString()).toBe('2020-07-14T02:00:00.000Z')
    expect(localToInstant('2020-07-14', '09:00', 'Asia/Makassar')?.toISOString()).toBe('2020-07-14T01:00:00.000Z')
    expect(localToInstant('2020-07-14', '08:30', 'Asia/Jayapura')?.toISOString()).toBe('2020-07-13T23:30:00.000Z')
  })

  it('refuses dates and times that do not exist', () => {
    expect(localToInstant('2020-02-30', '09:00', 'Asia/Jakarta')).toBeNull()
    expect(localToInstant('2020-07-14', '24:00', 'Asia/Jakarta')).toBeNull()
    expect(localToInstant('14/07/2020', '09:00', 'Asia/Jakarta')).toBeNull()
  })

  it('reads an instant back as local time and labels the range with the zone', () => {
    const start = new Date('2020-07-13T23:30:00Z')
    expect(instantToLocal(start, 'Asia/Jayapura')).toEqual({ date: '2020-07-14', time: '08:30', compact: '20200714T083000' })
    expect(localRangeLabel(start, new Date('2020-07-14T03:00:00Z'), 'Asia/Jayapura')).toBe('14-07-2020 08.30–12.00 WIT')
  })
})
