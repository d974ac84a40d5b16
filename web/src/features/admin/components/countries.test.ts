import { expect, test } from 'vitest'
import { parseCountries } from './countries.ts'

test('parses ISO alpha-2 lists', () => {
  expect(parseCountries('jp, kr ae;JP')).toEqual(['JP', 'KR', 'AE'])
  expect(parseCountries('')).toBeNull()
  expect(parseCountries('JPN')).toBeNull()
  expect(parseCountries('J1')).toBeNull()
})
