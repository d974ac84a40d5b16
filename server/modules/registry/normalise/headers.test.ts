import { describe, expect, it } from 'vitest'
import { FIRM_IMPORT_COLUMNS, FIRM_IMPORT_KEYS, matchHeaders, normaliseHeader, type ColumnSpec } from './headers.ts'

describe('normaliseHeader', () => {
  it.each([
    ['Nama Usaha', 'namausaha'],
    ['NAMA_USAHA', 'namausaha'],
    ['nama-usaha', 'namausaha'],
    [' nama.usaha ', 'namausaha'],
    ['Kabupaten/Kota', 'kabupatenkota'],
    ['\uFEFFnib', 'nib'],
    ['Tahun Berdiri*', 'tahunberdiri'],
    ['Télépon', 'telepon'],
    ['', ''],
  ])('%j → %j', (raw, expected) => {
    expect(normaliseHeader(raw)).toBe(expected)
  })
})

describe('matchHeaders', () => {
  const columns: ColumnSpec<'name' | 'city' | 'phone'>[] = [
    { key: 'name', aliases: ['business name'], required: true },
    { key: 'city', aliases: ['kota'], required: true },
    { key: 'phone', aliases: ['telepon'] },
  ]

  it('maps column indexes to keys, ignoring case and punctuation', () => {
    const result = matchHeaders(['NAME', 'Kota', 'Tele-pon'], columns)
    expect([...result.mapping]).toEqual([
      [0, 'name'],
      [1, 'city'],
      [2, 'phone'],
    ])
    expect(result).toMatchObject({ unknown: [], missingRequired: [], duplicates: [] })
  })

  it('reports unknown headers as written and skips blank ones', () => {
    const result = matchHeaders(['No.', 'Business Name', '', '  ', 'City', 'Catatan '], columns)
    expect(result.unknown).toEqual(['No.', 'Catatan'])
    expect([...result.mapping.keys()]).toEqual([1, 4])
  })

  it('reports missing required columns by key', () => {
    expect(matchHeaders(['phone'], columns).missingRequired).toEqual(['name', 'city'])
  })

  it('keeps the first of two headers for the same column and reports the other', () => {
    const result = matchHeaders(['name', 'city', 'Business Name'], columns)
    expect(result.mapping.get(0)).toBe('name')
    expect(result.mapping.has(2)).toBe(false)
    expect(result.duplicates).toEqual(['Business Name'])
  })

  it('lets the earlier spec win an alias two specs share', () => {
    const clash: ColumnSpec[] = [
      { key: 'a', aliases: ['x'] },
      { key: 'b', aliases: ['X'] },
    ]
    expect(matchHeaders(['x'], clash).mapping.get(0)).toBe('a')
  })

  it('copes with non-string header cells', () => {
    const headers = [null, 2020, 'name', undefined] as unknown as string[]
    const result = matchHeaders(headers, columns)
    expect(result.unknown).toEqual(['2020'])
    expect(result.mapping.get(2)).toBe('name')
  })

  it('matches an empty header row to nothing', () => {
    expect(matchHeaders([], columns)).toEqual({
      mapping: new Map(),
      unknown: [],
      missingRequired: ['name', 'city'],
      duplicates: [],
    })
  })
})

