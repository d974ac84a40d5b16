// Value parsers of the survey-response import: the words offices write for needs, channels,
// shortage causes, countries, yes/no and currencies, turned into the instrument's codes. Pure;
// empty cells are null (or [] for lists); bad input is a result with a stable code, never thrown.
import countries from 'i18n-iso-countries'
import countriesEn from 'i18n-iso-countries/langs/en.json' with { type: 'json' }
import countriesId from 'i18n-iso-countries/langs/id.json' with { type: 'json' }
import { cellText, fail, isBlank, normaliseHeader, ok, type Result } from '../../registry/normalise/index.ts'
import { CHANNELS, MATERIAL_CAUSES, NEEDS, type Channel, type MaterialCause, type Need } from '../rules.ts'

countries.registerLocale(countriesEn)
countries.registerLocale(countriesId)

export type ValueCode = 'NEED_UNKNOWN' | 'CHANNEL_UNKNOWN' | 'CAUSE_UNKNOWN' | 'COUNTRY_UNKNOWN' | 'YES_NO_INVALID' | 'CURRENCY_UNKNOWN' | 'TEXT_INVALID'
/** A failed parse names the part of the cell that was not understood (`{ value }` in the message). */
export type ValueResult<T> = Result<T, ValueCode> & { value?: T; part?: string }

const key = (text: string) => normaliseHeader(text)

function wordMap<T extends string>(codes: readonly T[], words: Record<string, T>): Map<string, T> {
  const map = new Map<string, T>()
  for (const code of codes) map.set(key(code), code)
  for (const [word, code] of Object.entries(words)) map.set(key(word), code)
  return map
}

const NEED_WORDS = wordMap<Need>(NEEDS, {
  pemasaran: 'marketing',
  promosi: 'marketing',
  penjualan: 'marketing',
  'akses pasar': 'marketing',
  'bahan baku': 'raw_materials',
  'raw materials': 'raw_materials',
  'pasokan bahan baku': 'raw_materials',
  permodalan: 'financing',
  modal: 'financing',
  'modal kerja': 'financing',
  pembiayaan: 'financing',
  'kredit': 'financing',
  pinjaman: 'financing',
  ekspor: 'export',
  'fasilitasi ekspor': 'export',
  lainnya: 'other',
  'lain-lain': 'other',
  lain: 'other',
})

const CHANNEL_WORDS = wordMap<Channel>(CHANNELS, {
  luring: 'offline',
  'toko fisik': 'offline',
  toko: 'offline',
  langsung: 'offline',
  'penjualan langsung': 'offline',
  'online sendiri': 'own_online',
  'daring sendiri': 'own_online',
  'toko online sendiri': 'own_online',
  website: 'own_online',
  'media sosial': 'own_online',
  medsos: 'own_online',
  lokapasar: 'marketplace',
  'e-commerce': 'marketplace',
  ecommerce: 'marketplace',
  ekspor: 'export',
})

const CAUSE_WORDS = wordMap<MaterialCause>(MATERIAL_CAUSES, {
  harga: 'price',
  'harga naik': 'price',
  'kenaikan harga': 'price',
  'gangguan impor': 'import_disruption',
  impor: 'import_disruption',
  'impor terganggu': 'import_disruption',
  'pemasok berhenti': 'supplier_stopped',
  'pemasok tutup': 'supplier_stopped',
  'supplier berhenti': 'supplier_stopped',
  transportasi: 'transport',
  transport: 'transport',
  pengiriman: 'transport',
  logistik: 'transport',
  lainnya: 'other',
  'lain-lain': 'other',
  lain: 'other',
})

/** Splits a list cell on commas, semicolons, slashes, '>' and line breaks ("bahan baku > permodalan"). */
function parts(text: string): string[] {
  return text
    .split(/[,;>/\n|]+/)
    .map((p) => p.replace(/^\s*(?:\d+\s*[.)]\s*)/, '').trim())
    .filter((p) => p !== '')
}

function codeList<T extends string>(raw: unknown, words: Map<string, T>, code: ValueCode): ValueResult<T[]> {
  if (isBlank(raw)) return ok([])
  const text = cellText(raw)
  if (text === null) return fail(code)
  const values: T[] = []
  for (const part of parts(text)) {
    const value = words.get(key(part))
    if (!value) return { ...fail(code), part }
    values.push(value)
  }
  return ok(values)
}

