import type { Executor } from '../../platform/audit/audit.repository.ts'

const columns = ['id', 'kind', 'name', 'province_code', 'regency_code', 'countries', 'disabled_at', 'created_at'] as const

export type OrganisationRow = NonNullable<Awaited<ReturnType<typeof findById>>>

export async function findById(db: Executor, id: string) {
  return db.selectFrom('organisations').select(columns).where('id', '=', id).executeTakeFirst()
}

export async function findByKindAndName(db: Executor, kind: string, name: string) {
  return db
    .selectFrom('organisations')
    .select(columns)
    .where('kind', '=', kind)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst()
}

export async function list(db: Executor, filter: { kind?: string; q?: string; limit: number }) {
  let query = db.selectFrom('organisations').select(columns).orderBy('kind').orderBy('name').limit(filter.limit)
  if (filter.kind) query = query.where('kind', '=', filter.kind)
  if (filter.q) query = query.where('name', 'ilike', `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
  return query.execute()
}

export async function insert(
  db: Executor,
  org: { kind: string; name: string; provinceCode: string | null; regencyCode: string | null; countries: string[] },
) {
  return db
    .insertInto('organisations')
    .values({ kind: org.kind, name: org.name, province_code: org.provinceCode, regency_code: org.regencyCode, countries: org.countries })
    .returning(columns)
    .executeTakeFirstOrThrow()
}

export async function update(db: Executor, id: string, changes: { name?: string; disabled_at?: Date | null }) {
  return db
    .updateTable('organisations')
    .set({ ...changes, updated_at: new Date() })
    .where('id', '=', id)
    .returning(columns)
    .executeTakeFirstOrThrow()
}
