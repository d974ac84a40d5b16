// Each connector against its contract server (real HTTP on an ephemeral port): happy path,
// tampered body, stale timestamp, retry then success, giving up, token-expired → renew once,
// and no secret in any error. Tokens here come from an in-memory source; the database-backed
// token store (refresh before expiry, single-use under concurrency) is tested in api.db.test.ts.
import { afterEach, describe, expect, it } from 'vitest'
import { blibliConnector, CONNECTORS, shopeeConnector, tiktokConnector, tokopediaConnector, type AppCredentials, type ConnectorContext, type PushProduct, type ShopSession, type TokenSource } from './connectors.ts'
import { ConnectorError, HttpCore, type HttpOptions } from './http.ts'
import { startBlibliContract, startShopeeContract, startTiktokContract, startTokopediaContract } from './contract/servers.ts'
import type { ContractServer } from './contract/base.ts'

const open: ContractServer[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()))
})
const track = <T extends ContractServer>(s: T): T => {
  open.push(s)
  return s
}

const sleeps: number[] = []
const http = (options: HttpOptions = {}) => new HttpCore({ sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, baseDelayMs: 10, maxAttempts: 3, ...options })

const product = (overrides: Partial<PushProduct> = {}): PushProduct => ({
  sku: 'PULIH-0001',
  name: 'Kemeja Batik Tulis Pria Lengan Panjang',
  description: 'Kemeja batik tulis tangan dari Pekalongan, katun primisima, pewarna alam.',
  priceIdr: 250_000,
  weightGrams: 1234,
  lengthMm: 300,
  widthMm: 250,
  heightMm: 45,
  stock: 12,
  minOrder: 1,
  categoryId: '100017',
  attributes: { Merek: 'Tanpa Merek' },
  images: [{ url: 'https://pulih.example/api/public/product-photos/abc', load: async () => ({ data: Buffer.from('jpeg-bytes'), mime: 'image/jpeg' }) }],
  ...overrides,
})

/** Tokens in memory: renew() asks the connector for a new pair (counts calls). */
function memoryTokens(connectorCtx: () => ConnectorContext, code: keyof typeof CONNECTORS, initial: ShopSession) {
  let session = { ...initial }
  const source: TokenSource & { renewals: number } = {
    renewals: 0,
    current: async () => session,
    renew: async (stale) => {
      source.renewals++
      const fresh = await CONNECTORS[code].refreshTokens(connectorCtx(), stale)
      session = { shopId: stale.shopId, accessToken: fresh.accessToken, refreshToken: fresh.refreshToken }
      return session
    },
  }
  return source
}

const creds = (fields: Record<string, string>, baseUrl: string): AppCredentials => ({ fields, baseUrl, authBaseUrl: null })

async function expectConnectorError(promise: Promise<unknown>, code: string): Promise<ConnectorError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ConnectorError)
  expect((error as ConnectorError).code).toBe(code)
  return error as ConnectorError
}