/**
 * Needs, ranked as written (the first is the most needed): Indonesian words or the codes.
 * Repeats are kept for the rules to report (ANSWER_NEED_REPEATED).
 * @example parseNeeds('Permodalan > Bahan baku; pemasaran') // { ok: true, value: ['financing', 'raw_materials', 'marketing'] }
 */
export const parseNeeds = (raw: unknown): ValueResult<Need[]> => codeList(raw, NEED_WORDS, 'NEED_UNKNOWN')

/**
 * Sales channels, without repeats.
 * @example parseChannels('offline, marketplace') // { ok: true, value: ['offline', 'marketplace'] }
 */
export function parseChannels(raw: unknown): ValueResult<Channel[]> {
  const result = codeList(raw, CHANNEL_WORDS, 'CHANNEL_UNKNOWN')
  return result.ok ? ok([...new Set(result.value)]) : result
}

/**
 * The cause of a raw-material shortfall; empty → null.
 * @example parseCause('Gangguan impor') // { ok: true, value: 'import_disruption' }
 */
export function parseCause(raw: unknown): ValueResult<MaterialCause | null> {
  if (isBlank(raw)) return ok(null)
  const text = cellText(raw)
  const value = text === null ? undefined : CAUSE_WORDS.get(key(text))
  return value ? ok(value) : { ...fail('CAUSE_UNKNOWN'), part: text ?? '' }
}

/**
 * Destination countries: ISO alpha-2 or alpha-3 codes, or names in Indonesian or English; several
 * separated by commas or semicolons; repeats dropped.
 * @example parseCountries('Jepang, NL; United States') // { ok: true, value: ['JP', 'NL', 'US'] }
 */
export function parseCountries(raw: unknown): ValueResult<string[]> {
  if (isBlank(raw)) return ok([])
  const text = cellText(raw)
  if (text === null) return fail('COUNTRY_UNKNOWN')
  const codes: string[] = []
  for (const part of text.split(/[,;\n|]+/).map((p) => p.trim()).filter((p) => p !== '')) {
    const code = countryCode(part)
    if (!code) return { ...fail('COUNTRY_UNKNOWN'), part }
    if (!codes.includes(code)) codes.push(code)
  }
  return ok(codes)
}

function countryCode(part: string): string | undefined {
  const upper = part.toUpperCase()
  if (/^[A-Z]{2}$/.test(upper)) return countries.isValid(upper) ? upper : undefined
  if (/^[A-Z]{3}$/.test(upper)) return countries.alpha3ToAlpha2(upper) ?? (upper === 'UAE' ? 'AE' : undefined)
  return countries.getAlpha2Code(part, 'id') ?? countries.getAlpha2Code(part, 'en')
}

const YES = new Set(['ya', 'y', 'yes', '1', 'true', 'benar', 'sudah', 'iya'])
const NO = new Set(['tidak', 't', 'no', 'n', '0', 'false', 'belum', 'tdk', 'salah'])

/**
 * Yes or no: ya/tidak, yes/no, 1/0, sudah/belum; empty → null.
 * @example parseYesNo('Ya') // { ok: true, value: true }
 */
export function parseYesNo(raw: unknown): ValueResult<boolean | null> {
  if (isBlank(raw)) return ok(null)
  if (typeof raw === 'boolean') return ok(raw)
  const text = (cellText(raw) ?? '').toLowerCase()
  if (YES.has(text)) return ok(true)
  if (NO.has(text)) return ok(false)
  return { ...fail('YES_NO_INVALID'), part: text }
}

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'))
const CURRENCY_WORDS: Record<string, string> = { rp: 'IDR', rupiah: 'IDR', dolar: 'USD', dollar: 'USD', us: 'USD', euro: 'EUR', yen: 'JPY', '$': 'USD', 'us$': 'USD', '€': 'EUR', '¥': 'JPY' }

/**
 * An ISO 4217 currency code (a few common words and symbols too); empty → null.
 * @example parseCurrency(' usd ') // { ok: true, value: 'USD' }
 */
export function parseCurrency(raw: unknown): ValueResult<string | null> {
  if (isBlank(raw)) return ok(null)
  const text = (cellText(raw) ?? '').trim()
  const code = CURRENCY_WORDS[text.toLowerCase()] ?? text.toUpperCase()
  return /^[A-Z]{3}$/.test(code) && CURRENCIES.has(code) ? ok(code) : { ...fail('CURRENCY_UNKNOWN'), part: text }
}
