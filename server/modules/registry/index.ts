export { registryRoutes } from './registry.routes.ts'
export { registrySchemas } from './firms.schemas.ts'
export { createFirm, getFirm, listFirms, updateFirm, verifyFirm, type Firm, type FirmInput } from './firms.service.ts'
