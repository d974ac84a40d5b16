import { Type } from '@sinclair/typebox'
import { ref } from '../../platform/http/common.schemas.ts'
import { OrganisationKindSchema, RoleSchema } from '../../platform/auth/auth.schemas.ts'
import { ORGANISATION_KINDS, ROLES } from '../../platform/access/roles.ts'

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()])

export const Organisation = Type.Object(
  {
    id: Type.String(),
    kind: ref(OrganisationKindSchema),
    name: Type.String(),
    provinceCode: Nullable(Type.String()),
    regencyCode: Nullable(Type.String()),
    countries: Type.Array(Type.String()),
    disabled: Type.Boolean(),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Organisation' },
)

export const OrganisationList = Type.Object({ items: Type.Array(ref(Organisation)) }, { $id: 'OrganisationList' })

export const OrganisationQuery = Type.Object(
  {
    kind: Type.Optional(Type.Union(ORGANISATION_KINDS.map((k) => Type.Literal(k)))),
    q: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
)

export const OrganisationCreate = Type.Object(
  {
    kind: ref(OrganisationKindSchema),
    name: Type.String({ minLength: 2, maxLength: 200 }),
    provinceCode: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
    regencyCode: Type.Optional(Type.String({ pattern: '^[0-9]{2}\\.[0-9]{2}$' })),
    countries: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Za-z]{2}$' }), { maxItems: 50, uniqueItems: true })),
  },
  { $id: 'OrganisationCreate', additionalProperties: false },
)

export const OrganisationUpdate = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
    disabled: Type.Optional(Type.Boolean()),
  },
  { $id: 'OrganisationUpdate', additionalProperties: false, minProperties: 1 },
)

const OrganisationRef = Type.Object({ id: Type.String(), name: Type.String(), kind: ref(OrganisationKindSchema) })

export const User = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    name: Type.String(),
    role: ref(RoleSchema),
    organisation: OrganisationRef,
    disabled: Type.Boolean(),
    totpEnrolled: Type.Boolean(),
    lastLoginAt: Nullable(Type.String({ format: 'date-time' })),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'User' },
)

export const UserList = Type.Object({ items: Type.Array(ref(User)) }, { $id: 'UserList' })

export const UserQuery = Type.Object(
  {
    role: Type.Optional(Type.Union(ROLES.map((r) => Type.Literal(r)))),
    organisationId: Type.Optional(Type.String({ format: 'uuid' })),
    q: Type.Optional(Type.String({ maxLength: 100 })),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
  },
  { additionalProperties: false },
)

export const UserUpdate = Type.Object(
  {
    role: Type.Optional(ref(RoleSchema)),
    disabled: Type.Optional(Type.Boolean()),
  },
  { $id: 'UserUpdate', additionalProperties: false, minProperties: 1 },
)

export const Invitation = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    name: Type.String(),
    role: ref(RoleSchema),
    organisation: OrganisationRef,
    expiresAt: Type.String({ format: 'date-time' }),
    createdAt: Type.String({ format: 'date-time' }),
    invitedBy: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
  },
  { $id: 'Invitation' },
)

export const InvitationList = Type.Object({ items: Type.Array(ref(Invitation)) }, { $id: 'InvitationList' })

export const InvitationCreate = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    role: ref(RoleSchema),
    organisationId: Type.String({ format: 'uuid' }),
  },
  { $id: 'InvitationCreate', additionalProperties: false },
)

export const InvitationCreated = Type.Object(
  {
    invitation: ref(Invitation),
    link: Type.String({ description: 'Single-use link; shown once' }),
  },
  { $id: 'InvitationCreated' },
)

export const InvitationToken = Type.Object(
  { token: Type.String({ minLength: 20, maxLength: 200 }) },
  { $id: 'InvitationToken', additionalProperties: false },
)

export const InvitationPreview = Type.Object(
  {
    kind: Type.Union([Type.Literal('invite'), Type.Literal('setup')], { description: 'setup: the first national admin' }),
    email: Nullable(Type.String()),
    name: Nullable(Type.String()),
    role: ref(RoleSchema),
    organisationName: Type.String(),
    needsTotp: Type.Boolean(),
  },
  { $id: 'InvitationPreview' },
)

export const InvitationAccept = Type.Object(
  {
    token: Type.String({ minLength: 20, maxLength: 200 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254, description: 'Only for the setup link' })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Only for the setup link' })),
  },
  { $id: 'InvitationAccept', additionalProperties: false },
)

export const SetupStatus = Type.Object({ needed: Type.Boolean() }, { $id: 'SetupStatus' })

export const ApiToken = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    prefix: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    lastUsedAt: Nullable(Type.String({ format: 'date-time' })),
    expiresAt: Nullable(Type.String({ format: 'date-time' })),
    revoked: Type.Boolean(),
  },
  { $id: 'ApiToken' },
)

export const ApiTokenList = Type.Object({ items: Type.Array(ref(ApiToken)) }, { $id: 'ApiTokenList' })

export const ApiTokenCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 730 })),
  },
  { $id: 'ApiTokenCreate', additionalProperties: false },
)

export const ApiTokenCreated = Type.Object(
  { token: Type.String({ description: 'Shown once; send as Authorization: Bearer <token>' }), apiToken: ref(ApiToken) },
  { $id: 'ApiTokenCreated' },
)

export const identitySchemas = [
  Organisation, OrganisationList, OrganisationCreate, OrganisationUpdate,
  User, UserList, UserUpdate,
  Invitation, InvitationList, InvitationCreate, InvitationCreated, InvitationToken, InvitationPreview, InvitationAccept,
  SetupStatus, ApiToken, ApiTokenList, ApiTokenCreate, ApiTokenCreated,
]
