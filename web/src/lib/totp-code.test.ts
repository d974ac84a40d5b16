import { describe, expect, it } from 'vitest'
import { parseTotpCode } from './totp-code.ts'

describe('parseTotpCode', () => {
  it('accepts six digits, ignoring spaces', () => {
    expect(parseTotpCode('123456')).toBe('123456')
    expect(parseTotpCode(' 123 456 ')).toBe('123456')
  })

  it('rejects anything else', () => {
    expect(parseTotpCode('')).toBeNull()
    expect(parseTotpCode('12345')).toBeNull()
    expect(parseTotpCode('1234567')).toBeNull()
    expect(parseTotpCode('12a456')).toBeNull()
  })
})
