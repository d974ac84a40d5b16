import { expect, test } from 'vitest'
import { passwordProblem } from './passwords.ts'

test('password length and confirmation', () => {
  expect(passwordProblem('short', 'short')).toBe('password.tooShort')
  expect(passwordProblem('x'.repeat(129), 'x'.repeat(129))).toBe('password.tooLong')
  expect(passwordProblem('twelve chars', 'twelve chars!')).toBe('password.mismatch')
  expect(passwordProblem('twelve chars', 'twelve chars')).toBeNull()
  // Length counts characters, not UTF-16 units.
  expect(passwordProblem('😀'.repeat(12), '😀'.repeat(12))).toBeNull()
})
