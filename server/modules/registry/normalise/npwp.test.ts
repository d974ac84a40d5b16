import { describe, expect, it } from 'vitest'
import { luhnValid, normaliseNpwp } from './npwp.ts'

describe('normaliseNpwp', () => {
  it('accepts the 15-digit form with a valid check digit, formatted or not', () => {
    expect(normaliseNpwp('01.300.066.6-091.000')).toEqual({ ok: true, value: '013000666091000' })
    expect(normaliseNpwp('013000666091000')).toEqual({ ok: true, value: '013000666091000' })
  })

  it('accepts the 16-digit forms: 0 + old NPWP, or a NIK', () => {
    expect(normaliseNpwp('0013000666091000')).toEqual({ ok: true, value: '0013000666091000' })
    expect(normaliseNpwp('3204124508900001')).toEqual({ ok: true, value: '3204124508900001' })
  })

  it('refuses a wrong check digit, wrong lengths and letters', () => {
    expect(normaliseNpwp('01.300.066.7-091.000')).toMatchObject({ ok: false, code: 'NPWP_CHECK_DIGIT' })
    expect(normaliseNpwp('0013000667091000')).toMatchObject({ ok: false, code: 'NPWP_CHECK_DIGIT' })
    expect(normaliseNpwp('12345')).toMatchObject({ ok: false, code: 'NPWP_INVALID' })
    expect(normaliseNpwp('01.300.066.A-091.000')).toMatchObject({ ok: false, code: 'NPWP_INVALID' })
    expect(normaliseNpwp('  ')).toEqual({ ok: true, value: null })
  })

  it('implements Luhn', () => {
    expect(luhnValid('79927398713')).toBe(true)
    expect(luhnValid('79927398710')).toBe(false)
  })
})
