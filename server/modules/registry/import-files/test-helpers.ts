// Builders for the test files: real files on disk, read back through the public API.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { readSpreadsheetRows, type ReadSpreadsheetOptions, type SpreadsheetReader, type SpreadsheetRow } from './index.ts'

/** A temporary directory removed by `cleanup()`. */
export function tempDir(): { file(name: string, content?: string | Buffer): string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-files-'))
  return {
    file(name, content) {
      const full = path.join(dir, name)
      if (content !== undefined) fs.writeFileSync(full, content)
      return full
    },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  }
}

/** Opens a file and reads every data row. */
export async function readAll(file: string, options?: ReadSpreadsheetOptions): Promise<{ reader: SpreadsheetReader; rows: SpreadsheetRow[] }> {
  const reader = await readSpreadsheetRows(file, options)
  const rows: SpreadsheetRow[] = []
  for await (const row of reader.rows()) rows.push(row)
  return { reader, rows }
}

/**
 * A ZIP with the given entries, stored or deflated, written by hand so the tests control part
 * order and names the way other producers (openpyxl, LibreOffice, government systems) lay them out.
 */
export function makeZip(files: Array<[name: string, content: string | Buffer]>, deflate = false): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const [name, content] of files) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8')
    const stored = deflate ? zlib.deflateRawSync(data) : data
    const nameBytes = Buffer.from(name, 'utf8')
    const crc = zlib.crc32(data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x800, 6)
    local.writeUInt16LE(deflate ? 8 : 0, 8)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(stored.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(nameBytes.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x800, 8)
    central.writeUInt16LE(deflate ? 8 : 0, 10)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(stored.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(nameBytes.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, nameBytes, stored)
    centrals.push(central, nameBytes)
    offset += 30 + nameBytes.length + stored.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(files.length, 8)
  end.writeUInt16LE(files.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}