describe('Shopee connector', () => {
  const keys = { partnerId: '2001887', partnerKey: 'shpk-secret-partner-key-0001' }
  async function setup(options: HttpOptions = {}, now = () => new Date()) {
    const server = track(await startShopeeContract(keys))
    const pair = server.tokens.issue('14701711', new Date(), 4 * 3600, 30 * 86400)
    const ctx: ConnectorContext = { http: http(options), credentials: creds({ ...keys }, server.url), now }
    const tokens = memoryTokens(() => ctx, 'shopee', { shopId: '14701711', accessToken: pair.accessToken, refreshToken: pair.refreshToken })
    return { server, ctx, tokens, pair }
  }

  it('uploads the image, then creates the item with weight in kg', async () => {
    const { server, ctx, tokens } = await setup()
    const result = await shopeeConnector.createProduct(ctx, tokens, product())
    expect(result.status).toBe('created')
    expect(server.items).toHaveLength(1)
    expect(server.items[0]).toMatchObject({ item_name: 'Kemeja Batik Tulis Pria Lengan Panjang', weight: 1.24, original_price: 250000, category_id: 100017 })
    expect((server.items[0]!.image as { image_id_list: string[] }).image_id_list).toHaveLength(1)
  })

  it('is refused when its clock is more than 5 minutes off (stale timestamp)', async () => {
    const { ctx, tokens } = await setup({}, () => new Date(Date.now() - 6 * 60_000))
    const error = await expectConnectorError(shopeeConnector.createProduct(ctx, tokens, product()), 'MARKETPLACE_API_REJECTED')
    expect(error.remote.message).toMatch(/5 minutes/)
  })

  it('is refused with a wrong partner key (signature)', async () => {
    const { ctx, tokens } = await setup()
    ctx.credentials.fields.partnerKey = 'not-the-key'
    await expectConnectorError(shopeeConnector.createProduct(ctx, tokens, product()), 'MARKETPLACE_API_SIGNATURE_REJECTED')
  })

  it('enforces the field limits (name under 20 characters)', async () => {
    const { server, ctx, tokens } = await setup()
    const error = await expectConnectorError(shopeeConnector.createProduct(ctx, tokens, product({ name: 'Kemeja Batik' })), 'MARKETPLACE_API_REJECTED')
    expect(error.remote.code).toBe('product.error_param')
    expect(server.items).toHaveLength(0)
  })

  it('renews an expired access token once (single-use refresh token) and retries', async () => {
    const { server, ctx, tokens, pair } = await setup()
    server.tokens.access.get(pair.accessToken)!.expiresAt = Date.now() - 1000
    await shopeeConnector.createProduct(ctx, tokens, product())
    expect(tokens.renewals).toBe(1)
    expect(server.tokens.refresh.get(pair.refreshToken)!.used).toBe(true)
    // Spending the old refresh token again is refused by the contract.
    await expectConnectorError(shopeeConnector.refreshTokens(ctx, { shopId: '14701711', accessToken: null, refreshToken: pair.refreshToken }), 'MARKETPLACE_API_AUTH_REJECTED')
  })

  it('retries 429 honouring Retry-After, then succeeds', async () => {
    const { server, ctx, tokens } = await setup()
    sleeps.length = 0
    server.failNext(429, 2, 2)
    const result = await shopeeConnector.createProduct(ctx, tokens, product())
    expect(result.status).toBe('created')
    expect(sleeps).toEqual([2000, 2000])
  })

  it('gives up after max attempts with a mapped error and no secret in it', async () => {
    const { server, ctx, tokens, pair } = await setup()
    sleeps.length = 0
    server.failNext(500, 5)
    const error = await expectConnectorError(shopeeConnector.createProduct(ctx, tokens, product()), 'MARKETPLACE_API_UNAVAILABLE')
    expect(error.remote.attempts).toBe(3)
    expect(sleeps).toEqual([8, 15]) // equal jitter with random 0.5: 10→[5..10]=8 (rounded), 20→[10..20]=15
    const text = JSON.stringify({ message: error.message, params: error.params, details: error.details, stack: error.stack })
    for (const secret of [keys.partnerKey, pair.accessToken, pair.refreshToken]) expect(text).not.toContain(secret)
  })

  it('pulls a month of sales in ≤15-day windows and skips cancelled orders', async () => {
    const { server, ctx, tokens } = await setup()
    server.orders.push(
      { shopId: '14701711', id: 'A1', at: new Date('2026-03-02T03:00:00Z'), totalIdr: 100_000, units: 2 },
      { shopId: '14701711', id: 'A2', at: new Date('2026-03-20T03:00:00Z'), totalIdr: 50_000, units: 1 },
      { shopId: '14701711', id: 'A3', at: new Date('2026-03-21T03:00:00Z'), totalIdr: 70_000, units: 1, cancelled: true },
      { shopId: '14701711', id: 'B1', at: new Date('2026-04-01T03:00:00Z'), totalIdr: 999_000, units: 9 },
    )
    expect(await shopeeConnector.monthSales(ctx, tokens, '2026-03')).toEqual({ gmvIdr: 150_000, orders: 2, units: 3 })
  })
})

