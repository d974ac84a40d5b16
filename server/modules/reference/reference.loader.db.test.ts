import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, createPool, type Database } from '../../db/database.ts'
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts'
import { loadReferenceData } from './reference.loader.ts'

let testDb: TestDatabase
// The loader runs as the owner role at start-up, so it is tested as the owner too.
let owner: Database

beforeAll(async () => {
  testDb = await createTestDatabase()
  owner = createDb(createPool(testDb.ownerUrl, { max: 2, appRole: false }))
})

afterAll(async () => {
  await owner?.destroy()
  await testDb?.close()
})

async function countOf(table: 'provinces' | 'regencies' | 'districts') {
  const row = await owner.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

async function countsPerLevel(table: 'kbli_codes' | 'hs_codes') {
  const rows = await owner
    .selectFrom(table)
    .select(['level', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('level')
    .orderBy('level')
    .execute()
  return Object.fromEntries(rows.map((r) => [r.level, Number(r.n)]))
}

describe('loadReferenceData', () => {
  it('has loaded every data set into the template database', async () => {
    expect(await countOf('provinces')).toBe(38)
    expect(await countOf('regencies')).toBe(514)
    expect(await countOf('districts')).toBeGreaterThan(7000)
    expect(await countsPerLevel('kbli_codes')).toEqual({ 2: 24, 3: 71, 4: 177, 5: 475 })
    expect(await countsPerLevel('hs_codes')).toEqual({ 2: 97, 4: 1229, 6: 5613 })
    const datasets = await owner.selectFrom('reference_datasets').select(['name', 'row_count']).orderBy('name').execute()
    expect(datasets).toEqual([
      { name: 'hs-2022', row_count: 6939 },
      { name: 'kbli-2020-manufacturing', row_count: 747 },
      { name: 'regions-idn-area-data', row_count: 38 + 514 + (await countOf('districts')) },
    ])
  })

  it('skips data sets whose checksum is unchanged', async () => {
    const before = await owner.selectFrom('reference_datasets').select(['name', 'checksum', 'loaded_at']).orderBy('name').execute()
    const messages: string[] = []
    await loadReferenceData(owner, (m) => messages.push(m))
    expect(messages).toEqual([])
    const after = await owner.selectFrom('reference_datasets').select(['name', 'checksum', 'loaded_at']).orderBy('name').execute()
    expect(after).toEqual(before)
  })

  it('reloads a data set whose checksum changed, restoring rows without duplicating them', async () => {
    await owner.updateTable('reference_datasets').set({ checksum: 'stale' }).where('name', '=', 'regions-idn-area-data').execute()
    await owner.updateTable('provinces').set({ name: 'Tampered' }).where('code', '=', '32').execute()
    await owner.updateTable('kbli_codes').set({ title: 'Tampered' }).where('code', '=', '13').execute()
    const districtsBefore = await countOf('districts')

    const messages: string[] = []
    await loadReferenceData(owner, (m) => messages.push(m))

    expect(messages).toEqual([expect.stringContaining('regions-idn-area-data')])
    expect(await countOf('provinces')).toBe(38)
    expect(await countOf('regencies')).toBe(514)
    expect(await countOf('districts')).toBe(districtsBefore)
    const jabar = await owner.selectFrom('provinces').select('name').where('code', '=', '32').executeTakeFirstOrThrow()
    expect(jabar.name).toBe('Jawa Barat')
    // KBLI's checksum did not change, so it was not reloaded (the tampering stays).
    const kbli = await owner.selectFrom('kbli_codes').select('title').where('code', '=', '13').executeTakeFirstOrThrow()
    expect(kbli.title).toBe('Tampered')
    const regions = await owner.selectFrom('reference_datasets').select('checksum').where('name', '=', 'regions-idn-area-data').executeTakeFirstOrThrow()
    expect(regions.checksum).toMatch(/^[0-9a-f]{64}$/)
  })

  it('loads into an empty database and is idempotent when run twice at once', async () => {
    await owner.deleteFrom('reference_datasets').execute()
    await owner.deleteFrom('kbli_codes').execute()
    await Promise.all([loadReferenceData(owner), loadReferenceData(owner)])
    expect(await countsPerLevel('kbli_codes')).toEqual({ 2: 24, 3: 71, 4: 177, 5: 475 })
    const title = await owner.selectFrom('kbli_codes').select('title').where('code', '=', '13').executeTakeFirstOrThrow()
    expect(title.title).toBe('Industri tekstil')
    const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM reference_datasets`.execute(owner)
    expect(Number(rows[0].n)).toBe(3)
  })
})
