import { describe, expect, it } from 'vitest'
import { assignableRoles, can, canEditFirm, canManageUser, canSeeFirm, inCountryScope, inRegionScope, permissionsOf, requireInteractiveSession } from './policy.ts'
import { ROLES, ROLE_ORGANISATION_KIND, type Actor, type Role } from './roles.ts'

function actor(role: Role, overrides: Partial<Actor> = {}): Actor {
  return {
    userId: `u-${role}`,
    name: role,
    email: `${role}@test.pulih.id`,
    role,
    organisationId: `o-${role}`,
    organisationKind: ROLE_ORGANISATION_KIND[role],
    provinceCode: null,
    regencyCode: null,
    countries: [],
    via: 'session',
    ...overrides,
  }
}

describe('access policy', () => {
  it('denies everything to nobody and grants only listed permissions', () => {
    expect(can(null, 'audit.read')).toBe(false)
    expect(permissionsOf(actor('admin')).sort()).toEqual([
      'assessment.dashboard', 'assessment.rounds.read', 'audit.read', 'audit.verify', 'firms.read', 'marketplace.read', 'marketplace.sales.read',
      'organisations.manage', 'organisations.read', 'users.manage',
    ])
    expect(permissionsOf(actor('officer')).sort()).toEqual([
      'assessment.dashboard', 'assessment.monitor', 'assessment.respond', 'assessment.rounds.manage', 'assessment.rounds.read', 'assessment.triage',
      'audit.read', 'firms.create', 'firms.deduplicate', 'firms.read', 'firms.reveal_personal_data', 'firms.verify',
      'marketplace.categories.manage', 'marketplace.credentials.manage', 'marketplace.listings', 'marketplace.nominate', 'marketplace.pipeline',
      'marketplace.read', 'marketplace.sales.read', 'marketplace.sales.report', 'marketplace.workshops.manage', 'marketplace.workshops.register',
      'organisations.read', 'users.manage',
    ])
    expect(permissionsOf(actor('regional_officer')).sort()).toEqual([
      'assessment.dashboard', 'assessment.monitor', 'assessment.respond', 'assessment.rounds.read', 'assessment.triage',
      'firms.create', 'firms.deduplicate', 'firms.read', 'firms.verify',
      'marketplace.listings', 'marketplace.nominate', 'marketplace.pipeline', 'marketplace.read', 'marketplace.sales.read',
      'marketplace.workshops.manage', 'marketplace.workshops.register',
    ])
    expect(permissionsOf(actor('firm_owner')).sort()).toEqual([
      'assessment.respond', 'assessment.rounds.read', 'firms.read', 'firms.reveal_personal_data',
      'marketplace.consent', 'marketplace.listings', 'marketplace.pipeline', 'marketplace.read', 'marketplace.sales.read', 'marketplace.workshops.register',
    ])
    expect(permissionsOf(actor('bank_officer'))).toEqual(['tokens.manage'])
    expect(permissionsOf(actor('marketplace_partner')).sort()).toEqual([
      'marketplace.categories.manage', 'marketplace.credentials.manage', 'marketplace.listings', 'marketplace.pipeline', 'marketplace.read',
      'marketplace.sales.read', 'marketplace.sales.report', 'marketplace.workshops.manage', 'marketplace.workshops.register', 'tokens.manage',
    ])
    for (const role of ['supplier', 'attache', 'buyer'] as const) expect(permissionsOf(actor(role))).toEqual([])
  })

  it('lets only admins create admins, and nobody manage themselves', () => {
    expect(assignableRoles(actor('admin'))).toContain('admin')
    expect(assignableRoles(actor('officer'))).not.toContain('admin')
    expect(assignableRoles(actor('firm_owner'))).toEqual([])
    const officer = actor('officer')
    expect(canManageUser(officer, { id: 'x', role: 'admin' })).toBe(false)
    expect(canManageUser(officer, { id: 'x', role: 'bank_officer' })).toBe(true)
    expect(canManageUser(officer, { id: officer.userId, role: 'officer' })).toBe(false)
    for (const role of ROLES.filter((r) => r !== 'admin' && r !== 'officer')) {
      expect(canManageUser(actor(role), { id: 'x', role: 'firm_owner' })).toBe(false)
    }
  })

  it('scopes regional officers to their province, or regency when they have one', () => {
    const province = actor('regional_officer', { provinceCode: '32' })
    const regency = actor('regional_officer', { provinceCode: '32', regencyCode: '32.04' })
    expect(inRegionScope(province, { provinceCode: '32', regencyCode: '32.73' })).toBe(true)
    expect(inRegionScope(province, { provinceCode: '33', regencyCode: '33.01' })).toBe(false)
    expect(inRegionScope(regency, { provinceCode: '32', regencyCode: '32.04' })).toBe(true)
    expect(inRegionScope(regency, { provinceCode: '32', regencyCode: '32.73' })).toBe(false)
    expect(inRegionScope(actor('officer'), { provinceCode: '91' })).toBe(true)
    expect(inRegionScope(actor('firm_owner'), { provinceCode: '32' })).toBe(false)
  })

  it('scopes attachés and buyers to their countries', () => {
    expect(inCountryScope(actor('attache', { countries: ['JP', 'KR'] }), 'KR')).toBe(true)
    expect(inCountryScope(actor('attache', { countries: ['JP'] }), 'US')).toBe(false)
    expect(inCountryScope(actor('buyer', { countries: ['JP'] }), 'JP')).toBe(true)
    expect(inCountryScope(actor('bank_officer'), 'JP')).toBe(false)
    expect(inCountryScope(actor('admin'), 'JP')).toBe(true)
  })

  it('scopes firms: region for regional officers, own organisation for owners, nothing for partners', () => {
    const firm = { organisationId: 'org-1', provinceCode: '32', regencyCode: '32.04' }
    expect(canSeeFirm(actor('regional_officer', { provinceCode: '32' }), firm)).toBe(true)
    expect(canSeeFirm(actor('regional_officer', { provinceCode: '33' }), firm)).toBe(false)
    expect(canSeeFirm(actor('firm_owner', { organisationId: 'org-1' }), firm)).toBe(true)
    expect(canSeeFirm(actor('firm_owner', { organisationId: 'org-2' }), firm)).toBe(false)
    expect(canSeeFirm(actor('firm_owner', { organisationId: 'org-2' }), { ...firm, organisationId: null })).toBe(false)
    expect(canSeeFirm(actor('bank_officer'), firm)).toBe(false)
    expect(canSeeFirm(actor('admin'), firm)).toBe(true)
    expect(canEditFirm(actor('admin'), firm)).toBe(false)
    expect(canEditFirm(actor('officer'), firm)).toBe(true)
  })

  it('keeps credential changes to interactive sessions', () => {
    expect(() => requireInteractiveSession(actor('bank_officer', { via: 'token' }))).toThrow('INTERACTIVE_SESSION_REQUIRED')
    expect(() => requireInteractiveSession(actor('bank_officer'))).not.toThrow()
  })
})
