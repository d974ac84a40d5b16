import multipart from '@fastify/multipart'
import fp from 'fastify-plugin'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { RegistryRouteOptions } from '../registry.routes.ts'
import { errorResponses, IdParams, NoContent, ref } from '../../../platform/http/common.schemas.ts'
import { auditContextOf } from '../../../platform/audit/audit.service.ts'
import { AppError } from '../../../platform/errors.ts'
import * as products from './products.service.ts'
import {
  PHOTO_MAX_BYTES,
  PHOTOS_PER_PRODUCT,
  PhotoParams,
  PhotoQuery,
  Product,
  ProductCreate,
  ProductList,
  ProductParams,
  ProductPhoto,
  ProductUpdate,
} from './products.schemas.ts'

const tags = ['registry']

const routes: FastifyPluginAsyncTypebox<RegistryRouteOptions> = async (app, options) => {
  const { db } = options
  const deps: products.ProductDeps = { db, dataDir: options.config.dataDir }

  // Multipart parsing lives in this plugin's scope only: no other route accepts file uploads
  // through it. One file per request, and busboy stops reading one byte past the limit.
  await app.register(multipart, { limits: { fileSize: PHOTO_MAX_BYTES, files: 1, fields: 10, parts: 20, fieldSize: 1024 } })

  app.get(
    '/firms/:id/products',
    {
      schema: {
        tags,
        summary: "A firm's products with their photos (who may see the firm)",
        params: IdParams,
        response: { 200: ref(ProductList), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => ({ items: await products.listProducts(db, request.actor, request.params.id) }),
  )

  app.post(
    '/firms/:id/products',
    {
      schema: {
        tags,
        summary: "Add a product to a firm (who may change the firm's record)",
        params: IdParams,
        body: ref(ProductCreate),
        response: { 201: ref(Product), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await products.createProduct(db, request.actor, auditContextOf(request), request.params.id, request.body)),
  )

  app.get(
    '/products/:productId',
    { schema: { tags, summary: 'One product', params: ProductParams, response: { 200: ref(Product), ...errorResponses(401, 403, 404) } } },
    async (request) => products.getProduct(db, request.actor, request.params.productId),
  )

  app.patch(
    '/products/:productId',
    {
      schema: {
        tags,
        summary: 'Change a product (audited with before and after)',
        params: ProductParams,
        body: ref(ProductUpdate),
        response: { 200: ref(Product), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => products.updateProduct(db, request.actor, auditContextOf(request), request.params.productId, request.body),
  )

  app.delete(
    '/products/:productId',
    {
      schema: {
        tags,
        summary: 'Delete a product with its photos',
        params: ProductParams,
        response: { 204: NoContent, ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await products.deleteProduct(deps, request.actor, auditContextOf(request), request.params.productId)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/products/:productId/photos',
    {
      schema: {
        tags,
        summary: `Upload a product photo: multipart/form-data with one file (JPEG, PNG or WebP by content; at most ${PHOTO_MAX_BYTES / (1024 * 1024)} MB; ${PHOTOS_PER_PRODUCT} per product)`,
        consumes: ['multipart/form-data'],
        params: ProductParams,
        response: { 201: ref(ProductPhoto), ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const readUpload = async () => {
        if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 415)
        try {
          const file = await request.file()
          return file ? await file.toBuffer() : undefined
        } catch (error) {
          if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw products.photoTooLarge()
          throw error
        }
      }
      return reply.code(201).send(await products.addPhoto(deps, request.actor, auditContextOf(request), request.params.productId, readUpload))
    },
  )

  app.get(
    '/products/:productId/photos/:photoId',
    {
      schema: {
        tags,
        summary: 'A product photo (the stored original, or `?size=thumb` for the thumbnail)',
        params: PhotoParams,
        querystring: PhotoQuery,
        produces: ['image/jpeg', 'image/webp'],
        response: errorResponses(401, 403, 404),
      },
      // Runs after the app-wide hook that marks API answers no-store: a picture may be kept by
      // the browser of the person who saw it (never by shared caches), and it never changes.
      onSend: async (request, reply, payload) => {
        if (reply.statusCode === 200) reply.header('cache-control', 'private, max-age=3600')
        return payload
      },
    },
    async (request, reply) => {
      const { productId, photoId } = request.params
      const photo = await products.readPhoto(deps, request.actor, productId, photoId, request.query.size ?? 'original')
      return reply
        .type(photo.mime)
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', `inline; filename="${photo.filename}"`)
        .send(photo.data)
    },
  )

  app.delete(
    '/products/:productId/photos/:photoId',
    {
      schema: { tags, summary: 'Remove a product photo', params: PhotoParams, response: { 204: NoContent, ...errorResponses(401, 403, 404) } },
    },
    async (request, reply) => {
      await products.deletePhoto(deps, request.actor, auditContextOf(request), request.params.productId, request.params.photoId)
      return reply.code(204).send(null)
    },
  )
}

/**
 * Routes of the registry's products (registered by registry.routes.ts under /api). The registry
 * hands on its own options, `prefix: '/api'` included, which would put these routes under
 * /api/api: as a skip-override plugin this wrapper ignores that prefix and keeps the registry's,
 * and the inner registration keeps multipart parsing encapsulated to the product routes.
 */
export const productsRoutes = fp<RegistryRouteOptions>(
  async (app, options) => {
    await app.register(routes, { db: options.db, keys: options.keys, config: options.config })
  },
  { name: 'pulih-registry-products', fastify: '5.x' },
)
