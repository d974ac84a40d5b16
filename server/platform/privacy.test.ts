import { describe, expect, it } from 'vitest'
import { maskNik, maskPhone, redactForAudit } from './privacy.ts'

describe('masking', () => {
  it('masks NIK and phone numbers as shown to people without access', () => {
    expect(maskNik('3204124508900001')).toBe('3204**********01')
    expect(maskPhone('+6281234567890')).toBe('+62812*****890')
  })

  it('redacts nested audit payloads by key name', () => {
    expect(
      redactForAudit({ owner: { nik: '3204124508900001', telepon: '+6281234567890' }, totpSecret: 'ABC', list: [{ passwordHash: 'x' }], when: new Date(0) }),
    ).toEqual({
      owner: { nik: '3204**********01', telepon: '+62812*****890' },
      totpSecret: '[redacted]',
      list: [{ passwordHash: '[redacted]' }],
      when: '1970-01-01T00:00:00.000Z',
    })
  })
})
