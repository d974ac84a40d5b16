// Test data of the listings part: firms, products and real photos through the API.
import crypto from 'node:crypto'
import sharp from 'sharp'
import { expect } from 'vitest'
import type { TestClient } from '../../../../test/app.ts'

export async function createFirm(officer: TestClient, body: Record<string, unknown>): Promise<{ id: string }> {
  const response = await officer.post('/api/firms', { kbliMain: '13134', ...body })
  expect(response.statusCode, response.body).toBe(201)
  return response.json()
}

/** A product every open marketplace accepts once its category is mapped (name 38 characters). */
export const productBody = (overrides: Record<string, unknown> = {}) => ({
  name: 'Kemeja Batik Tulis Pria Lengan Panjang',
  description: 'Kemeja batik tulis tangan dari Pekalongan, katun primisima, pewarna alam.',
  kbliCode: '14111',
  hsCode: '6205.20',
  priceIdr: 250_000,
  unit: 'pcs',
  weightGrams: 1234,
  lengthMm: 300,
  widthMm: 250,
  heightMm: 45,
  minOrder: 1,
  stock: 12,
  ...overrides,
})

export async function createProduct(client: TestClient, firmId: string, overrides: Record<string, unknown> = {}): Promise<{ id: string; name: string }> {
  const response = await client.post(`/api/firms/${firmId}/products`, productBody(overrides))
  expect(response.statusCode, response.body).toBe(201)
  return response.json()
}

/** A JPEG of the given size (a gradient, like a photo). */
export async function picture(width = 800, height = 800): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g"><stop offset="0" stop-color="#a0522d"/><stop offset="1" stop-color="#f4e1c1"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/><circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 4}" fill="#2f4f4f"/></svg>`
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer()
}

export async function uploadPhoto(client: TestClient, productId: string, data: Buffer): Promise<{ id: string }> {
  const boundary = `----pulih${crypto.randomBytes(8).toString('hex')}`
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="foto.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`
  const response = await client.request({
    method: 'POST',
    url: `/api/products/${productId}/photos`,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([Buffer.from(head), data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  })
  expect(response.statusCode, response.body).toBe(201)
  return response.json()
}

export async function mapCategory(client: TestClient, body: Record<string, unknown>): Promise<{ id: string }> {
  const response = await client.post('/api/marketplace/categories', body)
  expect(response.statusCode, response.body).toBe(201)
  return response.json()
}
