import type { Database } from '../../db/database.ts'
import { badRequest, conflict, forbidden, isUniqueViolation, notFound } from '../../platform/errors.ts'
import { inRegionScope, requirePermission } from '../../platform/access/policy.ts'
import type { Actor } from '../../platform/access/roles.ts'
import { recordAudit, type AuditContext } from '../../platform/audit/audit.service.ts'
import { findKbli, findRegency, listDistricts, normaliseRegencyCode } from '../reference/index.ts'
import * as repo from './sentra.repository.ts'
import type { SentraRow } from './sentra.repository.ts'

export interface Sentra {
  id: string
  name: string
  trade: string
  kbliCode: string | null
  provinceCode: string
  regencyCode: string
  districtCode: string | null
  village: string | null
  memberCount: number
  createdAt: string
}

function sentraOf(row: SentraRow): Sentra {
  return {
    id: row.id,
    name: row.name,
    trade: row.trade,
    kbliCode: row.kbli_code,
    provinceCode: row.province_code,
    regencyCode: row.regency_code,
    districtCode: row.district_code,
    village: row.village,
    memberCount: Number(row.member_count ?? 0),
    createdAt: row.created_at.toISOString(),
  }
}

/** Sentra are public facts about places; anyone who may read the registry lists those of their scope. */
export async function listSentra(db: Database, actor: Actor | null, query: { province?: string; regency?: string; q?: string }): Promise<Sentra[]> {
  requirePermission(actor, 'firms.read')
  const filter = { provinceCode: query.province, regencyCode: query.regency ? normaliseRegencyCode(query.regency) : undefined, q: query.q, limit: 500 }
  if (actor.role === 'regional_officer') {
    if (filter.provinceCode && filter.provinceCode !== actor.provinceCode) return []
    filter.provinceCode = actor.provinceCode ?? '--'
  }
  return (await repo.list(db, filter)).map(sentraOf)
}

export async function getSentra(db: Database, actor: Actor | null, id: string): Promise<Sentra> {
  requirePermission(actor, 'firms.read')
  const row = await repo.findById(db, id)
  if (!row || (actor.role === 'regional_officer' && !inRegionScope(actor, { provinceCode: row.province_code, regencyCode: row.regency_code }))) {
    throw notFound('SENTRA_NOT_FOUND')
  }
  return sentraOf(row)
}

export async function createSentra(
  db: Database,
  actor: Actor | null,
  audit: AuditContext,
  input: { name: string; trade: string; kbliCode?: string; regencyCode: string; districtCode?: string; village?: string },
): Promise<Sentra> {
  requirePermission(actor, 'firms.create')
  const regency = await findRegency(db, normaliseRegencyCode(input.regencyCode))
  if (!regency) throw badRequest('REGENCY_NOT_FOUND', { code: input.regencyCode }, { field: 'regencyCode' })
  if (!inRegionScope(actor, { provinceCode: regency.provinceCode, regencyCode: regency.code })) throw forbidden('FIRM_OUT_OF_REGION')
  let districtCode: string | null = null
  if (input.districtCode) {
    const digits = input.districtCode.replace(/\./g, '')
    districtCode = `${digits.slice(0, 2)}.${digits.slice(2, 4)}.${digits.slice(4, 6)}`
    if (!(await listDistricts(db, regency.code)).some((d) => d.code === districtCode)) {
      throw badRequest('DISTRICT_NOT_FOUND', { code: input.districtCode }, { field: 'districtCode' })
    }
  }
  if (input.kbliCode && !(await findKbli(db, input.kbliCode))) throw badRequest('KBLI_NOT_FOUND', { code: input.kbliCode }, { field: 'kbliCode' })
  const name = input.name.trim().replace(/\s+/g, ' ')
  try {
    return await db.transaction().execute(async (trx) => {
      const id = await repo.insert(trx, {
        name,
        trade: input.trade.trim(),
        kbli_code: input.kbliCode ?? null,
        province_code: regency.provinceCode,
        regency_code: regency.code,
        district_code: districtCode,
        village: input.village?.trim() || null,
      })
      const sentra = sentraOf((await repo.findById(trx, id))!)
      await recordAudit(trx, audit, { action: 'sentra.created', entityType: 'sentra', entityId: id, after: sentra })
      return sentra
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('SENTRA_NAME_TAKEN', { name })
    throw error
  }
}
