import { describe, expect, it } from 'vitest'
import { RESPONSE_IMPORT_COLUMNS } from './columns.ts'
import { matchHeaders } from '../../registry/normalise/index.ts'
import { responseProblems, validateExportRow, validateMaterialRow, validateResponseRow } from './rows.ts'

const NIB = '9120001111001'
const main = { nib: NIB, omzet_normal: 'Rp 20.000.000', omzet_bulan_ini: '8.000.000,50', tenaga_kerja_sebelum: '10', tenaga_kerja_bekerja: 6, kebutuhan_utama: 'permodalan > bahan baku' }

describe('response import rows', () => {
  it('matches header variants: case, spaces, units in parentheses, aliases', () => {
    const header = matchHeaders(['No NIB', 'Omzet Normal (Rp)', 'Omset Bulan Ini', 'TK Sebelum', 'Tenaga Kerja Bekerja', 'PHK', 'Kebutuhan'], RESPONSE_IMPORT_COLUMNS)
    expect([...header.mapping.values()]).toEqual(['nib', 'omzet_normal', 'omzet_bulan_ini', 'tenaga_kerja_sebelum', 'tenaga_kerja_bekerja', 'phk', 'kebutuhan_utama'])
    expect(header.missingRequired).toEqual([])
  })

  it('reads a main row: Indonesian numbers, rupiah rounded, empty sent-home counts are 0', () => {
    expect(validateResponseRow(main)).toEqual({
      ok: true,
      values: {
        nib: NIB,
        answers: {
          baselineTurnoverIdr: 20_000_000,
          referenceTurnoverIdr: 8_000_001,
          channels: [],
          workersBefore: 10,
          workersWorking: 6,
          sentHomePaid: 0,
          sentHomePartlyPaid: 0,
          sentHomeUnpaid: 0,
          laidOff: 0,
          needs: ['financing', 'raw_materials'],
          notes: null,
        },
      },
    })
  })

  it('reports every problem of a main row with its column', () => {
    const result = validateResponseRow({ nib: '12345', omzet_normal: '', omzet_bulan_ini: 'banyak', tenaga_kerja_sebelum: '10', tenaga_kerja_bekerja: '6', kebutuhan_utama: 'pelatihan' })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.problems.map((p) => [p.column, p.code])).toEqual([
      ['nib', 'NIB_INVALID'],
      ['omzet_normal', 'REQUIRED'],
      ['omzet_bulan_ini', 'NUMBER_INVALID'],
      ['kebutuhan_utama', 'NEED_UNKNOWN'],
    ])
    expect(result.problems[2]).toMatchObject({ params: { column: 'omzet_bulan_ini' }, value: 'banyak' })
  })

  it("maps the instrument's rules onto the columns", () => {
    const read = validateResponseRow({ ...main, tenaga_kerja_bekerja: '9', phk: '2', kebutuhan_utama: 'modal, permodalan' })
    if (!read.ok) throw new Error('row should read')
    const problems = responseProblems({ ...read.values.answers, materials: [], exports: [] }, { ...main, tenaga_kerja_bekerja: '9' })
    expect(problems.map((p) => [p.column, p.code])).toEqual([
      ['tenaga_kerja_bekerja', 'ANSWER_WORKERS_EXCEED'],
      ['kebutuhan_utama', 'ANSWER_NEED_REPEATED'],
    ])
    expect(problems[0]).toMatchObject({ params: { accounted: 11, before: 10 }, value: '9' })
  })

  it('reads raw-material rows and checks them against the rules', () => {
    expect(validateMaterialRow({ nib: NIB, bahan: 'Kain mori', satuan: 'meter', kebutuhan_per_bulan: '1.500', diperoleh: '200,5', penyebab: 'Gangguan impor' })).toEqual({
      ok: true,
      nib: NIB,
      value: { material: 'Kain mori', unit: 'meter', neededPerMonth: 1500, obtained: 200.5, cause: 'import_disruption' },
    })
    const bad = validateMaterialRow({ nib: NIB, bahan: 'Benang', satuan: 'kg', kebutuhan_per_bulan: '100', diperoleh: '150', penyebab: 'harga' })
    expect(bad).toMatchObject({ ok: false, nib: NIB, problems: [{ column: 'bahan_baku.diperoleh', code: 'ANSWER_OBTAINED_EXCEEDS_NEEDED' }] })
    const missing = validateMaterialRow({ nib: '', bahan: '', satuan: 'kg', kebutuhan_per_bulan: '100', diperoleh: '50', penyebab: '' })
    expect(missing).toMatchObject({ ok: false, nib: null })
    if (!missing.ok) expect(missing.problems.map((p) => p.column)).toEqual(['bahan_baku.nib', 'bahan_baku.bahan', 'bahan_baku.penyebab'])
  })

  it('reads held-export rows: currency, countries by name, yes/no', () => {
    expect(validateExportRow({ nib: NIB, jumlah_kontrak: '2', mata_uang: 'usd', nilai: '15.000', negara_tujuan: 'Jepang, Belanda', barang_sudah_diproduksi: 'ya' })).toEqual({
      ok: true,
      nib: NIB,
      value: { contracts: 2, currency: 'USD', value: 15000, destinationCountries: ['JP', 'NL'], goodsProduced: true },
    })
    const bad = validateExportRow({ nib: NIB, jumlah_kontrak: '0', mata_uang: 'XYZ', nilai: '10', negara_tujuan: 'Atlantis', barang_sudah_diproduksi: 'mungkin' })
    expect(bad.ok).toBe(false)
    if (!bad.ok) {
      expect(bad.problems.map((p) => [p.column, p.code])).toEqual([
        ['ekspor_tertunda.mata_uang', 'CURRENCY_UNKNOWN'],
        ['ekspor_tertunda.negara_tujuan', 'COUNTRY_UNKNOWN'],
        ['ekspor_tertunda.barang_sudah_diproduksi', 'YES_NO_INVALID'],
      ])
    }
    const fewContracts = validateExportRow({ nib: NIB, jumlah_kontrak: '0', mata_uang: 'EUR', nilai: '10', negara_tujuan: 'DE' })
    expect(fewContracts).toMatchObject({ ok: false, problems: [{ column: 'ekspor_tertunda.jumlah_kontrak', code: 'ANSWER_CONTRACTS_INVALID' }] })
  })
})
