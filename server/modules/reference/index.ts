// The reference module's only import surface: administrative regions, KBLI 2020 and HS 2022.
export { loadReferenceData } from './reference.loader.ts'
export { referenceRoutes, type ReferenceRoutesOptions } from './reference.routes.ts'
export { findProvince, findRegency, listDistricts, listProvinces, listRegencies, regencyBelongsToProvince } from './regions.service.ts'
export { findHs, findKbli, searchHs, searchKbli } from './classifications.service.ts'
export { normaliseRegencyCode } from './search-query.ts'
export type { District, HsCode, KbliCode, Province, Regency } from './reference.schemas.ts'
