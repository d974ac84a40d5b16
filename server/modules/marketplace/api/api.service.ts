// The API connectors' service: app credentials per marketplace (write-only, encrypted), the shop
// linked to a nomination with its tokens (encrypted), pushing one registry product through the
// marketplace's connector, and pulling a month of a shop's sales into marketplace_sales.
// Access: permission marketplace.credentials.manage (push, credentials, shops) and
// marketplace.sales.report (pull); partners only for their own marketplace (scope.ts) and only
// firms shared with it. Every change is audited, never with a secret value.
import { sql } from 'kysely'
import type { Database } from '../../../db/database.ts'
import type { Config } from '../../../config.ts'
import type { Actor } from '../../../platform/access/roles.ts'
import { requirePermission } from '../../../platform/access/policy.ts'
import { recordAudit, type AuditContext } from '../../../platform/audit/audit.service.ts'
import { AppError, badRequest, conflict, notFound } from '../../../platform/errors.ts'
import type { Locale } from '../../../platform/i18n/messages.ts'
import { decrypt, encrypt, type Keys } from '../../../platform/secrets.ts'
import { readStoredFile } from '../../registry/products/product-photos.ts'
import { advanceNomination } from '../pipeline/pipeline.service.ts'
import { checkListings } from '../listings/listings.service.ts'
import { photoLinkKey, photoLinkUrl, signPhotoToken } from '../listings/photo-links.ts'
import { MARKETPLACE_RULES, type MarketplaceCode } from '../listings/rules.data.ts'
import { isSharedWith, requireFirmInProgramme, requireMarketplaceInScope } from '../scope.ts'
import * as repo from './api.repository.ts'
import { connectorOf, type AppCredentials, type Connector, type ConnectorContext, type MonthSales, type PushProduct } from './connectors.ts'
import { ConnectorError, HttpCore } from './http.ts'
import { dbTokenSource, sealOrNull } from './tokens.ts'

export interface ApiDeps {
  db: Database
  keys: Keys
  config: Config
  /** Injected by tests (tiny backoff); the routes use the default core. */
  http?: HttpCore
  now?: () => Date
}

const defaultHttp = new HttpCore()

function connectorFor(code: string): Connector {
  const connector = connectorOf(code)
  if (!connector) throw notFound('MARKETPLACE_API_UNSUPPORTED', { code })
  return connector
}

// ---------------------------------------------------------------------------------------------
// Credentials

export interface CredentialsView {
  marketplaceCode: string
  fields: Array<{ name: string; label: string; required: boolean; set: boolean }>
  complete: boolean
  baseUrl: string | null
  authBaseUrl: string | null
  updatedAt: string | null
  updatedBy: { id: string; name: string } | null
  shopTokens: Connector['shopTokens']
  shops: ShopView[]
}

export interface ShopView {
  nominationId: string
  firmId: string
  firmName: string
  shopId: string
  hasAccessToken: boolean
  hasRefreshToken: boolean
  accessExpiresAt: string | null
  refreshExpiresAt: string | null
  tokenVersion: number
  lastRefreshedAt: string | null
  linkedAt: string
}

async function requireManager(db: Database, actor: Actor, code: string) {
  requirePermission(actor, 'marketplace.credentials.manage')
  return requireMarketplaceInScope(db, actor, code)
}

