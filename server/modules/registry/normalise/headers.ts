import { safeString } from './result.ts'

/** One expected column of an import file. */
export interface ColumnSpec<K extends string = string> {
  /** Canonical header, also matched itself ('nama_usaha'). */
  key: K
  /** Other spellings; matched after the same normalisation as headers. */
  aliases: readonly string[]
  required?: boolean
}

/** How the header row of a file maps onto the expected columns. */
export interface HeaderMatch<K extends string = string> {
  /** Column index (0-based) → key, for every recognised column (first occurrence only). */
  mapping: Map<number, K>
  /** Headers that match no column, as written in the file (blank headers are skipped). */
  unknown: string[]
  /** Keys of required columns that no header matched. */
  missingRequired: K[]
  /** Headers, as written, whose column was already matched by an earlier header; ignored. */
  duplicates: string[]
}

/**
 * Header text reduced for matching: accents removed, lower case, and everything but letters
 * and digits dropped (spaces, underscores, punctuation, a byte-order mark).
 * @example normaliseHeader('Kabupaten/Kota') // 'kabupatenkota'
 */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
}

// Templates get decorated: units in parentheses ('Omzet Tahunan (Rp)'), a trailing currency or
// unit word, or an asterisk marking required columns (dropped by normaliseHeader already).
// These are only tried when the header as a whole matches nothing.
const TRAILING_UNIT = /(?:rp|idr|rupiah|orang|jiwa)$/

function relaxedHeader(header: string): string {
  return normaliseHeader(header.replace(/\([^)]*\)|\[[^\]]*\]/g, '')).replace(TRAILING_UNIT, '')
}

/**
 * Matches a file's header row against column specs, ignoring case, accents, spaces,
 * underscores and punctuation; aliases count like the key. When two specs share a
 * normalised alias the earlier spec wins.
 * @example matchHeaders(['Nama Usaha', 'Kab/Kota'], FIRM_IMPORT_COLUMNS).mapping // Map { 0 => 'nama_usaha', 1 => 'kabupaten_kota' }
 */
export function matchHeaders<K extends string>(
  headers: readonly string[],
  columns: readonly ColumnSpec<K>[],
): HeaderMatch<K> {
  const lookup = new Map<string, K>()
  for (const column of columns) {
    for (const name of [column.key, ...column.aliases]) {
      const normalised = normaliseHeader(name)
      if (normalised !== '' && !lookup.has(normalised)) lookup.set(normalised, column.key)
    }
  }

  const mapping = new Map<number, K>()
  const seen = new Set<K>()
  const unknown: string[] = []
  const duplicates: string[] = []
  headers.forEach((header, index) => {
    // Typed as strings, but XLSX header cells can be numbers or empty.
    const text = header === null || header === undefined ? '' : safeString(header)
    const normalised = normaliseHeader(text)
    if (normalised === '') return
    const key = lookup.get(normalised) ?? lookup.get(relaxedHeader(text))
    if (key === undefined) unknown.push(text.trim())
    else if (seen.has(key)) duplicates.push(text.trim())
    else {
      seen.add(key)
      mapping.set(index, key)
    }
  })

  const missingRequired = columns.filter((c) => c.required && !seen.has(c.key)).map((c) => c.key)
  return { mapping, unknown, missingRequired, duplicates }
}

/** Canonical columns of the firm import file (issue 3), in template order. */
export const FIRM_IMPORT_KEYS = [
  'nib',
  'nama_usaha',
  'bentuk_usaha',
  'nama_pemilik',
  'nik_pemilik',
  'telepon',
  'email',
  'alamat',
  'provinsi',
  'kabupaten_kota',
  'kecamatan',
  'kbli',
  'jumlah_tenaga_kerja',
  'tenaga_kerja_perempuan',
  'nilai_investasi',
  'omzet_tahunan',
  'tahun_berdiri',
  'sentra',
] as const

export type FirmImportKey = (typeof FIRM_IMPORT_KEYS)[number]

/**
 * Column specs of the firm import: canonical Indonesian headers, English aliases and the
 * spellings regional offices use. Required: nama_usaha, provinsi, kabupaten_kota.
 * @example FIRM_IMPORT_COLUMNS.find((c) => c.key === 'telepon')?.aliases.includes('no hp') // true
 */
