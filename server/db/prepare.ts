import { migrate } from './migrate.ts'
import { createDb, createPool } from './database.ts'
import { loadReferenceData } from '../modules/reference/index.ts'

/** Migrates the schema (as the owner role) and loads reference data that changed. */
export async function prepareDatabase(url: string, log: (message: string) => void = () => {}): Promise<void> {
  const { applied } = await migrate(url)
  for (const file of applied) log(`migration applied: ${file}`)
  const pool = createPool(url, { max: 2, appRole: false })
  try {
    await loadReferenceData(createDb(pool), log)
  } finally {
    await pool.end()
  }
}
