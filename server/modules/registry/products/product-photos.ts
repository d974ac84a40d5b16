// Product photos: what an upload really is (by its bytes, not its name or declared type), how it
// is re-encoded for storage, and where the files live under the data directory.
import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import sharp from 'sharp'
import { AppError, badRequest } from '../../../platform/errors.ts'
import { THUMBNAIL_SIZE } from './products.schemas.ts'

export type ImageKind = 'jpeg' | 'png' | 'webp'

/**
 * The image format by its magic bytes, or null: only JPEG, PNG and WebP are photos here.
 * Example: detectImageKind(Buffer.from([0xff, 0xd8, 0xff, 0xe0])) === 'jpeg'
 */
export function detectImageKind(data: Buffer): ImageKind | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpeg'
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png'
  if (data.length >= 12 && data.toString('latin1', 0, 4) === 'RIFF' && data.toString('latin1', 8, 12) === 'WEBP') return 'webp'
  return null
}

// Decoding is where image bombs hurt: 40 megapixels is far beyond any phone photo.
const MAX_INPUT_PIXELS = 40_000_000
// Stored originals are what a marketplace listing needs, not the camera's full resolution.
const MAX_STORED_SIZE = 2048

export interface EncodedImage {
  data: Buffer
  mime: 'image/jpeg' | 'image/webp'
  extension: 'jpg' | 'webp'
  width: number
  height: number
}

/**
 * Re-encodes an uploaded photo: the stored original (JPEG stays JPEG, PNG and WebP become WebP)
 * and a thumbnail of at most 320 px. Re-encoding drops every metadata block (EXIF with GPS
 * position, camera serials, XMP) and anything hidden after the image data; the EXIF orientation
 * is applied first so the picture still stands upright.
 */
export async function encodePhoto(data: Buffer): Promise<{ kind: ImageKind; original: EncodedImage; thumbnail: EncodedImage }> {
  const kind = detectImageKind(data)
  if (!kind) throw badRequest('PRODUCT_PHOTO_TYPE_NOT_ALLOWED', {}, { field: 'file' })
  const input = () => sharp(data, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', pages: 1 }).rotate()
  try {
    const metadata = await sharp(data, { limitInputPixels: MAX_INPUT_PIXELS }).metadata()
    // The bytes must decode as the format they claim (a JPEG header on an SVG is not a JPEG).
    if (metadata.format !== kind) throw badRequest('PRODUCT_PHOTO_TYPE_NOT_ALLOWED', {}, { field: 'file' })
    const resized = input().resize(MAX_STORED_SIZE, MAX_STORED_SIZE, { fit: 'inside', withoutEnlargement: true })
    const encoded = kind === 'jpeg' ? resized.jpeg({ quality: 85, mozjpeg: true }) : resized.webp({ quality: 85 })
    const original = await encoded.toBuffer({ resolveWithObject: true })
    const thumbnail = await input()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer({ resolveWithObject: true })
    return {
      kind,
      original: {
        data: original.data,
        mime: kind === 'jpeg' ? 'image/jpeg' : 'image/webp',
        extension: kind === 'jpeg' ? 'jpg' : 'webp',
        width: original.info.width,
        height: original.info.height,
      },
      thumbnail: { data: thumbnail.data, mime: 'image/webp', extension: 'webp', width: thumbnail.info.width, height: thumbnail.info.height },
    }
  } catch (error) {
    if (error instanceof AppError) throw error
    // Truncated, corrupt or oversized pictures: the client sent something we cannot show.
    throw badRequest('PRODUCT_PHOTO_UNREADABLE', {}, { field: 'file' })
  }
}

/** Where product files live: `<dataDir>/files`, keys below it are `products/<firm_id>/<random>.<ext>`. */
export function filesRoot(dataDir: string): string {
  return path.join(dataDir, 'files')
}

/** A new storage key with a server-generated name (the uploader's file name is never used). */
export function newStorageKey(firmId: string, extension: string): string {
  return `products/${firmId}/${crypto.randomBytes(18).toString('base64url')}.${extension}`
}

/** The absolute path of a key, refusing anything that would leave the files directory. */
function pathOf(dataDir: string, key: string): string {
  const root = path.resolve(filesRoot(dataDir))
  const full = path.resolve(root, key)
  if (!full.startsWith(root + path.sep)) throw new Error(`storage key outside the files directory: ${key}`)
  return full
}

export async function writeStoredFile(dataDir: string, key: string, data: Buffer): Promise<void> {
  const full = pathOf(dataDir, key)
  await fs.mkdir(path.dirname(full), { recursive: true, mode: 0o700 })
  // 'wx': a random name that already exists is a bug, never something to overwrite.
  await fs.writeFile(full, data, { flag: 'wx', mode: 0o600 })
}

export async function readStoredFile(dataDir: string, key: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(pathOf(dataDir, key))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

/** Removes files whose rows are gone; a file already missing is no error. */
export async function removeStoredFiles(dataDir: string, keys: string[]): Promise<void> {
  await Promise.all(keys.map((key) => fs.rm(pathOf(dataDir, key), { force: true })))
}
