// HTTP surface of the API connectors: app credentials per marketplace (write-only), the shop
// linked to a nomination, pushing one product and pulling a month of sales.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { MarketplaceRouteOptions } from '../marketplace.routes.ts'
import { errorResponses, IdParams, ref } from '../../../platform/http/common.schemas.ts'
import { auditContextOf } from '../../../platform/audit/audit.service.ts'
import { requireActor } from '../../../platform/auth/auth.plugin.ts'
import { localeFrom, localize } from '../../../platform/i18n/messages.ts'
import * as api from './api.service.ts'
import { ApiCodeParams, ApiCredentials, ApiCredentialsUpdate, ApiPullBody, ApiPullResult, ApiPushBody, ApiPushResult, ApiShop, ApiShopLink } from './api.schemas.ts'

const tags = ['marketplace']

export const apiRoutes: FastifyPluginAsyncTypebox<MarketplaceRouteOptions> = async (app, options) => {
  const { db, keys, config } = options
  const deps: api.ApiDeps = { db, keys, config }

  app.get(
    '/marketplaces/:code/credentials',
    {
      schema: {
        tags,
        summary: "Which API credential fields of the marketplace are set (never their values) and its linked shops; officers, and that marketplace's partners",
        params: ApiCodeParams,
        response: { 200: ref(ApiCredentials), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => api.getCredentials(db, requireActor(request), request.params.code),
  )

  app.put(
    '/marketplaces/:code/credentials',
    {
      schema: {
        tags,
        summary: 'Set (or clear with null) API credential fields; write-only, encrypted at rest, audited without values',
        params: ApiCodeParams,
        body: ref(ApiCredentialsUpdate),
        response: { 200: ref(ApiCredentials), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => api.putCredentials(db, keys, requireActor(request), auditContextOf(request), request.params.code, request.body),
  )

  app.put(
    '/marketplace/nominations/:id/shop',
    {
      schema: {
        tags,
        summary: "Link the firm's marketplace shop and its tokens to the nomination (tokens encrypted, audited without values)",
        params: IdParams,
        body: ref(ApiShopLink),
        response: { 200: ref(ApiShop), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => api.linkShop(db, keys, requireActor(request), auditContextOf(request), request.params.id, request.body),
  )

  app.post(
    '/marketplace/nominations/:id/push',
    {
      schema: {
        tags,
        summary: "Create one of the firm's products in the linked shop through the marketplace API (checked against the listing rules first; audited)",
        params: IdParams,
        body: ref(ApiPushBody),
        response: { 200: ref(ApiPushResult), ...errorResponses(400, 401, 403, 404, 409, 502) },
      },
    },
    async (request) => api.pushProduct(deps, requireActor(request), auditContextOf(request), request.params.id, request.body.productId, localeFrom(request.headers['accept-language'])),
  )

  app.post(
    '/marketplaces/:code/pull-sales',
    {
      schema: {
        tags,
        summary: "Pull a month's orders of every linked shop in scope into marketplace sales (source api; audited per row)",
        params: ApiCodeParams,
        body: ref(ApiPullBody),
        response: { 200: ref(ApiPullResult), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const locale = localeFrom(request.headers['accept-language'])
      return api.pullSales(deps, requireActor(request), auditContextOf(request), request.params.code, request.body.month, (code, params) => localize(code, locale, params))
    },
  )
}
