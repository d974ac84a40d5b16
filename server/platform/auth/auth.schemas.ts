import { Type } from '@sinclair/typebox'
import { ref } from '../http/common.schemas.ts'
import { ORGANISATION_KINDS, ROLES } from '../access/roles.ts'
import { PERMISSIONS } from '../access/policy.ts'

export const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)), { $id: 'Role' })
export const OrganisationKindSchema = Type.Union(ORGANISATION_KINDS.map((k) => Type.Literal(k)), { $id: 'OrganisationKind' })

export const Me = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    name: Type.String(),
    role: ref(RoleSchema),
    locale: Type.Union([Type.Literal('id'), Type.Literal('en')]),
    organisation: Type.Object({
      id: Type.String(),
      name: Type.String(),
      kind: ref(OrganisationKindSchema),
      provinceCode: Type.Union([Type.String(), Type.Null()]),
      regencyCode: Type.Union([Type.String(), Type.Null()]),
      countries: Type.Array(Type.String()),
    }),
    totpEnrolled: Type.Boolean(),
    permissions: Type.Array(Type.Union(Object.keys(PERMISSIONS).map((p) => Type.Literal(p)))),
  },
  { $id: 'Me' },
)

export const AuthState = Type.Object(
  {
    stage: Type.Union([Type.Literal('totp'), Type.Literal('enrol'), Type.Literal('full')], {
      description: 'totp: enter a code next; enrol: enrol an authenticator next; full: signed in',
    }),
    user: ref(Me),
  },
  { $id: 'AuthState' },
)

export const LoginRequest = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { $id: 'LoginRequest', additionalProperties: false },
)

export const TotpRequest = Type.Object(
  { code: Type.String({ pattern: '^[0-9]{6}$', description: 'Six-digit code from the authenticator app' }) },
  { $id: 'TotpRequest', additionalProperties: false },
)

export const TotpEnrolment = Type.Object(
  {
    secret: Type.String({ description: 'Base32 seed for manual entry' }),
    otpauthUri: Type.String({ description: 'otpauth:// URI to show as a QR code' }),
  },
  { $id: 'TotpEnrolment' },
)

export const PasswordChangeRequest = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 1024 }),
    newPassword: Type.String({ minLength: 1, maxLength: 1024 }),
    endOtherSessions: Type.Boolean({ default: true }),
  },
  { $id: 'PasswordChangeRequest', additionalProperties: false },
)

export const CsrfToken = Type.Object({ token: Type.String() }, { $id: 'CsrfToken' })

export const authSchemas = [RoleSchema, OrganisationKindSchema, Me, AuthState, LoginRequest, TotpRequest, TotpEnrolment, PasswordChangeRequest, CsrfToken]
