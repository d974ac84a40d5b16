import { describe, expect, test } from 'vitest'
import { apiFiltersOf, filtersOf, listQueryOf, paramsOf } from './firm-filters.ts'

describe('firm filters', () => {
  test('round-trip through the page address', () => {
    const filters = filtersOf(new URLSearchParams('province=32&regency=32.04&verified=false&q=batik'))
    expect(filters).toMatchObject({ province: '32', regency: '32.04', verified: 'false', q: 'batik', kbli: '' })
    expect(paramsOf(filters).toString()).toBe('province=32&regency=32.04&verified=false&q=batik')
  })

  test('leave out what the API would refuse', () => {
    const { filters, q } = apiFiltersOf({ ...filtersOf(new URLSearchParams()), kbli: '1', q: 'b', sizeClass: 'huge', verified: 'maybe' })
    expect(filters).toEqual({})
    expect(q).toBeUndefined()
  })

  test('the list query adds the search, cursor and page size to the export filters', () => {
    const state = { ...filtersOf(new URLSearchParams()), kbli: '13.1', sizeClass: 'small', verified: 'true', q: ' tenun ' }
    expect(apiFiltersOf(state).filters).toEqual({ kbli: '131', sizeClass: 'small', verified: true })
    expect(listQueryOf(state, 'abc', 20)).toEqual({ kbli: '131', sizeClass: 'small', verified: true, q: 'tenun', cursor: 'abc', limit: 20 })
  })
})