describe('TikTok Shop connector', () => {
  const keys = { appKey: '29a39d', appSecret: 'tts-app-secret-e59af819cc', shopCipher: 'ROW_xkMbgAAAeVAQra0eZWebFQq5aIK' }
  async function setup(options: HttpOptions = {}, now = () => new Date()) {
    const server = track(await startTiktokContract(keys))
    const pair = server.tokens.issue(keys.shopCipher, new Date(), 7 * 86400, 60 * 86400)
    const ctx: ConnectorContext = { http: http(options), credentials: creds({ appKey: keys.appKey, appSecret: keys.appSecret }, server.url), now }
    const tokens = memoryTokens(() => ctx, 'tiktok_shop', { shopId: keys.shopCipher, accessToken: pair.accessToken, refreshToken: pair.refreshToken })
    return { server, ctx, tokens, pair }
  }

  it('uploads the main image and creates the product (KILOGRAM, IDR)', async () => {
    const { server, ctx, tokens } = await setup()
    const result = await tiktokConnector.createProduct(ctx, tokens, product())
    expect(result.status).toBe('created')
    expect(server.products[0]).toMatchObject({ title: 'Kemeja Batik Tulis Pria Lengan Panjang', package_weight: { value: '1.234', unit: 'KILOGRAM' } })
  })

  it('refuses a body changed after signing (the signature covers the exact bytes)', async () => {
    const tamper: typeof fetch = (url, init) => {
      const body = init?.body
      if (body && String(url).includes('/product/202309/products')) {
        const text = Buffer.from(body as Uint8Array).toString('utf8').replace('"250000"', '"25000"')
        return fetch(url, { ...init, body: text })
      }
      return fetch(url, init)
    }
    const { server, ctx, tokens } = await setup({ fetch: tamper })
    const error = await expectConnectorError(tiktokConnector.createProduct(ctx, tokens, product()), 'MARKETPLACE_API_SIGNATURE_REJECTED')
    expect(error.remote.code).toBe('106001')
    expect(server.products).toHaveLength(0)
  })

  it('refuses a stale timestamp', async () => {
    const { ctx, tokens } = await setup({}, () => new Date(Date.now() - 10 * 60_000))
    const error = await expectConnectorError(tiktokConnector.createProduct(ctx, tokens, product()), 'MARKETPLACE_API_AUTH_REJECTED')
    expect(error.remote.code).toBe('106002')
  })

  it('enforces the title length 25–255 for Indonesia', async () => {
    const { ctx, tokens } = await setup()
    await expectConnectorError(tiktokConnector.createProduct(ctx, tokens, product({ name: 'Kemeja Batik Tulis' })), 'MARKETPLACE_API_REJECTED')
  })

  it('renews an expired token (code 105002) once and retries', async () => {
    const { server, ctx, tokens, pair } = await setup()
    server.tokens.access.get(pair.accessToken)!.expiresAt = Date.now() - 1
    await tiktokConnector.createProduct(ctx, tokens, product())
    expect(tokens.renewals).toBe(1)
    expect(server.products).toHaveLength(1)
  })

  it('retries 503 then succeeds', async () => {
    const { server, ctx, tokens } = await setup()
    server.failNext(503, 2)
    expect((await tiktokConnector.createProduct(ctx, tokens, product())).status).toBe('created')
  })

  it('pulls a month of sales page by page', async () => {
    const { server, ctx, tokens } = await setup()
    for (let i = 0; i < 130; i++) server.orders.push({ shopId: keys.shopCipher, id: `T${i}`, at: new Date(Date.UTC(2026, 2, 1 + (i % 28), 5)), totalIdr: 10_000, units: 1 })
    expect(await tiktokConnector.monthSales(ctx, tokens, '2026-03')).toEqual({ gmvIdr: 1_300_000, orders: 130, units: 130 })
  })
})

describe('Tokopedia connector', () => {
  const keys = { fsId: '13004', clientId: 'tkpd-client', clientSecret: 'tkpd-client-secret-xyz', shopId: '479573' }
  async function setup(options: HttpOptions = {}) {
    const server = track(await startTokopediaContract(keys))
    const ctx: ConnectorContext = { http: http(options), credentials: creds({ fsId: keys.fsId, clientId: keys.clientId, clientSecret: keys.clientSecret }, server.url), now: () => new Date() }
    const tokens = memoryTokens(() => ctx, 'tokopedia', { shopId: keys.shopId, accessToken: null, refreshToken: null })
    return { server, ctx, tokens }
  }

  it('gets a client-credentials token, then creates the product with weight in GR', async () => {
    const { server, ctx, tokens } = await setup()
    const result = await tokopediaConnector.createProduct(ctx, tokens, product())
    expect(result.status).toBe('created')
    expect(tokens.renewals).toBe(1)
    expect(server.products[0]).toMatchObject({ weight: 1234, weight_unit: 'GR', price: 250000 })
  })

  it('maps failed rows (name over 70 characters) to an error', async () => {
    const { ctx, tokens } = await setup()
    const error = await expectConnectorError(tokopediaConnector.createProduct(ctx, tokens, product({ name: 'K'.repeat(71) })), 'MARKETPLACE_API_REJECTED')
    expect(error.remote.message).toMatch(/70/)
  })

  it('refuses wrong client credentials without echoing them', async () => {
    const { ctx, tokens } = await setup()
    ctx.credentials.fields.clientSecret = 'wrong-secret-value'
    const error = await expectConnectorError(tokopediaConnector.createProduct(ctx, tokens, product()), 'MARKETPLACE_API_AUTH_REJECTED')
    expect(JSON.stringify(error.details)).not.toContain('wrong-secret-value')
  })

  it('pulls a month of sales in 3-day windows', async () => {
    const { server, ctx, tokens } = await setup()
    server.orders.push(
      { shopId: keys.shopId, id: '1', at: new Date('2026-03-05T01:00:00Z'), totalIdr: 40_000, units: 2 },
      { shopId: keys.shopId, id: '2', at: new Date('2026-03-29T01:00:00Z'), totalIdr: 60_000, units: 3 },
    )
    expect(await tokopediaConnector.monthSales(ctx, tokens, '2026-03')).toEqual({ gmvIdr: 100_000, orders: 2, units: 5 })
  })
})

