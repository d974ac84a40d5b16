// Pure request-signing functions of the four marketplace APIs the connectors talk to. No I/O, no
// clock: the caller passes the timestamp. Facts (copied from the project's marketplace research,
// 2026, "marketplace integration research" §1.2 Shopee, §2.1 Tokopedia, §2.2 TikTok Shop, §3.1
// Blibli; tags [V-off] official, [V-3p] third party, [SELF] computed locally):
// - Shopee Open Platform v2 [V-off transcription of open.shopee.com developer-guide/16]:
//   base = partner_id + api_path + timestamp (+ access_token + shop_id | merchant_id),
//   sign = lowercase hex HMAC-SHA256(key = partner_key as UTF-8, base).
// - TikTok Shop Partner API [V-off transcription of partner.tiktokshop.com sign-your-api-request]:
//   query params except sign/access_token sorted by key, `{k}{v}` joined, path prepended, raw body
//   appended unless multipart, wrapped in app_secret; lowercase hex HMAC-SHA256(app_secret, input).
// - Tokopedia legacy fs_id API [V-3p]: no request signature; client-credentials token with HTTP
//   Basic client_id:client_secret, then `Authorization: Bearer <token>`.
// - Blibli Seller API [V-off bliblidotcom/seller-api-client-java SignatureGenerator]:
//   raw = METHOD \n md5hex(body) \n content-type \n date \n url-path,
//   Signature = base64(HMAC-SHA256(signatureKey, raw)), Signature-Time = epoch millis.
import crypto from 'node:crypto'

const hmacHex = (key: string, message: string | Buffer): string => crypto.createHmac('sha256', Buffer.from(key, 'utf8')).update(message).digest('hex')

// ---------------------------------------------------------------------------------------------
// Shopee

export type ShopeeApiType = 'public' | 'shop' | 'merchant'

export interface ShopeeSignInput {
  partnerId: string | number
  /** Path without host, e.g. /api/v2/product/add_item. */
  path: string
  /** Unix seconds. */
  timestamp: number
  accessToken?: string
  shopId?: string | number
  merchantId?: string | number
}

/**
 * Shopee's base string: plain concatenation, no separators, in the documented order.
 * Example: shopeeBaseString('public', { partnerId: 2001887, path: '/api/v2/public/get_shops_by_partner', timestamp: 1655714431 })
 *   === '2001887/api/v2/public/get_shops_by_partner1655714431'
 */
export function shopeeBaseString(type: ShopeeApiType, input: ShopeeSignInput): string {
  const head = `${input.partnerId}${input.path}${input.timestamp}`
  if (type === 'public') return head
  if (!input.accessToken) throw new Error(`a Shopee ${type} API call needs an access token`)
  const id = type === 'shop' ? input.shopId : input.merchantId
  if (id === undefined || id === '') throw new Error(`a Shopee ${type} API call needs a ${type === 'shop' ? 'shop_id' : 'merchant_id'}`)
  return `${head}${input.accessToken}${id}`
}

/**
 * Shopee `sign`: lowercase hex HMAC-SHA256 of the base string, keyed with the partner key's UTF-8 bytes.
 * Example: shopeeSign('test-partner-key', '2001887/api/v2/public/get_shops_by_partner1655714431')
 *   === 'eb64c45d9acbec13d6055f604ec1e5b055977f894f80b78659ca0ac06de0d376'
 */
export function shopeeSign(partnerKey: string, baseString: string): string {
  return hmacHex(partnerKey, baseString)
}

/** Shopee's signed common query parameters for one call. Example: shopeeCommonParams('shop', {...}, key) → { partner_id, timestamp, access_token, shop_id, sign } */
export function shopeeCommonParams(type: ShopeeApiType, input: ShopeeSignInput, partnerKey: string): Record<string, string> {
  const params: Record<string, string> = { partner_id: String(input.partnerId), timestamp: String(input.timestamp) }
  if (type !== 'public') params.access_token = input.accessToken!
  if (type === 'shop') params.shop_id = String(input.shopId)
  if (type === 'merchant') params.merchant_id = String(input.merchantId)
  params.sign = shopeeSign(partnerKey, shopeeBaseString(type, input))
  return params
}

// ---------------------------------------------------------------------------------------------
// TikTok Shop

export interface TiktokSignInput {
  /** Path without host, e.g. /product/202309/products. */
  path: string
  /** All query parameters that will be sent (sign and access_token are left out here). */
  query: Record<string, string>
  /** The exact body bytes sent; undefined/empty for none. Not signed for multipart/form-data. */
  body?: Buffer | string
  contentType?: string
}

/**
 * TikTok Shop's string to sign (before HMAC): secret + path + sorted `{k}{v}` + raw body + secret.
 * Example: tiktokStringToSign('e59af819cc', { path: '/authorization/202309/shops', query: { app_key: '29a39d', timestamp: '1623812664' } })
 *   === 'e59af819cc/authorization/202309/shopsapp_key29a39dtimestamp1623812664e59af819cc'
 */
