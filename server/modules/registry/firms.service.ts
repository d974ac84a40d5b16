import type { Database } from '../../db/database.ts'
import type { Executor } from '../../platform/audit/audit.repository.ts'
import { AppError, badRequest, conflict, forbidden, isUniqueViolation, notFound } from '../../platform/errors.ts'
import { can, canEditFirm, canSeeFirm, inRegionScope, requirePermission } from '../../platform/access/policy.ts'
import type { Actor } from '../../platform/access/roles.ts'
import { recordAudit, type AuditContext } from '../../platform/audit/audit.service.ts'
import { decrypt, encrypt, hmac, type Keys } from '../../platform/secrets.ts'
import { maskNik, maskPhone } from '../../platform/privacy.ts'
import { findKbli, findRegency, listDistricts, normaliseRegencyCode } from '../reference/index.ts'
import { normaliseEmail, normaliseNib, normalisePhone, parseNik } from './normalise/index.ts'
import * as repo from './firms.repository.ts'
import * as usersRepository from '../../platform/auth/users.repository.ts'
import { openSession, type AuthDeps, type NewSession } from '../../platform/auth/auth.service.ts'
import { createUserWithPassword, insertOrganisation } from '../identity/index.ts'
import * as sentraRepo from './sentra.repository.ts'
import type { FirmRow, FirmValues, OwnerValues } from './firms.repository.ts'

export type LegalForm = 'perorangan' | 'ud' | 'cv' | 'firma' | 'pt' | 'pt_perorangan' | 'koperasi' | 'lainnya'

export interface Firm {
  id: string
  nib: string | null
  name: string
  legalForm: LegalForm
  address: string | null
  provinceCode: string
  regencyCode: string
  districtCode: string | null
  kbliMain: string | null
  kbliOthers: string[]
  workersTotal: number | null
  workersWomen: number | null
  investmentIdr: number | null
  annualTurnoverIdr: number | null
  yearFounded: number | null
  certifications: string[]
  exportExperience: boolean
  sentraId: string | null
  storeLinks: string[]
  sizeClass: 'small' | 'medium' | 'large' | null
  source: 'self_registered' | 'officer' | 'import'
  verificationStatus: 'unverified' | 'verified'
  verifiedAt: string | null
  owner: { name: string; nikMasked: string | null; phoneMasked: string | null; email: string | null } | null
  createdAt: string
  updatedAt: string
}

const toNumber = (value: string | number | null) => (value === null ? null : Number(value))