export async function getCredentials(db: Database, actor: Actor, code: string): Promise<CredentialsView> {
  await requireManager(db, actor, code)
  const connector = connectorFor(code)
  const row = await repo.findCredentials(db, code)
  const set = new Set(row?.fields ?? [])
  const shops = await repo.listShops(db, code)
  const visible: ShopView[] = []
  for (const s of shops) {
    if (actor.role === 'marketplace_partner' && !(await isSharedWith(db, s.firm_id, code))) continue
    visible.push({
      nominationId: s.nomination_id,
      firmId: s.firm_id,
      firmName: s.firm_name,
      shopId: s.shop_id,
      hasAccessToken: s.access_token_enc !== null,
      hasRefreshToken: s.refresh_token_enc !== null,
      accessExpiresAt: s.access_expires_at?.toISOString() ?? null,
      refreshExpiresAt: s.refresh_expires_at?.toISOString() ?? null,
      tokenVersion: s.token_version,
      lastRefreshedAt: s.last_refreshed_at?.toISOString() ?? null,
      linkedAt: s.linked_at.toISOString(),
    })
  }
  return {
    marketplaceCode: code,
    fields: connector.credentialFields.map((f) => ({ ...f, set: set.has(f.name) })),
    complete: connector.credentialFields.every((f) => !f.required || set.has(f.name)),
    baseUrl: row?.base_url ?? null,
    authBaseUrl: row?.auth_base_url ?? null,
    updatedAt: row?.updated_at.toISOString() ?? null,
    updatedBy: row?.updated_by ? { id: row.updated_by, name: row.updated_by_name ?? '' } : null,
    shopTokens: connector.shopTokens,
    shops: visible,
  }
}

export interface CredentialsInput {
  /** Field → new value; null clears it; absent keeps it. */
  fields?: Record<string, string | null>
  baseUrl?: string | null
  authBaseUrl?: string | null
}

export async function putCredentials(db: Database, keys: Keys, actor: Actor, context: AuditContext, code: string, input: CredentialsInput): Promise<CredentialsView> {
  await requireManager(db, actor, code)
  const connector = connectorFor(code)
  const known = new Set(connector.credentialFields.map((f) => f.name))
  for (const [name, value] of Object.entries(input.fields ?? {})) {
    if (!known.has(name)) throw badRequest('MARKETPLACE_API_FIELD_UNKNOWN', { field: name, marketplace: code })
    if (value !== null && (value.trim() === '' || value.length > 2000)) throw badRequest('MARKETPLACE_API_FIELD_INVALID', { field: name })
  }
  await db.transaction().execute(async (trx) => {
    const before = await repo.lockCredentials(trx, code)
    const secrets: Record<string, string> = { ...((before?.secrets as Record<string, string> | undefined) ?? {}) }
    const changed: string[] = []
    const cleared: string[] = []
    for (const [name, value] of Object.entries(input.fields ?? {})) {
      if (value === null) {
        if (name in secrets) cleared.push(name)
        delete secrets[name]
      } else {
        secrets[name] = encrypt(keys.encryption, value.trim())
        changed.push(name)
      }
    }
    const fields = connector.credentialFields.map((f) => f.name).filter((n) => n in secrets)
    const baseUrl = input.baseUrl === undefined ? (before?.base_url ?? null) : input.baseUrl
    const authBaseUrl = input.authBaseUrl === undefined ? (before?.auth_base_url ?? null) : input.authBaseUrl
    await repo.saveCredentials(trx, { marketplace_code: code, secrets, fields, base_url: baseUrl, auth_base_url: authBaseUrl, updated_by: actor.userId })
    await recordAudit(trx, context, {
      action: 'marketplace.api.credentials_set',
      entityType: 'marketplace_api_credentials',
      entityId: code,
      before: before ? { fieldsSet: before.fields, baseUrl: before.base_url, authBaseUrl: before.auth_base_url } : null,
      after: { fieldsSet: fields, fieldsChanged: changed, fieldsCleared: cleared, baseUrl, authBaseUrl },
    })
  })
  return getCredentials(db, actor, code)
}

/** The decrypted app credentials, for one call only. */
async function appCredentials(db: Database, keys: Keys, connector: Connector): Promise<AppCredentials> {
  const row = await repo.findCredentials(db, connector.code)
  const secrets = (row?.secrets as Record<string, string> | undefined) ?? {}
  const missing = connector.credentialFields.filter((f) => f.required && !secrets[f.name]).map((f) => f.name)
  if (!row || missing.length > 0) throw conflict('MARKETPLACE_API_CREDENTIALS_MISSING', { marketplace: connector.code, fields: missing.join(', ') })
  const fields = Object.fromEntries(Object.entries(secrets).map(([name, sealed]) => [name, decrypt(keys.encryption, sealed)]))
  return { fields, baseUrl: row.base_url, authBaseUrl: row.auth_base_url }
}

