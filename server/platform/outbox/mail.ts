// E-mail as text: RFC 5322 messages (plain text, UTF-8, quoted-printable) built from a queued
// e-mail, and read back (the tests and an operator's tooling). Pure functions, no I/O.
import crypto from 'node:crypto'

export interface MailMessage {
  from: string
  to: string
  subject: string
  text: string
  /** Without angle brackets. */
  messageId: string
  date: Date
  /** Files sent along (the message becomes multipart/mixed); none keeps it plain text. */
  attachments?: MailAttachment[]
}

export interface MailAttachment {
  /** Shown to the reader; only letters, digits, dot, dash and underscore are kept. */
  filename: string
  /** A MIME type with optional parameters, e.g. `text/calendar; charset=UTF-8; method=REQUEST`. */
  contentType: string
  content: Buffer
}

/** `Name <addr@host>` or `addr@host` → `addr@host`. */
export function addressOf(mailbox: string): string {
  const match = /<([^<>\s]+@[^<>\s]+)>\s*$/.exec(mailbox)
  return (match ? match[1] : mailbox).trim()
}

/** The default sender: no-reply at the host of the public URL. */
export function defaultFrom(publicUrl: string): string {
  let host = 'localhost'
  try {
    host = new URL(publicUrl).hostname.replace(/^\[|\]$/g, '') || host
  } catch {
    // keep localhost
  }
  if (!/^[a-z0-9.-]+$/i.test(host) || !host.includes('.')) host = `${host.replace(/[^a-z0-9-]/gi, '') || 'localhost'}.localdomain`
  return `Pulih <no-reply@${host}>`
}

export const newMessageId = (from: string) => `${crypto.randomUUID()}@${addressOf(from).split('@')[1] ?? 'localhost'}`

/** RFC 5322 date-time in UTC, e.g. `Tue, 01 Dec 2026 03:04:05 +0000`. */
export function rfc5322Date(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000')
}

const isPlainAscii = (value: string) => /^[\x20-\x7e]*$/.test(value)

/**
 * A header value as RFC 2047 encoded words when it is not plain ASCII (UTF-8, base64, each word
 * at most 75 characters and never splitting a character), folded onto continuation lines.
 */
export function encodeHeaderValue(value: string): string {
  const clean = value.replace(/[\r\n]+/g, ' ')
  if (isPlainAscii(clean) && clean.split(' ').every((word) => word.length <= 60)) {
    // Fold at spaces so no line passes 78 characters (with room for the header name).
    const lines: string[] = []
    let line = ''
    for (const word of clean.split(' ')) {
      if (line && line.length + 1 + word.length > 60) {
        lines.push(line)
        line = word
      } else line = line ? `${line} ${word}` : word
    }
    lines.push(line)
    return lines.join('\r\n ')
  }
  const words: string[] = []
  let chunk = ''
  for (const char of clean) {
    if (Buffer.byteLength(chunk + char) > 39) {
      words.push(chunk)
      chunk = ''
    }
    chunk += char
  }
  if (chunk) words.push(chunk)
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`).join('\r\n ')
}

/** A mailbox header value: the display name encoded when needed, the address as is. */
function encodeMailbox(mailbox: string): string {
  const match = /^\s*(.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(mailbox)
  if (!match || !match[1]) return addressOf(mailbox)
  const name = match[1].replace(/^"|"$/g, '')
  const display = isPlainAscii(name) ? `"${name.replace(/["\\]/g, '\\$&')}"` : encodeHeaderValue(name)
  return `${display} <${match[2]}>`
}

