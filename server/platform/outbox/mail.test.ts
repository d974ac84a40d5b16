import { describe, expect, it } from 'vitest'
import { addressOf, backoffMs, buildEml, defaultFrom, encodeHeaderValue, parseEml, quotedPrintable } from './mail.ts'

const message = {
  from: 'Pulih <no-reply@pulih.kemenperin.go.id>',
  to: 'budi@contoh.co.id',
  subject: 'Pengingat survei dampak: Survei April 2020 — putaran ke-2 untuk seluruh IKM di Jawa Barat',
  text: 'Yth. Budi,\n\nSilakan isi survei: https://pulih.example/rounds/1/respond/2\n.baris yang diawali titik\nHarga naik 50% — “mohon” segera. ' + 'x'.repeat(120) + ' \nakhir',
  messageId: 'abc-123@pulih.kemenperin.go.id',
  date: new Date('2026-04-05T03:04:05Z'),
}

describe('buildEml', () => {
  it('writes RFC 5322 headers with CRLF line ends and lines of at most 78 characters', () => {
    const eml = buildEml(message)
    expect(eml).toContain('Date: Sun, 05 Apr 2026 03:04:05 +0000\r\n')
    expect(eml).toContain('From: "Pulih" <no-reply@pulih.kemenperin.go.id>\r\n')
    expect(eml).toContain('To: budi@contoh.co.id\r\n')
    expect(eml).toContain('Message-ID: <abc-123@pulih.kemenperin.go.id>\r\n')
    expect(eml).toContain('Content-Type: text/plain; charset=UTF-8\r\n')
    expect(eml.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
    for (const line of eml.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78)
    expect(eml).toMatch(/^[\x00-\x7f]*$/)
  })

  it('reads back to the same subject, addresses and text', () => {
    const parsed = parseEml(buildEml(message))
    expect(parsed.headers.subject).toBe(message.subject)
    expect(parsed.headers.to).toBe('budi@contoh.co.id')
    expect(addressOf(parsed.headers.from)).toBe('no-reply@pulih.kemenperin.go.id')
    expect(parsed.text).toBe(message.text)
  })

  it('encodes non-ASCII display names and subjects as encoded words without splitting characters', () => {
    const subject = 'Ëmoji 🎉'.repeat(20)
    const encoded = encodeHeaderValue(subject)
    for (const word of encoded.split('\r\n ')) expect(word.length).toBeLessThanOrEqual(75)
    expect(parseEml(`Subject: ${encoded}\r\n\r\n`).headers.subject).toBe(subject)
    const parsed = parseEml(buildEml({ ...message, to: 'Siti Nurhaliza Ç <siti@contoh.id>' }))
    expect(parsed.headers.to).toBe('Siti Nurhaliza Ç <siti@contoh.id>')
  })

  it('folds long plain subjects at spaces', () => {
    const subject = 'Impact survey reminder: ' + 'word '.repeat(30).trim()
    const eml = buildEml({ ...message, subject })
    for (const line of eml.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78)
    expect(parseEml(eml).headers.subject).toBe(subject)
  })

  it('never lets a header value break into a new header', () => {
    const eml = buildEml({ ...message, subject: 'Halo\r\nBcc: semua@contoh.id' })
    expect(eml).not.toMatch(/\r\nBcc:/)
  })
})

describe('quotedPrintable', () => {
  it('encodes "=", non-ASCII and trailing spaces, with soft breaks', () => {
    expect(quotedPrintable('a=b')).toBe('a=3Db')
    expect(quotedPrintable('é')).toBe('=C3=A9')
    expect(quotedPrintable('end ')).toBe('end=20')
    const long = quotedPrintable('y'.repeat(200))
    expect(long.split('\r\n').every((l) => l.length <= 76)).toBe(true)
  })
})

describe('backoffMs', () => {
  it('doubles from 30 seconds up to 6 hours', () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([30_000, 60_000, 120_000, 240_000])
    expect(backoffMs(40)).toBe(6 * 3600_000)
  })
})

describe('defaultFrom', () => {
  it('uses the public host, or a local domain for bare hosts', () => {
    expect(defaultFrom('https://pulih.kemenperin.go.id')).toBe('Pulih <no-reply@pulih.kemenperin.go.id>')
    expect(defaultFrom('http://127.0.0.1:3000')).toBe('Pulih <no-reply@127.0.0.1>')
    expect(defaultFrom('http://localhost:3000')).toBe('Pulih <no-reply@localhost.localdomain>')
  })
})

describe('buildEml with attachments', () => {
  const ics = Buffer.from('BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nSUMMARY:Lokakarya — “jualan daring”\r\nEND:VCALENDAR\r\n')
  const withFile = { ...message, attachments: [{ filename: 'undangan lokakarya.ics', contentType: 'text/calendar; charset=UTF-8; method=REQUEST', content: ics }] }

  it('builds multipart/mixed with the text part and a base64 attachment, lines within 78 characters', () => {
    const eml = buildEml(withFile)
    expect(eml).toMatch(/Content-Type: multipart\/mixed;\r\n boundary="=_pulih_[0-9a-f]{24}"\r\n/)
    expect(eml).toContain('Content-Type: text/calendar; charset=UTF-8; method=REQUEST;\r\n name="undangan_lokakarya.ics"')
    expect(eml).toContain('Content-Disposition: attachment;\r\n filename="undangan_lokakarya.ics"')
    expect(eml).toMatch(/^[\x00-\x7f]*$/)
    for (const line of eml.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78)
  })

  it('reads back to the same text and attachment bytes', () => {
    const parsed = parseEml(buildEml(withFile))
    expect(parsed.text).toBe(message.text)
    expect(parsed.headers.subject).toBe(message.subject)
    expect(parsed.attachments).toHaveLength(1)
    expect(parsed.attachments[0].filename).toBe('undangan_lokakarya.ics')
    expect(parsed.attachments[0].contentType).toBe('text/calendar; charset=UTF-8; method=REQUEST')
    expect(parsed.attachments[0].content.equals(ics)).toBe(true)
  })

  it('keeps a message without attachments plain text, and refuses header injection through the content type', () => {
    expect(buildEml({ ...message, attachments: [] })).toContain('Content-Type: text/plain; charset=UTF-8\r\n')
    const eml = buildEml({ ...message, attachments: [{ filename: '../x', contentType: 'text/plain\r\nBcc: a@b.c', content: Buffer.from('x') }] })
    expect(eml).not.toMatch(/\r\nBcc:/)
    expect(eml).toContain('Content-Type: application/octet-stream;\r\n name="x"')
  })
})
