import argon2 from 'argon2'
import { dictionary } from '@zxcvbn-ts/language-common'
import { badRequest } from '../errors.ts'

export const PASSWORD_MIN_LENGTH = 12
export const PASSWORD_MAX_LENGTH = 128

/** OWASP Password Storage Cheat Sheet minimum for Argon2id: m=19 MiB, t=2, p=1. */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const

// ~49,000 passwords seen most often in breaches (zxcvbn-ts common list), shipped offline.
const commonPasswords = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()))

/**
 * Throws a coded error when a new password breaks the rules: 12–128 characters, not on the
 * common-password list, not containing the e-mail's local part. No composition rules (ASVS 6.2.5).
 * Length counts Unicode code points, and the password is used exactly as typed.
 */
export function assertPasswordAcceptable(password: string, email?: string): void {
  const length = [...password].length
  if (length < PASSWORD_MIN_LENGTH) throw badRequest('PASSWORD_TOO_SHORT', { min: PASSWORD_MIN_LENGTH }, { field: 'password' })
  if (length > PASSWORD_MAX_LENGTH) throw badRequest('PASSWORD_TOO_LONG', { max: PASSWORD_MAX_LENGTH }, { field: 'password' })
  const lowered = password.toLowerCase()
  if (commonPasswords.has(lowered) || /^(.)\1+$/.test(password)) {
    throw badRequest('PASSWORD_TOO_COMMON', {}, { field: 'password' })
  }
  const local = email?.split('@')[0]?.toLowerCase()
  if (local && local.length >= 4 && lowered.includes(local)) {
    throw badRequest('PASSWORD_CONTAINS_EMAIL', {}, { field: 'password' })
  }
}

export const hashPassword = (password: string): Promise<string> => argon2.hash(password, ARGON2_OPTIONS)

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password)
  } catch {
    return false
  }
}

// A real hash verified when the account does not exist, so both answers take the same time.
let dummyHash: Promise<string> | undefined
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummyHash ??= hashPassword('pulih-dummy-password-for-timing')
  await verifyPassword(await dummyHash, password)
}
