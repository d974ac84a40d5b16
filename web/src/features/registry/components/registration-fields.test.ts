import { describe, expect, test } from 'vitest'
import { registrationField } from './registration-fields.ts'

describe('registrationField', () => {
  test('maps API field names onto the registration form', () => {
    expect(registrationField('owner.nik')).toBe('account.nik')
    expect(registrationField('password')).toBe('account.password')
    expect(registrationField('account.email')).toBe('account.email')
    expect(registrationField('firm.regencyCode')).toBe('regencyCode')
    expect(registrationField('nib')).toBe('nib')
  })
})
