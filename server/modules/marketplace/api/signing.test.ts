// Every signing vector of the marketplace research (§1.2 Shopee, §2.2 TikTok Shop, §3.1 Blibli),
// copied here with its provenance. Base-string-only vectors test the base string; vectors with a
// key test the signature.
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  blibliBasicAuth,
  blibliBodyMd5,
  blibliDate,
  blibliRawString,
  blibliSign,
  blibliSignedPath,
  shopeeBaseString,
  shopeeCommonParams,
  shopeeSign,
  tiktokSign,
  tiktokStringToSign,
  tokopediaBasicAuth,
  tokopediaBearer,
} from './signing.ts'

describe('Shopee Open Platform v2 signing (§1.2)', () => {
  // Official base strings [V-off transcription of developer-guide/16], partner 2001887, timestamp 1655714431.
  const shop = { partnerId: 2001887, path: '/api/v2/shop/get_shop_info', timestamp: 1655714431, accessToken: '59777174636562737266615546704c6d', shopId: 14701711 }
  const merchant = { partnerId: 2001887, path: '/api/v2/global_product/get_category', timestamp: 1655714431, accessToken: '09777174636962737266615546704c6d', merchantId: 1000000 }
  const pub = { partnerId: 2001887, path: '/api/v2/public/get_shops_by_partner', timestamp: 1655714431 }

  it('builds the official Shop API base string', () => {
    expect(shopeeBaseString('shop', shop)).toBe('2001887/api/v2/shop/get_shop_info165571443159777174636562737266615546704c6d14701711')
  })
  it('builds the official Merchant API base string', () => {
    expect(shopeeBaseString('merchant', merchant)).toBe('2001887/api/v2/global_product/get_category165571443109777174636962737266615546704c6d1000000')
  })
  it('builds the official Public API base string', () => {
    expect(shopeeBaseString('public', pub)).toBe('2001887/api/v2/public/get_shops_by_partner1655714431')
  })

  // Complete vectors [SELF], key `test-partner-key`.
  it.each([
    ['public', pub, 'eb64c45d9acbec13d6055f604ec1e5b055977f894f80b78659ca0ac06de0d376'],
    ['shop', shop, 'faf4a60d51e5807794fd37d18f605d4e8d1370ba96d66245e23d22c77cb6f090'],
    ['merchant', merchant, '1a16a1f85cedc9c5de045657b6575e159b2620c47d8016407dde8b205e2f3f84'],
  ] as const)('signs the %s base string with test-partner-key', (type, input, expected) => {
    expect(shopeeSign('test-partner-key', shopeeBaseString(type, input))).toBe(expected)
    expect(shopeeCommonParams(type, input, 'test-partner-key').sign).toBe(expected)
  })

  it('reproduces the congminh1254/shopee-sdk vector (concatenation of its parts) [V-3p]', () => {
    const parts = ['/api/v2/auth/token/get', '123456', 'test_partner_id', 'test_shop_id', 'test_main_account_id']
    expect(shopeeSign('test_partner_key', parts.join(''))).toBe('37c864bd9821ff5f2c2f46b2faca14eb1811a718d1fdc6dcf383cba7c74bf9e9')
  })

  it('uses the partner key as UTF-8 text, never hex-decoded, and lowercase hex', () => {
    const sign = shopeeSign('00ff', 'x')
    expect(sign).toMatch(/^[0-9a-f]{64}$/)
    expect(sign).not.toBe(shopeeSign('\u0000\u00ff', 'x'))
  })

  it('refuses a shop call without token or shop id', () => {
    expect(() => shopeeBaseString('shop', pub)).toThrow(/access token/)
    expect(() => shopeeBaseString('merchant', { ...pub, accessToken: 't' })).toThrow(/merchant_id/)
  })

  it('puts the common parameters (not the key) into the query', () => {
    const params = shopeeCommonParams('shop', shop, 'test-partner-key')
    expect(Object.keys(params)).toEqual(['partner_id', 'timestamp', 'access_token', 'shop_id', 'sign'])
    expect(JSON.stringify(params)).not.toContain('test-partner-key')
  })
})

