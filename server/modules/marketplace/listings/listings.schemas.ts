import { Type, type TSchema } from '@sinclair/typebox'
import { Uuid } from '../../../platform/http/common.schemas.ts'

const MarketplaceCodeParam = Type.String({ pattern: '^[a-z][a-z0-9_]{1,30}$', description: 'tokopedia, tiktok_shop, shopee, blibli, bukalapak' })
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
const HsPrefix = Type.String({ pattern: '^[0-9]{2}([0-9]{2}){0,2}$', description: 'HS 2022 chapter (2 digits), heading (4) or subheading (6)' })
const KbliPrefix = Type.String({ pattern: '^[0-9]{2,5}$', description: 'KBLI 2020 code or prefix, 2–5 digits' })
const AttributeName = Type.String({ minLength: 1, maxLength: 100 })

export const CategoryMapping = Type.Object(
  {
    id: Type.String(),
    marketplaceCode: Type.String(),
    hsPrefix: Nullable(Type.String()),
    kbliPrefix: Nullable(Type.String()),
    categoryId: Type.String({ description: "The marketplace's own (leaf) category id" }),
    categoryName: Type.String(),
    requiredAttributes: Type.Array(Type.String()),
    note: Nullable(Type.String()),
    updatedBy: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'CategoryMapping' },
)

export const CategoryMappingList = Type.Object({ items: Type.Array(Type.Ref('CategoryMapping')) }, { $id: 'CategoryMappingList' })

