import { Type, type TSchema } from '@sinclair/typebox'
import { STAGES } from './stages.ts'

const literals = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v))))
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
export const StageSchema = literals(STAGES)

export const Nomination = Type.Object(
  {
    id: Type.String(),
    firmId: Type.String(),
    firmName: Type.String(),
    marketplaceCode: Type.String(),
    stage: StageSchema,
    source: literals(['triage', 'manual', 'bulk'] as const),
    nominatedAt: Type.String({ format: 'date-time' }),
    stageChangedAt: Type.String({ format: 'date-time' }),
    daysInStage: Type.Integer(),
    storeUrl: Nullable(Type.String()),
    productsListed: Nullable(Type.Integer()),
    consent: Type.Boolean({ description: "The owner's consent to this marketplace is live" }),
    provinceCode: Type.String(),
    regencyCode: Type.String(),
    note: Nullable(Type.String()),
  },
  { $id: 'MarketplaceNomination' },
)

export const NominationPage = Type.Object(
  { items: Type.Array(Type.Ref('MarketplaceNomination')), total: Type.Integer() },
  { $id: 'MarketplaceNominationPage' },
)

export const NominationDetail = Type.Composite(
  [
    Type.Omit(Nomination, []),
    Type.Object({
      marketplaceName: Type.String(),
      regencyName: Nullable(Type.String()),
      events: Type.Array(
        Type.Object({ from: Nullable(StageSchema), to: StageSchema, at: Type.String({ format: 'date-time' }), actorRole: Nullable(Type.String()), actorName: Nullable(Type.String()) }),
      ),
      contact: Nullable(Type.Object({ name: Type.String(), phone: Nullable(Type.String()), email: Nullable(Type.String()) })),
    }),
  ],
  { $id: 'MarketplaceNominationDetail' },
)

export const NominateBody = Type.Object(
  {
    marketplaceCode: Type.String({ maxLength: 40 }),
    firmIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 1000 })),
    fromTriage: Type.Optional(
      Type.Object(
        {
          province: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
          regency: Type.Optional(Type.String({ pattern: '^[0-9]{2}\\.?[0-9]{2}$' })),
          kbliDivision: Type.Optional(Type.String({ pattern: '^([0-9]{2}|--)$' })),
          limit: Type.Integer({ minimum: 1, maximum: 1000, description: 'The best N marketplace candidates of the assessment' }),
        },
        { additionalProperties: false },
      ),
    ),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { $id: 'MarketplaceNominateBody', additionalProperties: false },
)

export const NominationResults = Type.Object(
  {
    nominated: Type.Integer(),
    alreadyNominated: Type.Integer(),
    refused: Type.Integer(),
    results: Type.Array(
      Type.Object({
        firmId: Type.String(),
        outcome: literals(['nominated', 'already_nominated', 'refused'] as const),
        nominationId: Type.Optional(Type.String()),
        stage: Type.Optional(StageSchema),
        code: Type.Optional(Type.String()),
        message: Type.Optional(Type.String()),
      }),
    ),
  },
  { $id: 'MarketplaceNominationResults' },
)

export const StageMoveBody = Type.Object(
  {
    stage: Type.String({ maxLength: 40 }),
    storeUrl: Type.Optional(Type.String({ maxLength: 500 })),
    productsListed: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { $id: 'MarketplaceStageMove', additionalProperties: false },
)

export const Funnel = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        marketplaceCode: Type.String(),
        nominations: Type.Integer(),
        stages: Type.Array(
          Type.Object({
            stage: StageSchema,
            reached: Type.Integer(),
            current: Type.Integer(),
            conversionPct: Nullable(Type.Number()),
            daysMedian: Nullable(Type.Number()),
            daysMean: Nullable(Type.Number()),
            left: Type.Integer(),
          }),
        ),
      }),
    ),
  },
  { $id: 'MarketplaceFunnel' },
)

export const ConsentList = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        firmId: Type.String(),
        marketplaceCode: Type.String(),
        marketplaceName: Type.String(),
        granted: Type.Boolean(),
        grantedAt: Nullable(Type.String({ format: 'date-time' })),
        withdrawnAt: Nullable(Type.String({ format: 'date-time' })),
        nomination: Nullable(Type.Object({ id: Type.String(), stage: StageSchema })),
      }),
    ),
  },
  { $id: 'MarketplaceConsentList' },
)

export const pipelineSchemas: TSchema[] = [Nomination, NominationPage, NominationDetail, NominateBody, NominationResults, StageMoveBody, Funnel, ConsentList]
