import { Type, type TSchema } from '@sinclair/typebox'
import { ref, Uuid } from '../../platform/http/common.schemas.ts'
import { CHANNELS, MATERIAL_CAUSES, NEEDS } from './rules.ts'

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
const literals = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v))))
const Idr = Type.Integer({ minimum: 0, maximum: 1e15, description: 'Rupiah, whole' })
const Count = Type.Integer({ minimum: 0, maximum: 10_000_000 })
const Quantity = Type.Number({ minimum: 0, maximum: 1e12 })
const DateOnly = Type.String({ format: 'date', description: 'YYYY-MM-DD' })
const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' })

export const Round = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    referenceMonth: Month,
    opensOn: DateOnly,
    closesOn: DateOnly,
    provinceCodes: Nullable(Type.Array(Type.String(), { description: 'Null: every province' })),
    status: literals(['upcoming', 'open', 'closed'] as const),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'SurveyRound' },
)

export const RoundCreate = Type.Object(
  {
    name: Type.String({ minLength: 3, maxLength: 120 }),
    referenceMonth: Month,
    opensOn: Type.Optional(DateOnly),
    closesOn: Type.Optional(DateOnly),
    provinceCodes: Type.Optional(Nullable(Type.Array(Type.String({ pattern: '^[0-9]{2}$' }), { minItems: 1, maxItems: 38, uniqueItems: true }))),
  },
  { $id: 'SurveyRoundCreate', additionalProperties: false },
)

export const RoundList = Type.Object({ items: Type.Array(ref(Round)) }, { $id: 'SurveyRoundList' })

export const MaterialAnswer = Type.Object(
  {
    material: Type.String({ minLength: 1, maxLength: 120 }),
    unit: Type.String({ minLength: 1, maxLength: 20 }),
    neededPerMonth: Quantity,
    obtained: Quantity,
    cause: literals(MATERIAL_CAUSES),
  },
  { additionalProperties: false },
)

export const ExportAnswer = Type.Object(
  {
    contracts: Type.Integer({ minimum: 1, maximum: 100_000 }),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217' }),
    value: Type.Number({ minimum: 0, maximum: 1e15 }),
    destinationCountries: Type.Array(Type.String({ pattern: '^[A-Z]{2}$' }), { minItems: 1, maxItems: 20, uniqueItems: true, description: 'ISO 3166-1 alpha-2' }),
    goodsProduced: Type.Boolean({ description: 'Goods for these contracts were already produced' }),
  },
  { additionalProperties: false },
)

export const Answers = Type.Object(
  {
    baselineTurnoverIdr: Type.Integer({ minimum: 0, maximum: 1e15, description: 'Monthly turnover in a normal month before the crisis' }),
    referenceTurnoverIdr: Type.Integer({ minimum: 0, maximum: 1e15, description: "Turnover in the round's reference month" }),
    channels: Type.Array(literals(CHANNELS), { uniqueItems: true, maxItems: 4 }),
    workersBefore: Count,
    workersWorking: Count,
    sentHomePaid: Count,
    sentHomePartlyPaid: Count,
    sentHomeUnpaid: Count,
    laidOff: Count,
    materials: Type.Array(MaterialAnswer, { maxItems: 50 }),
    exports: Type.Array(ExportAnswer, { maxItems: 50 }),
    needs: Type.Array(literals(NEEDS), { maxItems: 5, description: 'Ranked, most needed first' }),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
  },
  { $id: 'SurveyAnswers', additionalProperties: false },
)

export const ResponseSubmit = Type.Object(
  {
    submissionId: Type.String({ format: 'uuid', description: 'Made by the client once per submission; sending it again changes nothing' }),
    firmId: Uuid,
    answers: ref(Answers),
  },
  { $id: 'SurveyResponseSubmit', additionalProperties: false },
)

const UserRef = Type.Object({ id: Type.String(), name: Nullable(Type.String()) })

export const Response = Type.Object(
  {
    id: Type.String(),
    roundId: Type.String(),
    firmId: Type.String(),
    firmName: Type.String(),
    version: Type.Integer(),
    mode: literals(['self', 'assisted', 'import'] as const),
    enteredBy: Nullable(UserRef),
    submittedAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    salesChangePct: Nullable(Type.Number({ description: '(reference − baseline) / baseline × 100, to 0.1' })),
    answers: ref(Answers),
  },
  { $id: 'SurveyResponse' },
)

export const SubmitResult = Type.Object(
  {
    response: ref(Response),
    outcome: literals(['created', 'revised', 'unchanged', 'replayed'] as const),
  },
  { $id: 'SurveySubmitResult' },
)

export const ResponseVersion = Type.Object(
  {
    version: Type.Integer(),
    mode: Type.String(),
    enteredBy: Nullable(UserRef),
    submittedAt: Type.String({ format: 'date-time' }),
    answers: ref(Answers),
  },
  { $id: 'SurveyResponseVersion' },
)

export const ResponseVersionList = Type.Object({ items: Type.Array(ref(ResponseVersion)) }, { $id: 'SurveyResponseVersionList' })

export const assessmentSchemas: TSchema[] = [Round, RoundCreate, RoundList, Answers, ResponseSubmit, Response, SubmitResult, ResponseVersion, ResponseVersionList]
