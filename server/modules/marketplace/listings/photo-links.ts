// Signed, expiring public links to product photos. Photos are stored privately (only people who
// may see the firm can fetch them); a marketplace's bulk upload needs image URLs it can fetch
// without an account, so the export puts links of the form /api/public/product-photos/<token>
// in the file. The token is stateless: the photo id, an expiry and an HMAC over both.
//
// Token layout (48 base64url characters): 16 bytes photo uuid | 4 bytes expiry (Unix seconds,
// big-endian) | 16 bytes of HMAC-SHA256(key, "pulih-photo-link-v1" | uuid | expiry).
import crypto from 'node:crypto'
import { hmac, type Keys } from '../../../platform/secrets.ts'

/** How long a link in an exported file works: long enough for a partner to process the upload. */
export const PHOTO_LINK_DAYS = 30

const CONTEXT = Buffer.from('pulih-photo-link-v1')
const MAC_BYTES = 16
const TOKEN_BYTES = 16 + 4 + MAC_BYTES

/** The links' own key, derived from the app's keyed-hash key so that no key serves two purposes. */
export function photoLinkKey(keys: Pick<Keys, 'blindIndex'>): Buffer {
  return hmac(keys.blindIndex, 'pulih:product-photo-links')
}

function mac(key: Buffer, body: Buffer): Buffer {
  return crypto.createHmac('sha256', key).update(CONTEXT).update(body).digest().subarray(0, MAC_BYTES)
}

const uuidBytes = (id: string): Buffer => {
  const hex = id.replace(/-/g, '')
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`not a uuid: ${id}`)
  return Buffer.from(hex, 'hex')
}

const uuidOf = (bytes: Buffer): string => {
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/**
 * A token for the photo valid until `now + days`.
 * Example: signPhotoToken(key, 'c0ffee00-…', new Date()) → 'wP_uAA…' (48 characters)
 */
export function signPhotoToken(key: Buffer, photoId: string, now: Date, days = PHOTO_LINK_DAYS): { token: string; expiresAt: Date } {
  const expires = Math.floor(now.getTime() / 1000) + days * 86_400
  const body = Buffer.alloc(20)
  uuidBytes(photoId).copy(body, 0)
  body.writeUInt32BE(expires, 16)
  return { token: Buffer.concat([body, mac(key, body)]).toString('base64url'), expiresAt: new Date(expires * 1000) }
}

export type PhotoTokenCheck = { ok: true; photoId: string; expiresAt: Date } | { ok: false; reason: 'invalid' | 'expired' }

/** Checks a token's signature (constant time) and expiry. A tampered token is 'invalid', never 'expired'. */
export function verifyPhotoToken(key: Buffer, token: string, now: Date): PhotoTokenCheck {
  if (!/^[A-Za-z0-9_-]{48}$/.test(token)) return { ok: false, reason: 'invalid' }
  const raw = Buffer.from(token, 'base64url')
  if (raw.length !== TOKEN_BYTES) return { ok: false, reason: 'invalid' }
  const body = raw.subarray(0, 20)
  if (!crypto.timingSafeEqual(raw.subarray(20), mac(key, body))) return { ok: false, reason: 'invalid' }
  const expires = body.readUInt32BE(16)
  if (now.getTime() >= expires * 1000) return { ok: false, reason: 'expired' }
  return { ok: true, photoId: uuidOf(body.subarray(0, 16)), expiresAt: new Date(expires * 1000) }
}

/** The public URL of a photo for files that leave Pulih. */
export function photoLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/api/public/product-photos/${token}`
}
