import { describe, expect, test } from 'vitest'
import { ApiError } from '../../../lib/api-client.ts'
import { fieldErrorsOf } from './field-errors.ts'

describe('fieldErrorsOf', () => {
  test('names the field of a service error or a schema error', () => {
    expect(fieldErrorsOf(new ApiError(400, 'NIK_INVALID', 'NIK tidak valid', null, { field: 'owner.nik' }))).toEqual({ 'owner.nik': 'NIK tidak valid' })
    expect(fieldErrorsOf(new ApiError(400, 'VALIDATION_FAILED', 'Isian salah', null, { field: 'body.regencyCode' }))).toEqual({ regencyCode: 'Isian salah' })
  })

  test('an item of a list belongs to the list', () => {
    expect(fieldErrorsOf(new ApiError(400, 'VALIDATION_FAILED', 'x', null, { field: 'body.storeLinks.1' }))).toEqual({ storeLinks: 'x' })
  })

  test('renames fields to the form’s own names', () => {
    const rename = (field: string) => (field.startsWith('owner.') ? `account.${field.slice(6)}` : field)
    expect(fieldErrorsOf(new ApiError(400, 'NIK_INVALID', 'x', null, { field: 'owner.nik' }), rename)).toEqual({ 'account.nik': 'x' })
  })

  test('nothing for errors without a field', () => {
    expect(fieldErrorsOf(new ApiError(403, 'FORBIDDEN', 'x', null, { field: 'nib' }))).toEqual({})
    expect(fieldErrorsOf(new ApiError(400, 'VALIDATION_FAILED', 'x', null, { field: 'body' }))).toEqual({})
    expect(fieldErrorsOf(new Error('x'))).toEqual({})
  })
})
