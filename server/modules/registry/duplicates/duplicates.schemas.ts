import { Type, type TSchema } from '@sinclair/typebox'
import { ref, Uuid } from '../../../platform/http/common.schemas.ts'
import { LEGAL_FORMS } from '../firms.schemas.ts'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])

/** The fields an officer picks, one by one, from the survivor or the merged firm. */
export const MERGE_FIELDS = [
  'name',
  'nib',
  'legalForm',
  'address',
  // Province, regency and district travel together: they must agree with each other.
  'region',
  'kbliMain',
  'kbliOthers',
  'workersTotal',
  'workersWomen',
  'investmentIdr',
  'annualTurnoverIdr',
  'yearFounded',
  'certifications',
  'exportExperience',
  'sentraId',
  'storeLinks',
  // The organisation whose users sign in for the firm (a self-registered owner's account).
  'organisation',
  // The primary owner with their (encrypted) NIK and phone.
  'owner',
] as const
export type MergeField = (typeof MERGE_FIELDS)[number]

const Side = Type.Union([Type.Literal('survivor'), Type.Literal('merged')])

export const DuplicateReason = Type.Object(
  {
    code: Type.Union([Type.Literal('same_nib'), Type.Literal('same_owner_nik'), Type.Literal('similar_name_same_regency')]),
    similarity: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'Trigram similarity of the names' })),
  },
  { $id: 'DuplicateReason' },
)

export const DuplicateFirm = Type.Object(
  {
    id: Type.String(),
    nib: Nullable(Type.String()),
    name: Type.String(),
    legalForm: Type.Union(LEGAL_FORMS.map((f) => Type.Literal(f))),
    address: Nullable(Type.String()),
    provinceCode: Type.String(),
    regencyCode: Type.String(),
    ownerName: Nullable(Type.String()),
    ownerNikMasked: Nullable(Type.String()),
    source: Type.String(),
    verificationStatus: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'DuplicateFirm' },
)

export const DuplicateCandidate = Type.Object(
  {
    firmA: ref(DuplicateFirm),
    firmB: ref(DuplicateFirm),
    score: Type.Number({ minimum: 0, maximum: 1, description: 'How likely the two are one firm' }),
    reasons: Type.Array(ref(DuplicateReason)),
  },
  { $id: 'DuplicateCandidate' },
)

export const DuplicateCandidateList = Type.Object(
  {
    items: Type.Array(ref(DuplicateCandidate)),
    pending: Type.Integer({
      minimum: 0,
      description: 'Firms of the area recorded or changed recently and not yet checked for duplicates (checked in the background within seconds to minutes)',
    }),
  },
  { $id: 'DuplicateCandidateList' },
)

export const DuplicateQuery = Type.Object(
  {
    province: Type.Optional(Type.String({ pattern: '^[0-9]{2}$', description: 'Pairs with at least one firm in this province' })),
    regency: Type.Optional(Type.String({ pattern: '^[0-9]{2}\\.?[0-9]{2}$', description: 'Pairs with at least one firm in this regency' })),
    minScore: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'Default 0.6' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, description: 'Default 50' })),
  },
  { additionalProperties: false },
)

export const DuplicateDecisionCreate = Type.Object(
  {
    firmA: Uuid,
    firmB: Uuid,
    decision: Type.Literal('distinct'),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { $id: 'DuplicateDecisionCreate', additionalProperties: false },
)

export const DuplicateDecision = Type.Object(
  {
    firmA: Type.String({ description: 'The smaller id of the pair' }),
    firmB: Type.String(),
    decision: Type.Union([Type.Literal('distinct'), Type.Literal('merged')]),
    note: Nullable(Type.String()),
    decidedBy: Nullable(Type.String()),
    decidedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'DuplicateDecision' },
)

export const FirmMergeCreate = Type.Object(
  {
    survivorId: Uuid,
    mergedId: Uuid,
    fields: Type.Partial(Type.Object(Object.fromEntries(MERGE_FIELDS.map((f) => [f, Side])) as Record<MergeField, typeof Side>), {
      additionalProperties: false,
      description: "Which side each field is taken from; fields left out keep the survivor's value",
    }),
  },
  { $id: 'FirmMergeCreate', additionalProperties: false },
)

const UserRef = Type.Object({ id: Type.String(), name: Nullable(Type.String()) })

export const FirmMerge = Type.Object(
  {
    id: Type.String(),
    survivorId: Type.String(),
    survivorName: Type.String(),
    mergedId: Type.String(),
    mergedName: Type.String({ description: 'As it was before the merge' }),
    fields: Type.Record(Type.String(), Side, { description: 'Which side each field came from (provenance)' }),
    mergedBy: Nullable(UserRef),
    mergedAt: Type.String({ format: 'date-time' }),
    revertedBy: Nullable(UserRef),
    revertedAt: Nullable(Type.String({ format: 'date-time' })),
  },
  { $id: 'FirmMerge' },
)

export const FirmMergeList = Type.Object({ items: Type.Array(ref(FirmMerge)) }, { $id: 'FirmMergeList' })

export const FirmMergeQuery = Type.Object(
  {
    firmId: Type.Optional(Type.String({ format: 'uuid', description: 'Merges of this firm, as survivor or merged' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, description: 'Default 50' })),
  },
  { additionalProperties: false },
)

// Shared ($id) schemas of the registry's duplicates; registered at the app root.
export const duplicatesSchemas: TSchema[] = [
  DuplicateReason,
  DuplicateFirm,
  DuplicateCandidate,
  DuplicateCandidateList,
  DuplicateDecisionCreate,
  DuplicateDecision,
  FirmMergeCreate,
  FirmMerge,
  FirmMergeList,
]
