import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts'
import { AppError } from '../../platform/errors.ts'
import { ErrorResponse } from '../../platform/http/common.schemas.ts'
import { referenceRoutes } from './index.ts'

let testDb: TestDatabase
let app: FastifyInstance
const routes: RouteOptions[] = []

beforeAll(async () => {
  testDb = await createTestDatabase()
  app = Fastify().withTypeProvider<TypeBoxTypeProvider>()
  app.addSchema(ErrorResponse)
  // Stand-in for the platform's error handler: stable code, status from AppError, 400 for validation.
  app.setErrorHandler((error: Error & { validation?: unknown; statusCode?: number }, request, reply) => {
    if (error instanceof AppError) return reply.code(error.statusCode).send({ code: error.code, message: error.code, requestId: request.id })
    if (error.validation) return reply.code(400).send({ code: 'VALIDATION_FAILED', message: error.message, requestId: request.id })
    return reply.code(500).send({ code: 'INTERNAL_ERROR', message: 'internal', requestId: request.id })
  })
  app.addHook('onRoute', (route) => {
    if (route.method !== 'HEAD') routes.push(route)
  })
  await app.register(referenceRoutes, { prefix: '/api', db: testDb.db })
  await app.ready()
})

afterAll(async () => {
  await app?.close()
  await testDb?.close()
})

describe('reference routes', () => {
  it('GET /api/regions/provinces', async () => {
    const res = await app.inject('/api/regions/provinces')
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body).toHaveLength(38)
    expect(body).toContainEqual({ code: '32', name: 'Jawa Barat' })
  })

  it('GET /api/regions/provinces/:code/regencies', async () => {
    const res = await app.inject('/api/regions/provinces/32/regencies')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toContainEqual({ code: '32.04', name: 'Kabupaten Bandung', provinceCode: '32' })
  })

  it('answers 404 PROVINCE_NOT_FOUND and 400 for a malformed code', async () => {
    const missing = await app.inject('/api/regions/provinces/99/regencies')
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toMatchObject({ code: 'PROVINCE_NOT_FOUND' })
    const malformed = await app.inject('/api/regions/provinces/3x/regencies')
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json()).toMatchObject({ code: 'VALIDATION_FAILED' })
  })

  it('GET /api/regions/regencies/:code/districts accepts 32.04 and 3204', async () => {
    const dotted = await app.inject('/api/regions/regencies/32.04/districts')
    expect(dotted.statusCode).toBe(200)
    const districts = dotted.json()
    expect(districts.length).toBeGreaterThan(20)
    expect(districts[0]).toEqual({ code: expect.stringMatching(/^32\.04\.[0-9]{2}$/), name: expect.any(String), regencyCode: '32.04' })
    const plain = await app.inject('/api/regions/regencies/3204/districts')
    expect(plain.json()).toEqual(districts)
    const missing = await app.inject('/api/regions/regencies/32.99/districts')
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toMatchObject({ code: 'REGENCY_NOT_FOUND' })
  })

  it('GET /api/reference/kbli searches by words, typo-tolerant, with query validation', async () => {
    const res = await app.inject({ url: '/api/reference/kbli', query: { q: 'tekstl', level: '2', limit: '5' } })
    expect(res.statusCode).toBe(200)
    expect(res.json()[0]).toEqual({
      code: '13',
      level: 2,
      title: 'Industri tekstil',
      description: expect.any(String),
      parentCode: null,
    })
    expect((await app.inject({ url: '/api/reference/kbli', query: { limit: '101' } })).statusCode).toBe(400)
    expect((await app.inject({ url: '/api/reference/kbli', query: { level: '6' } })).statusCode).toBe(400)
    expect(await app.inject({ url: '/api/reference/kbli' }).then((r) => r.json())).toHaveLength(20)
  })

  it('GET /api/reference/hs searches by dotted code prefix and rejects level 3', async () => {
    const res = await app.inject({ url: '/api/reference/hs', query: { q: '0901.11' } })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual([
      { code: '090111', level: 6, description: expect.stringContaining('Coffee'), section: 'II', parentCode: '0901' },
    ])
    expect((await app.inject({ url: '/api/reference/hs', query: { level: '3' } })).statusCode).toBe(400)
  })

  it('declares tags, a summary and a response schema per status on every route', () => {
    expect(routes.map((r) => `${r.method} ${r.url}`).sort()).toEqual([
      'GET /api/reference/hs',
      'GET /api/reference/kbli',
      'GET /api/regions/provinces',
      'GET /api/regions/provinces/:code/regencies',
      'GET /api/regions/regencies/:code/districts',
    ])
    for (const route of routes) {
      expect(route.schema?.tags).toEqual(['reference'])
      expect(route.schema?.summary).toEqual(expect.any(String))
      expect(Object.keys(route.schema?.response ?? {})).toEqual(expect.arrayContaining(['200', '401', '403']))
    }
  })
})
