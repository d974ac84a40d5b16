import type { TSchema } from '@sinclair/typebox'
import { addMessages } from '../../platform/i18n/messages.ts'
import { marketplaceMessages } from './marketplace.messages.ts'
import { marketplaceSchemas } from './marketplace.schemas.ts'

import { listingsMessages } from './listings/listings.messages.ts'
import { listingsSchemas } from './listings/listings.schemas.ts'
import { pipelineMessages } from './pipeline/pipeline.messages.ts'
import { pipelineSchemas } from './pipeline/pipeline.schemas.ts'
import { workshopsMessages } from './workshops/workshops.messages.ts'
import { workshopsSchemas } from './workshops/workshops.schemas.ts'
import { salesMessages } from './sales/sales.messages.ts'
import { salesSchemas } from './sales/sales.schemas.ts'
import { apiMessages } from './api/api.messages.ts'
import { apiSchemas } from './api/api.schemas.ts'

addMessages(marketplaceMessages)
addMessages(listingsMessages)
addMessages(pipelineMessages)
addMessages(workshopsMessages)
addMessages(salesMessages)
addMessages(apiMessages)

export { marketplaceRoutes } from './marketplace.routes.ts'
/** Shared schemas of every part of the programme (each part appends its list). */
export const marketplaceAllSchemas: TSchema[] = [...marketplaceSchemas, ...pipelineSchemas, ...listingsSchemas, ...workshopsSchemas, ...salesSchemas, ...apiSchemas]
export { canSeeFirmInProgramme, requireFirmInProgramme, scopeNominations, marketplacesInScope, isSharedWith } from './scope.ts'
export { seedDemoListings } from './listings/demo.ts'
export { advanceNomination, type Stage } from './pipeline/pipeline.service.ts'
export { seedDemoMarketplacePipeline } from './pipeline/demo.ts'
export { seedDemoWorkshops } from './workshops/demo.ts'
export { seedDemoSales } from './sales/demo.ts'
