// HTTP surface of the listings part: category mapping, listing check, attribute values, the
// bulk-upload export and the public (signed, expiring) photo links the export points to.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { MarketplaceRouteOptions } from '../marketplace.routes.ts'
import { errorResponses, IdParams, NoContent, ref } from '../../../platform/http/common.schemas.ts'
import { auditContextOf } from '../../../platform/audit/audit.service.ts'
import { requireActor } from '../../../platform/auth/auth.plugin.ts'
import { localeFrom } from '../../../platform/i18n/messages.ts'
import { requirePermission } from '../../../platform/access/policy.ts'
import * as listings from './listings.service.ts'
import {
  CategoryMapping,
  CategoryMappingCreate,
  CategoryMappingList,
  CategoryMappingUpdate,
  CategoryQuery,
  ListingExportQuery,
  ListingPage,
  ListingQuery,
  ListingRulesList,
  PhotoTokenParams,
  ProductAttributes,
  ProductAttributesParams,
  ProductAttributesUpdate,
} from './listings.schemas.ts'

const tags = ['marketplace']
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export const listingsRoutes: FastifyPluginAsyncTypebox<MarketplaceRouteOptions> = async (app, options) => {
  const { db } = options
  const deps: listings.ListingDeps = { db, config: options.config, keys: options.keys }

  app.get(
    '/marketplace/listing-rules',
    { schema: { tags, summary: "Each marketplace's listing rules as data, with where each number comes from", response: { 200: ref(ListingRulesList), ...errorResponses(401, 403) } } },
    async (request) => {
      requirePermission(requireActor(request), 'marketplace.read')
      return listings.listingRules()
    },
  )

  app.get(
    '/marketplace/categories',
    {
      schema: {
        tags,
        summary: 'Category mappings (HS/KBLI → marketplace category); a partner sees its own marketplace',
        querystring: CategoryQuery,
        response: { 200: ref(CategoryMappingList), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => ({ items: await listings.listCategories(db, requireActor(request), request.query) }),
  )

  app.post(
    '/marketplace/categories',
    {
      schema: {
        tags,
        summary: 'Add a category mapping (officers; partners for their own marketplace; audited)',
        body: ref(CategoryMappingCreate),
        response: { 201: ref(CategoryMapping), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await listings.createCategory(db, requireActor(request), auditContextOf(request), request.body)),
  )

  app.patch(
    '/marketplace/categories/:id',
    {
      schema: {
        tags,
        summary: 'Change a category mapping (audited with before and after)',
        params: IdParams,
        body: ref(CategoryMappingUpdate),
        response: { 200: ref(CategoryMapping), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => listings.updateCategory(db, requireActor(request), auditContextOf(request), request.params.id, request.body),
  )

  app.delete(
    '/marketplace/categories/:id',
    { schema: { tags, summary: 'Remove a category mapping (audited)', params: IdParams, response: { 204: NoContent, ...errorResponses(401, 403, 404) } } },
    async (request, reply) => {
      await listings.deleteCategory(db, requireActor(request), auditContextOf(request), request.params.id)
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/marketplace/listings',
    {
      schema: {
        tags,
        summary: "Products in scope checked against a marketplace's rules: status (ready / needs fixing / not listable) and what to fix",
        querystring: ListingQuery,
        response: { 200: ref(ListingPage), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => listings.checkListings(db, requireActor(request), request.query, localeFrom(request.headers['accept-language'])),
  )

  app.get(
    '/marketplace/listings/export',
    {
      schema: {
        tags,
        summary:
          "The valid products in scope as the marketplace's bulk-upload XLSX (its template's sheet, header rows and columns; weight in its unit; photos as signed links valid 30 days); products left out are listed in a second sheet. Refused (409) for a closed marketplace. Audited.",
        querystring: ListingExportQuery,
        produces: [XLSX],
        response: errorResponses(400, 401, 403, 404, 409),
      },
    },
    async (request, reply) => {
      const file = await listings.exportListings(deps, requireActor(request), auditContextOf(request), request.query, localeFrom(request.headers['accept-language']))
      reply.header('content-disposition', `attachment; filename="${file.fileName}"`)
      reply.header('x-pulih-written', String(file.written))
      reply.header('x-pulih-skipped', String(file.skipped.length))
      return reply.type(XLSX).send(file.data)
    },
  )

  app.patch(
    '/marketplace/products/:productId/attributes',
    {
      schema: {
        tags,
        summary: "Set a product's attribute values for one marketplace (the firm owner and officers of its region; audited)",
        params: ProductAttributesParams,
        body: ref(ProductAttributesUpdate),
        response: { 200: ref(ProductAttributes), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => listings.setAttributes(db, requireActor(request), auditContextOf(request), request.params.productId, request.body),
  )

  app.get(
    '/public/product-photos/:token',
    {
      schema: {
        tags,
        summary: 'A product photo through a signed link from a listings export (no sign-in; the link expires after 30 days)',
        params: PhotoTokenParams,
        produces: ['image/jpeg', 'image/webp'],
        response: errorResponses(404, 410),
      },
      // After the app-wide no-store hook: marketplaces may cache the picture, which never changes.
      onSend: async (_request, reply, payload) => {
        if (reply.statusCode === 200) reply.header('cache-control', 'public, max-age=86400')
        return payload
      },
    },
    async (request, reply) => {
      const photo = await listings.readLinkedPhoto(deps, request.params.token)
      return reply
        .type(photo.mime)
        .header('x-content-type-options', 'nosniff')
        .header('cross-origin-resource-policy', 'cross-origin')
        .header('expires', photo.expiresAt.toUTCString())
        .send(photo.data)
    },
  )
}
