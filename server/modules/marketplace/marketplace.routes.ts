import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Database } from '../../db/database.ts'
import type { Config } from '../../config.ts'
import type { Keys } from '../../platform/secrets.ts'
import { errorResponses, ref } from '../../platform/http/common.schemas.ts'
import { requireActor } from '../../platform/auth/auth.plugin.ts'
import { MarketplaceList } from './marketplace.schemas.ts'
import { requirePermission } from '../../platform/access/policy.ts'
import { listMarketplaceRows, partnerMarketplaceCode } from './scope.ts'

const tags = ['marketplace']

export interface MarketplaceRouteOptions {
  db: Database
  config: Config
  keys: Keys
}

/** The marketplace programme's HTTP surface; each part registers its routes below. */
export const marketplaceRoutes: FastifyPluginAsyncTypebox<MarketplaceRouteOptions> = async (app, options) => {
  const { db } = options
  app.get(
    '/marketplaces',
    { schema: { tags, summary: 'The partner marketplaces and their status (a partner sees its own)', response: { 200: ref(MarketplaceList), ...errorResponses(401, 403) } } },
    async (request) => {
      const actor = requireActor(request)
      requirePermission(actor, 'marketplace.read')
      const rows = await listMarketplaceRows(db)
      if (actor.role !== 'marketplace_partner') return { items: rows }
      // A partner sees its own marketplace (none while its organisation is not linked to one).
      const own = await partnerMarketplaceCode(db, actor)
      return { items: rows.filter((m) => m.code === own) }
    },
  )
  // Parts of the programme (one line each):
  await app.register((await import('./pipeline/pipeline.routes.ts')).pipelineRoutes, { db, config: options.config, keys: options.keys })
  await app.register((await import('./listings/listings.routes.ts')).listingsRoutes, { db, config: options.config, keys: options.keys })
  await app.register((await import('./workshops/workshops.routes.ts')).workshopsRoutes, { db, config: options.config, keys: options.keys })
  await app.register((await import('./sales/sales.routes.ts')).salesRoutes, { db, config: options.config })
  await app.register((await import('./api/api.routes.ts')).apiRoutes, { db, config: options.config, keys: options.keys })
}
