import { Type, type TSchema } from '@sinclair/typebox'

const literals = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v))))
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

const DateString = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'Local date of the place, YYYY-MM-DD' })
const TimeString = Type.String({ pattern: '^[0-9]{2}:[0-9]{2}$', description: 'Local time of the place (WIB/WITA/WIT), HH:MM' })
const RegencyCode = Type.String({ pattern: '^[0-9]{2}\\.?[0-9]{2}$' })

export const Workshop = Type.Object(
  {
    id: Type.String(),
    marketplaceCode: Type.String(),
    marketplaceName: Type.String(),
    title: Type.String(),
    description: Nullable(Type.String()),
    venue: Type.String(),
    address: Nullable(Type.String()),
    provinceCode: Type.String(),
    provinceName: Type.String(),
    regencyCode: Type.String(),
    regencyName: Type.String(),
    startsAt: Type.String({ format: 'date-time' }),
    endsAt: Type.String({ format: 'date-time' }),
    timeZone: literals(['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const),
    zoneLabel: Type.String({ description: 'WIB, WITA or WIT' }),
    localDate: Type.String(),
    localStart: Type.String(),
    localEnd: Type.String(),
    capacity: Type.Integer(),
    trainers: Type.Array(Type.String()),
    status: literals(['planned', 'cancelled'] as const),
    sequence: Type.Integer({ description: 'iCalendar SEQUENCE of the latest invitation' }),
    cancelReason: Nullable(Type.String()),
    cancelledAt: Nullable(Type.String({ format: 'date-time' })),
    registered: Type.Integer(),
    waitlisted: Type.Integer(),
    invited: Type.Integer(),
    attended: Type.Integer(),
    canManage: Type.Boolean(),
    mine: Type.Array(
      Type.Object({
        firmId: Type.String(),
        firmName: Type.String(),
        invited: Type.Boolean(),
        status: Nullable(literals(['registered', 'waitlisted'] as const)),
        position: Nullable(Type.Integer()),
        attended: Nullable(Type.Boolean()),
      }),
    ),
  },
  { $id: 'MarketplaceWorkshop' },
)

export const WorkshopPage = Type.Object({ items: Type.Array(Type.Ref('MarketplaceWorkshop')), total: Type.Integer() }, { $id: 'MarketplaceWorkshopPage' })

const planFields = {
  title: Type.String({ minLength: 3, maxLength: 200 }),
  description: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
  venue: Type.String({ minLength: 2, maxLength: 200 }),
  address: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  regencyCode: RegencyCode,
  date: DateString,
  startTime: TimeString,
  endTime: TimeString,
  capacity: Type.Integer({ minimum: 1, maximum: 1000 }),
  trainers: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 20 })),
}

export const PlanWorkshopBody = Type.Object({ marketplaceCode: Type.String({ maxLength: 40 }), ...planFields }, { $id: 'MarketplaceWorkshopPlanBody', additionalProperties: false })

export const EditWorkshopBody = Type.Partial(Type.Object(planFields), { $id: 'MarketplaceWorkshopEditBody', additionalProperties: false })

export const CancelWorkshopBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 1000 })) }, { $id: 'MarketplaceWorkshopCancelBody', additionalProperties: false })

export const InvitableFirmList = Type.Object(
  {
    items: Type.Array(
      Type.Object({ firmId: Type.String(), firmName: Type.String(), regencyCode: Type.String(), regencyName: Type.String(), stage: Nullable(Type.String()), invited: Type.Boolean() }),
    ),
  },
  { $id: 'MarketplaceWorkshopInvitableFirms' },
)

export const InviteBody = Type.Object(
  {
    firmIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 1000 })),
    allNominatedInRegency: Type.Optional(Type.Boolean({ description: "Invite every firm nominated to the workshop's marketplace in its regency (that the planner can see)" })),
  },
  { $id: 'MarketplaceWorkshopInviteBody', additionalProperties: false },
)

export const InviteResults = Type.Object(
  {
    invited: Type.Integer(),
    alreadyInvited: Type.Integer(),
    refused: Type.Integer(),
    results: Type.Array(Type.Object({ firmId: Type.String(), outcome: literals(['invited', 'already_invited', 'refused'] as const), code: Type.Optional(Type.String()) })),
  },
  { $id: 'MarketplaceWorkshopInviteResults' },
)

export const ParticipantList = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        firmId: Type.String(),
        firmName: Type.String(),
        regencyName: Type.String(),
        stage: Nullable(Type.String()),
        invitedAt: Nullable(Type.String({ format: 'date-time' })),
        registrationId: Nullable(Type.String()),
        status: Nullable(literals(['registered', 'waitlisted'] as const)),
        position: Nullable(Type.Integer({ description: 'Place on the waiting list (1 = next)' })),
        registeredAt: Nullable(Type.String({ format: 'date-time' })),
        promotedAt: Nullable(Type.String({ format: 'date-time' })),
        attended: Nullable(Type.Boolean()),
      }),
    ),
  },
  { $id: 'MarketplaceWorkshopParticipants' },
)

export const RegisterBody = Type.Object({ firmId: Type.String({ format: 'uuid' }) }, { $id: 'MarketplaceWorkshopRegisterBody', additionalProperties: false })

export const RegistrationResult = Type.Object(
  { firmId: Type.String(), status: literals(['registered', 'waitlisted'] as const), position: Nullable(Type.Integer()) },
  { $id: 'MarketplaceWorkshopRegistration' },
)

export const CancelRegistrationResult = Type.Object({ promotedFirmId: Nullable(Type.String()) }, { $id: 'MarketplaceWorkshopRegistrationCancelled' })

export const AttendanceBody = Type.Object(
  { items: Type.Array(Type.Object({ firmId: Type.String({ format: 'uuid' }), attended: Type.Boolean() }, { additionalProperties: false }), { minItems: 1, maxItems: 1000 }) },
  { $id: 'MarketplaceWorkshopAttendanceBody', additionalProperties: false },
)

export const AttendanceResult = Type.Object({ recorded: Type.Integer(), trained: Type.Integer({ description: "Firms moved to 'trained' in the pipeline" }) }, { $id: 'MarketplaceWorkshopAttendanceResult' })

export const Outcomes = Type.Object(
  {
    attendees: Type.Integer(),
    storeOpened: Type.Integer(),
    sold: Type.Integer(),
    items: Type.Array(
      Type.Object({
        firmId: Type.String(),
        firmName: Type.String(),
        stage: Nullable(Type.String()),
        storeOpenedAt: Nullable(Type.String({ format: 'date-time' })),
        firstSaleAt: Nullable(Type.String({ format: 'date-time' })),
        firstSalesMonth: Nullable(Type.String({ description: 'YYYY-MM of the first reported month with sales after the workshop' })),
        gmvIdr: Type.Number(),
        orders: Type.Integer(),
      }),
    ),
  },
  { $id: 'MarketplaceWorkshopOutcomes' },
)

export const workshopsSchemas: TSchema[] = [
  Workshop,
  WorkshopPage,
  PlanWorkshopBody,
  EditWorkshopBody,
  CancelWorkshopBody,
  InvitableFirmList,
  InviteBody,
  InviteResults,
  ParticipantList,
  RegisterBody,
  RegistrationResult,
  CancelRegistrationResult,
  AttendanceBody,
  AttendanceResult,
  Outcomes,
]
