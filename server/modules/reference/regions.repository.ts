import type { Executor } from './datasets.repository.ts'

export async function listProvinces(db: Executor) {
  return db.selectFrom('provinces').select(['code', 'name']).orderBy('code').execute()
}

export async function findProvince(db: Executor, code: string) {
  return db.selectFrom('provinces').select(['code', 'name']).where('code', '=', code).executeTakeFirst()
}

export async function listRegenciesOfProvince(db: Executor, provinceCode: string) {
  return db
    .selectFrom('regencies')
    .select(['code', 'name', 'province_code'])
    .where('province_code', '=', provinceCode)
    .orderBy('code')
    .execute()
}

export async function findRegency(db: Executor, code: string) {
  return db.selectFrom('regencies').select(['code', 'name', 'province_code']).where('code', '=', code).executeTakeFirst()
}

export async function regencyInProvince(db: Executor, regencyCode: string, provinceCode: string): Promise<boolean> {
  const row = await db
    .selectFrom('regencies')
    .select('code')
    .where('code', '=', regencyCode)
    .where('province_code', '=', provinceCode)
    .executeTakeFirst()
  return row !== undefined
}

export async function listDistrictsOfRegency(db: Executor, regencyCode: string) {
  return db
    .selectFrom('districts')
    .select(['code', 'name', 'regency_code'])
    .where('regency_code', '=', regencyCode)
    .orderBy('code')
    .execute()
}