export function tiktokStringToSign(appSecret: string, input: TiktokSignInput): Buffer {
  const keys = Object.keys(input.query)
    .filter((k) => k !== 'sign' && k !== 'access_token')
    .sort()
  let text = input.path + keys.map((k) => `${k}${input.query[k]}`).join('')
  const multipart = (input.contentType ?? '').toLowerCase().startsWith('multipart/form-data')
  const body = !multipart && input.body !== undefined ? (typeof input.body === 'string' ? Buffer.from(input.body, 'utf8') : input.body) : Buffer.alloc(0)
  return Buffer.concat([Buffer.from(appSecret + text, 'utf8'), body, Buffer.from(appSecret, 'utf8')])
}

/**
 * TikTok Shop `sign`: lowercase hex HMAC-SHA256(app_secret, string to sign).
 * Example: tiktokSign('e59af819cc', { path: '/authorization/202309/shops', query: { app_key: '29a39d', timestamp: '1623812664' } })
 *   === 'b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8'
 */
export function tiktokSign(appSecret: string, input: TiktokSignInput): string {
  return hmacHex(appSecret, tiktokStringToSign(appSecret, input))
}

// ---------------------------------------------------------------------------------------------
// Tokopedia (legacy fs_id Open API)

/**
 * The HTTP Basic header of Tokopedia's client-credentials token request.
 * Example: tokopediaBasicAuth('client', 'secret') === 'Basic Y2xpZW50OnNlY3JldA=='
 */
export function tokopediaBasicAuth(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`, 'utf8').toString('base64')}`
}

/** The Bearer header of every fs_id API call. Example: tokopediaBearer('abc') === 'Bearer abc' */
export function tokopediaBearer(accessToken: string): string {
  return `Bearer ${accessToken}`
}

// ---------------------------------------------------------------------------------------------
// Blibli

const JAKARTA_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const JAKARTA_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * Java's `EEE MMM dd HH:mm:ss zz yyyy` in Asia/Jakarta (UTC+7 all year, no DST).
 * Example: blibliDate(new Date('2020-05-12T09:28:52Z')) === 'Tue May 12 16:28:52 WIB 2020'
 */
export function blibliDate(at: Date): string {
  const t = new Date(at.getTime() + 7 * 3_600_000)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${JAKARTA_DAYS[t.getUTCDay()]} ${JAKARTA_MONTHS[t.getUTCMonth()]} ${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())} WIB ${t.getUTCFullYear()}`
}

/**
 * The path Blibli signs: the part after `/proxy`, with `/mta` → `/mtaapi`, else prefixed `/seller-api/api`.
 * Example: blibliSignedPath('/v2/proxy/mta/api/businesspartner/v1/product/x') === '/mtaapi/api/businesspartner/v1/product/x'
 */
export function blibliSignedPath(requestPath: string): string {
  const index = requestPath.indexOf('/proxy')
  const rest = index >= 0 ? requestPath.slice(index + '/proxy'.length) : requestPath
  if (rest.startsWith('/mta/')) return `/mtaapi${rest.slice('/mta'.length)}`
  return `/seller-api/api${rest}`
}

export interface BlibliRawInput {
  method: string
  /** Exact body bytes; undefined for none (md5 part is then empty). */
  body?: Buffer | string
  /** The body's md5 when only that is known (overrides `body`). */
  bodyMd5?: string
  /** '' for GET, else application/json. */
  contentType: string
  /** blibliDate() of the request time. */
  date: string
  /** The signed url-path (blibliSignedPath()). */
  path: string
}

/** md5 hex of the body, '' when there is none. Example: blibliBodyMd5('{}') === '99914b932bd37a50b983c5e7c90ae93b' */
export function blibliBodyMd5(body: Buffer | string | undefined): string {
  if (body === undefined || body.length === 0) return ''
  return crypto.createHash('md5').update(body).digest('hex')
}

/**
 * Blibli's raw string.
 * Example: blibliRawString({ method: 'POST', body: '{}', contentType: 'application/json', date: 'Tue May 12 16:28:52 WIB 2020', path: '/seller/v1/products/async' })
 *   === 'POST\n99914b932bd37a50b983c5e7c90ae93b\napplication/json\nTue May 12 16:28:52 WIB 2020\n/seller/v1/products/async'
 */
export function blibliRawString(input: BlibliRawInput): string {
  return [input.method.toUpperCase(), input.bodyMd5 ?? blibliBodyMd5(input.body), input.contentType, input.date, input.path].join('\n')
}

/** Blibli `Signature`: base64 HMAC-SHA256(signatureKey, raw string). Example: blibliSign('k', 'POST\n…') → 'Nswu…=' (44 chars) */
export function blibliSign(signatureKey: string, rawString: string): string {
  return crypto.createHmac('sha256', Buffer.from(signatureKey, 'utf8')).update(rawString, 'utf8').digest('base64')
}

/** Blibli's per-request auth header. Example: blibliBasicAuth('id', 'key') === 'Basic aWQ6a2V5' */
export function blibliBasicAuth(apiClientId: string, apiClientKey: string): string {
  return `Basic ${Buffer.from(`${apiClientId}:${apiClientKey}`, 'utf8').toString('base64')}`
}

/** Constant-time comparison of two signatures (as text). */
export function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8')
  const y = Buffer.from(b, 'utf8')
  return x.length === y.length && crypto.timingSafeEqual(x, y)
}