export function firmOf(row: FirmRow): Firm {
  return {
    id: row.id,
    nib: row.nib,
    name: row.name,
    legalForm: row.legal_form as LegalForm,
    address: row.address,
    provinceCode: row.province_code,
    regencyCode: row.regency_code,
    districtCode: row.district_code,
    kbliMain: row.kbli_main,
    kbliOthers: row.kbli_others,
    workersTotal: row.workers_total,
    workersWomen: row.workers_women,
    investmentIdr: toNumber(row.investment_idr),
    annualTurnoverIdr: toNumber(row.annual_turnover_idr),
    yearFounded: row.year_founded,
    certifications: row.certifications,
    exportExperience: row.export_experience,
    sentraId: row.sentra_id,
    storeLinks: row.store_links as string[],
    sizeClass: row.size_class as Firm['sizeClass'],
    source: row.source as Firm['source'],
    verificationStatus: row.verification_status as Firm['verificationStatus'],
    verifiedAt: row.verified_at?.toISOString() ?? null,
    owner: row.owner_name
      ? { name: row.owner_name, nikMasked: row.owner_nik_masked, phoneMasked: row.owner_phone_masked, email: row.owner_email }
      : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}

/** What access rules need to know of a firm row. */
export const scopeOf = (row: FirmRow) => ({ organisationId: row.organisation_id, provinceCode: row.province_code, regencyCode: row.regency_code })

/** A firm the actor may see and that has not been merged into another (merged firms are history). */
function visible(actor: Actor, row: FirmRow | undefined): row is FirmRow {
  return !!row && row.merged_into === null && canSeeFirm(actor, scopeOf(row))
}

export interface OwnerInput {
  name: string
  nik?: string
  phone?: string
  email?: string
}

export interface FirmInput {
  nib?: string | null
  name: string
  legalForm?: LegalForm
  address?: string | null
  provinceCode?: string
  regencyCode: string
  districtCode?: string | null
  kbliMain?: string | null
  kbliOthers?: string[]
  workersTotal?: number | null
  workersWomen?: number | null
  investmentIdr?: number | null
  annualTurnoverIdr?: number | null
  yearFounded?: number | null
  certifications?: string[]
  exportExperience?: boolean
  sentraId?: string | null
  storeLinks?: string[]
  owner?: OwnerInput
}

const invalid = (code: string, field: string, params: Record<string, string | number> = {}) => badRequest(code, params, { field })

/** The owner's personal data as stored: ciphertext, keyed hash for look-ups, masked form. */
export async function ownerValues(db: Executor, keys: Keys, owner: OwnerInput): Promise<OwnerValues> {
  let nik: string | null = null
  if (owner.nik !== undefined && owner.nik.trim() !== '') {
    const digits = owner.nik.replace(/[\s.]/g, '')
    const candidate = /^\d{4}/.test(digits) ? `${digits.slice(0, 2)}.${digits.slice(2, 4)}` : ''
    const known = candidate && (await findRegency(db, candidate)) ? new Set([candidate]) : new Set<string>()
    const parsed = parseNik(owner.nik, known)
    if (!parsed.ok) throw invalid('NIK_INVALID', 'owner.nik', { reason: parsed.code })
    nik = parsed.value?.nik ?? null
  }
  const phone = normalisePhone(owner.phone)
  if (!phone.ok) throw invalid('PHONE_INVALID', 'owner.phone')
  const email = normaliseEmail(owner.email)
  if (!email.ok) throw invalid('EMAIL_INVALID', 'owner.email')
  return {
    name: owner.name.trim().replace(/\s+/g, ' '),
    nik_enc: nik ? encrypt(keys.encryption, nik) : null,
    nik_hash: nik ? hmac(keys.blindIndex, `nik:${nik}`) : null,
    nik_masked: nik ? maskNik(nik) : null,
    phone_enc: phone.value ? encrypt(keys.encryption, phone.value) : null,
    phone_hash: phone.value ? hmac(keys.blindIndex, `phone:${phone.value}`) : null,
    phone_masked: phone.value ? maskPhone(phone.value) : null,
    email: email.value,
  }
}

/** Checks and normalises a full firm record (region, codes, counts) into the values to store. */
async function firmValues(db: Executor, input: FirmInput): Promise<FirmValues> {
  const regencyCode = normaliseRegencyCode(input.regencyCode)
  const regency = await findRegency(db, regencyCode)
  if (!regency) throw invalid('REGENCY_NOT_FOUND', 'regencyCode', { code: input.regencyCode })
  if (input.provinceCode && input.provinceCode !== regency.provinceCode) {
    throw invalid('REGENCY_NOT_IN_PROVINCE', 'regencyCode', { regency: regency.code, province: input.provinceCode })
  }
  let districtCode: string | null = null
  if (input.districtCode) {
    const digits = input.districtCode.replace(/\./g, '')
    districtCode = `${digits.slice(0, 2)}.${digits.slice(2, 4)}.${digits.slice(4, 6)}`
    if (!(await listDistricts(db, regency.code)).some((d) => d.code === districtCode)) {
      throw invalid('DISTRICT_NOT_FOUND', 'districtCode', { code: input.districtCode })
    }
  }
  const nib = normaliseNib(input.nib)
  if (!nib.ok) throw invalid('NIB_INVALID', 'nib')
  const kbliOthers = [...new Set(input.kbliOthers ?? [])].filter((code) => code !== input.kbliMain)
  for (const [field, code] of [['kbliMain', input.kbliMain], ...kbliOthers.map((c) => ['kbliOthers', c])] as Array<[string, string | null | undefined]>) {
    if (code && !(await findKbli(db, code))) throw invalid('KBLI_NOT_FOUND', field, { code })
  }
  const workersTotal = input.workersTotal ?? null
  const workersWomen = input.workersWomen ?? null
  if (workersWomen !== null && workersTotal !== null && workersWomen > workersTotal) {
    throw invalid('FIRM_WORKERS_INCONSISTENT', 'workersWomen')
  }
  if (input.sentraId) {
    if (!(await sentraRepo.findById(db, input.sentraId))) throw invalid('SENTRA_NOT_FOUND', 'sentraId')
  }
  return {
    nib: nib.value,
    name: input.name.trim().replace(/\s+/g, ' '),
    legal_form: input.legalForm ?? 'perorangan',
    address: input.address?.trim() || null,
    province_code: regency.provinceCode,
    regency_code: regency.code,
    district_code: districtCode,
    kbli_main: input.kbliMain ?? null,
    kbli_others: kbliOthers,
    workers_total: workersTotal,
    workers_women: workersWomen,
    investment_idr: input.investmentIdr ?? null,
    annual_turnover_idr: input.annualTurnoverIdr ?? null,
    year_founded: input.yearFounded ?? null,
    certifications: [...new Set((input.certifications ?? []).map((c) => c.trim()).filter(Boolean))],
    export_experience: input.exportExperience ?? false,
    sentra_id: input.sentraId ?? null,
    store_links: JSON.stringify(input.storeLinks ?? []),
  }
}

function nibTaken(error: unknown, nib: string | null | undefined): never {
  if (isUniqueViolation(error)) throw conflict('FIRM_NIB_TAKEN', { nib: nib ?? '' })
  throw error
}

/** Registers a firm on behalf of an officer (national, or of the firm's own region). */
export async function createFirm(db: Database, keys: Keys, actor: Actor | null, audit: AuditContext, input: FirmInput): Promise<Firm> {
  requirePermission(actor, 'firms.create')
  const values = await firmValues(db, input)
  if (!inRegionScope(actor, { provinceCode: values.province_code, regencyCode: values.regency_code })) throw forbidden('FIRM_OUT_OF_REGION')
  const owner = input.owner ? await ownerValues(db, keys, input.owner) : null
  try {
    return await db.transaction().execute(async (trx) => {
      const id = await repo.insert(trx, { ...values, source: 'officer' })
      if (owner) await repo.upsertPrimaryOwner(trx, id, owner)
      const firm = firmOf((await repo.findById(trx, id))!)
      await recordAudit(trx, audit, { action: 'firm.created', entityType: 'firm', entityId: id, after: firm })
      return firm
    })
  } catch (error) {
    return nibTaken(error, values.nib)
  }
}

/** One firm, if the actor may see it; otherwise as if it did not exist. */
export async function getFirm(db: Database, actor: Actor | null, id: string): Promise<Firm> {
  requirePermission(actor, 'firms.read')
  const row = await repo.findById(db, id)
  if (!row || !canSeeFirm(actor, scopeOf(row))) throw notFound('FIRM_NOT_FOUND')
  // Merged away: gone for callers, who are pointed at the firm that carries its record now.
  if (row.merged_into) throw new AppError('FIRM_NOT_FOUND', 404, {}, { mergedInto: row.merged_into })
  return firmOf(row)
}

export async function updateFirm(
  db: Database,
  keys: Keys,
  actor: Actor | null,
  audit: AuditContext,
  id: string,
  input: Partial<FirmInput>,
): Promise<Firm> {
  requirePermission(actor, 'firms.read')
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await repo.findByIdForUpdate(trx, id)
      if (!visible(actor, row)) throw notFound('FIRM_NOT_FOUND')
      if (!canEditFirm(actor, scopeOf(row))) throw forbidden()
      const before = firmOf(row)
      const merged: FirmInput = {
        ...before,
        ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
        provinceCode: input.regencyCode ? input.provinceCode : before.provinceCode,
        regencyCode: input.regencyCode ?? before.regencyCode,
        owner: undefined,
      }
      const values = await firmValues(trx, merged)
      if (actor.role !== 'firm_owner' && !inRegionScope(actor, { provinceCode: values.province_code, regencyCode: values.regency_code })) {
        throw forbidden('FIRM_OUT_OF_REGION')
      }
      await repo.update(trx, id, values)
      if (input.owner) await repo.upsertPrimaryOwner(trx, id, await ownerValues(trx, keys, input.owner))
      const after = firmOf((await repo.findById(trx, id))!)
      await recordAudit(trx, audit, { action: 'firm.updated', entityType: 'firm', entityId: id, before, after })
      return after
    })
  } catch (error) {
    return nibTaken(error, input.nib)
  }
}

