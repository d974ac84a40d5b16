import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { RegistryRouteOptions } from '../registry.routes.ts'

// Routes of the registry's imports (registered by registry.routes.ts under /api).
export const importsRoutes: FastifyPluginAsyncTypebox<RegistryRouteOptions> = async () => {}
