import { describe, expect, it } from 'vitest'
import * as normalise from './index.ts'

describe('normalise index', () => {
  it('exports every normaliser', () => {
    for (const name of [
      'normaliseNib',
      'parseNik',
      'normalisePhone',
      'parseIndonesianNumber',
      'parseDate',
      'parseYear',
      'matchHeaders',
      'normaliseHeader',
      'createRegionMatcher',
      'sizeClass',
      'normaliseEmail',
      'normaliseName',
      'parseKbliList',
    ] as const) {
      expect(typeof normalise[name], name).toBe('function')
    }
    expect(normalise.FIRM_IMPORT_COLUMNS).toHaveLength(18)
  })

  it('normalises one messy import row end to end', () => {
    const regions = normalise.createRegionMatcher({
      provinces: [{ code: '32', name: 'Jawa Barat' }],
      regencies: [{ code: '32.04', provinceCode: '32', name: 'Kabupaten Bandung' }],
    })
    const today = new Date('2020-06-15T00:00:00Z')
    const row = {
      nib: '9120-0012-34567',
      nik: '3204 1245 0690 0001',
      phone: '0812-3456-7890',
      investment: 'Rp 250.000.000,-',
      workers: '12',
      province: 'PROVINSI JAWA BARAT',
      regency: 'Kab. Bandung',
      founded: '12/05/2015',
    }
    const province = regions.matchProvince(row.province)
    const regency = regions.matchRegency(row.regency, province.ok ? province.value : null)
    const workers = normalise.parseIndonesianNumber(row.workers)
    const investment = normalise.parseIndonesianNumber(row.investment)
    expect({
      nib: normalise.normaliseNib(row.nib),
      nik: normalise.parseNik(row.nik, new Set(['32.04']), today),
      phone: normalise.normalisePhone(row.phone),
      regency,
      founded: normalise.parseYear(row.founded, today),
      size:
        workers.ok && investment.ok
          ? normalise.sizeClass({ workers: workers.value, investment: investment.value })
          : undefined,
    }).toEqual({
      nib: { ok: true, value: '9120001234567' },
      nik: {
        ok: true,
        value: {
          nik: '3204124506900001',
          provinceCode: '32',
          regencyCode: '32.04',
          districtCode: '32.04.12',
          sex: 'F',
          birthDate: '1990-06-05',
        },
      },
      phone: { ok: true, value: '+6281234567890' },
      regency: { ok: true, value: '32.04' },
      founded: { ok: true, value: 2015 },
      size: 'small',
    })
  })
})
