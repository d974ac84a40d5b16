import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { Me } from '../../platform/auth/auth.schemas.ts'
import { ref } from '../../platform/http/common.schemas.ts'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])

/**
 * A nullable scalar for request bodies as one JSON Schema type list (`["integer", "null"]`):
 * with Ajv's type coercion an anyOf would turn null into 0 (or 0 into null) on the way in.
 */
const NullableInput = <T extends TSchema & { type: string }>(schema: T) =>
  Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type, 'null'] })

export const LEGAL_FORMS = ['perorangan', 'ud', 'cv', 'firma', 'pt', 'pt_perorangan', 'koperasi', 'lainnya'] as const
export const SIZE_CLASSES = ['small', 'medium', 'large'] as const

export const FirmOwner = Type.Object(
  {
    name: Type.String(),
    nikMasked: Nullable(Type.String({ description: 'e.g. 3204**********01' })),
    phoneMasked: Nullable(Type.String()),
    email: Nullable(Type.String()),
  },
  { $id: 'FirmOwner' },
)

export const Firm = Type.Object(
  {
    id: Type.String(),
    nib: Nullable(Type.String()),
    name: Type.String(),
    legalForm: Type.Union(LEGAL_FORMS.map((f) => Type.Literal(f))),
    address: Nullable(Type.String()),
    provinceCode: Type.String(),
    regencyCode: Type.String(),
    districtCode: Nullable(Type.String()),
    kbliMain: Nullable(Type.String()),
    kbliOthers: Type.Array(Type.String()),
    workersTotal: Nullable(Type.Integer()),
    workersWomen: Nullable(Type.Integer()),
    investmentIdr: Nullable(Type.Number()),
    annualTurnoverIdr: Nullable(Type.Number()),
    yearFounded: Nullable(Type.Integer()),
    certifications: Type.Array(Type.String()),
    exportExperience: Type.Boolean(),
    sentraId: Nullable(Type.String()),
    storeLinks: Type.Array(Type.String()),
    sizeClass: Nullable(Type.Union(SIZE_CLASSES.map((c) => Type.Literal(c)), { description: 'Derived (Permenperin 64/2016), never typed in' })),
    source: Type.Union([Type.Literal('self_registered'), Type.Literal('officer'), Type.Literal('import')]),
    verificationStatus: Type.Union([Type.Literal('unverified'), Type.Literal('verified')]),
    verifiedAt: Nullable(Type.String({ format: 'date-time' })),
    owner: Nullable(ref(FirmOwner)),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Firm' },
)

export const FirmPage = Type.Object(
  {
    items: Type.Array(ref(Firm)),
    nextCursor: Nullable(Type.String({ description: 'Pass as `cursor` for the next page' })),
  },
  { $id: 'FirmPage' },
)

const OwnerInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    nik: Type.Optional(Type.String({ maxLength: 40 })),
    phone: Type.Optional(Type.String({ maxLength: 40 })),
    email: Type.Optional(Type.String({ maxLength: 254 })),
  },
  { additionalProperties: false },
)

const firmFields = {
  nib: Type.Optional(NullableInput(Type.String({ maxLength: 40 }))),
  name: Type.String({ minLength: 2, maxLength: 200 }),
  legalForm: Type.Optional(Type.Union(LEGAL_FORMS.map((f) => Type.Literal(f)))),
  address: Type.Optional(NullableInput(Type.String({ maxLength: 500 }))),
  provinceCode: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
  regencyCode: Type.String({ pattern: '^[0-9]{2}\\.?[0-9]{2}$' }),
  districtCode: Type.Optional(NullableInput(Type.String({ pattern: '^[0-9]{2}\\.?[0-9]{2}\\.?[0-9]{2}$' }))),
  kbliMain: Type.Optional(NullableInput(Type.String({ pattern: '^[0-9]{5}$' }))),
  kbliOthers: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9]{5}$' }), { maxItems: 20, uniqueItems: true })),
  workersTotal: Type.Optional(NullableInput(Type.Integer({ minimum: 0, maximum: 1_000_000 }))),
  workersWomen: Type.Optional(NullableInput(Type.Integer({ minimum: 0, maximum: 1_000_000 }))),
  investmentIdr: Type.Optional(NullableInput(Type.Integer({ minimum: 0, maximum: 9_000_000_000_000_000 }))),
  annualTurnoverIdr: Type.Optional(NullableInput(Type.Integer({ minimum: 0, maximum: 9_000_000_000_000_000 }))),
  yearFounded: Type.Optional(NullableInput(Type.Integer({ minimum: 1900, maximum: 2100 }))),
  certifications: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 30, uniqueItems: true })),
  exportExperience: Type.Optional(Type.Boolean()),
  sentraId: Type.Optional(NullableInput(Type.String({ format: 'uuid' }))),
  storeLinks: Type.Optional(Type.Array(Type.String({ format: 'uri', maxLength: 500 }), { maxItems: 20, uniqueItems: true })),
  owner: Type.Optional(OwnerInput),
}