// ---------------------------------------------------------------------------------------------
// Shops

async function requireNomination(db: Database, actor: Actor, nominationId: string) {
  const nomination = await repo.findNomination(db, nominationId)
  if (!nomination) throw notFound('NOMINATION_NOT_FOUND')
  await requireFirmInProgramme(db, actor, nomination.firm_id, nomination.marketplace_code)
  await requireManager(db, actor, nomination.marketplace_code)
  return nomination
}

export interface ShopInput {
  shopId: string
  accessToken?: string | null
  refreshToken?: string | null
  accessExpiresAt?: string | null
  refreshExpiresAt?: string | null
}

export async function linkShop(db: Database, keys: Keys, actor: Actor, context: AuditContext, nominationId: string, input: ShopInput): Promise<ShopView> {
  const nomination = await requireNomination(db, actor, nominationId)
  const connector = connectorFor(nomination.marketplace_code)
  if (connector.shopTokens === 'oauth' && (!input.accessToken || !input.refreshToken)) throw badRequest('MARKETPLACE_API_TOKENS_REQUIRED')
  if (connector.shopTokens === 'seller_key' && !input.accessToken) throw badRequest('MARKETPLACE_API_SELLER_KEY_REQUIRED')
  const at = (value: string | null | undefined) => (value ? new Date(value) : null)
  const values = {
    shop_id: input.shopId.trim(),
    access_token_enc: sealOrNull(keys.encryption, input.accessToken),
    refresh_token_enc: sealOrNull(keys.encryption, input.refreshToken),
    access_expires_at: at(input.accessExpiresAt),
    refresh_expires_at: at(input.refreshExpiresAt),
    linked_by: actor.userId,
  }
  try {
    await db.transaction().execute(async (trx) => {
      const before = await repo.findShopByNomination(trx, nominationId)
      if (before) {
        await trx
          .updateTable('marketplace_api_shops')
          .set({ ...values, token_version: before.token_version + 1, linked_at: new Date(), updated_at: new Date() })
          .where('id', '=', before.id)
          .execute()
      } else {
        await trx
          .insertInto('marketplace_api_shops')
          .values({ ...values, nomination_id: nominationId, firm_id: nomination.firm_id, marketplace_code: nomination.marketplace_code })
          .execute()
      }
      await recordAudit(trx, context, {
        action: 'marketplace.api.shop_linked',
        entityType: 'marketplace_nomination',
        entityId: nominationId,
        before: before ? { shopId: before.shop_id } : null,
        after: {
          shopId: values.shop_id,
          accessToken: input.accessToken ? 'set' : 'none',
          refreshToken: input.refreshToken ? 'set' : 'none',
          accessExpiresAt: input.accessExpiresAt ?? null,
        },
      })
    })
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw conflict('MARKETPLACE_API_SHOP_TAKEN', { shopId: values.shop_id })
    throw error
  }
  const view = await getCredentials(db, actor, nomination.marketplace_code)
  return view.shops.find((s) => s.nominationId === nominationId)!
}

function contextOf(deps: ApiDeps, credentials: AppCredentials): ConnectorContext {
  return { http: deps.http ?? defaultHttp, credentials, now: deps.now ?? (() => new Date()) }
}

// ---------------------------------------------------------------------------------------------
// Push one product

export interface PushOutcome {
  nominationId: string
  productId: string
  marketplaceCode: string
  remoteId: string
  status: 'created' | 'queued'
}

