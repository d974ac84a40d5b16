import { describe, expect, test } from 'vitest'
import { dictionaries, translate } from './i18n.ts'

describe('dictionaries', () => {
  test('both languages have the same keys and no empty strings', () => {
    expect(Object.keys(dictionaries.en).sort()).toEqual(Object.keys(dictionaries.id).sort())
    for (const dictionary of Object.values(dictionaries)) {
      for (const [key, text] of Object.entries(dictionary)) expect(text.trim(), key).not.toBe('')
    }
  })

  test('placeholders match between languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    for (const key of Object.keys(dictionaries.id) as (keyof typeof dictionaries.id)[]) {
      expect(placeholders(dictionaries.en[key]), key).toEqual(placeholders(dictionaries.id[key]))
    }
  })
})

describe('translate', () => {
  test('fills placeholders and leaves unknown ones', () => {
    expect(translate('id', 'home.title', { name: 'Sari' })).toBe('Selamat datang, Sari')
    expect(translate('en', 'home.title', { name: 'Sari' })).toBe('Welcome, Sari')
    expect(translate('en', 'home.title')).toBe('Welcome, {name}')
  })
})
