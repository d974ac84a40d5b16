import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'

/** Keys derived from one master secret, each for one purpose so that none is reused across uses. */
export interface Keys {
  /** AES-256-GCM key for personal data and TOTP seeds at rest. */
  encryption: Buffer
  /** HMAC key for blind indexes (look-ups of NIK, e-mail throttling keys). */
  blindIndex: Buffer
  /** HMAC key binding CSRF tokens to their cookie. */
  csrf: Buffer
}

function derive(master: Buffer, purpose: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), `pulih:${purpose}`, 32))
}

export function keysFromMaster(master: Buffer): Keys {
  if (master.length < 32) throw new Error('the master secret must be at least 32 bytes')
  return { encryption: derive(master, 'encryption'), blindIndex: derive(master, 'blind-index'), csrf: derive(master, 'csrf') }
}

/**
 * The master secret comes from `PULIH_SECRET_KEY` (64 hex characters) or, failing that, from
 * `<dataDir>/secret.key`, created on first start. Losing it makes encrypted fields unreadable,
 * so backups must include it (docs/operations.md).
 */
export function loadKeys(dataDir: string, env: NodeJS.ProcessEnv = process.env): Keys {
  const fromEnv = env.PULIH_SECRET_KEY
  if (fromEnv) {
    if (!/^[0-9a-fA-F]{64,}$/.test(fromEnv)) throw new Error('PULIH_SECRET_KEY must be at least 64 hexadecimal characters')
    return keysFromMaster(Buffer.from(fromEnv, 'hex'))
  }
  const file = path.join(dataDir, 'secret.key')
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 })
    fs.writeFileSync(file, crypto.randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' })
  }
  return keysFromMaster(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex'))
}

/** AES-256-GCM; output `v1.<iv>.<tag>.<ciphertext>` in base64url. */
export function encrypt(key: Buffer, plaintext: string): string {
  const iv = crypto.randomBytes(12)
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv)
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.')
}

export function decrypt(key: Buffer, sealed: string): string {
  const [version, iv, tag, data] = sealed.split('.')
  if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('unknown ciphertext format')
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8')
}

export function hmac(key: Buffer, value: string): Buffer {
  return crypto.createHmac('sha256', key).update(value).digest()
}

export const sha256 = (value: string): Buffer => crypto.createHash('sha256').update(value).digest()

/** A 256-bit random token, base64url (for sessions, invitations, API tokens). */
export const randomToken = (): string => crypto.randomBytes(32).toString('base64url')
