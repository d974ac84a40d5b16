import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import { fileURLToPath } from 'node:url'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { sql } from 'kysely'
import cookie from '@fastify/cookie'
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import fastifyStatic from '@fastify/static'
import type { Config } from './config.ts'
import type { Database } from './db/database.ts'
import type { Keys } from './platform/secrets.ts'
import { AppError } from './platform/errors.ts'
import { ErrorResponse } from './platform/http/common.schemas.ts'
import { installErrorHandling } from './platform/http/error-handler.ts'
import { authPlugin } from './platform/auth/auth.plugin.ts'
import { authRoutes } from './platform/auth/auth.routes.ts'
import { accessPlugin } from './platform/access/access.plugin.ts'
import { auditRoutes, auditSchemas } from './platform/audit/audit.routes.ts'
import { authSchemas } from './platform/auth/auth.schemas.ts'
import { identityRoutes, identitySchemas } from './modules/identity/index.ts'
import { referenceRoutes } from './modules/reference/index.ts'
import { registryRoutes, registrySchemas, startDuplicateWorker, type DuplicateWorker } from './modules/registry/index.ts'
import { assessmentAllSchemas, assessmentRoutes, startRollupWorker, type RollupWorker } from './modules/assessment/index.ts'
import { marketplaceAllSchemas, marketplaceRoutes } from './modules/marketplace/index.ts'
import { notificationsRoutes, senderOf, startEmailWorker, transportFor, type EmailWorker } from './platform/outbox/index.ts'

declare module 'fastify' {
  interface FastifyInstance {
    registeredRoutes: ReadonlyArray<{ method: string; url: string }>
  }
}

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/dist')

export interface AppOptions {
  config: Config
  db: Database
  keys: Keys
  /** Fastify/pino logger options; false for silence (tests). */
  logger?: FastifyServerOptions['logger']
  /** Directory of the built web app; served at `/` when it exists. */
  webDist?: string
  /** Background work in this process (the duplicate finder); off in tests that drive it themselves. */
  backgroundJobs?: boolean
}

/** Log options: structured JSON with request ids, and never credentials or personal data. */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
    serializers: {
      // Query strings may carry search terms typed by users; log the path only.
      req: (req: { method: string; url: string; id: string; ip?: string }) => ({
        method: req.method,
        url: req.url.split('?')[0],
        id: req.id,
        ip: req.ip,
      }),
    },
  }
}

