// Format, encoding and delimiter detection from the bytes, never from the file name: regional
// offices rename files freely (an HTML export called .xls, a CSV called .xlsx).
import { isUtf8 } from 'node:buffer'
import fs from 'node:fs'
import type { DetectedKind } from './errors.ts'

export type TextEncoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be'
export type Delimiter = ',' | ';' | '\t'

/** What the first bytes say: a ZIP to look into, text to parse as CSV, or something to reject. */
export type HeadVerdict = { kind: 'zip' } | { kind: 'text' } | { kind: 'unsupported'; detected: DetectedKind }

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]

/**
 * Classifies a file by its first bytes (give it at least the first 4 KiB).
 *
 * @example
 * classifyHead(Buffer.from('%PDF-1.7\n...')) // { kind: 'unsupported', detected: 'pdf' }
 */
export function classifyHead(head: Buffer): HeadVerdict {
  const startsWith = (bytes: number[]) => bytes.every((b, i) => head[i] === b)
  if (startsWith([0x50, 0x4b, 0x03, 0x04]) || startsWith([0x50, 0x4b, 0x05, 0x06])) return { kind: 'zip' }
  if (startsWith(OLE2)) return { kind: 'unsupported', detected: 'xls' }
  if (startsWith([0x25, 0x50, 0x44, 0x46])) return { kind: 'unsupported', detected: 'pdf' }
  if (
    startsWith([0x89, 0x50, 0x4e, 0x47]) || // PNG
    startsWith([0xff, 0xd8, 0xff]) || // JPEG
    startsWith([0x47, 0x49, 0x46, 0x38]) || // GIF
    (startsWith([0x52, 0x49, 0x46, 0x46]) && head.toString('latin1', 8, 12) === 'WEBP') ||
    (startsWith([0x42, 0x4d]) && head.length > 14 && head.readUInt32LE(2) > 14 && head.readUInt16LE(6) === 0) // BMP
  ) {
    return { kind: 'unsupported', detected: 'image' }
  }
  const utf16 = bomEncoding(head)
  if (utf16 === 'utf-16le' || utf16 === 'utf-16be') return { kind: 'text' }
  if (looksBinary(head)) return { kind: 'unsupported', detected: 'binary' }
  // Some government systems export HTML tables or XML Spreadsheet 2003 with an .xls name.
  const start = head.toString('latin1', 0, Math.min(head.length, 2048)).replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().toLowerCase()
  if (start.startsWith('<?xml')) return { kind: 'unsupported', detected: 'xml' }
  if (start.startsWith('<!doctype html') || start.startsWith('<html') || start.startsWith('<table') || /^<[^>]*>[\s\S]*<html/.test(start)) {
    return { kind: 'unsupported', detected: 'html' }
  }
  return { kind: 'text' }
}

/** The encoding a byte-order mark announces, if any. */
export function bomEncoding(head: Buffer): TextEncoding | undefined {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le'
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be'
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8'
  return undefined
}

// Text never has NUL and has very few C0 control characters besides tab, CR, LF and form feed;
// random bytes have about 10 %. The 1 % threshold tolerates a stray control character.
function looksBinary(head: Buffer): boolean {
  let controls = 0
  for (const b of head) {
    if (b === 0) return true
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) || b === 0x7f) controls++
  }
  return controls > Math.max(1, head.length * 0.01)
}

/**
 * Decides how to decode a text file: UTF-16 when a BOM says so, UTF-8 when every byte of the
 * file is valid UTF-8, otherwise Windows-1252 (what Excel on Indonesian Windows writes as "CSV").
 * The whole file is checked, because the first non-ASCII byte may sit on row 50 000; the check
 * runs at memory speed (simdutf) so it costs little next to parsing.
 *
 * @example
 * await detectTextEncoding('/tmp/firms.csv', head) // 'windows-1252' for a file with a raw 0xE9 'é'
 */
export async function detectTextEncoding(path: string, head: Buffer): Promise<TextEncoding> {
  const bom = bomEncoding(head)
  if (bom) return bom
  let carry: Buffer = Buffer.alloc(0)
  for await (const chunk of fs.createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    const buf: Buffer = carry.length ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer)
    const cut = completeUtf8Length(buf)
    if (!isUtf8(buf.subarray(0, cut))) return 'windows-1252'
    carry = Buffer.from(buf.subarray(cut))
  }
  return carry.length === 0 || isUtf8(carry) ? 'utf-8' : 'windows-1252'
}

// Length of the prefix that does not end inside a multi-byte sequence, so a chunk boundary
// splitting 'é' is not mistaken for invalid UTF-8.
function completeUtf8Length(buf: Buffer): number {
  for (let i = buf.length - 1; i >= Math.max(0, buf.length - 4); i--) {
    const b = buf[i]
    if (b < 0x80) return buf.length
    if (b >= 0xc0) {
      const needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2
      return buf.length - i >= needed ? buf.length : i
    }
  }
  return buf.length
}

/**
 * Guesses the separator from the first record that contains any candidate, counting only
 * separators outside quotes. Title rows without separators ("DATA IKM 2024") are skipped;
 * ties prefer comma, then semicolon, then tab.
 *
 * @example
 * sniffDelimiter('nib;nama_usaha;"alamat, kota"\r\n...') // ';'
 */
export function sniffDelimiter(text: string): Delimiter {
  const candidates: Delimiter[] = [',', ';', '\t']
  const counts = new Map<string, number>(candidates.map((c) => [c, 0]))
  const best = (): Delimiter | undefined => {
    let winner: Delimiter | undefined
    let top = 0
    for (const c of candidates) {
      const n = counts.get(c)!
      if (n > top) {
        winner = c
        top = n
      }
    }
    return winner
  }
  let inQuotes = false
  let fieldStart = true
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') i++
        else inQuotes = false
      }
      continue
    }
    if (ch === '"' && fieldStart) {
      inQuotes = true
      fieldStart = false
      continue
    }
    if (ch === '\n' || ch === '\r') {
      const found = best()
      if (found) return found
      fieldStart = true
      continue
    }
    if (counts.has(ch)) {
      counts.set(ch, counts.get(ch)! + 1)
      fieldStart = true
    } else {
      fieldStart = false
    }
  }
  return best() ?? ','
}
