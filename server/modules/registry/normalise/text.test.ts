import { describe, expect, it } from 'vitest'
import { normaliseEmail, normaliseName, parseKbliList } from './text.ts'

describe('normaliseEmail', () => {
  it.each([
    ['budi@contoh.co.id', 'budi@contoh.co.id'],
    [' Budi.Santoso@Contoh.CO.ID ', 'budi.santoso@contoh.co.id'],
    ['mailto:ikm@kemenperin.go.id', 'ikm@kemenperin.go.id'],
    ['first+tag@sub-domain.example.com', 'first+tag@sub-domain.example.com'],
    ['a_b@x.id', 'a_b@x.id'],
  ])('normalises %j', (raw, expected) => {
    expect(normaliseEmail(raw)).toEqual({ ok: true, value: expected })
  })

  it.each([null, undefined, '', '  '])('treats %j as absent', (raw) => {
    expect(normaliseEmail(raw)).toEqual({ ok: true, value: null })
  })

  it.each([
    'budi',
    'budi@',
    '@contoh.co.id',
    'budi@contoh',
    'budi@@contoh.co.id',
    'budi @contoh.co.id',
    'budi@contoh..co.id',
    'budi@-contoh.co.id',
    'budi@contoh.c',
    '.budi@contoh.co.id',
    'budi.@contoh.co.id',
    'bu..di@contoh.co.id',
    'budi@contoh.co.id; sari@contoh.co.id',
    'a'.repeat(65) + '@x.id',
    'b@' + 'x'.repeat(250) + '.id',
    12345,
    true,
    {},
  ])('rejects %j with EMAIL_INVALID', (raw) => {
    const result = normaliseEmail(raw)
    expect(result).toMatchObject({ ok: false, code: 'EMAIL_INVALID' })
  })
})

describe('normaliseName', () => {
  it.each([
    ['CV Maju Jaya', 'CV Maju Jaya'],
    ['  CV  Maju\u00A0Jaya ', 'CV Maju Jaya'],
    ['UD. Sumber\tRejeki\n', 'UD. Sumber Rejeki'],
    ['Batik\u200BTrusmi', 'Batik Trusmi'],
    ['Cafe\u0301', 'Café'], // NFC
    [88, '88'],
  ])('normalises %j', (raw, expected) => {
    expect(normaliseName(raw)).toEqual({ ok: true, value: expected })
  })

  it.each([null, undefined, '', '   ', '\u00A0', true, {}])('answers REQUIRED for %j', (raw) => {
    expect(normaliseName(raw)).toMatchObject({ ok: false, code: 'REQUIRED' })
  })
})

describe('parseKbliList', () => {
  it.each([
    ['10792; 13121,14111', ['10792', '13121', '14111']],
    ['10792', ['10792']],
    [10792, ['10792']],
    ['10792 / 13121 | 14111', ['10792', '13121', '14111']],
    ['10792\n13121', ['10792', '13121']],
    ['10792;;13121;', ['10792', '13121']],
    ['14111, 10792, 14111', ['14111', '10792']], // duplicates dropped, first stays the main KBLI
  ])('parses %j', (raw, expected) => {
    expect(parseKbliList(raw)).toEqual({ ok: true, value: expected })
  })

  it.each([null, undefined, '', ' ', ';'])('gives [] for %j', (raw) => {
    expect(parseKbliList(raw)).toEqual({ ok: true, value: [] })
  })

  it.each(['1079', '107921', '10792; 1312', '10.792', 'C10792', 'makanan', 1079.2, true, {}])(
    'rejects %j with KBLI_INVALID',
    (raw) => {
      expect(parseKbliList(raw)).toMatchObject({ ok: false, code: 'KBLI_INVALID' })
    },
  )

  it('checks codes against a known set when given one', () => {
    const known = new Set(['10792', '13121'])
    expect(parseKbliList('10792,13121', known)).toEqual({ ok: true, value: ['10792', '13121'] })
    expect(parseKbliList('10792,99999', known)).toMatchObject({ ok: false, code: 'KBLI_UNKNOWN' })
  })
})
