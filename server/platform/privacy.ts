/** Masking of personal data for responses, logs and audit entries. */

/** `3204123456780001` → `3204**********01`: region prefix and last two digits stay readable. */
export function maskNik(nik: string): string {
  if (nik.length <= 6) return '*'.repeat(nik.length)
  return nik.slice(0, 4) + '*'.repeat(nik.length - 6) + nik.slice(-2)
}

/** `+6281234567890` → `+62812*****890`. */
export function maskPhone(phone: string): string {
  if (phone.length <= 8) return '*'.repeat(phone.length)
  return phone.slice(0, 6) + '*'.repeat(phone.length - 9) + phone.slice(-3)
}

const SECRET_KEYS = /password|secret|token|totp|hash$/i
const NIK_KEYS = /^nik|nik$|_nik_|Nik$/
const PHONE_KEYS = /phone|telepon/i

/**
 * A copy of `value` safe to store in the audit log: secrets dropped, NIK and phone numbers masked.
 * Keys are matched by name, so services must name such fields recognisably (`nik`, `ownerNik`, `phone`).
 */
export function redactForAudit(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactForAudit)
  if (value instanceof Date) return value.toISOString()
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [key, inner] of Object.entries(value)) {
    if (inner === undefined) continue
    if (SECRET_KEYS.test(key)) out[key] = '[redacted]'
    else if (NIK_KEYS.test(key) && typeof inner === 'string') out[key] = maskNik(inner)
    else if (PHONE_KEYS.test(key) && typeof inner === 'string') out[key] = maskPhone(inner)
    else out[key] = redactForAudit(inner)
  }
  return out
}
