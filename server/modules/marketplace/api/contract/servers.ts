// Contract servers of the four marketplace APIs, as the project's marketplace research documents
// them (§1.2/1.4–1.6 Shopee, §2.1 Tokopedia, §2.2 TikTok Shop, §3.1 Blibli). They recompute each
// signature from the raw received bytes, enforce the timestamp window, token validity,
// single-use refresh tokens, required fields and field limits, and answer in each channel's
// envelope. Numbers marked [I] are not documented and are our assumption. Used by tests only.
import crypto from 'node:crypto'
import { blibliDate, blibliRawString, blibliSignedPath, sameSignature, shopeeBaseString, shopeeSign, tiktokSign } from '../signing.ts'
import { chars, multipartParts, startContractServer, token, TokenBook, type ContractAnswer, type ContractRequest, type ContractServer } from './base.ts'

export interface ShopeeContract extends ContractServer {
  tokens: TokenBook
  items: Array<Record<string, unknown>>
  images: Set<string>
}

const SHOPEE_PUBLIC = new Set(['/api/v2/auth/token/get', '/api/v2/auth/access_token/get', '/api/v2/media_space/upload_image', '/api/v2/shop/auth_partner'])

/** Shopee Open Platform v2: sign over partner_id+path+timestamp(+access_token+shop_id), 5-minute window, HTTP 200 with `error`. */
export async function startShopeeContract(credentials: { partnerId: string; partnerKey: string }): Promise<ShopeeContract> {
  const tokens = new TokenBook()
  const items: Array<Record<string, unknown>> = []
  const images = new Set<string>()
  const fail = (error: string, message: string): ContractAnswer => ({ status: 200, json: { request_id: token('req'), error, message, response: null } })
  const ok = (response: unknown, extra: Record<string, unknown> = {}): ContractAnswer => ({ status: 200, json: { request_id: token('req'), error: '', message: '', response, ...extra } })

  const handle = (req: ContractRequest, now: Date): ContractAnswer => {
    const q = req.url.searchParams
    const path = req.url.pathname
    if (q.get('partner_id') !== credentials.partnerId) return fail('error_param', 'Invalid partner_id.')
    const timestamp = Number(q.get('timestamp'))
    if (!Number.isInteger(timestamp) || Math.abs(now.getTime() / 1000 - timestamp) > 300) return fail('error_param', 'Timestamp is invalid or expired (5 minutes).')
    const type = SHOPEE_PUBLIC.has(path) ? 'public' : 'shop'
    const expected = shopeeSign(
      credentials.partnerKey,
      shopeeBaseString(type, { partnerId: credentials.partnerId, path, timestamp, accessToken: q.get('access_token') ?? '', shopId: q.get('shop_id') ?? '' }),
    )
    if (!sameSignature(expected, q.get('sign') ?? '')) return fail('error_sign', 'Wrong sign.')
    const shopId = q.get('shop_id') ?? undefined
    if (type === 'shop') {
      const state = tokens.check(q.get('access_token') ?? undefined, shopId, now)
      if (state !== 'ok') return fail('invalid_acceess_token', state === 'expired' ? 'Access token is expired.' : 'Invalid access_token.')
    }
    const json = (): Record<string, unknown> => {
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) throw new Error('content-type must be application/json')
      return JSON.parse(req.raw.toString('utf8'))
    }

    switch (`${req.method} ${path}`) {
      case 'POST /api/v2/auth/access_token/get': {
        const body = json()
        const spent = tokens.spend(String(body.refresh_token), String(body.shop_id), now)
        if (spent !== 'ok') return fail('error_auth', `Invalid refresh_token (${spent}).`)
        const pair = tokens.issue(String(body.shop_id), now, 4 * 3600, 30 * 86400)
        return { status: 200, json: { request_id: token('req'), error: '', message: '', access_token: pair.accessToken, refresh_token: pair.refreshToken, expire_in: 4 * 3600, partner_id: Number(credentials.partnerId), shop_id: Number(body.shop_id) } }
      }
      case 'POST /api/v2/media_space/upload_image': {
        const parts = multipartParts(req.raw, req.headers['content-type'])
        const image = parts.get('image')
        if (!image || image.data.length === 0) return fail('error_param', 'image is required.')
        if (image.data.length > 10 * 1024 * 1024) return fail('error_param', 'Image larger than 10 MB.')
        const id = token('img')
        images.add(id)
        return ok({ image_info: { image_id: id, image_url_list: [] } })
      }
      case 'GET /api/v2/logistics/get_channel_list':
        return ok({ logistics_channel_list: [{ logistics_channel_id: 8003, logistics_channel_name: 'Reguler (Cashless)', enabled: true }, { logistics_channel_id: 8005, logistics_channel_name: 'Hemat Kargo', enabled: false }] })
      case 'POST /api/v2/product/add_item': {
        const body = json()
        const problem = shopeeItemProblem(body, images)
        if (problem) return fail('product.error_param', problem)
        const itemId = 800_000 + items.length
        items.push({ ...body, item_id: itemId, shop_id: shopId })
        return ok({ item_id: itemId, item_name: body.item_name })
      }
      case 'GET /api/v2/order/get_order_list': {
        const from = Number(q.get('time_from'))
        const to = Number(q.get('time_to'))
        if (!(from < to) || to - from > 15 * 86400) return fail('order.order_list_invalid_time', 'Start time must be earlier than end time and diff in 15days.')
        const pageSize = Number(q.get('page_size'))
        if (!(pageSize >= 1 && pageSize <= 100)) return fail('error_param', 'page_size must be 1–100.')
        const all = server.orders.filter((o) => o.shopId === shopId && o.at.getTime() / 1000 >= from && o.at.getTime() / 1000 <= to)
        const offset = Number(q.get('cursor') || '0')
        const page = all.slice(offset, offset + pageSize)
        return ok({ order_list: page.map((o) => ({ order_sn: o.id })), more: offset + pageSize < all.length, next_cursor: String(offset + pageSize) })
      }
      case 'GET /api/v2/order/get_order_detail': {
        const sns = (q.get('order_sn_list') ?? '').split(',').filter(Boolean)
        if (sns.length === 0 || sns.length > 50) return fail('error_param', 'order_sn_list must have 1–50 entries.')
        const list = server.orders.filter((o) => o.shopId === shopId && sns.includes(o.id))
        return ok({
          order_list: list.map((o) => ({ order_sn: o.id, order_status: o.cancelled ? 'CANCELLED' : 'COMPLETED', total_amount: o.totalIdr, item_list: [{ model_quantity_purchased: o.units }] })),
        })
      }
      default:
        return fail('error_not_found', `No such API: ${path}`)
    }
  }
  const server = (await startContractServer(handle)) as ShopeeContract
  return Object.assign(server, { tokens, items, images })
}

