// Random access to the parts of a ZIP (an XLSX) through its central directory.
//
// Why not let exceljs's WorkbookReader unzip the file front to back: it meets the parts in the
// order they are stored, and Excel stores sharedStrings.xml after the worksheets, so exceljs
// copies every worksheet to a temporary file first, and it cannot tell sheet order or names
// reliably (openpyxl writes absolute relationship targets it does not match). Reading the central
// directory lets us load the workbook, the shared strings and then only the chosen sheet.
import fs from 'node:fs'
import { open } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream'
import zlib from 'node:zlib'

export interface ZipEntry {
  name: string
  method: number
  flags: number
  compressedSize: number
  uncompressedSize: number
  localHeaderOffset: number
}

/** The file is a ZIP but a broken one (truncated upload, corrupt directory). */
export class ZipFormatError extends Error {
  override name = 'ZipFormatError'
}

const EOCD = 0x06054b50
const ZIP64_LOCATOR = 0x07064b50
const ZIP64_EOCD = 0x06064b50
const CENTRAL_HEADER = 0x02014b50
const LOCAL_HEADER = 0x04034b50
// An XLSX directory holds tens of entries; a huge one means a corrupt or hostile file.
const MAX_DIRECTORY_BYTES = 16 * 1024 * 1024

/**
 * Lists the entries of a ZIP file from its central directory, without reading the contents.
 *
 * @example
 * const entries = await readZipDirectory('/tmp/firms.xlsx', (await fs.promises.stat('/tmp/firms.xlsx')).size)
 * entries.some((e) => e.name === 'xl/workbook.xml') // true for an XLSX
 */
export async function readZipDirectory(path: string, fileSize: number): Promise<ZipEntry[]> {
  const fh = await open(path, 'r')
  try {
    // The end record sits in the last 22 bytes plus a comment of up to 64 KiB, preceded by the
    // 20-byte ZIP64 locator when there is one.
    const tailLength = Math.min(fileSize, 22 + 0xffff + 20)
    const tail = Buffer.alloc(tailLength)
    await fh.read(tail, 0, tailLength, fileSize - tailLength)
    let eocd = -1
    for (let i = tailLength - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        eocd = i
        break
      }
    }
    if (eocd < 0) throw new ZipFormatError('end of central directory not found (truncated file?)')
    let count = tail.readUInt16LE(eocd + 10)
    let directorySize = tail.readUInt32LE(eocd + 12)
    let directoryOffset = tail.readUInt32LE(eocd + 16)
    if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
      const locator = eocd - 20
      if (locator < 0 || tail.readUInt32LE(locator) !== ZIP64_LOCATOR) throw new ZipFormatError('ZIP64 locator missing')
      const record = Buffer.alloc(56)
      await fh.read(record, 0, 56, Number(tail.readBigUInt64LE(locator + 8)))
      if (record.readUInt32LE(0) !== ZIP64_EOCD) throw new ZipFormatError('ZIP64 end record missing')
      count = Number(record.readBigUInt64LE(32))
      directorySize = Number(record.readBigUInt64LE(40))
      directoryOffset = Number(record.readBigUInt64LE(48))
    }
    if (directorySize > MAX_DIRECTORY_BYTES || directoryOffset + directorySize > fileSize) {
      throw new ZipFormatError('central directory out of bounds')
    }
    const directory = Buffer.alloc(directorySize)
    await fh.read(directory, 0, directorySize, directoryOffset)
    return parseDirectory(directory, count)
  } finally {
    await fh.close()
  }
}

function parseDirectory(directory: Buffer, count: number): ZipEntry[] {
  const entries: ZipEntry[] = []
  let p = 0
  for (let i = 0; i < count; i++) {
    if (p + 46 > directory.length || directory.readUInt32LE(p) !== CENTRAL_HEADER) {
      throw new ZipFormatError('corrupt central directory')
    }
    const flags = directory.readUInt16LE(p + 8)
    const nameLength = directory.readUInt16LE(p + 28)
    const extraLength = directory.readUInt16LE(p + 30)
    const commentLength = directory.readUInt16LE(p + 32)
    let compressedSize = directory.readUInt32LE(p + 20)
    let uncompressedSize = directory.readUInt32LE(p + 24)
    let localHeaderOffset = directory.readUInt32LE(p + 42)
    const name = directory.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLength)
    // ZIP64 sizes live in extra field 0x0001, only for the values saturated in the fixed header.
    let e = p + 46 + nameLength
    const extraEnd = e + extraLength
    while (e + 4 <= extraEnd) {
      const id = directory.readUInt16LE(e)
      const size = directory.readUInt16LE(e + 2)
      if (id === 0x0001) {
        let q = e + 4
        if (uncompressedSize === 0xffffffff) {
          uncompressedSize = Number(directory.readBigUInt64LE(q))
          q += 8
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = Number(directory.readBigUInt64LE(q))
          q += 8
        }
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = Number(directory.readBigUInt64LE(q))
      }
      e += 4 + size
    }
    entries.push({ name, method: directory.readUInt16LE(p + 10), flags, compressedSize, uncompressedSize, localHeaderOffset })
    p = extraEnd + commentLength
  }
  return entries
}

/** A readable stream of one entry's uncompressed bytes, and how many compressed bytes were read. */
export interface OpenedEntry {
  stream: Readable
  compressedBytesRead(): number
}

/**
 * Opens one entry for streaming; stored and deflated entries are supported (all XLSX writers use these).
 *
 * @example
 * const { stream } = await openZipEntry(path, entries.find((e) => e.name === 'xl/workbook.xml')!)
 */
export async function openZipEntry(path: string, entry: ZipEntry): Promise<OpenedEntry> {
  if (entry.flags & 0x1) throw new ZipFormatError(`entry ${entry.name} is encrypted`)
  if (entry.method !== 0 && entry.method !== 8) throw new ZipFormatError(`entry ${entry.name} uses compression method ${entry.method}`)
  const header = Buffer.alloc(30)
  const fh = await open(path, 'r')
  try {
    const { bytesRead } = await fh.read(header, 0, 30, entry.localHeaderOffset)
    if (bytesRead < 30 || header.readUInt32LE(0) !== LOCAL_HEADER) throw new ZipFormatError(`local header of ${entry.name} missing`)
  } finally {
    await fh.close()
  }
  const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28)
  if (entry.compressedSize === 0) return { stream: Readable.from([]), compressedBytesRead: () => 0 }
  const raw = fs.createReadStream(path, { start, end: start + entry.compressedSize - 1, highWaterMark: 256 * 1024 })
  if (entry.method === 0) return { stream: raw, compressedBytesRead: () => raw.bytesRead }
  const inflate = zlib.createInflateRaw()
  // pipeline destroys both on failure and passes the error to the inflater, where the reader sees it.
  pipeline(raw, inflate, () => {})
  return { stream: inflate, compressedBytesRead: () => raw.bytesRead }
}

/**
 * Reads a small entry (workbook.xml, its relationships) into a string.
 *
 * @example
 * const xml = await readZipEntryText(path, workbookEntry)
 */
export async function readZipEntryText(path: string, entry: ZipEntry, maxBytes = 32 * 1024 * 1024): Promise<string> {
  if (entry.uncompressedSize > maxBytes) throw new ZipFormatError(`entry ${entry.name} is too large`)
  const { stream } = await openZipEntry(path, entry)
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of stream) {
    total += (chunk as Buffer).length
    if (total > maxBytes) {
      stream.destroy()
      throw new ZipFormatError(`entry ${entry.name} is too large`)
    }
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}
