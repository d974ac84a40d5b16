import { Type, type Static } from '@sinclair/typebox'

export const ProvinceSchema = Type.Object(
  {
    code: Type.String({ description: 'Kemendagri province code', examples: ['32'] }),
    name: Type.String({ examples: ['Jawa Barat'] }),
  },
  { $id: 'Province', title: 'Province' },
)

export const RegencySchema = Type.Object(
  {
    code: Type.String({ description: 'Kemendagri regency/city code', examples: ['32.04'] }),
    name: Type.String({ examples: ['Kabupaten Bandung'] }),
    provinceCode: Type.String({ examples: ['32'] }),
  },
  { $id: 'Regency', title: 'Regency or city (kabupaten/kota)' },
)

export const DistrictSchema = Type.Object(
  {
    code: Type.String({ description: 'Kemendagri district code', examples: ['32.04.01'] }),
    name: Type.String(),
    regencyCode: Type.String({ examples: ['32.04'] }),
  },
  { $id: 'District', title: 'District (kecamatan)' },
)

export const KbliCodeSchema = Type.Object(
  {
    code: Type.String({ description: 'KBLI 2020 code, 2 to 5 digits', examples: ['13111'] }),
    level: Type.Integer({ description: '2 golongan pokok, 3 golongan, 4 subgolongan, 5 kelompok', minimum: 2, maximum: 5 }),
    title: Type.String(),
    description: Type.String({ description: 'Scope: what the code covers and does not cover' }),
    parentCode: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'KbliCode', title: 'KBLI 2020 code' },
)

export const HsCodeSchema = Type.Object(
  {
    code: Type.String({ description: 'HS 2022 code: 2-digit chapter, 4-digit heading or 6-digit subheading', examples: ['090111'] }),
    level: Type.Integer({ minimum: 2, maximum: 6, multipleOf: 2 }),
    description: Type.String({ description: 'English description (WCO / UN Comtrade)' }),
    section: Type.Union([Type.String(), Type.Null()], {
      description: 'HS section as a Roman numeral; null for chapter 99, which is outside the 21 sections',
      examples: ['II'],
    }),
    parentCode: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'HsCode', title: 'HS 2022 code' },
)

// Params and querystrings carry no $id: OpenAPI generators expand them into individual
// parameters, which a $ref would hide.

export const ProvinceParams = Type.Object(
  { code: Type.String({ pattern: '^[0-9]{2}$', description: 'Province code, e.g. 32' }) },
  { additionalProperties: false },
)

export const RegencyParams = Type.Object(
  { code: Type.String({ pattern: '^[0-9]{2}\\.?[0-9]{2}$', description: 'Regency code, e.g. 32.04 (3204 is accepted)' }) },
  { additionalProperties: false },
)

const searchText = Type.String({ maxLength: 100, description: 'Code or code prefix (dots allowed), or words' })
const limit = Type.Integer({ minimum: 1, maximum: 100, default: 20 })

export const KbliSearchQuery = Type.Object(
  {
    q: Type.Optional(searchText),
    level: Type.Optional(Type.Integer({ minimum: 2, maximum: 5 })),
    limit: Type.Optional(limit),
  },
  { additionalProperties: false },
)

export const HsSearchQuery = Type.Object(
  {
    q: Type.Optional(searchText),
    level: Type.Optional(Type.Integer({ minimum: 2, maximum: 6, multipleOf: 2, description: '2, 4 or 6' })),
    limit: Type.Optional(limit),
  },
  { additionalProperties: false },
)

export type Province = Static<typeof ProvinceSchema>
export type Regency = Static<typeof RegencySchema>
export type District = Static<typeof DistrictSchema>
export type KbliCode = Static<typeof KbliCodeSchema>
export type HsCode = Static<typeof HsCodeSchema>
export type KbliSearch = Static<typeof KbliSearchQuery>
export type HsSearch = Static<typeof HsSearchQuery>

/** Added to the Fastify instance so routes can `Type.Ref` them and OpenAPI lists them once. */
export const referenceSchemas = [ProvinceSchema, RegencySchema, DistrictSchema, KbliCodeSchema, HsCodeSchema]
