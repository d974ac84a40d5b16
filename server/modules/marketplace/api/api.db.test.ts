// The API connectors end to end on a real database: credentials write-only and encrypted, shops
// linked with encrypted tokens, a product pushed through the Shopee connector to its contract
// server, refresh before expiry, single-use refresh tokens under two concurrent refreshes,
// retries and giving up, secrets absent from errors and audit, and a sales pull.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, type TestClient, type TestUser } from '../../../../test/app.ts'
import { SYSTEM_CONTEXT } from '../../../platform/audit/audit.service.ts'
import { decrypt } from '../../../platform/secrets.ts'
import { shareFirmForTest, signInAsPartner } from '../test-fixtures.ts'
import { createFirm, createProduct, mapCategory, picture, uploadPhoto } from '../listings/test-fixtures.ts'
import { startShopeeContract, type ShopeeContract } from './contract/servers.ts'
import { shopeeConnector, type ConnectorContext } from './connectors.ts'
import { HttpCore } from './http.ts'
import { dbTokenSource } from './tokens.ts'
import * as api from './api.service.ts'

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulih-api-'))
const KEYS = { partnerId: '2001887', partnerKey: 'shpk-live-partner-key-4f1c9a' }
let t: TestApp
let officer: TestClient
let officerUser: TestUser
let partner: TestClient
let partnerUser: TestUser
let tiktokPartner: TestClient
let server: ShopeeContract
let firm: { id: string }
let hiddenFirm: { id: string }
let nominationId: string
let hiddenNominationId: string
let productId: string