/** add_item's required fields and limits (§1.6; name 20–120, description ≤3000, images 1–9, weight 0.01–500 kg are the observed numbers). */
function shopeeItemProblem(body: Record<string, unknown>, images: Set<string>): string | null {
  for (const field of ['original_price', 'description', 'weight', 'item_name', 'logistic_info', 'category_id', 'image']) {
    if (body[field] === undefined || body[field] === null) return `${field} is required.`
  }
  const name = chars(body.item_name)
  if (name < 20 || name > 120) return `item_name length ${name} not in 20–120.`
  if (chars(body.description) < 1 || chars(body.description) > 3000) return 'description length not in 1–3000.'
  const price = body.original_price
  if (typeof price !== 'number' || !Number.isInteger(price) || price <= 0) return 'original_price must be a whole rupiah amount > 0.'
  const weight = body.weight
  if (typeof weight !== 'number' || weight < 0.01 || weight > 500) return 'weight (kg) must be 0.01–500.'
  if (!Number.isInteger(body.category_id)) return 'Invalid category id.'
  const list = (body.image as { image_id_list?: unknown }).image_id_list
  if (!Array.isArray(list) || list.length < 1 || list.length > 9) return 'image_id_list must have 1–9 images.'
  if (list.some((id) => !images.has(String(id)))) return 'Unknown image_id.'
  if (!Array.isArray(body.logistic_info) || body.logistic_info.length === 0) return 'logistic_info must enable at least one channel.'
  return null
}

