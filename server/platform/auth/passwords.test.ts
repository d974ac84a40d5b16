import { describe, expect, it } from 'vitest'
import { dictionary } from '@zxcvbn-ts/language-common'
import { AppError } from '../errors.ts'
import { assertPasswordAcceptable, hashPassword, verifyPassword } from './passwords.ts'

// A common password long enough to pass the length rule, so only the list can refuse it.
const COMMON = 'qwerty123456'

/** The code of the AppError the rule check throws, or null when the password is accepted. */
function refusal(password: string, email?: string): string | null {
  try {
    assertPasswordAcceptable(password, email)
    return null
  } catch (error) {
    expect(error).toBeInstanceOf(AppError)
    return (error as AppError).code
  }
}

describe('password rules', () => {
  it('counts length: 11 refused, 12 and 128 accepted, 129 refused', () => {
    expect(refusal('a7Kq2mZp9xW')).toBe('PASSWORD_TOO_SHORT')
    expect(refusal('a7Kq2mZp9xWr')).toBeNull()
    const long = 'Zq8#vL2m'.repeat(16)
    expect(long).toHaveLength(128)
    expect(refusal(long)).toBeNull()
    expect(refusal(long + 'x')).toBe('PASSWORD_TOO_LONG')
  })

  it('counts Unicode code points, not UTF-16 units', () => {
    // 11 emoji are 22 UTF-16 units: still too short when counted as the user typed them.
    expect(refusal('🐘'.repeat(11))).toBe('PASSWORD_TOO_SHORT')
  })

  it('refuses a password from the common-password list, in any letter case', () => {
    expect((dictionary['passwords-common'] as string[]).includes(COMMON)).toBe(true)
    expect(COMMON.length).toBeGreaterThanOrEqual(12)
    expect(refusal(COMMON)).toBe('PASSWORD_TOO_COMMON')
    expect(refusal(COMMON.toUpperCase())).toBe('PASSWORD_TOO_COMMON')
  })

  it('refuses one character repeated', () => {
    expect(refusal('x'.repeat(20))).toBe('PASSWORD_TOO_COMMON')
  })

  it('refuses a password containing the local part of the e-mail address', () => {
    expect(refusal('my siti.rahayu password', 'Siti.Rahayu@contoh.co.id')).toBe('PASSWORD_CONTAINS_EMAIL')
    expect(refusal('my siti.rahayu password', 'other.person@contoh.co.id')).toBeNull()
  })

  it('names the password field in the refusal details', () => {
    try {
      assertPasswordAcceptable('short')
      expect.unreachable()
    } catch (error) {
      expect((error as AppError).statusCode).toBe(400)
      expect((error as AppError).details).toEqual({ field: 'password' })
    }
  })
})

describe('password hashing', () => {
  it('hashes with Argon2id at the OWASP parameters', async () => {
    const hash = await hashPassword('correct horse battery staple')
    // PHC string: $argon2id$v=19$<params>$<salt>$<hash>. node-argon2 writes the parameters as
    // m,p,t (not m,t,p), so compare them as a set rather than as a fixed prefix.
    const [, algorithm, version, params, salt, digest] = hash.split('$')
    expect(algorithm).toBe('argon2id')
    expect(version).toBe('v=19')
    expect(Object.fromEntries(params.split(',').map((kv) => kv.split('=')))).toEqual({ m: '19456', t: '2', p: '1' })
    expect(salt.length).toBeGreaterThanOrEqual(22)
    expect(digest.length).toBeGreaterThanOrEqual(43)
    // A fresh salt each time: two hashes of one password differ.
    expect(await hashPassword('correct horse battery staple')).not.toBe(hash)
  })

  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse battery staple')
    expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true)
    expect(await verifyPassword(hash, 'correct horse battery stapler')).toBe(false)
    expect(await verifyPassword(hash, 'Correct horse battery staple')).toBe(false)
  })

  it('answers false (not an exception) for a malformed hash', async () => {
    expect(await verifyPassword('not-a-hash', 'whatever password')).toBe(false)
  })

  it('uses the whole password: a 65-character password does not verify against its 64-character prefix', async () => {
    const password = 'p'.repeat(40) + 'Q7#kLm2vZx9wRt4yBn8cDf3g' + 'Z'
    expect(password).toHaveLength(65)
    const hash = await hashPassword(password)
    expect(await verifyPassword(hash, password.slice(0, 64))).toBe(false)
    expect(await verifyPassword(hash, password)).toBe(true)
    // And the other way round: the prefix's hash does not accept the longer password.
    const prefixHash = await hashPassword(password.slice(0, 64))
    expect(await verifyPassword(prefixHash, password)).toBe(false)
  })
})