/** A regional officer (of the firm's region) or a national officer confirms the record. */
export async function verifyFirm(db: Database, actor: Actor | null, audit: AuditContext, id: string): Promise<Firm> {
  requirePermission(actor, 'firms.verify')
  return db.transaction().execute(async (trx) => {
    const row = await repo.findByIdForUpdate(trx, id)
    if (!visible(actor, row)) throw notFound('FIRM_NOT_FOUND')
    if (row.verification_status === 'verified') throw conflict('FIRM_ALREADY_VERIFIED')
    const before = firmOf(row)
    await repo.update(trx, id, { verification_status: 'verified', verified_by: actor.userId, verified_at: new Date() })
    const after = firmOf((await repo.findById(trx, id))!)
    await recordAudit(trx, audit, { action: 'firm.verified', entityType: 'firm', entityId: id, before, after })
    return after
  })
}

/**
 * The owner's full NIK: for the firm's own owners, and for national officers with a reason.
 * Every reveal is audited (PDP: access to personal data is part of the processing trail).
 */
export async function revealOwnerNik(
  db: Database,
  keys: Keys,
  actor: Actor | null,
  audit: AuditContext,
  id: string,
  reason: string | undefined,
): Promise<{ nik: string }> {
  requirePermission(actor, 'firms.reveal_personal_data')
  const row = await repo.findById(db, id)
  if (!visible(actor, row)) throw notFound('FIRM_NOT_FOUND')
  if (actor.role !== 'firm_owner' && (!reason || reason.trim().length < 10)) {
    throw invalid('NIK_REVEAL_REASON_REQUIRED', 'reason')
  }
  const secret = await repo.findPrimaryOwnerSecret(db, id)
  if (!secret?.nik_enc) throw notFound('FIRM_OWNER_NIK_MISSING')
  const nik = decrypt(keys.encryption, secret.nik_enc)
  await recordAudit(db, audit, {
    action: 'firm_owner.nik_revealed',
    entityType: 'firm',
    entityId: id,
    after: { reason: reason?.trim() ?? 'owner viewed own NIK' },
  })
  return { nik }
}