// ---------------------------------------------------------------------------------------------

export interface TiktokContract extends ContractServer {
  tokens: TokenBook
  products: Array<Record<string, unknown>>
  images: Set<string>
}

/** TikTok Shop Partner API: HMAC over secret+path+sorted params+raw body+secret, ±5 min, code/message envelope. */
export async function startTiktokContract(credentials: { appKey: string; appSecret: string; shopCipher: string }): Promise<TiktokContract> {
  const tokens = new TokenBook()
  const products: Array<Record<string, unknown>> = []
  const images = new Set<string>()
  const answer = (status: number, code: number, message: string, data: unknown = null): ContractAnswer => ({ status, json: { code, message, request_id: token('req'), data } })

  const handle = (req: ContractRequest, now: Date): ContractAnswer => {
    const q = req.url.searchParams
    const path = req.url.pathname
    if (path === '/api/v2/token/refresh') {
      if (q.get('app_key') !== credentials.appKey || q.get('app_secret') !== credentials.appSecret) return answer(200, 36004001, 'Invalid app_key or app_secret.')
      if (q.get('grant_type') !== 'refresh_token') return answer(200, 36004002, 'Invalid grant_type.')
      const spent = tokens.spend(q.get('refresh_token') ?? undefined, undefined, now)
      if (spent !== 'ok') return answer(200, 36004005, `Refresh token is ${spent}.`) // [I] code
      const used = tokens.refresh.get(q.get('refresh_token')!)!
      const pair = tokens.issue(used.shopId, now, 7 * 86400, 60 * 86400)
      return answer(200, 0, 'success', {
        access_token: pair.accessToken,
        access_token_expire_in: Math.floor(pair.accessExpiresAt.getTime() / 1000),
        refresh_token: pair.refreshToken,
        refresh_token_expire_in: Math.floor(pair.refreshExpiresAt.getTime() / 1000),
      })
    }
    if (q.get('app_key') !== credentials.appKey) return answer(401, 106001, "Invalid credentials. The 'sign' query parameter is invalid")
    const timestamp = Number(q.get('timestamp'))
    if (!/^\d{10}$/.test(q.get('timestamp') ?? '') || Math.abs(now.getTime() / 1000 - timestamp) > 300) return answer(401, 106002, 'Timestamp is invalid or outside 5 minutes.') // [I] code
    const query = Object.fromEntries(q.entries())
    const expected = tiktokSign(credentials.appSecret, { path, query, body: req.raw, contentType: String(req.headers['content-type'] ?? '') })
    if (!sameSignature(expected, q.get('sign') ?? '')) return answer(401, 106001, "Invalid credentials. The 'sign' query parameter is invalid")
    const access = tokens.check(String(req.headers['x-tts-access-token'] ?? ''), undefined, now)
    if (access !== 'ok') return answer(401, access === 'expired' ? 105002 : 105001, access === 'expired' ? 'Access token is expired.' : 'Access token is invalid.')
    const needsCipher = path !== '/product/202309/images/upload'
    if (needsCipher && q.get('shop_cipher') !== credentials.shopCipher) return answer(200, 106011, 'Invalid shop_cipher.')
    const json = (): Record<string, unknown> => JSON.parse(req.raw.toString('utf8'))

    switch (`${req.method} ${path}`) {
      case 'POST /product/202309/images/upload': {
        const parts = multipartParts(req.raw, req.headers['content-type'])
        const data = parts.get('data')
        if (!data || data.data.length === 0) return answer(200, 12052001, 'data is required.')
        if (data.data.length > 5 * 1024 * 1024) return answer(200, 12052002, 'Image larger than 5 MB.')
        const uri = token('tos-alisg-i-')
        images.add(uri)
        return answer(200, 0, 'Success', { uri, url: `https://p16.example/${uri}`, width: 800, height: 800, use_case: parts.get('use_case')?.data.toString() ?? 'MAIN_IMAGE' })
      }
      case 'GET /logistics/202309/warehouses':
        return answer(200, 0, 'Success', { warehouses: [{ id: '7000714532876273410', name: 'Gudang utama', type: 'SALES_WAREHOUSE', is_default: true, effect_status: 'ENABLED' }] })
      case 'POST /product/202309/products': {
        const body = json()
        const problem = tiktokProductProblem(body, images)
        if (problem) return answer(200, 12019999, problem) // [I] code
        const productId = String(1_729_000_000_000_000 + products.length)
        products.push({ ...body, product_id: productId })
        return answer(200, 0, 'Success', { product_id: productId, skus: [{ id: `${productId}1`, seller_sku: (body.skus as Array<{ seller_sku?: string }>)[0]?.seller_sku ?? '' }], warnings: [] })
      }
      case 'POST /order/202309/orders/search': {
        const body = json()
        const ge = Number(body.create_time_ge)
        const lt = Number(body.create_time_lt)
        const pageSize = Number(q.get('page_size'))
        if (!(pageSize >= 1 && pageSize <= 100)) return answer(200, 36009003, 'page_size must be 1–100.')
        const all = server.orders.filter((o) => o.at.getTime() / 1000 >= ge && o.at.getTime() / 1000 < lt)
        const offset = Number(q.get('page_token') || '0')
        const page = all.slice(offset, offset + pageSize)
        return answer(200, 0, 'Success', {
          orders: page.map((o) => ({ id: o.id, status: o.cancelled ? 'CANCELLED' : 'COMPLETED', payment: { currency: 'IDR', total_amount: String(o.totalIdr) }, line_items: Array.from({ length: o.units }, (_, i) => ({ id: `${o.id}-${i}` })) })),
          next_page_token: offset + pageSize < all.length ? String(offset + pageSize) : '',
          total_count: all.length,
        })
      }
      default:
        return answer(404, 36009999, `No such API: ${path}`)
    }
  }
  const server = (await startContractServer(handle)) as TiktokContract
  return Object.assign(server, { tokens, products, images })
}

