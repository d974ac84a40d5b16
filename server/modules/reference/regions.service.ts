import { notFound } from '../../platform/errors.ts'
import type { Executor } from './datasets.repository.ts'
import * as regions from './regions.repository.ts'
import type { District, Province, Regency } from './reference.schemas.ts'
import { normaliseRegencyCode } from './search-query.ts'

type RegencyRow = { code: string; name: string; province_code: string }

const toProvince = (row: { code: string; name: string }): Province => ({ code: row.code, name: row.name })
const toRegency = (row: RegencyRow): Regency => ({ code: row.code, name: row.name, provinceCode: row.province_code })
const toDistrict = (row: { code: string; name: string; regency_code: string }): District => ({
  code: row.code,
  name: row.name,
  regencyCode: row.regency_code,
})

export async function listProvinces(db: Executor): Promise<Province[]> {
  return (await regions.listProvinces(db)).map(toProvince)
}

/** The province with this code, or undefined. */
export async function findProvince(db: Executor, code: string): Promise<Province | undefined> {
  const row = await regions.findProvince(db, code.trim())
  return row && toProvince(row)
}

/** The regency with this code ("32.04"; "3204" is accepted), or undefined. */
export async function findRegency(db: Executor, code: string): Promise<Regency | undefined> {
  const row = await regions.findRegency(db, normaliseRegencyCode(code))
  return row && toRegency(row)
}

/**
 * True when the regency exists and lies in the province. Asked of the database rather than
 * read from the code prefix, so an unknown regency is never accepted.
 */
export async function regencyBelongsToProvince(db: Executor, regencyCode: string, provinceCode: string): Promise<boolean> {
  return regions.regencyInProvince(db, normaliseRegencyCode(regencyCode), provinceCode.trim())
}

/** Regencies and cities of a province, by code; PROVINCE_NOT_FOUND for an unknown province. */
export async function listRegencies(db: Executor, provinceCode: string): Promise<Regency[]> {
  const province = await findProvince(db, provinceCode)
  if (!province) throw notFound('PROVINCE_NOT_FOUND', { code: provinceCode })
  return (await regions.listRegenciesOfProvince(db, province.code)).map(toRegency)
}

/** Districts of a regency, by code; REGENCY_NOT_FOUND for an unknown regency. */
export async function listDistricts(db: Executor, regencyCode: string): Promise<District[]> {
  const regency = await findRegency(db, regencyCode)
  if (!regency) throw notFound('REGENCY_NOT_FOUND', { code: regencyCode })
  return (await regions.listDistrictsOfRegency(db, regency.code)).map(toDistrict)
}
