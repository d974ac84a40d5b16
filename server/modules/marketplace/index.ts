import type { TSchema } from '@sinclair/typebox'
import { addMessages } from '../../platform/i18n/messages.ts'
import { marketplaceMessages } from './marketplace.messages.ts'
import { marketplaceSchemas } from './marketplace.schemas.ts'

addMessages(marketplaceMessages)

export { marketplaceRoutes } from './marketplace.routes.ts'
/** Shared schemas of every part of the programme (each part appends its list). */
export const marketplaceAllSchemas: TSchema[] = [...marketplaceSchemas]
export { canSeeFirmInProgramme, requireFirmInProgramme, scopeNominations, marketplacesInScope, isSharedWith } from './scope.ts'
