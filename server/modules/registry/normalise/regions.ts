import { cellText, fail, isBlank, ok, quote, type Result } from './result.ts'

export interface ProvinceRecord {
  /** '32' */
  code: string
  /** 'Jawa Barat' or 'JAWA BARAT': case does not matter. */
  name: string
}

export interface RegencyRecord {
  /** '32.04' */
  code: string
  provinceCode: string
  /** 'Kabupaten Bandung', 'Kota Administrasi Jakarta Selatan'. */
  name: string
}

export interface DistrictRecord {
  /** '32.04.11' */
  code: string
  /** '32.04' */
  regencyCode: string
  name: string
}

export interface RegionData {
  provinces: readonly ProvinceRecord[]
  regencies: readonly RegencyRecord[]
  districts?: readonly DistrictRecord[]
}

/** Region lookups by code or name; each returns the dotted code, or null for an empty cell. */
export interface RegionMatcher {
  /** '32', 'Jawa Barat', 'PROVINSI JAWA BARAT', 'Prov. Jawa Barat', 'DKI Jakarta', 'Jakarta', 'D.I. Yogyakarta' → code. */
  matchProvince(raw: unknown): Result<string | null>
  /** '32.04', '3204', 'Kab. Bandung', 'KOTA BANDUNG', 'Kodya Bandung', 'Kota Adm. Jakarta Selatan' → code; only within `provinceCode` when given. */
  matchRegency(raw: unknown, provinceCode?: string | null): Result<string | null>
  /** '32.04.11', '320411', 'Kec. Arjasari', 'arjasari' → code, only within `regencyCode` ('32.04' or '3204'). */
  matchDistrict(raw: unknown, regencyCode: string): Result<string | null>
}

/**
 * Region name as lower-case tokens: accents removed, apostrophes dropped (Ma'u = Mau), other
 * punctuation splits words, and common abbreviations spelled out ('Kep.' → kepulauan).
 */