export const FirmCreate = Type.Object(firmFields, { $id: 'FirmCreate', additionalProperties: false })

export const FirmUpdate = Type.Partial(Type.Object(firmFields), { $id: 'FirmUpdate', additionalProperties: false, minProperties: 1 })

export const FirmQuery = Type.Object(
  {
    province: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
    regency: Type.Optional(Type.String({ pattern: '^[0-9]{2}\\.?[0-9]{2}$' })),
    kbli: Type.Optional(Type.String({ pattern: '^[0-9]{2,5}$', description: 'KBLI division, group, class or subclass prefix' })),
    sizeClass: Type.Optional(Type.Union(SIZE_CLASSES.map((c) => Type.Literal(c)))),
    verified: Type.Optional(Type.Boolean()),
    sentra: Type.Optional(Type.String({ format: 'uuid' })),
    q: Type.Optional(Type.String({ minLength: 2, maxLength: 100, description: 'Words of the firm name (Indonesian full text, typo tolerant)' })),
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
)

export const NikRevealRequest = Type.Object(
  { reason: Type.String({ minLength: 10, maxLength: 500, description: 'Why the full NIK is needed; kept in the audit log' }) },
  { $id: 'NikRevealRequest', additionalProperties: false },
)

export const NikReveal = Type.Object({ nik: Type.String() }, { $id: 'NikReveal' })

export const FirmExportQuery = Type.Object(
  {
    format: Type.Union([Type.Literal('xlsx'), Type.Literal('csv')]),
    province: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
    regency: Type.Optional(Type.String({ pattern: '^[0-9]{2}\\.?[0-9]{2}$' })),
    kbli: Type.Optional(Type.String({ pattern: '^[0-9]{2,5}$' })),
    sizeClass: Type.Optional(Type.Union(SIZE_CLASSES.map((c) => Type.Literal(c)))),
    verified: Type.Optional(Type.Boolean()),
    sentra: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false },
)

export const Sentra = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    trade: Type.String(),
    kbliCode: Nullable(Type.String()),
    provinceCode: Type.String(),
    regencyCode: Type.String(),
    districtCode: Nullable(Type.String()),
    village: Nullable(Type.String()),
    memberCount: Type.Integer(),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Sentra' },
)

export const SentraList = Type.Object({ items: Type.Array(ref(Sentra)) }, { $id: 'SentraList' })

export const SentraCreate = Type.Object(
  {
    name: Type.String({ minLength: 2, maxLength: 200 }),
    trade: Type.String({ minLength: 2, maxLength: 200 }),
    kbliCode: Type.Optional(Type.String({ pattern: '^[0-9]{5}$' })),
    regencyCode: Type.String({ pattern: '^[0-9]{2}\\.?[0-9]{2}$' }),
    districtCode: Type.Optional(Type.String({ pattern: '^[0-9]{2}\\.?[0-9]{2}\\.?[0-9]{2}$' })),
    village: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { $id: 'SentraCreate', additionalProperties: false },
)

export const SentraQuery = Type.Object(
  {
    province: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
    regency: Type.Optional(Type.String({ pattern: '^[0-9]{2}\\.?[0-9]{2}$' })),
    q: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
)

const { owner: _owner, ...registrationFirmFields } = firmFields

export const Registration = Type.Object(
  {
    account: Type.Object(
      {
        email: Type.String({ format: 'email', maxLength: 254 }),
        name: Type.String({ minLength: 1, maxLength: 200 }),
        password: Type.String({ minLength: 1, maxLength: 1024 }),
        nik: Type.Optional(Type.String({ maxLength: 40 })),
        phone: Type.Optional(Type.String({ maxLength: 40 })),
      },
      { additionalProperties: false },
    ),
    firm: Type.Object(registrationFirmFields, { additionalProperties: false }),
  },
  { $id: 'Registration', additionalProperties: false },
)

export const RegistrationResult = Type.Object(
  {
    stage: Type.Literal('full'),
    user: Type.Unsafe<Static<typeof Me>>({ $ref: 'Me' }),
    firm: ref(Firm),
  },
  { $id: 'RegistrationResult' },
)

export const firmSchemas = [FirmOwner, Firm, FirmPage, FirmCreate, FirmUpdate, NikRevealRequest, NikReveal, Sentra, SentraList, SentraCreate, Registration, RegistrationResult]