/** Builds the whole HTTP application without listening (tests inject; the CLI listens). */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, db, keys } = options
  const serverOptions: FastifyServerOptions = {
    logger: options.logger ?? false,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
    // Trust X-Forwarded-For only from the configured number of proxy hops (ASVS 4.1.3).
    trustProxy: (_address: string, hop: number) => hop < config.trustProxy,
    bodyLimit: 1024 * 1024,
    requestTimeout: 120_000,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
  }
  const app = Fastify(serverOptions).withTypeProvider<TypeBoxTypeProvider>()

  // Every route as registered, for the access-matrix test and tooling.
  const routes: Array<{ method: string; url: string }> = []
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url })
  })
  app.decorate('registeredRoutes', routes)

  installErrorHandling(app)
  // Shared contracts live at the root so every module can reference them (and OpenAPI lists them once).
  for (const schema of [ErrorResponse, ...authSchemas, ...identitySchemas, ...auditSchemas, ...registrySchemas, ...assessmentAllSchemas, ...marketplaceAllSchemas]) app.addSchema(schema)

  await app.register(cookie)
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  })
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimit.apiPerMinute,
    timeWindow: '1 minute',
    errorResponseBuilder: (_request, context) =>
      new AppError('RATE_LIMITED', 429, { seconds: Math.max(1, Math.ceil(context.ttl / 1000)) }),
  })

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Pulih API',
        version: '1',
        description:
          'API of Pulih, the recovery platform for small and medium industries (IKM). Errors carry a stable `code` and a `message` in the language of `Accept-Language` (id by default, en). State-changing requests with the session cookie must carry `X-CSRF-Token` from `GET /api/auth/csrf`; partner systems use `Authorization: Bearer <API token>`.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'pulih_session' },
          apiToken: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { apiToken: [] }],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (json.$id as string) ?? `def-${i}` },
  })
  if (config.apiDocs) {
    await app.register(swaggerUi, {
      routePrefix: '/api/docs',
      uiConfig: { docExpansion: 'list', validatorUrl: null },
      // Swagger UI brings its own hashed CSP; tighten it to this site only, never framed.
      staticCSP: true,
      transformStaticCSP: (header) =>
        header
          .replace("frame-ancestors 'self'", "frame-ancestors 'none'")
          .replace(/ https:/g, '')
          .replace(' validator.swagger.io', '')
          .replace(' upgrade-insecure-requests;', ''),
    })
  }

  await app.register(authPlugin, { db, config, keys })
  await app.register(accessPlugin, { db })

  // Graceful shutdown: `return503OnClosing` refuses new requests and 'idle' connections close at
  // once; answers to requests still in flight ask the client to close too, so a kept-alive socket
  // does not hold the server open until its keep-alive timeout.
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })

  app.addHook('onSend', async (request, reply, payload) => {
    if (closing) reply.header('connection', 'close')
    // API answers may carry personal data: no intermediary or browser cache may keep them.
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store')
    return payload
  })

  app.get(
    '/api/health',
    {
      config: { rateLimit: false },
      schema: {
        tags: ['platform'],
        summary: 'Liveness and database reachability',
        response: { 200: Type.Object({ status: Type.Literal('ok') }), 503: Type.Object({ status: Type.Literal('unavailable') }) },
      },
    },
    async (_request, reply) => {
      try {
        await sql`SELECT 1`.execute(db)
        return { status: 'ok' as const }
      } catch {
        return reply.code(503).send({ status: 'unavailable' as const })
      }
    },
  )

  app.get(
    '/api/openapi.json',
    { schema: { tags: ['platform'], summary: 'This OpenAPI document', hide: true } },
    async () => app.swagger(),
  )

  await app.register(authRoutes, { prefix: '/api', db, config, keys })
  await app.register(identityRoutes, { prefix: '/api', db, config, keys })
  await app.register(auditRoutes, { prefix: '/api', db })
  await app.register(referenceRoutes, { prefix: '/api', db })
  await app.register(registryRoutes, { prefix: '/api', db, keys, config })
  await app.register(notificationsRoutes, { prefix: '/api', db })
  await app.register(assessmentRoutes, { prefix: '/api', db, config })
  await app.register(marketplaceRoutes, { prefix: '/api', db, config, keys })

  if (options.backgroundJobs !== false) {
    let duplicateWorker: DuplicateWorker | undefined
    let rollupWorker: RollupWorker | undefined
    let emailWorker: EmailWorker | undefined
    app.addHook('onReady', async () => {
      duplicateWorker = startDuplicateWorker(db, { onError: (err) => app.log.error({ err }, 'checking firms for duplicates failed') })
      rollupWorker = startRollupWorker(db, { onError: (err) => app.log.error({ err }, 'updating the dashboard rollups failed') })
      emailWorker = startEmailWorker(db, transportFor(config), { from: senderOf(config), onError: (err) => app.log.error({ err }, 'delivering queued e-mail failed') })
    })
    app.addHook('onClose', async () => {
      await duplicateWorker?.stop()
      await rollupWorker?.stop()
      await emailWorker?.stop()
    })
  }

  const webDist = options.webDist ?? WEB_DIST
  const indexHtml = path.join(webDist, 'index.html')
  if (fs.existsSync(indexHtml)) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: true,
      index: ['index.html'],
      dotfiles: 'deny',
      setHeaders: (reply, filePath) => {
        // Vite names assets by content hash: they never change. The page itself is revalidated.
        reply.header('cache-control', filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache')
      },
    })
  }
  app.setNotFoundHandler((request, reply) => {
    // The web app routes on the client: unknown non-API pages get its index.html.
    if (request.method === 'GET' && !request.url.startsWith('/api/') && fs.existsSync(indexHtml)) {
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(fs.readFileSync(indexHtml))
    }
    throw new AppError('NOT_FOUND', 404)
  })

  return app as unknown as FastifyInstance
}