describe('Blibli connector', () => {
  const keys = { apiClientId: 'mta-api-pulih-0001', apiClientKey: 'blibli-client-key-0001', signatureKey: 'blibli-signature-key-0001', storeCode: 'TOQ-15126', sellerKey: 'blibli-seller-key-0001' }
  async function setup(options: HttpOptions = {}, now = () => new Date()) {
    const server = track(await startBlibliContract(keys))
    const ctx: ConnectorContext = {
      http: http(options),
      credentials: creds({ apiClientId: keys.apiClientId, apiClientKey: keys.apiClientKey, signatureKey: keys.signatureKey, channelId: 'pulih' }, server.url),
      now,
    }
    const tokens = memoryTokens(() => ctx, 'blibli', { shopId: keys.storeCode, accessToken: keys.sellerKey, refreshToken: null })
    return { server, ctx, tokens }
  }

  it('creates the product asynchronously (queued)', async () => {
    const { server, ctx, tokens } = await setup()
    const result = await blibliConnector.createProduct(ctx, tokens, product())
    expect(result.status).toBe('queued')
    expect(server.products[0]).toMatchObject({ name: 'Kemeja Batik Tulis Pria Lengan Panjang', categoryCode: '100017' })
  })

  it('refuses a body changed after signing (md5 of the exact bytes)', async () => {
    const tamper: typeof fetch = (url, init) => fetch(url, { ...init, body: Buffer.from(init!.body as Uint8Array).toString('utf8').replace('Pekalongan', 'Pekalongan ') })
    const { server, ctx, tokens } = await setup({ fetch: tamper })
    await expectConnectorError(blibliConnector.createProduct(ctx, tokens, product()), 'MARKETPLACE_API_SIGNATURE_REJECTED')
    expect(server.products).toHaveLength(0)
  })

  it('refuses a stale Signature-Time', async () => {
    const { ctx, tokens } = await setup({}, () => new Date(Date.now() - 6 * 60_000))
    const error = await expectConnectorError(blibliConnector.createProduct(ctx, tokens, product()), 'MARKETPLACE_API_AUTH_REJECTED')
    expect(error.remote.code).toBe('ERR-PA401003')
  })

  it('enforces at most 8 images', async () => {
    const { ctx, tokens } = await setup()
    const many = Array.from({ length: 8 }, () => product().images[0]!)
    // The connector itself sends at most 8; the contract refuses a description over 5000 characters.
    await expectConnectorError(blibliConnector.createProduct(ctx, tokens, product({ images: many, description: 'x'.repeat(5001) })), 'MARKETPLACE_API_REJECTED')
  })

  it('gives up on repeated 429 with RATE_LIMITED', async () => {
    const { server, ctx, tokens } = await setup()
    server.failNext(429, 3, 0)
    await expectConnectorError(blibliConnector.createProduct(ctx, tokens, product()), 'MARKETPLACE_API_RATE_LIMITED')
  })

  it('pulls a month of sales (orders counted once, cancelled skipped)', async () => {
    const { server, ctx, tokens } = await setup()
    server.orders.push(
      { shopId: keys.storeCode, id: 'BL-1', at: new Date('2026-03-10T01:00:00Z'), totalIdr: 75_000, units: 3 },
      { shopId: keys.storeCode, id: 'BL-2', at: new Date('2026-03-11T01:00:00Z'), totalIdr: 75_000, units: 3, cancelled: true },
    )
    expect(await blibliConnector.monthSales(ctx, tokens, '2026-03')).toEqual({ gmvIdr: 75_000, orders: 1, units: 3 })
  })
})