export const CategoryMappingCreate = Type.Object(
  {
    marketplaceCode: MarketplaceCodeParam,
    hsPrefix: Type.Optional(Nullable(HsPrefix)),
    kbliPrefix: Type.Optional(Nullable(KbliPrefix)),
    categoryId: Type.String({ minLength: 1, maxLength: 60 }),
    categoryName: Type.String({ minLength: 2, maxLength: 200 }),
    requiredAttributes: Type.Optional(Type.Array(AttributeName, { maxItems: 30 })),
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { $id: 'CategoryMappingCreate', additionalProperties: false },
)

export const CategoryMappingUpdate = Type.Object(
  {
    hsPrefix: Type.Optional(Nullable(HsPrefix)),
    kbliPrefix: Type.Optional(Nullable(KbliPrefix)),
    categoryId: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    categoryName: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
    requiredAttributes: Type.Optional(Type.Array(AttributeName, { maxItems: 30 })),
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { $id: 'CategoryMappingUpdate', additionalProperties: false, minProperties: 1 },
)

export const CategoryQuery = Type.Object(
  {
    marketplace: Type.Optional(MarketplaceCodeParam),
    q: Type.Optional(Type.String({ maxLength: 100, description: 'HS/KBLI prefix, category id or words of the category name' })),
  },
  { additionalProperties: false },
)

const filterFields = {
  marketplace: MarketplaceCodeParam,
  province: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
  regency: Type.Optional(Type.String({ pattern: '^[0-9]{2}\\.[0-9]{2}$' })),
  firm: Type.Optional(Type.Array(Uuid, { maxItems: 200, description: 'Only these firms (repeat the parameter)' })),
  kbli: Type.Optional(Type.String({ pattern: '^[0-9]{2,5}$', description: "KBLI 2020 prefix of the product (or its firm's main KBLI)" })),
}

export const ListingQuery = Type.Object(
  {
    ...filterFields,
    status: Type.Optional(Type.Union([Type.Literal('ready'), Type.Literal('needs_fix'), Type.Literal('not_listable')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
)

export const ListingExportQuery = Type.Object(filterFields, { additionalProperties: false })

export const ListingProblem = Type.Object(
  {
    code: Type.String(),
    field: Type.String({ description: 'The product field to fix (name, description, price, weight, photos, minOrder, stock, category, attributes, marketplace)' }),
    severity: Type.Union([Type.Literal('error'), Type.Literal('warning')], { description: 'error: left out of the export; warning: exported with an adjustment' }),
    message: Type.String({ description: "What to fix, in the caller's language" }),
    params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
  },
  { $id: 'ListingProblem' },
)

const Attribute = Type.Object({ name: Type.String(), value: Type.String() })

export const Listing = Type.Object(
  {
    productId: Type.String(),
    productName: Type.String(),
    firmId: Type.String(),
    firmName: Type.String(),
    provinceCode: Type.String(),
    regencyCode: Type.String(),
    hsCode: Nullable(Type.String()),
    kbliCode: Nullable(Type.String({ description: "The product's KBLI, else its firm's main KBLI" })),
    priceIdr: Type.Number(),
    weightGrams: Type.Integer(),
    weight: Type.Number({ description: "Weight in the marketplace's unit" }),
    weightUnit: Type.Union([Type.Literal('g'), Type.Literal('kg')]),
    photoCount: Type.Integer(),
    category: Nullable(
      Type.Object({
        mappingId: Type.String(),
        categoryId: Type.String(),
        categoryName: Type.String(),
        hsPrefix: Nullable(Type.String()),
        kbliPrefix: Nullable(Type.String()),
        requiredAttributes: Type.Array(Type.String()),
      }),
    ),
    attributes: Type.Array(Attribute),
    canEditAttributes: Type.Boolean(),
    status: Type.Union([Type.Literal('ready'), Type.Literal('needs_fix'), Type.Literal('not_listable')]),
    problems: Type.Array(Type.Ref('ListingProblem')),
  },
  { $id: 'Listing' },
)

export const ListingPage = Type.Object(
  {
    marketplace: Type.Object({ code: Type.String(), name: Type.String(), status: Type.String(), weightUnit: Type.String() }),
    items: Type.Array(Type.Ref('Listing')),
    total: Type.Integer({ description: 'Products matching the filters (and status), before paging' }),
    counts: Type.Object({ ready: Type.Integer(), needsFix: Type.Integer(), notListable: Type.Integer() }, { description: 'Per status, over all products matching the filters' }),
    limit: Type.Integer(),
    offset: Type.Integer(),
  },
  { $id: 'ListingPage' },
)

export const ProductAttributesParams = Type.Object({ productId: Uuid }, { additionalProperties: false })

export const ProductAttributesUpdate = Type.Object(
  {
    marketplace: MarketplaceCodeParam,
    values: Type.Array(Type.Object({ name: AttributeName, value: Nullable(Type.String({ maxLength: 255 })) }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 30,
      description: 'Values to set; null or an empty string removes the attribute',
    }),
  },
  { $id: 'ProductAttributesUpdate', additionalProperties: false },
)

export const ProductAttributes = Type.Object(
  { productId: Type.String(), marketplace: Type.String(), attributes: Type.Array(Attribute) },
  { $id: 'ProductAttributes' },
)

const RangeSchema = Type.Object({ min: Nullable(Type.Number()), max: Nullable(Type.Number()) })

export const ListingRulesList = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        code: Type.String(),
        closedSince: Nullable(Type.String()),
        name: RangeSchema,
        nameUniquePerFirm: Type.Boolean(),
        descriptionRequired: Type.Boolean(),
        descriptionMax: Nullable(Type.Number()),
        price: RangeSchema,
        weightUnit: Type.Union([Type.Literal('g'), Type.Literal('kg')]),
        weight: RangeSchema,
        images: RangeSchema,
        imageMinPx: Nullable(Type.Number()),
        minOrder: RangeSchema,
        stock: RangeSchema,
        provenance: Type.Record(Type.String(), Type.String()),
      }),
    ),
  },
  { $id: 'ListingRulesList' },
)

export const PhotoTokenParams = Type.Object({ token: Type.String({ maxLength: 100 }) }, { additionalProperties: false })

export const listingsSchemas: TSchema[] = [
  CategoryMapping,
  CategoryMappingList,
  CategoryMappingCreate,
  CategoryMappingUpdate,
  ListingProblem,
  Listing,
  ListingPage,
  ProductAttributesUpdate,
  ProductAttributes,
  ListingRulesList,
]
