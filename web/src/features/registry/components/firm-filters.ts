import type { FirmFilters, FirmQuery, SizeClass } from '../../../lib/api-client.ts'

export const SIZE_CLASSES = ['small', 'medium', 'large'] as const satisfies readonly SizeClass[]

/** The list's filters as kept in the page address (so they survive reloads and the back button). */
export interface FilterState {
  province: string
  regency: string
  kbli: string
  sizeClass: string
  verified: string
  sentra: string
  q: string
}

export const FILTER_KEYS = ['province', 'regency', 'kbli', 'sizeClass', 'verified', 'sentra', 'q'] as const satisfies readonly (keyof FilterState)[]

export function filtersOf(params: URLSearchParams): FilterState {
  return Object.fromEntries(FILTER_KEYS.map((key) => [key, params.get(key) ?? ''])) as unknown as FilterState
}

export function paramsOf(filters: FilterState): URLSearchParams {
  const params = new URLSearchParams()
  for (const key of FILTER_KEYS) if (filters[key]) params.set(key, filters[key])
  return params
}

const isSizeClass = (value: string): value is SizeClass => (SIZE_CLASSES as readonly string[]).includes(value)

/**
 * The API filters of the state, leaving out what the API would refuse (a KBLI prefix that is not
 * 2–5 digits, a search of fewer than 2 characters). The export takes the same filters without `q`.
 */
export function apiFiltersOf(filters: FilterState): { filters: FirmFilters; q: string | undefined } {
  const result: FirmFilters = {}
  if (/^\d{2}$/.test(filters.province)) result.province = filters.province
  if (filters.regency) result.regency = filters.regency
  const kbli = filters.kbli.trim().replace(/\./g, '')
  if (/^\d{2,5}$/.test(kbli)) result.kbli = kbli
  if (isSizeClass(filters.sizeClass)) result.sizeClass = filters.sizeClass
  if (filters.verified === 'true' || filters.verified === 'false') result.verified = filters.verified === 'true'
  if (filters.sentra) result.sentra = filters.sentra
  const q = filters.q.trim()
  return { filters: result, q: q.length >= 2 ? q.slice(0, 100) : undefined }
}

export function listQueryOf(filters: FilterState, cursor?: string | null, limit = 50): FirmQuery {
  const { filters: base, q } = apiFiltersOf(filters)
  return { ...base, q, cursor: cursor ?? undefined, limit }
}