export async function pushProduct(deps: ApiDeps, actor: Actor, context: AuditContext, nominationId: string, productId: string, locale: Locale): Promise<PushOutcome> {
  const { db, keys } = deps
  const nomination = await requireNomination(db, actor, nominationId)
  const connector = connectorFor(nomination.marketplace_code)
  const product = await repo.findProductOfFirm(db, productId, nomination.firm_id)
  if (!product) throw notFound('PRODUCT_NOT_FOUND')
  const shop = await repo.findShopByNomination(db, nominationId)
  if (!shop) throw conflict('MARKETPLACE_API_SHOP_NOT_LINKED')
  const credentials = await appCredentials(db, keys, connector)

  // The listing rules and the category mapping decide whether and where the product goes.
  const page = await checkListings(db, 'system', { marketplace: nomination.marketplace_code, firm: [nomination.firm_id], limit: 10_000 }, locale)
  const view = page.items.find((i) => i.productId === productId)
  if (!view || view.status !== 'ready' || !view.category) {
    throw new AppError('MARKETPLACE_API_PRODUCT_NOT_READY', 409, { product: product.name }, { problems: (view?.problems ?? []).filter((p) => p.severity === 'error') })
  }
  const rules = MARKETPLACE_RULES[nomination.marketplace_code as MarketplaceCode]
  const photos = await repo.listPhotos(db, productId)
  const used = rules.images.max !== null ? photos.slice(0, rules.images.max) : photos
  const linkKey = photoLinkKey(keys)
  const now = (deps.now ?? (() => new Date()))()
  const item: PushProduct = {
    sku: `PULIH-${product.id.slice(0, 8)}`,
    name: product.name.trim(),
    description: product.description?.trim() ?? '',
    priceIdr: Number(product.price_idr),
    weightGrams: product.weight_grams,
    lengthMm: product.length_mm,
    widthMm: product.width_mm,
    heightMm: product.height_mm,
    stock: product.stock,
    minOrder: product.min_order,
    categoryId: view.category.categoryId,
    attributes: Object.fromEntries(view.attributes.map((a) => [a.name, a.value])),
    images: used.map((photo) => ({
      url: photoLinkUrl(deps.config.publicUrl, signPhotoToken(linkKey, photo.id, now).token),
      load: async () => {
        const data = await readStoredFile(deps.config.dataDir, photo.storage_key)
        if (!data) throw notFound('PRODUCT_PHOTO_NOT_FOUND')
        return { data, mime: photo.mime }
      },
    })),
  }
  const ctx = contextOf(deps, credentials)
  const tokens = dbTokenSource({ db, encryptionKey: keys.encryption, connector, ctx, audit: context }, shop.id)
  let result
  try {
    result = await connector.createProduct(ctx, tokens, item)
  } catch (error) {
    if (error instanceof ConnectorError) {
      await recordAudit(db, context, {
        action: 'marketplace.api.push_failed',
        entityType: 'product',
        entityId: productId,
        after: { marketplace: connector.code, nominationId, code: error.code, remoteCode: error.remote.code, attempts: error.remote.attempts },
      })
    }
    throw error
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('marketplace_api_pushes')
      .values({ shop_id: shop.id, firm_id: nomination.firm_id, product_id: productId, marketplace_code: connector.code, remote_id: result.remoteId, status: result.status, pushed_by: actor.userId })
      .execute()
    const listed = await trx
      .selectFrom('marketplace_api_pushes')
      .select((eb) => eb.fn.count<string>('product_id').distinct().as('n'))
      .where('shop_id', '=', shop.id)
      .executeTakeFirstOrThrow()
    await recordAudit(trx, context, {
      action: 'marketplace.api.product_pushed',
      entityType: 'product',
      entityId: productId,
      after: { marketplace: connector.code, nominationId, remoteId: result.remoteId, status: result.status },
    })
    await advanceNomination(trx, {
      firmId: nomination.firm_id,
      marketplaceCode: connector.code,
      toStage: 'products_listed',
      actor,
      audit: context,
      details: { productsListed: Number(listed.n), via: 'api' },
    })
  })
  return { nominationId, productId, marketplaceCode: connector.code, remoteId: result.remoteId, status: result.status }
}