beforeAll(async () => {
  t = await createTestApp({ rateLimit: { apiPerMinute: 100_000, loginPerMinute: 100_000 }, dataDir })
  ;({ client: officer, user: officerUser } = await t.signInAs('officer'))
  ;({ client: partner, user: partnerUser } = await signInAsPartner(t, 'shopee'))
  tiktokPartner = (await signInAsPartner(t, 'tiktok_shop')).client
  server = await startShopeeContract(KEYS)
  firm = await createFirm(officer, { name: 'CV Batik Sekar Jagad', regencyCode: '32.04' })
  hiddenFirm = await createFirm(officer, { name: 'Mebel Jati Jepara', regencyCode: '33.20', kbliMain: '31001' })
  nominationId = await shareFirmForTest(t, { firmId: firm.id, marketplaceCode: 'shopee', byUserId: officerUser.id, stage: 'store_opened' })
  // Nominated, but without consent: hidden from the partner.
  const firmRow = await t.db.selectFrom('firms').select(['province_code', 'regency_code']).where('id', '=', hiddenFirm.id).executeTakeFirstOrThrow()
  hiddenNominationId = (
    await t.db
      .insertInto('marketplace_nominations')
      .values({ firm_id: hiddenFirm.id, marketplace_code: 'shopee', source: 'manual', nominated_by: officerUser.id, province_code: firmRow.province_code, regency_code: firmRow.regency_code })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id
  const product = await createProduct(officer, firm.id)
  productId = product.id
  await uploadPhoto(officer, productId, await picture(800, 800))
  await mapCategory(partner, { marketplaceCode: 'shopee', hsPrefix: '6205', categoryId: '100017', categoryName: 'Pakaian Pria > Kemeja' })
}, 120_000)
afterAll(async () => {
  await server?.close()
  await t?.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('credentials', () => {
  it('are write-only: GET shows which fields are set, never values; stored encrypted; audited without values', async () => {
    const put = await partner.put('/api/marketplaces/shopee/credentials', { fields: { partnerId: KEYS.partnerId, partnerKey: KEYS.partnerKey }, baseUrl: server.url })
    expect(put.statusCode, put.body).toBe(200)
    const got = await partner.get('/api/marketplaces/shopee/credentials')
    expect(got.statusCode).toBe(200)
    expect(got.json()).toMatchObject({ complete: true, baseUrl: server.url, fields: [{ name: 'partnerId', set: true }, { name: 'partnerKey', set: true }] })
    expect(got.body).not.toContain(KEYS.partnerKey)
    const row = await t.db.selectFrom('marketplace_api_credentials').selectAll().where('marketplace_code', '=', 'shopee').executeTakeFirstOrThrow()
    const secrets = row.secrets as Record<string, string>
    expect(JSON.stringify(secrets)).not.toContain(KEYS.partnerKey)
    expect(decrypt(t.keys.encryption, secrets.partnerKey!)).toBe(KEYS.partnerKey)
    const audit = await t.db.selectFrom('audit_log').select(['after']).where('action', '=', 'marketplace.api.credentials_set').execute()
    expect(audit).toHaveLength(1)
    expect(JSON.stringify(audit)).not.toContain(KEYS.partnerKey)
    expect(audit[0]!.after).toMatchObject({ fieldsChanged: ['partnerId', 'partnerKey'] })
  })

  it("are refused for another marketplace's partner, firm owners and unknown fields", async () => {
    expect((await tiktokPartner.get('/api/marketplaces/shopee/credentials')).statusCode).toBe(403)
    expect((await tiktokPartner.put('/api/marketplaces/shopee/credentials', { fields: { partnerKey: 'x' } })).statusCode).toBe(403)
    const { client: owner } = await t.signInAs('firm_owner')
    expect((await owner.get('/api/marketplaces/shopee/credentials')).statusCode).toBe(403)
    const unknown = await partner.put('/api/marketplaces/shopee/credentials', { fields: { appSecret: 'x' } })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().code).toBe('MARKETPLACE_API_FIELD_UNKNOWN')
    expect((await officer.get('/api/marketplaces/bukalapak/credentials')).statusCode).toBe(404)
  })
})

describe('shops, push, tokens', () => {
  let pair: ReturnType<ShopeeContract['tokens']['issue']>

  it('links a shop with encrypted tokens; a hidden firm is 404 for the partner', async () => {
    // Access token that expires in 2 minutes: inside the refresh margin.
    pair = server.tokens.issue('14701711', new Date(), 120, 30 * 86400)
    const linked = await partner.put(`/api/marketplace/nominations/${nominationId}/shop`, {
      shopId: '14701711',
      accessToken: pair.accessToken,
      refreshToken: pair.refreshToken,
      accessExpiresAt: pair.accessExpiresAt.toISOString(),
    })
    expect(linked.statusCode, linked.body).toBe(200)
    expect(linked.json()).toMatchObject({ shopId: '14701711', hasAccessToken: true, hasRefreshToken: true })
    expect(linked.body).not.toContain(pair.accessToken)
    const row = await t.db.selectFrom('marketplace_api_shops').selectAll().where('nomination_id', '=', nominationId).executeTakeFirstOrThrow()
    expect(row.access_token_enc).not.toContain(pair.accessToken)
    expect(decrypt(t.keys.encryption, row.refresh_token_enc!)).toBe(pair.refreshToken)
    const audit = await t.db.selectFrom('audit_log').select(['after']).where('action', '=', 'marketplace.api.shop_linked').execute()
    expect(JSON.stringify(audit)).not.toContain(pair.accessToken)

    const hidden = await partner.put(`/api/marketplace/nominations/${hiddenNominationId}/shop`, { shopId: '999', accessToken: 'a', refreshToken: 'b' })
    expect(hidden.statusCode).toBe(404)
    expect(hidden.json().code).toBe('FIRM_NOT_FOUND')
  })

  it('pushes a product: refreshes the expiring token first, sends weight in kg, records it and moves the nomination to products_listed', async () => {
    const response = await partner.post(`/api/marketplace/nominations/${nominationId}/push`, { productId })
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json()).toMatchObject({ marketplaceCode: 'shopee', status: 'created' })
    expect(server.items).toHaveLength(1)
    expect(server.items[0]).toMatchObject({ item_name: 'Kemeja Batik Tulis Pria Lengan Panjang', weight: 1.24, category_id: 100017, original_price: 250000 })
    // Refreshed before expiry: the old refresh token is spent, the new pair stored encrypted.
    expect(server.tokens.refresh.get(pair.refreshToken)!.used).toBe(true)
    const row = await t.db.selectFrom('marketplace_api_shops').selectAll().where('nomination_id', '=', nominationId).executeTakeFirstOrThrow()
    expect(row.token_version).toBe(1)
    expect(decrypt(t.keys.encryption, row.refresh_token_enc!)).not.toBe(pair.refreshToken)
    expect(row.access_expires_at!.getTime()).toBeGreaterThan(Date.now() + 3 * 3600_000)
    const nomination = await t.db.selectFrom('marketplace_nominations').select('stage').where('id', '=', nominationId).executeTakeFirstOrThrow()
    expect(nomination.stage).toBe('products_listed')
    const pushes = await t.db.selectFrom('marketplace_api_pushes').selectAll().where('product_id', '=', productId).execute()
    expect(pushes).toHaveLength(1)
    const actions = (await t.db.selectFrom('audit_log').select('action').where('action', 'like', 'marketplace.api.%').execute()).map((a) => a.action)
    expect(actions).toEqual(expect.arrayContaining(['marketplace.api.tokens_refreshed', 'marketplace.api.product_pushed']))
  })

  it('spends a refresh token once when two refreshes race (row lock, new pair in the same transaction)', async () => {
    const shop = await t.db.selectFrom('marketplace_api_shops').select(['id', 'token_version']).where('nomination_id', '=', nominationId).executeTakeFirstOrThrow()
    // Make the stored access token expire soon again.
    await t.db.updateTable('marketplace_api_shops').set({ access_expires_at: new Date(Date.now() + 60_000) }).where('id', '=', shop.id).execute()
    const credentials = { fields: { ...KEYS }, baseUrl: server.url, authBaseUrl: null }
    const ctx: ConnectorContext = { http: new HttpCore({ sleep: async () => {} }), credentials, now: () => new Date() }
    const before = server.tokens.refreshCalls
    const a = dbTokenSource({ db: t.db, encryptionKey: t.keys.encryption, connector: shopeeConnector, ctx, audit: SYSTEM_CONTEXT }, shop.id)
    const b = dbTokenSource({ db: t.db, encryptionKey: t.keys.encryption, connector: shopeeConnector, ctx, audit: SYSTEM_CONTEXT }, shop.id)
    const [sa, sb] = await Promise.all([a.current(), b.current()])
    expect(server.tokens.refreshCalls - before).toBe(1)
    expect(sa.accessToken).toBe(sb.accessToken)
    expect(a.refreshes + b.refreshes).toBe(1)
    const after = await t.db.selectFrom('marketplace_api_shops').select('token_version').where('id', '=', shop.id).executeTakeFirstOrThrow()
    expect(after.token_version).toBe(shop.token_version + 1)
    // Two forced renewals (after a token-expired answer) racing: still one refresh.
    const [ra, rb] = await Promise.all([a.renew(sa), b.renew(sb)])
    expect(ra.accessToken).toBe(rb.accessToken)
    expect(server.tokens.refreshCalls - before).toBe(2)
  })

  it('retries on 5xx then succeeds; gives up after max attempts with a mapped 502 and no secret', async () => {
    const http = new HttpCore({ sleep: async () => {}, maxAttempts: 3, baseDelayMs: 1 })
    const deps = { db: t.db, keys: t.keys, config: t.config, http }
    const actor = { userId: partnerUser.id, role: 'marketplace_partner' as const, organisationId: partnerUser.organisationId, provinceCode: null, regencyCode: null }
    server.failNext(500, 2)
    const ok = await api.pushProduct(deps, actor as never, SYSTEM_CONTEXT, nominationId, productId, 'id')
    expect(ok.status).toBe('created')

    server.failNext(429, 4, 0)
    const response = await partner.post(`/api/marketplace/nominations/${nominationId}/push`, { productId })
    expect(response.statusCode).toBe(502)
    expect(response.json().code).toBe('MARKETPLACE_API_RATE_LIMITED')
    const shop = await t.db.selectFrom('marketplace_api_shops').selectAll().where('nomination_id', '=', nominationId).executeTakeFirstOrThrow()
    const access = decrypt(t.keys.encryption, shop.access_token_enc!)
    const refresh = decrypt(t.keys.encryption, shop.refresh_token_enc!)
    for (const secret of [KEYS.partnerKey, access, refresh]) expect(response.body).not.toContain(secret)
    const failed = await t.db.selectFrom('audit_log').select('after').where('action', '=', 'marketplace.api.push_failed').execute()
    expect(failed).toHaveLength(1)
    for (const secret of [KEYS.partnerKey, access, refresh]) expect(JSON.stringify(failed)).not.toContain(secret)
  })

  it('refuses a product that breaks the listing rules before calling the API', async () => {
    const short = await createProduct(officer, firm.id, { name: 'Kemeja' })
    const calls = server.received.length
    const response = await partner.post(`/api/marketplace/nominations/${nominationId}/push`, { productId: short.id })
    expect(response.statusCode).toBe(409)
    expect(response.json().code).toBe('MARKETPLACE_API_PRODUCT_NOT_READY')
    expect(server.received.length).toBe(calls)
  })
})

describe('sales pull', () => {
  it("writes a month's orders of the linked shop into marketplace_sales (source api) and moves to first_sale", async () => {
    server.orders.push(
      { shopId: '14701711', id: 'S1', at: new Date('2026-03-03T02:00:00Z'), totalIdr: 250_000, units: 1 },
      { shopId: '14701711', id: 'S2', at: new Date('2026-03-25T02:00:00Z'), totalIdr: 500_000, units: 2 },
      { shopId: '14701711', id: 'S3', at: new Date('2026-03-26T02:00:00Z'), totalIdr: 90_000, units: 1, cancelled: true },
    )
    const response = await partner.post('/api/marketplaces/shopee/pull-sales', { month: '2026-03' })
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json().items).toEqual([expect.objectContaining({ firmId: firm.id, ok: true, gmvIdr: 750_000, orders: 2, units: 3 })])
    const rows = await t.db.selectFrom('marketplace_sales').selectAll().where('firm_id', '=', firm.id).execute()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ marketplace_code: 'shopee', gmv_idr: '750000', orders: 2, units: 3, source: 'api', nomination_id: nominationId })
    const nomination = await t.db.selectFrom('marketplace_nominations').select('stage').where('id', '=', nominationId).executeTakeFirstOrThrow()
    expect(nomination.stage).toBe('first_sale')
    // Pulling again replaces the month's figures (one row per firm+marketplace+month).
    server.orders.push({ shopId: '14701711', id: 'S4', at: new Date('2026-03-27T02:00:00Z'), totalIdr: 10_000, units: 1 })
    expect((await partner.post('/api/marketplaces/shopee/pull-sales', { month: '2026-03' })).json().items[0].gmvIdr).toBe(760_000)
    expect(await t.db.selectFrom('marketplace_sales').select('gmv_idr').where('firm_id', '=', firm.id).execute()).toEqual([{ gmv_idr: '760000' }])
  })

  it('is refused for another marketplace and for a malformed month', async () => {
    expect((await tiktokPartner.post('/api/marketplaces/shopee/pull-sales', { month: '2026-03' })).statusCode).toBe(403)
    expect((await partner.post('/api/marketplaces/shopee/pull-sales', { month: '2026-13' })).statusCode).toBe(400)
  })
})
