import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { displayDistrictName, displayRegionName } from '../../reference/region-names.ts'
import { createRegionMatcher, type RegionData } from './regions.ts'

// The real administrative areas, named as the database stores them (display casing), so the
// tests see every awkward name the import will meet.
function loadRegions(): RegionData {
  const require = createRequire(import.meta.url)
  const dir = join(dirname(require.resolve('idn-area-data/package.json')), 'data')
  const rows = (file: string) =>
    readFileSync(join(dir, file), 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((line) => line.split(','))
  return {
    provinces: rows('provinces.csv').map(([code, name]) => ({ code, name: displayRegionName(name) })),
    regencies: rows('regencies.csv').map(([code, provinceCode, name]) => ({
      code,
      provinceCode,
      name: displayRegionName(name),
    })),
    districts: rows('districts.csv').map(([code, regencyCode, name]) => ({
      code,
      regencyCode,
      name: displayDistrictName(name),
    })),
  }
}

const data = loadRegions()
const matcher = createRegionMatcher(data)

describe('matchProvince', () => {
  it.each([
    ['32', '32'],
    [32, '32'],
    ['Jawa Barat', '32'],
    ['JAWA BARAT', '32'],
    ['jawa barat', '32'],
    ['  Jawa   Barat ', '32'],
    ['Prov. Jawa Barat', '32'],
    ['Prov Jawa Barat', '32'],
    ['PROVINSI JAWA BARAT', '32'],
    ['Propinsi Jawa Barat', '32'],
    ['DKI Jakarta', '31'],
    ['D.K.I. Jakarta', '31'],
    ['Jakarta', '31'],
    ['Provinsi DKI Jakarta', '31'],
    ['Daerah Khusus Ibukota Jakarta', '31'],
    ['Daerah Istimewa Yogyakarta', '34'],
    ['DI Yogyakarta', '34'],
    ['D.I. Yogyakarta', '34'],
    ['DIY', '34'],
    ['Yogyakarta', '34'],
    ['Kepulauan Bangka Belitung', '19'],
    ['Kep. Bangka Belitung', '19'],
    ['Bangka Belitung', '19'],
    ['Kepulauan Riau', '21'],
    ['Kep. Riau', '21'],
    ['Riau', '14'],
    ['Aceh', '11'],
    ['Nanggroe Aceh Darussalam', '11'],
    ['Papua', '91'],
    ['Papua Barat', '92'],
    ['Papua Barat Daya', '96'],
  ])('%j → %s', (raw, code) => {
    expect(matcher.matchProvince(raw)).toEqual({ ok: true, value: code })
  })

  it('matches every stored province name in upper, lower and display case', () => {
    for (const p of data.provinces) {
      for (const name of [p.name, p.name.toUpperCase(), p.name.toLowerCase(), `Provinsi ${p.name}`]) {
        expect(matcher.matchProvince(name), name).toEqual({ ok: true, value: p.code })
      }
    }
  })

  it.each([null, undefined, '', '  '])('treats %j as absent', (raw) => {
    expect(matcher.matchProvince(raw)).toEqual({ ok: true, value: null })
  })

  it.each(['Jabar', '99', '3204', 'Jawa', 'Provinsi', 'Bandung', true, {}])('rejects %j with REGION_NOT_FOUND', (raw) => {
    expect(matcher.matchProvince(raw)).toMatchObject({ ok: false, code: 'REGION_NOT_FOUND' })
  })
})

describe('matchRegency', () => {
  it.each([
    ['32.04', '32.04'],
    ['3204', '32.04'],
    [3204, '32.04'],
    ['Kabupaten Bandung', '32.04'],
    ['KABUPATEN BANDUNG', '32.04'],
    ['Kab. Bandung', '32.04'],
    ['Kab Bandung', '32.04'],
    ['kab.bandung', '32.04'],
    ['Bandung Regency', '32.04'],
    ['Kota Bandung', '32.73'],
    ['KOTA BANDUNG', '32.73'],
    ['Kodya Bandung', '32.73'],
    ['Kotamadya Bandung', '32.73'],
    ['Kota Madya Bandung', '32.73'],
    ['Bandung City', '32.73'],
    ['Kab. Bandung Barat', '32.17'],
    ['Bandung Barat', '32.17'],
    ['Kota Administrasi Jakarta Selatan', '31.74'],
    ['Kota Adm. Jakarta Selatan', '31.74'],
    ['Jakarta Selatan', '31.74'],
    ['Kota Jakarta Selatan', '31.74'],
    ['Kabupaten Administrasi Kepulauan Seribu', '31.01'],
    ['Kabupaten Kepulauan Seribu', '31.01'],
    ['Kab. Adm. Kep. Seribu', '31.01'],
    ['Kepulauan Seribu', '31.01'],
    ['Kabupaten Kotabaru', '63.02'],
    ['Kotabaru', '63.02'],
    ['Kota Baru', '63.02'], // "Kota" here is part of the name, not "city"
    ['Kota Kotamobagu', '71.74'],
    ['Kotamobagu', '71.74'],
    ['Kabupaten Toli-Toli', '72.04'],
    ['Tolitoli', '72.04'],
    ['Kab. Pangkajene dan Kepulauan', '73.10'],
    ['Kota Batu', '35.79'],
    ['Batu', '35.79'],
    ['KabupatenBandung', '32.04'],
  ])('%j → %s', (raw, code) => {
    expect(matcher.matchRegency(raw)).toEqual({ ok: true, value: code })
  })

  it('matches every stored regency name and code, also within its province', () => {
    for (const r of data.regencies) {
      for (const name of [r.name, r.name.toUpperCase(), r.name.toLowerCase(), r.code, r.code.replace('.', '')]) {
        expect(matcher.matchRegency(name), name).toEqual({ ok: true, value: r.code })
        expect(matcher.matchRegency(name, r.provinceCode), name).toEqual({ ok: true, value: r.code })
      }
      const abbreviated = r.name.replace(/^Kabupaten /, 'Kab. ').replace(/^Kota Administrasi /, 'Kota Adm. ')
      expect(matcher.matchRegency(abbreviated), abbreviated).toEqual({ ok: true, value: r.code })
    }
  })

  it('is ambiguous for a name shared by a Kabupaten and a Kota', () => {
    const result = matcher.matchRegency('Bandung')
    expect(result).toMatchObject({ ok: false, code: 'REGION_AMBIGUOUS' })
    expect(!result.ok && result.message).toMatch(/Kabupaten Bandung \(32\.04\).*Kota Bandung \(32\.73\)/)
    expect(matcher.matchRegency('BANDUNG', '32')).toMatchObject({ ok: false, code: 'REGION_AMBIGUOUS' })
    expect(matcher.matchRegency('Malang', '35')).toMatchObject({ ok: false, code: 'REGION_AMBIGUOUS' })
  })

  it('resolves a shared name when only one of them lies in the given province', () => {
    // Kota Banjar is in Jawa Barat, Kabupaten Banjar in Kalimantan Selatan.
    expect(matcher.matchRegency('Banjar')).toMatchObject({ ok: false, code: 'REGION_AMBIGUOUS' })
    expect(matcher.matchRegency('Banjar', '32')).toEqual({ ok: true, value: '32.79' })
    expect(matcher.matchRegency('Banjar', '63')).toEqual({ ok: true, value: '63.03' })
  })

  it('only matches regencies of the given province', () => {
    expect(matcher.matchRegency('Kota Bandung', '31')).toMatchObject({ ok: false, code: 'REGION_NOT_FOUND' })
    expect(matcher.matchRegency('32.73', '31')).toMatchObject({ ok: false, code: 'REGION_NOT_FOUND' })
    expect(matcher.matchRegency('3273', '32')).toEqual({ ok: true, value: '32.73' })
    expect(matcher.matchRegency('Kota Bandung', ' 32 ')).toEqual({ ok: true, value: '32.73' })
    expect(matcher.matchRegency('Kota Bandung', null)).toEqual({ ok: true, value: '32.73' })
  })

  it.each([null, undefined, '', ' '])('treats %j as absent', (raw) => {
    expect(matcher.matchRegency(raw)).toEqual({ ok: true, value: null })
  })

  it.each(['Kabupaten', 'Kota', 'Kota Gotham', 'Kab. Bandung Tengah', '32.99', '3299', '32.04.11', 'Jabar', true, {}])(
    'rejects %j with REGION_NOT_FOUND',
    (raw) => {
      expect(matcher.matchRegency(raw)).toMatchObject({ ok: false, code: 'REGION_NOT_FOUND' })
    },
  )

  it('returns the same answer from its memo as on the first call, and frozen', () => {
    const first = matcher.matchRegency('Kab. Sleman')
    const second = matcher.matchRegency('Kab. Sleman')
    expect(second).toEqual(first)
    expect(Object.isFrozen(second)).toBe(true)
    // Same text, different province: not confused by the memo.
    expect(matcher.matchRegency('Kab. Sleman', '32')).toMatchObject({ ok: false })
  })

  it('stays fast for a million look-ups', () => {
    const names = ['Kab. Bandung', 'KOTA BANDUNG', '3204', 'Kota Adm. Jakarta Selatan', 'Kab Sleman']
    const start = performance.now()
    for (let i = 0; i < 1_000_000; i++) matcher.matchRegency(names[i % names.length])
    // Generous bound for slow CI machines; in practice well under a second.
    expect(performance.now() - start).toBeLessThan(5_000)
  })
})

describe('matchDistrict', () => {
  it.each([
    ['32.04.05', '32.04.05'],
    ['320405', '32.04.05'],
    [320405, '32.04.05'],
    ['Cileunyi', '32.04.05'],
    ['CILEUNYI', '32.04.05'],
    ['Kec. Cileunyi', '32.04.05'],
    ['Kecamatan Cileunyi', '32.04.05'],
  ])('%j → %s in Kabupaten Bandung', (raw, code) => {
    expect(matcher.matchDistrict(raw, '32.04')).toEqual({ ok: true, value: code })
    expect(matcher.matchDistrict(raw, '3204')).toEqual({ ok: true, value: code })
  })

  it('matches names with apostrophes and districts named "Kota …"', () => {
    expect(matcher.matchDistrict("Ma'u", '12.04')).toEqual({ ok: true, value: '12.04.28' })
    expect(matcher.matchDistrict('Mau', '12.04')).toEqual({ ok: true, value: '12.04.28' })
    expect(matcher.matchDistrict('KI’E', '53.02')).toEqual({ ok: true, value: '53.02.10' })
    const kotaDistrict = data.districts!.find((d) => d.name.startsWith('Kota '))!
    expect(matcher.matchDistrict(kotaDistrict.name, kotaDistrict.regencyCode)).toEqual({ ok: true, value: kotaDistrict.code })
  })

  it('matches every stored district within its regency', () => {
    for (const d of data.districts!) {
      expect(matcher.matchDistrict(d.name.toUpperCase(), d.regencyCode), d.name).toEqual({ ok: true, value: d.code })
    }
  })

  it('only matches districts of the given regency', () => {
    expect(matcher.matchDistrict('Cileunyi', '32.73')).toMatchObject({ ok: false, code: 'REGION_NOT_FOUND' })
    expect(matcher.matchDistrict('32.04.05', '32.73')).toMatchObject({ ok: false, code: 'REGION_NOT_FOUND' })
  })

  it.each([null, undefined, ''])('treats %j as absent', (raw) => {
    expect(matcher.matchDistrict(raw, '32.04')).toEqual({ ok: true, value: null })
  })

  it('finds no district when none were given', () => {
    const bare = createRegionMatcher({ provinces: data.provinces, regencies: data.regencies })
    expect(bare.matchDistrict('Cileunyi', '32.04')).toMatchObject({ ok: false, code: 'REGION_NOT_FOUND' })
    expect(bare.matchRegency('Kab. Bandung')).toEqual({ ok: true, value: '32.04' })
  })
})

describe('createRegionMatcher with hand-made data', () => {
  const small = createRegionMatcher({
    provinces: [{ code: '32', name: 'JAWA BARAT' }],
    regencies: [
      { code: '32.04', provinceCode: '32', name: 'KABUPATEN BANDUNG' },
      { code: '32.73', provinceCode: '32', name: 'KOTA BANDUNG' },
      { code: '32.01', provinceCode: '32', name: 'KABUPATEN BOGOR' },
    ],
    districts: [
      { code: '32.04.01', regencyCode: '32.04', name: 'Sukamaju' },
      { code: '32.04.02', regencyCode: '32.04', name: 'Suka Maju' }, // a data error upstream could do this
    ],
  })

  it('does not offer aliases of provinces it does not have', () => {
    expect(small.matchProvince('Jakarta')).toMatchObject({ ok: false, code: 'REGION_NOT_FOUND' })
  })

  it('reports districts that normalise to the same name as ambiguous', () => {
    expect(small.matchDistrict('sukamaju', '32.04')).toMatchObject({ ok: false, code: 'REGION_AMBIGUOUS' })
  })

  it('takes "Bogor" as Kabupaten Bogor when there is no Kota Bogor', () => {
    expect(small.matchRegency('Bogor')).toEqual({ ok: true, value: '32.01' })
  })
})
