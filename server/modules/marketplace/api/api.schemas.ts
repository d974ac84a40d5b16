import { Type, type TSchema } from '@sinclair/typebox'

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
const Url = Type.String({ pattern: '^https?://', maxLength: 300 })

export const ApiCodeParams = Type.Object({ code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,30}$', description: 'shopee, tiktok_shop, tokopedia, blibli' }) }, { additionalProperties: false })

export const ApiShop = Type.Object(
  {
    nominationId: Type.String(),
    firmId: Type.String(),
    firmName: Type.String(),
    shopId: Type.String(),
    hasAccessToken: Type.Boolean(),
    hasRefreshToken: Type.Boolean(),
    accessExpiresAt: Nullable(Type.String({ format: 'date-time' })),
    refreshExpiresAt: Nullable(Type.String({ format: 'date-time' })),
    tokenVersion: Type.Integer(),
    lastRefreshedAt: Nullable(Type.String({ format: 'date-time' })),
    linkedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'ApiShop' },
)

export const ApiCredentials = Type.Object(
  {
    marketplaceCode: Type.String(),
    fields: Type.Array(Type.Object({ name: Type.String(), label: Type.String(), required: Type.Boolean(), set: Type.Boolean() }), {
      description: 'Which fields are set; values are never returned',
    }),
    complete: Type.Boolean(),
    baseUrl: Nullable(Type.String()),
    authBaseUrl: Nullable(Type.String()),
    updatedAt: Nullable(Type.String({ format: 'date-time' })),
    updatedBy: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
    shopTokens: Type.Union([Type.Literal('oauth'), Type.Literal('client_credentials'), Type.Literal('seller_key')]),
    shops: Type.Array(Type.Ref('ApiShop')),
  },
  { $id: 'ApiCredentials' },
)

export const ApiCredentialsUpdate = Type.Object(
  {
    fields: Type.Optional(Type.Record(Type.String({ pattern: '^[a-zA-Z]{2,40}$' }), Nullable(Type.String({ maxLength: 2000 })), { description: 'Field → value; null clears; absent keeps' })),
    baseUrl: Type.Optional(Nullable(Url)),
    authBaseUrl: Type.Optional(Nullable(Url)),
  },
  { $id: 'ApiCredentialsUpdate', additionalProperties: false },
)

export const ApiShopLink = Type.Object(
  {
    shopId: Type.String({ minLength: 1, maxLength: 100, description: 'Shopee shop_id, TikTok Shop shop_cipher, Tokopedia shop_id, Blibli store code' }),
    accessToken: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 4000, description: 'Blibli: the Api-Seller-Key' }))),
    refreshToken: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 4000 }))),
    accessExpiresAt: Type.Optional(Nullable(Type.String({ format: 'date-time' }))),
    refreshExpiresAt: Type.Optional(Nullable(Type.String({ format: 'date-time' }))),
  },
  { $id: 'ApiShopLink', additionalProperties: false },
)

export const ApiPushBody = Type.Object({ productId: Type.String({ format: 'uuid' }) }, { $id: 'ApiPushBody', additionalProperties: false })

export const ApiPushResult = Type.Object(
  {
    nominationId: Type.String(),
    productId: Type.String(),
    marketplaceCode: Type.String(),
    remoteId: Type.String(),
    status: Type.Union([Type.Literal('created'), Type.Literal('queued')]),
  },
  { $id: 'ApiPushResult' },
)

export const ApiPullBody = Type.Object({ month: Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' }) }, { $id: 'ApiPullBody', additionalProperties: false })

export const ApiPullResult = Type.Object(
  {
    marketplaceCode: Type.String(),
    month: Type.String(),
    items: Type.Array(
      Type.Object({
        nominationId: Type.String(),
        firmId: Type.String(),
        firmName: Type.String(),
        ok: Type.Boolean(),
        gmvIdr: Nullable(Type.Number()),
        orders: Nullable(Type.Integer()),
        units: Nullable(Type.Integer()),
        error: Nullable(Type.Object({ code: Type.String(), message: Type.String() })),
      }),
    ),
  },
  { $id: 'ApiPullResult' },
)

export const apiSchemas: TSchema[] = [ApiShop, ApiCredentials, ApiCredentialsUpdate, ApiShopLink, ApiPushBody, ApiPushResult, ApiPullBody, ApiPullResult]
