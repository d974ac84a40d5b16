import { describe, expect, it } from 'vitest'
import { normalisePhone } from './phone.ts'

describe('normalisePhone', () => {
  it.each([
    ['0812-3456-7890', '+6281234567890'],
    ['0812 3456 7890', '+6281234567890'],
    ['0812.3456.7890', '+6281234567890'],
    ['+62 812 3456 7890', '+6281234567890'],
    ['+62-812-3456-7890', '+6281234567890'],
    ['+62 (0) 812 3456 7890', '+6281234567890'],
    ['+62 0812 3456 7890', '+6281234567890'],
    ['6281234567890', '+6281234567890'],
    ['006281234567890', '+6281234567890'],
    ['81234567890', '+6281234567890'],
    ["'081234567890", '+6281234567890'],
    [' 0812\u00A03456\u00A07890 ', '+6281234567890'],
    [81234567890, '+6281234567890'], // Excel dropped the leading 0 of a number cell
    [6281234567890, '+6281234567890'],
    ['0812345678', '+62812345678'], // shortest mobile: 10 digits with the 0
    ['0812-3456-78901', '+62812345678901'], // longest mobile: 13 digits with the 0
    ['(022) 1234567', '+62221234567'],
    ['(021) 5551234', '+62215551234'],
    ['021-55512345', '+622155512345'],
    ['0751 12345', '+6275112345'], // 8-digit national number, a small town landline
    ['(0911) 312345', '+62911312345'],
  ])('normalises %j', (raw, expected) => {
    expect(normalisePhone(raw)).toEqual({ ok: true, value: expected })
  })

  it.each([null, undefined, '', '   ', '--', '( )'])('treats %j as absent', (raw) => {
    expect(normalisePhone(raw)).toEqual({ ok: true, value: null })
  })

  it.each([
    '+1 202 555 0123', // another country
    '0044 20 7946 0958',
    '+6281',
    '08123',
    '081234567', // mobile national number of 8 digits
    '0812345678901234', // too long
    '0751 1234', // landline too short
    '00812345678',
    '1500123', // hotline, not E.164-dialable as a subscriber number
    '0812-3456-7890 / 0813-1111-2222', // two numbers
    '0812 3456 7890 ext 12',
    'tidak ada',
    '8.12346E+10',
    '+',
    '+62',
    12.5,
    -81234567890,
    true,
    new Date(),
    {},
  ])('rejects %j with PHONE_INVALID', (raw) => {
    const result = normalisePhone(raw)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.code).toBe('PHONE_INVALID')
      expect(result.message).toBeTruthy()
    }
  })

  it('is idempotent on its own output', () => {
    for (const raw of ['0812-3456-7890', '(022) 1234567', '+62 911 312345']) {
      const once = normalisePhone(raw)
      expect(once.ok).toBe(true)
      if (once.ok) expect(normalisePhone(once.value)).toEqual(once)
    }
  })

  it('always yields +62 followed by 8–12 digits', () => {
    // A cheap exhaustive-ish sweep instead of a property-test library (none is installed).
    for (let length = 1; length <= 16; length++) {
      for (const first of '0123456789') {
        const raw = first + '1234567890123456'.slice(0, length - 1)
        const result = normalisePhone(raw)
        if (result.ok && result.value !== null) expect(result.value).toMatch(/^\+62[2-9]\d{7,11}$/)
      }
    }
  })
})