function tokens(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`‘]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((t) => t !== '')
    .map((t) => ABBREVIATIONS[t] ?? t)
}

const ABBREVIATIONS: Record<string, string> = { kep: 'kepulauan', adm: 'administrasi', admin: 'administrasi' }

const PROVINCE_PREFIXES = new Set(['provinsi', 'propinsi', 'prov', 'province'])

// Alternative names in official or everyday written use (not slang such as "Jabar"). Keys are
// joined tokens, so 'D.I. Yogyakarta' and 'DI Yogyakarta' both arrive as 'diyogyakarta'.
const PROVINCE_ALIASES: Record<string, string> = {
  nad: '11',
  nanggroeacehdarussalam: '11',
  daerahistimewaaceh: '11',
  bangkabelitung: '19',
  jakarta: '31',
  dki: '31',
  daerahkhususibukotajakarta: '31',
  daerahkhususjakarta: '31',
  diyogyakarta: '34',
  diy: '34',
  yogyakarta: '34',
  jogjakarta: '34',
  daerahistimewajogjakarta: '34',
}

type RegencyKind = 'kabupaten' | 'kota'

/** Leading words that say "regency" or "city", each with how many tokens it spans. */
function regencyPrefix(t: readonly string[]): { kind: RegencyKind; length: number } | null {
  const [first, second] = t
  let kind: RegencyKind | null = null
  let length = 1
  if (first === 'kabupaten' || first === 'kab') kind = 'kabupaten'
  else if (first === 'kotamadya' || first === 'kodya' || first === 'kota') {
    kind = 'kota'
    if (first === 'kota' && second === 'madya') length = 2
  }
  if (kind === null) return null
  // "Kota Administrasi" (Jakarta) and "Kabupaten Administrasi" (Kepulauan Seribu).
  if (t[length] === 'administrasi') length++
  return { kind, length }
}

/** Trailing English words: 'Bandung Regency', 'Bandung City'. */
function regencySuffix(t: readonly string[]): RegencyKind | null {
  const last = t[t.length - 1]
  return last === 'regency' ? 'kabupaten' : last === 'city' ? 'kota' : null
}

/** A stored regency name split into kind and base ('KOTA ADMINISTRASI JAKARTA SELATAN' → kota, 'jakartaselatan'). */
function parseStoredRegency(name: string): { kind: RegencyKind | null; base: string } {
  const t = tokens(name)
  const prefix = regencyPrefix(t)
  return prefix ? { kind: prefix.kind, base: t.slice(prefix.length).join('') } : { kind: null, base: t.join('') }
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key)
  if (list) {
    if (!list.includes(value)) list.push(value)
  } else map.set(key, [value])
}

const MEMO_LIMIT = 50_000

/**
 * Builds region lookups once; each call is then a few map look-ups (the import calls them for
 * every row). Codes are accepted dotted or undotted; names in any case, with or without the
 * 'Provinsi'/'Prov.' prefix, with 'Kab.'/'Kabupaten' or 'Kota'/'Kodya'/'Kotamadya' and
 * 'Adm.'/'Administrasi', and 'Kep.' for Kepulauan. A regency name without 'Kabupaten' or 'Kota'
 * that fits both ('Bandung') is REGION_AMBIGUOUS; 'Kota Bandung' and 'Kabupaten Bandung' are
 * different regencies. Unmatched input is REGION_NOT_FOUND; empty input is null (the caller
 * decides whether the column is required).
 * @example createRegionMatcher(data).matchRegency('Kab. Bandung') // { ok: true, value: '32.04' }
 */
export function createRegionMatcher(data: RegionData): RegionMatcher {
  const provinceCodes = new Set(data.provinces.map((p) => p.code))
  const provinceByKey = new Map<string, string>()
  for (const [key, code] of Object.entries(PROVINCE_ALIASES)) if (provinceCodes.has(code)) provinceByKey.set(key, code)
  // Stored names win over aliases.
  for (const p of data.provinces) provinceByKey.set(tokens(p.name).join(''), p.code)

  const regencyByCode = new Map<string, RegencyRecord>()
  const regenciesByKindBase = new Map<string, RegencyRecord[]>()
  const regenciesByBase = new Map<string, RegencyRecord[]>()
  for (const r of data.regencies) {
    regencyByCode.set(r.code, r)
    const { kind, base } = parseStoredRegency(r.name)
    if (kind) push(regenciesByKindBase, `${kind}:${base}`, r)
    push(regenciesByBase, base, r)
    // The full name also works as a base, so a stored name without a prefix still matches itself.
    push(regenciesByBase, tokens(r.name).join(''), r)
  }

  const districtByCode = new Map<string, DistrictRecord>()
  const districtsByKey = new Map<string, DistrictRecord[]>()
  for (const d of data.districts ?? []) {
    districtByCode.set(d.code, d)
    push(districtsByKey, `${d.regencyCode}|${tokens(d.name).join('')}`, d)
  }

  // Import files repeat the same few region spellings on every row; remembering answers for
  // text input saves re-tokenising. Bounded so a file of unique garbage cannot grow it forever.
  const memo = new Map<string, Result<string | null>>()
  function memoised(key: string | null, compute: () => Result<string | null>): Result<string | null> {
    if (key === null) return compute()
    const hit = memo.get(key)
    if (hit) return hit
    // Frozen because the same object is handed to every caller asking the same question.
    const result = Object.freeze(compute())
    if (memo.size >= MEMO_LIMIT) memo.clear()
    memo.set(key, result)
    return result
  }

  function matchProvince(raw: unknown): Result<string | null> {
    if (isBlank(raw)) return ok(null)
    const text = cellText(raw)
    if (text === null) return fail('REGION_NOT_FOUND', `not a province: ${quote(raw)}`)
    return memoised(typeof raw === 'string' ? `p\u0000${text}` : null, () => {
      if (/^\d+$/.test(text)) {
        return provinceCodes.has(text) ? ok(text) : fail('REGION_NOT_FOUND', `no province with code ${quote(text)}`)
      }
      let t = tokens(text)
      if (t.length > 1 && PROVINCE_PREFIXES.has(t[0])) t = t.slice(1)
      const code = provinceByKey.get(t.join(''))
      return code ? ok(code) : fail('REGION_NOT_FOUND', `no province named ${quote(raw)}`)
    })
  }

  function inProvince(candidates: readonly RegencyRecord[], provinceCode: string | null): RegencyRecord[] {
    return provinceCode ? candidates.filter((r) => r.provinceCode === provinceCode) : [...candidates]
  }

  function matchRegency(raw: unknown, provinceCode?: string | null): Result<string | null> {
    if (isBlank(raw)) return ok(null)
    const text = cellText(raw)
    if (text === null) return fail('REGION_NOT_FOUND', `not a regency or city: ${quote(raw)}`)
    const province = provinceCode?.trim() || null
    return memoised(typeof raw === 'string' ? `r\u0000${province ?? ''}\u0000${text}` : null, () =>
      resolveRegency(text, province, raw),
    )
  }

  function resolveRegency(text: string, province: string | null, raw: unknown): Result<string | null> {
    const code = /^(\d{2})\.?(\d{2})$/.exec(text)
    if (code) {
      const r = regencyByCode.get(`${code[1]}.${code[2]}`)
      if (!r) return fail('REGION_NOT_FOUND', `no regency or city with code ${quote(text)}`)
      if (province && r.provinceCode !== province) {
        return fail('REGION_NOT_FOUND', `${r.name} (${r.code}) is not in province ${province}`)
      }
      return ok(r.code)
    }

    let t = tokens(text)
    let kind: RegencyKind | null = null
    const prefix = regencyPrefix(t)
    if (prefix && t.length > prefix.length) {
      kind = prefix.kind
      t = t.slice(prefix.length)
    } else {
      const suffix = regencySuffix(t)
      if (suffix && t.length > 1) {
        kind = suffix
        t = t.slice(0, -1)
      }
    }
    const base = t.join('')
    let everywhere: RegencyRecord[] = kind
      ? (regenciesByKindBase.get(`${kind}:${base}`) ?? [])
      : (regenciesByBase.get(base) ?? [])
    // 'Kota Baru' is Kabupaten Kotabaru: a leading "Kota" can be part of the name itself.
    if (everywhere.length === 0 && kind) everywhere = regenciesByBase.get(tokens(text).join('')) ?? []
    const candidates = inProvince(everywhere, province)

    if (candidates.length === 1) return ok(candidates[0].code)
    if (candidates.length > 1) {
      const names = candidates.map((r) => `${r.name} (${r.code})`).join(', ')
      return fail('REGION_AMBIGUOUS', `${quote(raw)} could be ${names}; write Kabupaten or Kota`)
    }
    if (everywhere.length > 0) {
      return fail('REGION_NOT_FOUND', `${quote(raw)} is not in province ${province}`)
    }
    return fail('REGION_NOT_FOUND', `no regency or city named ${quote(raw)}`)
  }

  function matchDistrict(raw: unknown, regencyCode: string): Result<string | null> {
    if (isBlank(raw)) return ok(null)
    const text = cellText(raw)
    if (text === null) return fail('REGION_NOT_FOUND', `not a district: ${quote(raw)}`)
    const regency = regencyCode.trim().replace(/^(\d{2})(\d{2})$/, '$1.$2')
    return memoised(typeof raw === 'string' ? `d\u0000${regency}\u0000${text}` : null, () => {
      const code = /^(\d{2})\.?(\d{2})\.?(\d{2})$/.exec(text)
      if (code) {
        const d = districtByCode.get(`${code[1]}.${code[2]}.${code[3]}`)
        if (!d) return fail('REGION_NOT_FOUND', `no district with code ${quote(text)}`)
        if (d.regencyCode !== regency) return fail('REGION_NOT_FOUND', `${d.name} (${d.code}) is not in ${regency}`)
        return ok(d.code)
      }
      let t = tokens(text)
      if (t.length > 1 && (t[0] === 'kecamatan' || t[0] === 'kec' || t[0] === 'distrik')) t = t.slice(1)
      const found = districtsByKey.get(`${regency}|${t.join('')}`) ?? []
      if (found.length === 1) return ok(found[0].code)
      if (found.length > 1) {
        return fail('REGION_AMBIGUOUS', `${quote(raw)} could be ${found.map((d) => d.code).join(', ')}`)
      }
      return fail('REGION_NOT_FOUND', `no district named ${quote(raw)} in ${regency}`)
    })
  }

  return { matchProvince, matchRegency, matchDistrict }
}