// ---------------------------------------------------------------------------------------------
// Pull a month of sales

export interface PullOutcome {
  marketplaceCode: string
  month: string
  items: Array<{ nominationId: string; firmId: string; firmName: string; ok: boolean; gmvIdr: number | null; orders: number | null; units: number | null; error: { code: string; message: string } | null }>
}

export async function pullSales(
  deps: ApiDeps,
  actor: Actor,
  context: AuditContext,
  code: string,
  month: string,
  localizeError: (code: string, params: Record<string, string | number>) => string,
): Promise<PullOutcome> {
  const { db, keys } = deps
  requirePermission(actor, 'marketplace.sales.report')
  await requireMarketplaceInScope(db, actor, code)
  const connector = connectorFor(code)
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw badRequest('MARKETPLACE_API_MONTH_INVALID', { month })
  const credentials = await appCredentials(db, keys, connector)
  const ctx = contextOf(deps, credentials)
  const outcome: PullOutcome = { marketplaceCode: code, month, items: [] }
  for (const shop of await repo.listShops(db, code)) {
    if (actor.role === 'marketplace_partner' && !(await isSharedWith(db, shop.firm_id, code))) continue
    const base = { nominationId: shop.nomination_id, firmId: shop.firm_id, firmName: shop.firm_name }
    let sales: MonthSales
    try {
      const tokens = dbTokenSource({ db, encryptionKey: keys.encryption, connector, ctx, audit: context }, shop.id)
      sales = await connector.monthSales(ctx, tokens, month)
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error
      await recordAudit(db, context, {
        action: 'marketplace.api.sales_pull_failed',
        entityType: 'marketplace_nomination',
        entityId: shop.nomination_id,
        after: { marketplace: code, month, code: error.code, remoteCode: error.remote.code },
      })
      outcome.items.push({ ...base, ok: false, gmvIdr: null, orders: null, units: null, error: { code: error.code, message: localizeError(error.code, error.params) } })
      continue
    }
    await db.transaction().execute(async (trx) => {
      const monthDate = `${month}-01`
      const before = await trx
        .selectFrom('marketplace_sales')
        .select(['id', 'gmv_idr', 'orders', 'units', 'source'])
        .where('firm_id', '=', shop.firm_id)
        .where('marketplace_code', '=', code)
        .where('month', '=', sql<Date>`${monthDate}::date`)
        .forUpdate()
        .executeTakeFirst()
      const values = { gmv_idr: sales.gmvIdr, orders: sales.orders, units: sales.units, source: 'api', import_id: null, reported_by: actor.userId, reported_at: new Date(), nomination_id: shop.nomination_id }
      let id: string
      if (before) {
        await trx.updateTable('marketplace_sales').set(values).where('id', '=', before.id).execute()
        id = before.id
      } else {
        const row = await trx
          .insertInto('marketplace_sales')
          .values({ ...values, firm_id: shop.firm_id, marketplace_code: code, month: monthDate, province_code: shop.province_code, regency_code: shop.regency_code })
          .returning('id')
          .executeTakeFirstOrThrow()
        id = row.id
      }
      await recordAudit(trx, context, {
        action: before ? 'marketplace_sales.updated' : 'marketplace_sales.created',
        entityType: 'marketplace_sales',
        entityId: id,
        before: before ? { gmvIdr: Number(before.gmv_idr), orders: before.orders, units: before.units, source: before.source } : undefined,
        after: { month: monthDate, gmvIdr: sales.gmvIdr, orders: sales.orders, units: sales.units, source: 'api' },
      })
      if (sales.orders > 0) {
        await advanceNomination(trx, { firmId: shop.firm_id, marketplaceCode: code, toStage: 'first_sale', actor, audit: context, details: { month, via: 'api' } })
      }
    })
    outcome.items.push({ ...base, ok: true, gmvIdr: sales.gmvIdr, orders: sales.orders, units: sales.units, error: null })
  }
  return outcome
}
