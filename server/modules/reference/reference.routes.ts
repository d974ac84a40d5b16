import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Database } from '../../db/database.ts'
import { errorResponses } from '../../platform/http/common.schemas.ts'
import * as classifications from './classifications.service.ts'
import * as regions from './regions.service.ts'
import {
  DistrictSchema,
  HsCodeSchema,
  HsSearchQuery,
  KbliCodeSchema,
  KbliSearchQuery,
  ProvinceParams,
  ProvinceSchema,
  referenceSchemas,
  RegencyParams,
  RegencySchema,
} from './reference.schemas.ts'

export interface ReferenceRoutesOptions {
  db: Database
}

const tags = ['reference']
// ODbL 4.3: people shown region data must be told where it comes from and under which licence.
const regionAttribution =
  'Contains information from idn-area-data (https://github.com/fityannugroho/idn-area-data), which is made available here under the Open Database License (ODbL, https://opendatacommons.org/licenses/odbl/1-0/).'

/** Read-only reference data: administrative regions, KBLI 2020 and HS 2022. Registered under /api. */
export const referenceRoutes: FastifyPluginAsync<ReferenceRoutesOptions> = async (fastify, { db }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  for (const schema of referenceSchemas) app.addSchema(schema)

  app.get(
    '/regions/provinces',
    {
      schema: {
        tags,
        summary: 'Provinces, by code',
        description: regionAttribution,
        response: { 200: Type.Array(Type.Ref(ProvinceSchema)), ...errorResponses(401, 403) },
      },
    },
    async () => regions.listProvinces(db),
  )

  app.get(
    '/regions/provinces/:code/regencies',
    {
      schema: {
        tags,
        summary: 'Regencies and cities of a province, by code',
        description: regionAttribution,
        params: ProvinceParams,
        response: { 200: Type.Array(Type.Ref(RegencySchema)), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => regions.listRegencies(db, request.params.code),
  )

  app.get(
    '/regions/regencies/:code/districts',
    {
      schema: {
        tags,
        summary: 'Districts (kecamatan) of a regency or city, by code',
        description: regionAttribution,
        params: RegencyParams,
        response: { 200: Type.Array(Type.Ref(DistrictSchema)), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => regions.listDistricts(db, request.params.code),
  )

  app.get(
    '/reference/kbli',
    {
      schema: {
        tags,
        summary: 'Search KBLI 2020 manufacturing codes by code prefix or words',
        description: 'KBLI 2020 (Peraturan BPS 2/2020), kategori C (divisions 10–33), codes and titles as published through OSS.',
        querystring: KbliSearchQuery,
        response: { 200: Type.Array(Type.Ref(KbliCodeSchema)), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => classifications.searchKbli(db, request.query),
  )

  app.get(
    '/reference/hs',
    {
      schema: {
        tags,
        summary: 'Search HS 2022 codes by code prefix (dots allowed) or English words',
        querystring: HsSearchQuery,
        response: { 200: Type.Array(Type.Ref(HsCodeSchema)), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => classifications.searchHs(db, request.query),
  )
}