describe('FIRM_IMPORT_COLUMNS', () => {
  const keyOf = (header: string) => matchHeaders([header], FIRM_IMPORT_COLUMNS).mapping.get(0)

  it('lists the canonical headers of issue 3 in template order', () => {
    expect(FIRM_IMPORT_COLUMNS.map((c) => c.key)).toEqual([...FIRM_IMPORT_KEYS])
    expect(FIRM_IMPORT_KEYS.join(', ')).toBe(
      'nib, nama_usaha, bentuk_usaha, nama_pemilik, nik_pemilik, telepon, email, alamat, provinsi, kabupaten_kota, ' +
        'kecamatan, kbli, jumlah_tenaga_kerja, tenaga_kerja_perempuan, nilai_investasi, omzet_tahunan, tahun_berdiri, sentra',
    )
  })

  it('requires nama_usaha, provinsi and kabupaten_kota', () => {
    expect(FIRM_IMPORT_COLUMNS.filter((c) => c.required).map((c) => c.key)).toEqual([
      'nama_usaha',
      'provinsi',
      'kabupaten_kota',
    ])
  })

  it('has no alias that two columns share', () => {
    const owner = new Map<string, string>()
    for (const column of FIRM_IMPORT_COLUMNS) {
      for (const name of [column.key, ...column.aliases]) {
        const normalised = normaliseHeader(name)
        expect(owner.get(normalised) ?? column.key, `${name} in ${column.key} and ${owner.get(normalised)}`).toBe(
          column.key,
        )
        owner.set(normalised, column.key)
      }
    }
  })

  it('matches the canonical template exactly', () => {
    const result = matchHeaders([...FIRM_IMPORT_KEYS], FIRM_IMPORT_COLUMNS)
    expect([...result.mapping.values()]).toEqual([...FIRM_IMPORT_KEYS])
    expect(result).toMatchObject({ unknown: [], missingRequired: [], duplicates: [] })
  })

  it.each([
    ['NIB', 'nib'],
    ['Nama Usaha', 'nama_usaha'],
    ['NAMA_USAHA', 'nama_usaha'],
    ['nama-usaha', 'nama_usaha'],
    ['business_name', 'nama_usaha'],
    ['Nama Perusahaan', 'nama_usaha'],
    ['Name', 'nama_usaha'],
    ['legal_form', 'bentuk_usaha'],
    ['Bentuk Badan Usaha', 'bentuk_usaha'],
    ['owner_name', 'nama_pemilik'],
    ['Nama Pemilik', 'nama_pemilik'],
    ['NIK Pemilik', 'nik_pemilik'],
    ['owner_nik', 'nik_pemilik'],
    ['No. KTP', 'nik_pemilik'],
    ['phone', 'telepon'],
    ['No HP', 'telepon'],
    ['No. HP', 'telepon'],
    ['Nomor Telepon', 'telepon'],
    ['No. Telp', 'telepon'],
    ['E-mail', 'email'],
    ['address', 'alamat'],
    ['Alamat Usaha', 'alamat'],
    ['province', 'provinsi'],
    ['Propinsi', 'provinsi'],
    ['Kabupaten/Kota', 'kabupaten_kota'],
    ['Kab/Kota', 'kabupaten_kota'],
    ['Kab./Kota', 'kabupaten_kota'],
    ['Kota/Kabupaten', 'kabupaten_kota'],
    ['regency', 'kabupaten_kota'],
    ['city', 'kabupaten_kota'],
    ['district_city', 'kabupaten_kota'],
    ['district', 'kecamatan'],
    ['Subdistrict', 'kecamatan'],
    ['Kecamatan', 'kecamatan'],
    ['KBLI', 'kbli'],
    ['kbli_code', 'kbli'],
    ['Kode KBLI', 'kbli'],
    ['workers', 'jumlah_tenaga_kerja'],
    ['total_workers', 'jumlah_tenaga_kerja'],
    ['employees', 'jumlah_tenaga_kerja'],
    ['Tenaga Kerja', 'jumlah_tenaga_kerja'],
    ['Jumlah Tenaga Kerja', 'jumlah_tenaga_kerja'],
    ['Jumlah Tenaga Kerja (orang)', 'jumlah_tenaga_kerja'],
    ['women_workers', 'tenaga_kerja_perempuan'],
    ['female_workers', 'tenaga_kerja_perempuan'],
    ['TK Perempuan', 'tenaga_kerja_perempuan'],
    ['Tenaga Kerja Perempuan (orang)', 'tenaga_kerja_perempuan'],
    ['investment', 'nilai_investasi'],
    ['investment_value', 'nilai_investasi'],
    ['Nilai Investasi (Rp)', 'nilai_investasi'],
    ['Nilai Investasi (Rp.)', 'nilai_investasi'],
    ['Nilai Investasi [IDR]', 'nilai_investasi'],
    ['turnover', 'omzet_tahunan'],
    ['annual_turnover', 'omzet_tahunan'],
    ['revenue', 'omzet_tahunan'],
    ['Omzet per Tahun', 'omzet_tahunan'],
    ['Omset Tahunan (Rp)', 'omzet_tahunan'],
    ['Omzet Tahunan Rp', 'omzet_tahunan'],
    ['year_founded', 'tahun_berdiri'],
    ['founded', 'tahun_berdiri'],
    ['Tahun Berdiri*', 'tahun_berdiri'],
    ['Sentra', 'sentra'],
    ['cluster', 'sentra'],
    ['Sentra IKM', 'sentra'],
  ])('%j → %s', (header, key) => {
    expect(keyOf(header)).toBe(key)
  })

  it('handles a realistic regional office header row', () => {
    const headers = [
      'No.',
      'Nama Usaha*',
      'Nama Pemilik',
      'NIK Pemilik',
      'No. HP/WA',
      'Alamat',
      'Kecamatan',
      'Kab/Kota*',
      'Provinsi*',
      'Jumlah TK',
      'TK Wanita',
      'Nilai Investasi (Rp)',
      'Omzet per Tahun (Rp)',
      'KBLI',
      'Tahun Berdiri',
      'Keterangan',
    ]
    const result = matchHeaders(headers, FIRM_IMPORT_COLUMNS)
    expect(result.missingRequired).toEqual([])
    expect(result.unknown).toEqual(['No.', 'Keterangan'])
    expect(result.mapping.get(4)).toBe('telepon')
    expect(result.mapping.get(7)).toBe('kabupaten_kota')
    expect(result.mapping.get(10)).toBe('tenaga_kerja_perempuan')
    expect(result.mapping.get(12)).toBe('omzet_tahunan')
  })
})
