export const ROLES = [
  'admin',
  'officer',
  'regional_officer',
  'firm_owner',
  'marketplace_partner',
  'supplier',
  'bank_officer',
  'attache',
  'buyer',
] as const
export type Role = (typeof ROLES)[number]

export const ORGANISATION_KINDS = ['ministry', 'regional_office', 'marketplace', 'bank', 'supplier', 'embassy', 'buyer', 'firm'] as const
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number]

/** Roles whose accounts must pass a TOTP second factor (ASVS 6.3.3). */
export const SECOND_FACTOR_ROLES: ReadonlySet<Role> = new Set(['admin', 'officer', 'regional_officer', 'bank_officer', 'attache'])

/** The organisation kind each role belongs to. */
export const ROLE_ORGANISATION_KIND: Record<Role, OrganisationKind> = {
  admin: 'ministry',
  officer: 'ministry',
  regional_officer: 'regional_office',
  firm_owner: 'firm',
  marketplace_partner: 'marketplace',
  supplier: 'supplier',
  bank_officer: 'bank',
  attache: 'embassy',
  buyer: 'buyer',
}

/** Who is acting: resolved once per request from the session cookie or an API token. */
export interface Actor {
  userId: string
  name: string
  email: string
  role: Role
  organisationId: string
  organisationKind: OrganisationKind
  provinceCode: string | null
  regencyCode: string | null
  countries: string[]
  via: 'session' | 'token'
}
