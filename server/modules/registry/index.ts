import { addMessages } from '../../platform/i18n/messages.ts'
import { firmSchemas } from './firms.schemas.ts'
import { importsSchemas } from './imports/imports.schemas.ts'
import { productsSchemas } from './products/products.schemas.ts'
import { duplicatesSchemas } from './duplicates/duplicates.schemas.ts'
import { importsMessages } from './imports/imports.messages.ts'
import { productsMessages } from './products/products.messages.ts'
import { duplicatesMessages } from './duplicates/duplicates.messages.ts'

for (const extra of [importsMessages, productsMessages, duplicatesMessages]) addMessages(extra)

export { registryRoutes } from './registry.routes.ts'
export const registrySchemas = [...firmSchemas, ...importsSchemas, ...productsSchemas, ...duplicatesSchemas]
export { createFirm, getFirm, listFirms, registerFirm, updateFirm, verifyFirm, type Firm, type FirmInput } from './firms.service.ts'
export { createSentra, listSentra, type Sentra } from './sentra.service.ts'
export { seedDemoFirms, seedDemoOwnerFirm } from './demo-firms.ts'
/** Reads a stored product file by its key (the marketplace listings serve photos through signed links). */
export { readStoredFile } from './products/product-photos.ts'
export { importFirmsCli } from './imports/imports.cli.ts'
export { drainDuplicateQueue, scanDuplicatesCli, startDuplicateWorker, type DuplicateWorker } from './duplicates/duplicates.scan.ts'
export { recoverStaleImports } from './imports/imports.service.ts'
