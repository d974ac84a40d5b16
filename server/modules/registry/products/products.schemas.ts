import { Type, type TSchema } from '@sinclair/typebox'
import { ref } from '../../../platform/http/common.schemas.ts'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])

/** Limits of product photos, shared by the service and the documentation. */
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024
export const PHOTOS_PER_PRODUCT = 10
export const THUMBNAIL_SIZE = 320

export const ProductPhoto = Type.Object(
  {
    id: Type.String(),
    mime: Type.Union([Type.Literal('image/jpeg'), Type.Literal('image/webp')], { description: 'Of the stored original (re-encoded)' }),
    width: Type.Integer(),
    height: Type.Integer(),
    bytes: Type.Integer(),
    position: Type.Integer(),
    url: Type.String({ description: 'The image; add `?size=thumb` for the 320 px thumbnail' }),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'ProductPhoto' },
)

export const Product = Type.Object(
  {
    id: Type.String(),
    firmId: Type.String(),
    name: Type.String(),
    description: Nullable(Type.String()),
    kbliCode: Nullable(Type.String({ description: 'KBLI 2020 subclass' })),
    hsCode: Nullable(Type.String({ description: 'HS 2022 subheading (6 digits) or heading (4 digits)' })),
    priceIdr: Type.Integer({ description: 'Price per unit, IDR' }),
    unit: Type.String({ description: "What the price, minimum order, capacity and stock count in ('pcs', 'kg', 'lusin'...)" }),
    weightGrams: Type.Integer({ description: 'Weight of one unit, grams' }),
    lengthMm: Nullable(Type.Integer()),
    widthMm: Nullable(Type.Integer()),
    heightMm: Nullable(Type.Integer()),
    minOrder: Type.Integer(),
    monthlyCapacity: Type.Integer(),
    stock: Type.Integer(),
    certifications: Type.Array(Type.String()),
    exportReady: Type.Boolean(),
    photos: Type.Array(ref(ProductPhoto)),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Product' },
)

export const ProductList = Type.Object({ items: Type.Array(ref(Product)) }, { $id: 'ProductList' })

// One JSON type list rather than a union with null: with the app's type coercion, a 0 that fails
// the integer branch of a union would quietly be coerced to null instead of being refused.
const Millimetres = Type.Unsafe<number | null>({ type: ['integer', 'null'], minimum: 1, maximum: 100_000 })

const productFields = {
  name: Type.String({ minLength: 2, maxLength: 200 }),
  description: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
  kbliCode: Type.Optional(Nullable(Type.String({ pattern: '^[0-9]{5}$', description: 'KBLI 2020 subclass (5 digits)' }))),
  hsCode: Type.Optional(
    Nullable(Type.String({ pattern: '^[0-9]{4}(\\.?[0-9]{2})?$', description: 'HS 2022 subheading (e.g. 6304.91) or heading (6304)' })),
  ),
  priceIdr: Type.Integer({ minimum: 0, maximum: 9_000_000_000_000_000 }),
  unit: Type.String({ minLength: 1, maxLength: 30, description: "e.g. 'pcs', 'kg', 'lusin', 'meter', 'set'" }),
  weightGrams: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
  lengthMm: Type.Optional(Millimetres),
  widthMm: Type.Optional(Millimetres),
  heightMm: Type.Optional(Millimetres),
  minOrder: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000_000 })),
  monthlyCapacity: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
  stock: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
  certifications: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 30, uniqueItems: true })),
  exportReady: Type.Optional(Type.Boolean({ description: 'Needs an HS code' })),
}

export const ProductCreate = Type.Object(productFields, { $id: 'ProductCreate', additionalProperties: false })

export const ProductUpdate = Type.Partial(Type.Object(productFields), { $id: 'ProductUpdate', additionalProperties: false, minProperties: 1 })

export const ProductParams = Type.Object({ productId: Type.String({ format: 'uuid' }) }, { additionalProperties: false })

export const PhotoParams = Type.Object(
  { productId: Type.String({ format: 'uuid' }), photoId: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
)

export const PhotoQuery = Type.Object(
  { size: Type.Optional(Type.Union([Type.Literal('original'), Type.Literal('thumb')], { description: `thumb: at most ${THUMBNAIL_SIZE} px` })) },
  { additionalProperties: false },
)

export const productsSchemas: TSchema[] = [ProductPhoto, Product, ProductList, ProductCreate, ProductUpdate]
