import { describe, expect, test } from 'vitest'
import { loginPath, safeNext } from './navigation.ts'

describe('safeNext', () => {
  test('keeps same-site paths with their query', () => {
    expect(safeNext('/admin/users?q=sari')).toBe('/admin/users?q=sari')
  })

  test.each([null, '', 'https://evil.example', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '/login', '/login?next=/x', '/enrol', '/a\nb'])(
    'sends %j home',
    (value) => {
      expect(safeNext(value)).toBe('/')
    },
  )
})

describe('loginPath', () => {
  test('carries where to come back to', () => {
    expect(loginPath('/admin/users')).toBe('/login?next=%2Fadmin%2Fusers')
    expect(loginPath('/')).toBe('/login')
  })
})