/** Quoted-printable (RFC 2045) of UTF-8 text with CRLF line ends and lines of at most 76 characters. */
export function quotedPrintable(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  return lines
    .map((line) => {
      const bytes = Buffer.from(line)
      const tokens: string[] = []
      bytes.forEach((byte, i) => {
        const last = i === bytes.length - 1
        const printable = (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !last)
        tokens.push(printable ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`)
      })
      // Soft line breaks keep every line within 76 characters (75 + the "=").
      const out: string[] = []
      let current = ''
      for (const token of tokens) {
        if (current.length + token.length > 75) {
          out.push(`${current}=`)
          current = ''
        }
        current += token
      }
      out.push(current)
      return out.join('\r\n')
    })
    .join('\r\n')
}

const safeFilename = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 100) || 'attachment'
/** A header-safe content type: type/subtype and simple `; key=value` parameters only. */
const safeContentType = (value: string) =>
  /^[a-z0-9.+-]+\/[a-z0-9.+-]+(\s*;\s*[a-z0-9-]+=[A-Za-z0-9._-]+)*$/i.test(value.trim()) ? value.trim() : 'application/octet-stream'

/** Base64 in lines of 76 characters (RFC 2045 §6.8). */
export function base64Lines(content: Buffer): string {
  return (content.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n')
}

/** The whole message as RFC 5322 text (CRLF line ends); multipart/mixed when it has attachments. */
export function buildEml(message: MailMessage): string {
  const headers = [
    `Date: ${rfc5322Date(message.date)}`,
    `From: ${encodeMailbox(message.from)}`,
    `To: ${encodeMailbox(message.to)}`,
    `Subject: ${encodeHeaderValue(message.subject)}`,
    `Message-ID: <${message.messageId}>`,
    'MIME-Version: 1.0',
  ]
  const attachments = message.attachments ?? []
  if (attachments.length === 0) {
    headers.push('Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: quoted-printable', 'Auto-Submitted: auto-generated')
    return `${headers.join('\r\n')}\r\n\r\n${quotedPrintable(message.text)}\r\n`
  }
  // The boundary cannot occur in quoted-printable or base64 text (it contains "_" and "=" runs).
  const boundary = `=_pulih_${crypto.randomBytes(12).toString('hex')}`
  headers.push(`Content-Type: multipart/mixed;\r\n boundary="${boundary}"`, 'Auto-Submitted: auto-generated')
  const parts = [
    ['Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: quoted-printable', '', quotedPrintable(message.text)].join('\r\n'),
    ...attachments.map((a) => {
      const filename = safeFilename(a.filename)
      return [
        `Content-Type: ${safeContentType(a.contentType)};\r\n name="${filename}"`,
        'Content-Transfer-Encoding: base64',
        `Content-Disposition: attachment;\r\n filename="${filename}"`,
        '',
        base64Lines(a.content),
      ].join('\r\n')
    }),
  ]
  return `${headers.join('\r\n')}\r\n\r\nThis is a multi-part message in MIME format.\r\n${parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('')}--${boundary}--\r\n`
}

function decodeEncodedWords(value: string): string {
  // Whitespace between adjacent encoded words is not part of the text (RFC 2047 §6.2).
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_all, _charset: string, encoding: string, data: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    )
}

function decodeQuotedPrintable(text: string): string {
  const withoutSoftBreaks = text.replace(/=\r?\n/g, '')
  const bytes: number[] = []
  for (let i = 0; i < withoutSoftBreaks.length; i++) {
    const char = withoutSoftBreaks[i]
    if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(withoutSoftBreaks.slice(i + 1, i + 3))) {
      bytes.push(parseInt(withoutSoftBreaks.slice(i + 1, i + 3), 16))
      i += 2
    } else {
      bytes.push(...Buffer.from(char))
    }
  }
  return Buffer.from(bytes).toString('utf8')
}

function parseEntity(raw: string): { headers: Record<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n')
  const head = split < 0 ? raw : raw.slice(0, split)
  const body = split < 0 ? '' : raw.slice(split + 4)
  const headers: Record<string, string> = {}
  for (const line of head.replace(/\r\n[ \t]/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':')
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = decodeEncodedWords(line.slice(colon + 1).trim())
  }
  return { headers, body }
}

const decodedText = (headers: Record<string, string>, body: string) =>
  ((headers['content-transfer-encoding'] ?? '').toLowerCase() === 'quoted-printable' ? decodeQuotedPrintable(body) : body).replace(/\r\n/g, '\n').replace(/\n$/, '')

const parameterOf = (header: string | undefined, name: string) => new RegExp(`;\\s*${name}="?([^";]+)"?`, 'i').exec(header ?? '')?.[1]

/**
 * Reads a message built by buildEml (or a similar one): unfolded, decoded headers, the body text
 * and, for multipart/mixed, the attachments (decoded).
 */
export function parseEml(raw: string): { headers: Record<string, string>; text: string; attachments: MailAttachment[] } {
  const { headers, body } = parseEntity(raw)
  const boundary = /^multipart\//i.test(headers['content-type'] ?? '') ? parameterOf(headers['content-type'], 'boundary') : undefined
  if (!boundary) return { headers, text: decodedText(headers, body), attachments: [] }
  let text = ''
  const attachments: MailAttachment[] = []
  const end = body.indexOf(`\r\n--${boundary}--`)
  const sections = (end < 0 ? body : body.slice(0, end)).split(`--${boundary}\r\n`).slice(1)
  for (const section of sections) {
    const part = parseEntity(section.replace(/\r\n$/, ''))
    const disposition = part.headers['content-disposition'] ?? ''
    if (/^attachment/i.test(disposition)) {
      const content = (part.headers['content-transfer-encoding'] ?? '').toLowerCase() === 'base64' ? Buffer.from(part.body.replace(/\s+/g, ''), 'base64') : Buffer.from(part.body)
      attachments.push({ filename: parameterOf(disposition, 'filename') ?? 'attachment', contentType: (part.headers['content-type'] ?? '').replace(/;\s*name="[^"]*"/i, ''), content })
    } else if (!text) text = decodedText(part.headers, part.body)
  }
  return { headers, text, attachments }
}

/** Delay before the next attempt after `attempts` failed ones: 30 s, 1, 2, 4 … minutes, at most 6 hours. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 6 * 3600_000)
}
