import { describe, expect, it } from 'vitest'
import { localeFrom, localize, messages } from './messages.ts'

describe('localeFrom', () => {
  it('defaults to Bahasa Indonesia and picks English only when preferred', () => {
    expect(localeFrom(undefined)).toBe('id')
    expect(localeFrom('fr-FR')).toBe('id')
    expect(localeFrom('en-US,en;q=0.9')).toBe('en')
    expect(localeFrom('id-ID,id;q=0.9,en;q=0.8')).toBe('id')
    expect(localeFrom('id;q=0.5,en;q=0.8')).toBe('en')
  })
})

describe('messages', () => {
  it('has both languages for every code and fills parameters', () => {
    for (const [code, text] of Object.entries(messages)) {
      expect(text.id, code).not.toBe('')
      expect(text.en, code).not.toBe('')
      expect(text.id.match(/\{\w+\}/g)?.sort(), code).toEqual(text.en.match(/\{\w+\}/g)?.sort())
    }
    expect(localize('PASSWORD_TOO_SHORT', 'id', { min: 12 })).toBe('Kata sandi minimal 12 karakter.')
    expect(localize('PASSWORD_TOO_SHORT', 'en', { min: 12 })).toBe('Password must be at least 12 characters.')
  })
})
