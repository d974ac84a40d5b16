import type { Executor } from '../../platform/audit/audit.repository.ts'

export async function findById(db: Executor, id: string) {
  return db.selectFrom('sentra').select(['id', 'name', 'regency_code', 'province_code']).where('id', '=', id).executeTakeFirst()
}