/** Create product's required fields and limits for Indonesia (§2.2). */
function tiktokProductProblem(body: Record<string, unknown>, images: Set<string>): string | null {
  for (const field of ['title', 'description', 'category_id', 'main_images', 'skus', 'package_weight']) if (body[field] === undefined) return `${field} is required.`
  const title = chars(body.title)
  if (title < 25 || title > 255) return `title length ${title} not in 25–255.`
  if (/[\u4e00-\u9fff]/.test(String(body.title))) return 'title must not contain Chinese characters.'
  if (chars(body.description) > 10_000) return 'description longer than 10000.'
  const main = body.main_images as Array<{ uri?: string }>
  if (!Array.isArray(main) || main.length < 1 || main.length > 9) return 'main_images must have 1–9 images.'
  if (main.some((m) => !images.has(String(m.uri)))) return 'main_images uri unknown (upload first).'
  const weight = body.package_weight as { value?: string; unit?: string }
  if (weight.unit !== 'KILOGRAM') return 'package_weight.unit must be KILOGRAM.'
  if (!(Number(weight.value) > 0)) return 'package_weight.value must be > 0.'
  const skus = body.skus as Array<{ price?: { amount?: string; currency?: string }; inventory?: Array<{ warehouse_id?: string; quantity?: number }>; seller_sku?: string }>
  if (!Array.isArray(skus) || skus.length < 1 || skus.length > 300) return 'skus must have 1–300 entries.'
  for (const sku of skus) {
    const amount = Number(sku.price?.amount)
    if (sku.price?.currency !== 'IDR' || !(amount >= 100 && amount <= 100_000_000)) return 'price.amount must be 100–100000000 IDR.'
    if (!sku.inventory?.length || sku.inventory.some((i) => !i.warehouse_id || !(Number(i.quantity) >= 0 && Number(i.quantity) <= 999_999))) return 'inventory needs warehouse_id and quantity ≤ 999999.'
    if (sku.seller_sku !== undefined && chars(sku.seller_sku) > 50) return 'seller_sku longer than 50.'
  }
  return null
}

