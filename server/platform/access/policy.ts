import { forbidden } from '../errors.ts'
import type { Actor, Role } from './roles.ts'

/**
 * The one access policy: every service asks it before reading or changing anything.
 * Function-level permissions are listed per role; data-level rules (organisation, region,
 * country) are the functions below. Anything not granted here is denied.
 */
export const PERMISSIONS = {
  'organisations.read': ['admin', 'officer'],
  'organisations.manage': ['admin'],
  'users.manage': ['admin', 'officer'],
  'audit.read': ['admin', 'officer'],
  'audit.verify': ['admin'],
  'tokens.manage': ['bank_officer', 'marketplace_partner'],
  'firms.read': ['admin', 'officer', 'regional_officer', 'firm_owner'],
  'firms.create': ['officer', 'regional_officer'],
  'firms.verify': ['officer', 'regional_officer'],
  'firms.deduplicate': ['officer', 'regional_officer'],
  'firms.reveal_personal_data': ['officer', 'firm_owner'],
  'assessment.rounds.manage': ['officer'],
  'assessment.rounds.read': ['admin', 'officer', 'regional_officer', 'firm_owner'],
  // Firm owners answer for their own firm; officers and regional officers enter answers for a firm (assisted).
  'assessment.respond': ['officer', 'regional_officer', 'firm_owner'],
  'assessment.dashboard': ['admin', 'officer', 'regional_officer'],
  'assessment.triage': ['officer', 'regional_officer'],
  'assessment.monitor': ['officer', 'regional_officer'],
  // Marketplace programme. Partners act only for their own marketplace and see a firm only once it
  // was nominated to it and its owner consented (marketplace/scope.ts); owners act for their firm.
  'marketplace.read': ['admin', 'officer', 'regional_officer', 'firm_owner', 'marketplace_partner'],
  'marketplace.nominate': ['officer', 'regional_officer'],
  'marketplace.pipeline': ['officer', 'regional_officer', 'firm_owner', 'marketplace_partner'],
  'marketplace.consent': ['firm_owner'],
  'marketplace.workshops.manage': ['officer', 'regional_officer', 'marketplace_partner'],
  'marketplace.workshops.register': ['officer', 'regional_officer', 'firm_owner', 'marketplace_partner'],
  'marketplace.categories.manage': ['officer', 'marketplace_partner'],
  'marketplace.listings': ['officer', 'regional_officer', 'firm_owner', 'marketplace_partner'],
  'marketplace.credentials.manage': ['officer', 'marketplace_partner'],
  'marketplace.sales.report': ['officer', 'marketplace_partner'],
  'marketplace.sales.read': ['admin', 'officer', 'regional_officer', 'firm_owner', 'marketplace_partner'],
} as const satisfies Record<string, readonly Role[]>

export type Permission = keyof typeof PERMISSIONS

export function can(actor: Actor | null, permission: Permission): boolean {
  return actor !== null && (PERMISSIONS[permission] as readonly Role[]).includes(actor.role)
}

/** Throws FORBIDDEN unless the actor holds the permission. */
export function requirePermission(actor: Actor | null, permission: Permission): asserts actor is Actor {
  if (!can(actor, permission)) throw forbidden()
}

/** Function-level permissions depend on the role alone (data scope is checked per record). */
export function permissionsOfRole(role: Role): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => (PERMISSIONS[p] as readonly Role[]).includes(role))
}

export const permissionsOf = (actor: Actor): Permission[] => permissionsOfRole(actor.role)

/** Roles an actor may give to others (by invitation or role change). Only admins create admins. */
export function assignableRoles(actor: Actor): Role[] {
  if (actor.role === 'admin') {
    return ['admin', 'officer', 'regional_officer', 'firm_owner', 'marketplace_partner', 'supplier', 'bank_officer', 'attache', 'buyer']
  }
  if (actor.role === 'officer') {
    return ['officer', 'regional_officer', 'firm_owner', 'marketplace_partner', 'supplier', 'bank_officer', 'attache', 'buyer']
  }
  return []
}

/** May the actor disable or change the role of this user? Officers do not manage admins; nobody manages themselves. */
export function canManageUser(actor: Actor, target: { id: string; role: Role }): boolean {
  if (!can(actor, 'users.manage') || target.id === actor.userId) return false
  return assignableRoles(actor).includes(target.role)
}

/** Region scope: may the actor see records located in this province/regency? */
export function inRegionScope(actor: Actor, location: { provinceCode: string | null; regencyCode?: string | null }): boolean {
  switch (actor.role) {
    case 'admin':
    case 'officer':
      return true
    case 'regional_officer':
      if (!actor.provinceCode || location.provinceCode !== actor.provinceCode) return false
      return !actor.regencyCode || location.regencyCode === actor.regencyCode
    default:
      return false
  }
}

/** Country scope of attachés (their posts' countries) and buyers (their own country). */
export function inCountryScope(actor: Actor, countryCode: string): boolean {
  if (actor.role === 'admin' || actor.role === 'officer') return true
  if (actor.role === 'attache' || actor.role === 'buyer') return actor.countries.includes(countryCode)
  return false
}

/**
 * Credentials are managed by a person in a browser session, never by an API token: a leaked
 * token must not be able to mint new tokens or change its creator's password.
 */
export function requireInteractiveSession(actor: Actor): void {
  if (actor.via !== 'session') throw forbidden('INTERACTIVE_SESSION_REQUIRED')
}

/**
 * Data scope of one firm: national staff see all, regional officers their province/regency,
 * firm owners the firm of their own organisation. Other roles see firms only through the
 * programme that shares them (nomination and consent), not through the registry.
 */
export function canSeeFirm(
  actor: Actor,
  firm: { organisationId: string | null; provinceCode: string; regencyCode: string },
): boolean {
  if (actor.role === 'firm_owner') return firm.organisationId !== null && firm.organisationId === actor.organisationId
  return can(actor, 'firms.read') && inRegionScope(actor, firm)
}

/** Who may change a firm's record: national officers, its region's officers, its own owners. */
export function canEditFirm(actor: Actor, firm: { organisationId: string | null; provinceCode: string; regencyCode: string }): boolean {
  if (actor.role === 'admin') return false
  return canSeeFirm(actor, firm)
}
