import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { RegistryRouteOptions } from '../registry.routes.ts'

// Routes of the registry's products (registered by registry.routes.ts under /api).
export const productsRoutes: FastifyPluginAsyncTypebox<RegistryRouteOptions> = async () => {}