describe('TikTok Shop Partner API signing (§2.2)', () => {
  // Official complete vector [V-off transcription + SELF].
  const vector = { path: '/authorization/202309/shops', query: { app_key: '29a39d', timestamp: '1623812664' } }

  it('builds the official string to sign', () => {
    expect(tiktokStringToSign('e59af819cc', vector).toString('utf8')).toBe('e59af819cc/authorization/202309/shopsapp_key29a39dtimestamp1623812664e59af819cc')
  })
  it('reproduces the official signature b596b7…', () => {
    expect(tiktokSign('e59af819cc', vector)).toBe('b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8')
  })
  it('leaves out sign and access_token and sorts the other parameters', () => {
    const withExtra = { path: vector.path, query: { timestamp: '1623812664', sign: 'zzz', access_token: 'tok', app_key: '29a39d' } }
    expect(tiktokSign('e59af819cc', withExtra)).toBe('b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8')
  })
  it("appends the raw body as sent (the doc's Update Shop Webhook example, pre-wrap input)", () => {
    const body = '{    "address":"https://partner.tiktokshop.com",    "event_type": "PACKAGE_UPDATE"}'
    const input = {
      path: '/event/202309/webhooks',
      query: { app_key: '68xu9ks5p4i8', shop_cipher: 'ROW_xkMbgAAAeVAQra0eZWebFQq5aIK', timestamp: '1696909648' },
      body: Buffer.from(body),
      contentType: 'application/json',
    }
    const expectedPreWrap =
      '/event/202309/webhooksapp_key68xu9ks5p4i8shop_cipherROW_xkMbgAAAeVAQra0eZWebFQq5aIKtimestamp1696909648{    "address":"https://partner.tiktokshop.com",    "event_type": "PACKAGE_UPDATE"}'
    expect(tiktokStringToSign('S', input).toString('utf8')).toBe(`S${expectedPreWrap}S`)
    // Whitespace in the body matters: a re-serialised body gives another signature.
    expect(tiktokSign('S', input)).not.toBe(tiktokSign('S', { ...input, body: Buffer.from(JSON.stringify(JSON.parse(body))) }))
  })
  it('does not sign a multipart body', () => {
    const a = tiktokSign('S', { path: '/p', query: { a: '1' }, body: 'one', contentType: 'multipart/form-data; boundary=x' })
    const b = tiktokSign('S', { path: '/p', query: { a: '1' }, body: 'two', contentType: 'multipart/form-data; boundary=x' })
    expect(a).toBe(b)
    expect(a).toBe(tiktokSign('S', { path: '/p', query: { a: '1' } }))
  })
})

describe('Tokopedia legacy fs_id API auth (§2.1)', () => {
  it('sends client credentials as HTTP Basic and the token as Bearer', () => {
    expect(tokopediaBasicAuth('client', 'secret')).toBe('Basic Y2xpZW50OnNlY3JldA==')
    expect(tokopediaBearer('abc')).toBe('Bearer abc')
  })
})

describe('Blibli Seller API signature (§3.1)', () => {
  it('formats the date like Java EEE MMM dd HH:mm:ss zz yyyy in Asia/Jakarta', () => {
    expect(blibliDate(new Date('2020-05-12T09:28:52Z'))).toBe('Tue May 12 16:28:52 WIB 2020')
    expect(blibliDate(new Date('2020-12-31T20:05:09Z'))).toBe('Fri Jan 01 03:05:09 WIB 2021')
  })
  it("reproduces the documentation's raw string (md5 446b76…, /seller/v1/products/async)", () => {
    expect(
      blibliRawString({ method: 'POST', bodyMd5: '446b76099795f116e1b8c3b0d95b4226', contentType: 'application/json', date: 'Tue May 12 16:28:52 WIB 2020', path: '/seller/v1/products/async' }),
    ).toBe('POST\n446b76099795f116e1b8c3b0d95b4226\napplication/json\nTue May 12 16:28:52 WIB 2020\n/seller/v1/products/async')
  })
  it('uses md5 of the body: 99914b932bd37a50b983c5e7c90ae93b for {} [SELF], empty for none', () => {
    expect(blibliBodyMd5('{}')).toBe('99914b932bd37a50b983c5e7c90ae93b')
    expect(blibliRawString({ method: 'post', body: Buffer.from('{}'), contentType: 'application/json', date: 'Tue May 12 16:28:52 WIB 2020', path: '/seller/v1/products/async' })).toBe(
      'POST\n99914b932bd37a50b983c5e7c90ae93b\napplication/json\nTue May 12 16:28:52 WIB 2020\n/seller/v1/products/async',
    )
    expect(blibliRawString({ method: 'GET', contentType: '', date: 'D', path: '/p' })).toBe('GET\n\n\nD\n/p')
  })
  it('signs path after /proxy: /mta → /mtaapi, otherwise /seller-api/api prefix (official Java client)', () => {
    expect(blibliSignedPath('/v2/proxy/mta/api/businesspartner/v1/product/createProduct')).toBe('/mtaapi/api/businesspartner/v1/product/createProduct')
    expect(blibliSignedPath('/v2/proxy/seller/v1/products/async')).toBe('/seller-api/api/seller/v1/products/async')
  })
  it('signs as base64 HMAC-SHA256 (no published key+signature vector: checked against an independent computation)', () => {
    const raw = 'POST\n99914b932bd37a50b983c5e7c90ae93b\napplication/json\nTue May 12 16:28:52 WIB 2020\n/seller/v1/products/async'
    const sign = blibliSign('secret', raw)
    expect(sign).toMatch(/^[A-Za-z0-9+/]{43}=$/)
    expect(Buffer.from(sign, 'base64').toString('hex')).toBe(shaHmacHex('secret', raw))
    expect(blibliBasicAuth('id', 'key')).toBe('Basic aWQ6a2V5')
  })
})

// An independent HMAC (Web Crypto would be async; this uses node:crypto's one-shot API differently).
function shaHmacHex(key: string, text: string): string {
  const h = createHmac('sha256', key)
  for (const ch of Buffer.from(text, 'utf8')) h.update(Buffer.of(ch))
  return h.digest('hex')
}