export const FIRM_IMPORT_COLUMNS: readonly ColumnSpec<FirmImportKey>[] = [
  {
    key: 'nib',
    aliases: ['nomor induk berusaha', 'no nib', 'nomor nib', 'business_id', 'business id number'],
  },
  {
    key: 'nama_usaha',
    aliases: [
      'business_name', 'name', 'company_name', 'firm_name', 'nama', 'nama perusahaan', 'nama ikm',
      'nama unit usaha', 'nama industri', 'nama badan usaha',
    ],
    required: true,
  },
  {
    key: 'bentuk_usaha',
    aliases: ['legal_form', 'legal_entity', 'business_form', 'bentuk badan usaha', 'badan usaha', 'badan hukum', 'bentuk badan hukum'],
  },
  {
    key: 'nama_pemilik',
    aliases: ['owner_name', 'owner', 'pemilik', 'nama pemilik usaha', 'nama penanggung jawab', 'penanggung jawab'],
  },
  {
    key: 'nik_pemilik',
    aliases: ['owner_nik', 'nik', 'nik pemilik usaha', 'no ktp', 'nomor ktp', 'no ktp pemilik', 'nomor induk kependudukan'],
  },
  {
    key: 'telepon',
    aliases: [
      'phone', 'phone_number', 'mobile', 'telephone', 'tel', 'telp', 'no telp', 'no telepon', 'nomor telepon',
      'no hp', 'nomor hp', 'hp', 'no handphone', 'nomor handphone', 'handphone', 'no wa', 'nomor wa', 'whatsapp',
      'no telp hp', 'telepon hp', 'no hp/wa', 'nomor hp/wa', 'hp/wa', 'no wa/hp', 'telepon/hp', 'no telp/hp', 'kontak',
    ],
  },
  {
    key: 'email',
    aliases: ['e-mail', 'email address', 'alamat email', 'surel', 'alamat surel'],
  },
  {
    key: 'alamat',
    aliases: ['address', 'street_address', 'alamat usaha', 'alamat perusahaan', 'alamat lengkap', 'lokasi usaha'],
  },
  {
    key: 'provinsi',
    aliases: ['province', 'province_code', 'kode provinsi', 'propinsi', 'prov', 'nama provinsi'],
    required: true,
  },
  {
    key: 'kabupaten_kota',
    aliases: [
      'regency', 'city', 'regency_city', 'city_regency', 'district_city', 'regency_code', 'kab/kota', 'kota/kabupaten',
      'kabupaten', 'kota', 'kab', 'kabupaten kota', 'kota kabupaten', 'kode kabupaten kota', 'kode kab/kota',
      'nama kabupaten kota', 'kab kota',
    ],
    required: true,
  },
  {
    key: 'kecamatan',
    aliases: ['district', 'subdistrict', 'sub_district', 'district_code', 'kec', 'kode kecamatan', 'nama kecamatan', 'distrik'],
  },
  {
    key: 'kbli',
    aliases: ['kbli_code', 'kbli_codes', 'kode kbli', 'kbli 2020', 'kode kbli 2020', 'kbli utama'],
  },
  {
    key: 'jumlah_tenaga_kerja',
    aliases: [
      'workers', 'total_workers', 'employees', 'number_of_workers', 'number_of_employees', 'workforce', 'tenaga kerja',
      'jumlah tenaga kerja', 'jumlah tk', 'tk', 'jumlah pekerja', 'jumlah karyawan', 'tenaga kerja total',
    ],
  },
  {
    key: 'tenaga_kerja_perempuan',
    aliases: [
      'women_workers', 'female_workers', 'female_employees', 'women_employees', 'tk perempuan', 'tk wanita',
      'tenaga kerja wanita', 'jumlah tenaga kerja perempuan', 'jumlah tenaga kerja wanita', 'pekerja perempuan',
      'karyawan perempuan',
    ],
  },
  {
    key: 'nilai_investasi',
    aliases: [
      'investment', 'investment_value', 'investasi', 'nilai investasi (rp)', 'nilai investasi rp',
      'nilai investasi tanpa tanah dan bangunan', 'modal', 'modal usaha',
    ],
  },
  {
    key: 'omzet_tahunan',
    aliases: [
      'turnover', 'annual_turnover', 'revenue', 'annual_revenue', 'sales', 'annual_sales', 'omzet', 'omset',
      'omset tahunan', 'omzet per tahun', 'omset per tahun', 'omzet setahun', 'nilai penjualan', 'penjualan per tahun',
    ],
  },
  {
    key: 'tahun_berdiri',
    aliases: ['year_founded', 'founded', 'year_established', 'established', 'tahun mulai usaha', 'tahun mulai', 'tahun pendirian', 'tahun usaha berdiri'],
  },
  {
    key: 'sentra',
    aliases: ['cluster', 'sentra ikm', 'nama sentra', 'sentra industri'],
  },
]
