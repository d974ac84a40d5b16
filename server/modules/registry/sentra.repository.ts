import type { Executor } from '../../platform/audit/audit.repository.ts'

const columns = ['s.id', 's.name', 's.trade', 's.kbli_code', 's.province_code', 's.regency_code', 's.district_code', 's.village', 's.created_at'] as const

export type SentraRow = NonNullable<Awaited<ReturnType<typeof findById>>>

function base(db: Executor) {
  return db
    .selectFrom('sentra as s')
    .select(columns)
    .select((eb) => eb.selectFrom('firms as f').whereRef('f.sentra_id', '=', 's.id').select(eb.fn.countAll<string>().as('n')).as('member_count'))
}

export async function findById(db: Executor, id: string) {
  return base(db).where('s.id', '=', id).executeTakeFirst()
}

export async function list(db: Executor, filter: { provinceCode?: string; regencyCode?: string; q?: string; limit: number }) {
  let query = base(db).orderBy('s.regency_code').orderBy('s.name').limit(filter.limit)
  if (filter.provinceCode) query = query.where('s.province_code', '=', filter.provinceCode)
  if (filter.regencyCode) query = query.where('s.regency_code', '=', filter.regencyCode)
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    query = query.where((eb) => eb.or([eb('s.name', 'ilike', pattern), eb('s.trade', 'ilike', pattern)]))
  }
  return query.execute()
}

export async function insert(
  db: Executor,
  values: { name: string; trade: string; kbli_code: string | null; province_code: string; regency_code: string; district_code: string | null; village: string | null },
) {
  const row = await db.insertInto('sentra').values(values).returning('id').executeTakeFirstOrThrow()
  return row.id
}