// ---------------------------------------------------------------------------------------------

export interface TokopediaContract extends ContractServer {
  tokens: TokenBook
  products: Array<Record<string, unknown>>
  tokenCalls: number
}

/** Tokopedia legacy fs_id API: client-credentials token (Basic), Bearer on every call, header/data envelope. */
export async function startTokopediaContract(credentials: { fsId: string; clientId: string; clientSecret: string; shopId: string }): Promise<TokopediaContract> {
  const tokens = new TokenBook()
  const products: Array<Record<string, unknown>> = []
  const envelope = (status: number, data: unknown, errorCode = '', reason = ''): ContractAnswer => ({
    status,
    json: { header: { process_time: 0.01, messages: reason ? '' : 'Your request has been processed successfully', reason, error_code: errorCode }, data },
  })
  const handle = (req: ContractRequest, now: Date): ContractAnswer => {
    const q = req.url.searchParams
    const path = req.url.pathname
    if (path === '/token') {
      server.tokenCalls++
      const expected = `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64')}`
      if (req.method !== 'POST' || q.get('grant_type') !== 'client_credentials') return { status: 400, json: { error: 'unsupported_grant_type' } }
      if (req.headers.authorization !== expected) return { status: 401, json: { error: 'invalid_client', error_description: 'Client authentication failed.' } }
      const pair = tokens.issue(credentials.shopId, now, 3600, 0)
      return { status: 200, json: { access_token: pair.accessToken, expires_in: 3600, token_type: 'Bearer' } }
    }
    const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1]
    const state = tokens.check(bearer, undefined, now)
    if (state !== 'ok') return envelope(401, null, 'ERR_UNAUTHORIZED', state === 'expired' ? 'token expired' : 'invalid token')
    if (q.get('shop_id') !== credentials.shopId) return envelope(403, null, 'ERR_SHOP', 'shop is not authorised for this app')
    const create = /^\/v3\/products\/fs\/([^/]+)\/create$/.exec(path)
    if (req.method === 'POST' && create) {
      if (create[1] !== credentials.fsId) return envelope(403, null, 'ERR_FS_ID', 'invalid fs_id')
      const body = JSON.parse(req.raw.toString('utf8')) as { products?: Array<Record<string, unknown>> }
      const rows = body.products ?? []
      const success: Array<{ product_id: number; product_name: unknown }> = []
      const failed: Array<{ product_name: unknown; product_price: unknown; sku: unknown; error: string[] }> = []
      for (const row of rows) {
        const errors = tokopediaRowProblems(row)
        if (errors.length) failed.push({ product_name: row.name, product_price: row.price, sku: row.sku, error: errors })
        else {
          const id = 2_000_000 + products.length
          products.push({ ...row, product_id: id })
          success.push({ product_id: id, product_name: row.name })
        }
      }
      return envelope(200, { total_data: rows.length, success_data: success.length, fail_data: failed.length, success_rows_data: success, failed_rows_data: failed })
    }
    if (req.method === 'GET' && path === '/v2/order/list') {
      if (q.get('fs_id') !== credentials.fsId) return envelope(403, null, 'ERR_FS_ID', 'invalid fs_id')
      const from = Number(q.get('from_date'))
      const to = Number(q.get('to_date'))
      if (!(from < to) || to - from > 3 * 86400) return envelope(400, null, 'ERR_DATE_RANGE', 'date range must be at most 3 days') // [I]
      const all = server.orders.filter((o) => o.at.getTime() / 1000 >= from && o.at.getTime() / 1000 <= to)
      const perPage = Number(q.get('per_page'))
      const page = Number(q.get('page'))
      const rows = all.slice((page - 1) * perPage, page * perPage)
      return envelope(200, rows.map((o) => ({ order_id: Number(o.id.replace(/\D/g, '')) || 1, order_status: o.cancelled ? 10 : 700, amt: { ttl_product_price: o.totalIdr }, products: [{ quantity: o.units }] })))
    }
    return envelope(404, null, 'ERR_NOT_FOUND', `no such API ${path}`)
  }
  const server = (await startContractServer(handle)) as TokopediaContract
  return Object.assign(server, { tokens, products, tokenCalls: 0 })
}

