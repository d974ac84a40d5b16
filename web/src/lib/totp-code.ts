/** The six digits of an authenticator code as typed (spaces allowed), or null when it is not six digits. */
export function parseTotpCode(input: string): string | null {
  const value = input.replace(/\s+/g, '')
  return /^[0-9]{6}$/.test(value) ? value : null
}