interface Cursor {
  name: string
  id: string
}

function encodeCursor(row: FirmRow): string {
  return Buffer.from(JSON.stringify({ name: row.name.toLowerCase(), id: row.id })).toString('base64url')
}

function decodeCursor(cursor: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Cursor
    if (typeof value.name === 'string' && /^[0-9a-f-]{36}$/.test(value.id)) return value
  } catch {
    // fall through
  }
  throw invalid('CURSOR_INVALID', 'cursor')
}

export interface FirmListQuery {
  province?: string
  regency?: string
  kbli?: string
  sizeClass?: 'small' | 'medium' | 'large'
  verified?: boolean
  sentra?: string
  q?: string
  cursor?: string
  limit?: number
}

/**
 * Firms the actor may see, filtered. Name order with keyset pagination; with `q`, the best
 * matches first (one page). Regional officers are held to their region whatever they ask for.
 */
export async function listFirms(db: Database, actor: Actor | null, query: FirmListQuery): Promise<{ items: Firm[]; nextCursor: string | null }> {
  requirePermission(actor, 'firms.read')
  const limit = query.limit ?? 50
  const filter: repo.FirmFilter = {
    provinceCode: query.province,
    regencyCode: query.regency ? normaliseRegencyCode(query.regency) : undefined,
    kbli: query.kbli,
    sizeClass: query.sizeClass,
    verified: query.verified,
    sentraId: query.sentra,
    q: query.q?.trim() || undefined,
    after: query.cursor ? decodeCursor(query.cursor) : undefined,
    limit: Math.min(limit, 1000) + 1,
  }
  if (actor.role === 'regional_officer') {
    if (!actor.provinceCode) return { items: [], nextCursor: null }
    if (filter.provinceCode && filter.provinceCode !== actor.provinceCode) return { items: [], nextCursor: null }
    filter.provinceCode = actor.provinceCode
    if (actor.regencyCode) {
      if (filter.regencyCode && filter.regencyCode !== actor.regencyCode) return { items: [], nextCursor: null }
      filter.regencyCode = actor.regencyCode
    }
  } else if (actor.role === 'firm_owner') {
    filter.organisationId = actor.organisationId
  } else if (!can(actor, 'firms.read')) {
    throw new AppError('FORBIDDEN', 403)
  }
  if (filter.q) {
    // Words first; when they find fewer than a page, the nearest spellings fill it up.
    const q = filter.q
    const words = await repo.searchWords(db, { ...filter, q, limit })
    const similar = words.length < limit ? await repo.searchSimilar(db, { ...filter, q, limit: limit - words.length }, words.map((r) => r.id)) : []
    return { items: [...words, ...similar].map(firmOf), nextCursor: null }
  }
  const rows = await repo.list(db, filter)
  const page = rows.slice(0, limit)
  return { items: page.map(firmOf), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]) : null }
}

