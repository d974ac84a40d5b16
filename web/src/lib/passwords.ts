export const PASSWORD_MIN = 12
export const PASSWORD_MAX = 128

export type PasswordProblem = 'password.tooShort' | 'password.tooLong' | 'password.mismatch'

/** Client-side checks that mirror the server's length rules (the server also rejects common passwords). */
export function passwordProblem(password: string, confirm: string): PasswordProblem | null {
  const length = [...password].length
  if (length < PASSWORD_MIN) return 'password.tooShort'
  if (length > PASSWORD_MAX) return 'password.tooLong'
  if (password !== confirm) return 'password.mismatch'
  return null
}