/** v3 create's per-row limits (§2.1): name ≤70, description ≤2000, sku ≤50, price 100–100,000,000, weight_unit GR, pictures ≤5. */
function tokopediaRowProblems(row: Record<string, unknown>): string[] {
  const errors: string[] = []
  for (const field of ['name', 'price', 'price_currency', 'status', 'stock', 'condition', 'category_id', 'weight', 'weight_unit', 'pictures']) {
    if (row[field] === undefined || row[field] === null) errors.push(`${field} is required`)
  }
  if (chars(row.name) < 1 || chars(row.name) > 70) errors.push('name must be 1–70 characters')
  if (row.description !== undefined && chars(row.description) > 2000) errors.push('description must be at most 2000 characters')
  if (row.sku !== undefined && chars(row.sku) > 50) errors.push('sku must be at most 50 characters')
  const price = Number(row.price)
  if (!(price >= 100 && price <= 100_000_000)) errors.push('price must be 100–100000000')
  if (row.weight_unit !== 'GR') errors.push('weight_unit must be GR')
  if (!Number.isInteger(row.weight) || (row.weight as number) <= 0) errors.push('weight must be a whole number of grams > 0')
  if (!['NEW', 'USED'].includes(String(row.condition))) errors.push('condition must be NEW or USED')
  if (!['UNLIMITED', 'LIMITED', 'EMPTY'].includes(String(row.status))) errors.push('status must be UNLIMITED, LIMITED or EMPTY')
  const stock = Number(row.stock)
  if (!(stock === 0 || (stock >= 1 && stock <= 1000))) errors.push('stock must be 0 or 1–1000')
  const pictures = row.pictures as Array<{ file_path?: string }>
  if (!Array.isArray(pictures) || pictures.length < 1 || pictures.length > 5 || pictures.some((p) => !/^https?:\/\//.test(String(p.file_path)))) {
    errors.push('pictures must be 1–5 image URLs')
  }
  return errors
}

// ---------------------------------------------------------------------------------------------

export interface BlibliContract extends ContractServer {
  products: Array<Record<string, unknown>>
}

/** Blibli Seller API: Basic client auth + Api-Seller-Key, Signature over METHOD/md5(body)/content-type/date/path (5-minute window [I]). */
export async function startBlibliContract(credentials: { apiClientId: string; apiClientKey: string; signatureKey: string; storeCode: string; sellerKey: string }): Promise<BlibliContract> {
  const products: Array<Record<string, unknown>> = []
  const error = (status: number, errorCode: string, errorMessage: string): ContractAnswer => ({ status, json: { requestId: token('req'), errorCode, errorMessage, value: null } })
  const handle = (req: ContractRequest, now: Date): ContractAnswer => {
    const q = req.url.searchParams
    const path = req.url.pathname
    const basic = `Basic ${Buffer.from(`${credentials.apiClientId}:${credentials.apiClientKey}`).toString('base64')}`
    if (req.headers.authorization !== basic) return error(401, 'ERR-PA401000', 'Client credentials are invalid')
    if (req.headers['api-seller-key'] !== credentials.sellerKey) return error(401, 'ERR-PA401001', 'Api-Seller-Key is invalid')
    // The seller set a Signature Key, so Signature + Signature-Time are mandatory.
    const signature = String(req.headers.signature ?? '')
    const time = Number(req.headers['signature-time'])
    if (!signature || !Number.isFinite(time)) return error(401, 'ERR-PA401002', 'Signature is required')
    if (Math.abs(now.getTime() - time) > 5 * 60_000) return error(401, 'ERR-PA401003', 'Signature-Time is outside the allowed window')
    const contentType = req.method === 'GET' ? '' : String(req.headers['content-type'] ?? '')
    const raw = blibliRawString({ method: req.method, body: req.raw, contentType, date: blibliDate(new Date(time)), path: blibliSignedPath(path) })
    const expected = crypto.createHmac('sha256', credentials.signatureKey).update(raw, 'utf8').digest('base64')
    if (!sameSignature(expected, signature)) return error(401, 'ERR-PA401002', 'Signature is invalid')
    if (!q.get('requestId') || q.get('storeId') !== '10001' || !q.get('channelId')) return error(400, 'ERR-PA400001', 'requestId, storeId=10001 and channelId are required')
    if ((q.get('storeCode') ?? q.get('businessPartnerCode')) !== credentials.storeCode) return error(403, 'ERR-PA403001', 'storeCode does not match the Api-Seller-Key')

    if (req.method === 'POST' && path === '/v2/proxy/seller/v1/products/async') {
      const body = JSON.parse(req.raw.toString('utf8')) as { products?: Array<Record<string, unknown>> }
      const list = body.products ?? []
      const problem = blibliProblem(list)
      if (problem) return error(400, 'ERR-PA400002', problem)
      const queueId = token('queue-')
      for (const p of list) products.push({ ...p, queueId })
      return { status: 200, json: { requestId: q.get('requestId'), errorCode: null, errorMessage: null, value: { queueId } } }
    }
    if (req.method === 'GET' && path === '/v2/proxy/mta/api/businesspartner/v1/order/orderList') {
      const from = Number(q.get('filterStartDate'))
      const to = Number(q.get('filterEndDate'))
      const size = Number(q.get('size'))
      const page = Number(q.get('page'))
      const all = server.orders.filter((o) => o.at.getTime() >= from && o.at.getTime() <= to)
      const rows = all.slice(page * size, (page + 1) * size)
      return {
        status: 200,
        json: {
          requestId: q.get('requestId'),
          errorCode: null,
          errorMessage: null,
          content: rows.map((o) => ({ orderNo: o.id, orderItemNo: `${o.id}-1`, orderStatus: o.cancelled ? 'X' : 'D', qty: o.units, finalPrice: o.totalIdr })),
          pageMetaData: { page, size, totalRecords: all.length, totalPage: Math.max(1, Math.ceil(all.length / size)) },
        },
      }
    }
    return error(404, 'ERR-PA404000', `no such API ${path}`)
  }
  const server = (await startContractServer(handle)) as BlibliContract
  return Object.assign(server, { products })
}

/** Create Product V3 (§3.1): ≤10 products, unique names, description ≤5000, ≤8 images (jpg/jpeg/png/webp URL or base64), attribute values ≤255. */
function blibliProblem(list: Array<Record<string, unknown>>): string | null {
  if (list.length < 1 || list.length > 10) return 'products must have 1–10 entries'
  const names = new Set<string>()
  for (const p of list) {
    for (const field of ['name', 'description', 'categoryCode', 'productItems', 'images']) if (p[field] === undefined || p[field] === null) return `${field} is required`
    const name = String(p.name)
    if (names.has(name)) return 'product names must be unique within the request'
    names.add(name)
    if (chars(p.description) > 5000) return 'description must be at most 5000 characters'
    if (p.uniqueSellingPoint !== undefined && chars(p.uniqueSellingPoint) > 400) return 'uniqueSellingPoint must be at most 400 characters'
    const images = p.images as unknown[]
    if (!Array.isArray(images) || images.length < 1 || images.length > 8) return 'images must have 1–8 entries'
    if (images.some((i) => !/^https?:\/\//.test(String(i)) && !/^data:image\/(jpe?g|png|webp);base64,/.test(String(i)))) return 'images must be URLs or base64 jpg/jpeg/png/webp'
    for (const a of (p.attributes as Array<{ value?: string }> | undefined) ?? []) if (chars(a.value) > 255) return 'attribute values must be at most 255 characters'
    const items = p.productItems as Array<{ price?: number; stock?: number; merchantSku?: string }>
    if (!Array.isArray(items) || items.length === 0) return 'productItems must not be empty'
    for (const item of items) if (!(Number(item.price) > 0) || !(Number(item.stock) >= 0)) return 'price must be > 0 and stock ≥ 0'
  }
  return null
}
