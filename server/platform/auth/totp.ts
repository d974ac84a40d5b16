import { generateSecret, generateURI, verify } from 'otplib'

export const TOTP_ISSUER = 'Pulih'

export function newTotpSecret(): string {
  // 20 bytes (160 bits), the RFC 4226 recommendation, in base32.
  return generateSecret({ length: 20 })
}

export function totpUri(secret: string, email: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: email, secret })
}

/**
 * Checks a 6-digit code against the secret, allowing one 30-second step of clock drift either
 * way, and refusing any step at or before `lastStep` so that each code works once.
 * Returns the accepted time step, or null.
 */
export async function checkTotp(secret: string, code: string, lastStep: number | null): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null
  const result = await verify({
    secret,
    token: code,
    epochTolerance: 30,
    ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
  })
  return result.valid ? (result as { timeStep: number }).timeStep : null
}
