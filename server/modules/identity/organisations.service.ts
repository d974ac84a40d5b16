import countries from 'i18n-iso-countries'
import type { Database } from '../../db/database.ts'
import type { Executor } from '../../platform/audit/audit.repository.ts'
import { badRequest, conflict, isUniqueViolation, notFound } from '../../platform/errors.ts'
import { requirePermission } from '../../platform/access/policy.ts'
import type { Actor, OrganisationKind } from '../../platform/access/roles.ts'
import { recordAudit, type AuditContext } from '../../platform/audit/audit.service.ts'
import { findProvince, findRegency } from '../reference/index.ts'
import * as repo from './organisations.repository.ts'
import * as sessions from '../../platform/auth/sessions.repository.ts'
import type { OrganisationRow } from './organisations.repository.ts'

export interface Organisation {
  id: string
  kind: OrganisationKind
  name: string
  provinceCode: string | null
  regencyCode: string | null
  countries: string[]
  disabled: boolean
  createdAt: string
}

export function organisationOf(row: OrganisationRow): Organisation {
  return {
    id: row.id,
    kind: row.kind as OrganisationKind,
    name: row.name,
    provinceCode: row.province_code,
    regencyCode: row.regency_code,
    countries: row.countries,
    disabled: row.disabled_at !== null,
    createdAt: row.created_at.toISOString(),
  }
}

/**
 * ISO 3166-1 alpha-2 as assigned (249 codes, from i18n-iso-countries). XK (Kosovo) is a
 * user-assigned code outside the standard, so it is refused like EU, UN or ZZ.
 */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && code !== 'XK' && countries.isValid(code)
}

export async function listOrganisations(db: Database, actor: Actor | null, filter: { kind?: string; q?: string }) {
  requirePermission(actor, 'organisations.read')
  return (await repo.list(db, { ...filter, limit: 500 })).map(organisationOf)
}

export interface OrganisationInput {
  kind: OrganisationKind
  name: string
  provinceCode?: string
  regencyCode?: string
  countries?: string[]
}

/** Checks the region and country fields an organisation of this kind needs, returning them normalised. */
async function normaliseLocation(db: Executor, input: OrganisationInput) {
  let provinceCode: string | null = null
  let regencyCode: string | null = null
  let countries: string[] = []
  if (input.kind === 'regional_office' || input.kind === 'firm' || input.kind === 'supplier') {
    if (input.regencyCode) {
      const regency = await findRegency(db, input.regencyCode)
      if (!regency) throw badRequest('REGENCY_NOT_FOUND', { code: input.regencyCode }, { field: 'regencyCode' })
      if (input.provinceCode && regency.provinceCode !== input.provinceCode) {
        throw badRequest('REGENCY_NOT_IN_PROVINCE', { regency: input.regencyCode, province: input.provinceCode }, { field: 'regencyCode' })
      }
      regencyCode = regency.code
      provinceCode = regency.provinceCode
    } else if (input.provinceCode) {
      if (!(await findProvince(db, input.provinceCode))) {
        throw badRequest('PROVINCE_NOT_FOUND', { code: input.provinceCode }, { field: 'provinceCode' })
      }
      provinceCode = input.provinceCode
    }
    if (input.kind === 'regional_office' && !provinceCode) throw badRequest('ORGANISATION_REGION_REQUIRED', {}, { field: 'provinceCode' })
  }
  if (input.kind === 'embassy' || input.kind === 'buyer') {
    countries = [...new Set((input.countries ?? []).map((c) => c.toUpperCase()))]
    const invalid = countries.find((c) => !isCountryCode(c))
    if (invalid) throw badRequest('COUNTRY_INVALID', { code: invalid }, { field: 'countries' })
    if (countries.length === 0) throw badRequest('ORGANISATION_COUNTRY_REQUIRED', { kind: input.kind }, { field: 'countries' })
    if (input.kind === 'buyer' && countries.length > 1) countries = countries.slice(0, 1)
  }
  return { provinceCode, regencyCode, countries }
}

/** Creates an organisation; used by the API (admin) and the CLI/seeder (actor null, already authorised). */
export async function createOrganisation(
  db: Database,
  actor: Actor | null,
  audit: AuditContext,
  input: OrganisationInput,
  options: { trusted?: boolean } = {},
): Promise<Organisation> {
  if (!options.trusted) requirePermission(actor, 'organisations.manage')
  return db.transaction().execute((trx) => insertOrganisation(trx, audit, input))
}

/**
 * Inserts an organisation within the caller's transaction (e.g. a firm's self-registration,
 * which creates organisation, account and firm together). The caller has authorised it.
 */
export async function insertOrganisation(trx: Executor, audit: AuditContext, input: OrganisationInput): Promise<Organisation> {
  const name = input.name.trim().replace(/\s+/g, ' ')
  const location = await normaliseLocation(trx, input)
  try {
    const row = await repo.insert(trx, { kind: input.kind, name, ...location })
    const organisation = organisationOf(row)
    await recordAudit(trx, audit, { action: 'organisation.created', entityType: 'organisation', entityId: row.id, after: organisation })
    return organisation
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('ORGANISATION_NAME_TAKEN', { name })
    throw error
  }
}

export async function updateOrganisation(
  db: Database,
  actor: Actor | null,
  audit: AuditContext,
  id: string,
  input: { name?: string; disabled?: boolean },
): Promise<Organisation> {
  requirePermission(actor, 'organisations.manage')
  try {
    return await db.transaction().execute(async (trx) => {
      const before = await repo.findById(trx, id)
      if (!before) throw notFound('ORGANISATION_NOT_FOUND')
      const changes: { name?: string; disabled_at?: Date | null } = {}
      if (input.name !== undefined) changes.name = input.name.trim().replace(/\s+/g, ' ')
      if (input.disabled !== undefined && input.disabled !== (before.disabled_at !== null)) {
        // Disabling one's own organisation would sign out everyone in it, the actor included.
        if (input.disabled && id === actor.organisationId) throw conflict('ORGANISATION_SELF_DISABLE')
        changes.disabled_at = input.disabled ? new Date() : null
      }
      const after = await repo.update(trx, id, changes)
      if (changes.disabled_at) {
        // Everyone of a disabled organisation is signed out at once.
        await sessions.removeAllOfOrganisation(trx, id)
      }
      await recordAudit(trx, audit, {
        action: 'organisation.updated',
        entityType: 'organisation',
        entityId: id,
        before: organisationOf(before),
        after: organisationOf(after),
      })
      return organisationOf(after)
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('ORGANISATION_NAME_TAKEN', { name: input.name ?? '' })
    throw error
  }
}

export async function requireOrganisation(db: Executor, id: string): Promise<OrganisationRow> {
  const row = await repo.findById(db, id)
  if (!row) throw notFound('ORGANISATION_NOT_FOUND')
  return row
}

/** The ministry organisation created by the first migration (home of admins and officers). */
export async function ministryOrganisation(db: Executor): Promise<OrganisationRow> {
  const row = await db.selectFrom('organisations').select('id').where('kind', '=', 'ministry').orderBy('created_at').limit(1).executeTakeFirst()
  if (!row) throw new Error('the ministry organisation is missing; run migrations')
  return (await repo.findById(db, row.id))!
}

export async function findOrganisationByName(db: Executor, kind: OrganisationKind, name: string): Promise<Organisation | null> {
  const row = await repo.findByKindAndName(db, kind, name)
  return row ? organisationOf(row) : null
}