export interface RegistrationInput {
  account: { email: string; name: string; password: string; nik?: string; phone?: string }
  firm: Omit<FirmInput, 'owner'>
}

/**
 * A firm owner registers themselves: organisation, account and firm are created together (one
 * transaction), the firm waits for verification by its region, and the owner is signed in.
 */
export async function registerFirm(
  deps: AuthDeps,
  audit: AuditContext,
  input: RegistrationInput,
  client: { ip: string | null; userAgent: string | null },
): Promise<{ session: NewSession; firm: Firm }> {
  const { db, keys } = deps
  const values = await firmValues(db, input.firm)
  const owner = await ownerValues(db, keys, {
    name: input.account.name,
    nik: input.account.nik,
    phone: input.account.phone,
    email: input.account.email,
  })
  try {
    return await db.transaction().execute(async (trx) => {
      const organisation = await insertOrganisation(trx, audit, {
        kind: 'firm',
        name: values.name,
        provinceCode: values.province_code,
        regencyCode: values.regency_code,
      })
      const { user } = await createUserWithPassword(trx, keys, audit, {
        email: input.account.email,
        name: input.account.name,
        role: 'firm_owner',
        organisationId: organisation.id,
        password: input.account.password,
      })
      const ownerAudit = { ...audit, actorUserId: user.id, actorRole: 'firm_owner' }
      const id = await repo.insert(trx, { ...values, organisation_id: organisation.id, source: 'self_registered' })
      await repo.upsertPrimaryOwner(trx, id, owner)
      const firm = firmOf((await repo.findById(trx, id))!)
      await recordAudit(trx, ownerAudit, { action: 'firm.registered', entityType: 'firm', entityId: id, after: firm })
      const session = await openSession(deps, trx, (await usersRepository.findById(trx, user.id))!, 'full', client)
      return { session, firm }
    })
  } catch (error) {
    return nibTaken(error, values.nib)
  }
}

/**
 * Every firm matching the query that the actor may see, in pages of 1,000, for exports: the
 * same filters and scope as listFirms, without its page size limit.
 */
export async function* iterateFirms(db: Database, actor: Actor | null, query: Omit<FirmListQuery, 'cursor' | 'limit' | 'q'>): AsyncGenerator<Firm> {
  let cursor: string | undefined
  for (;;) {
    const page = await listFirms(db, actor, { ...query, cursor, limit: 1000 })
    yield* page.items
    if (!page.nextCursor) return
    cursor = page.nextCursor
  }
}
