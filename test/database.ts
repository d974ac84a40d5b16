import crypto from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'
import { createDb, createPool, type Database } from '../server/db/database.ts'
import { TEMPLATE_DATABASE } from './global-setup.ts'

export interface TestDatabase {
  /** Kysely acting as the application role (as the server does). */
  db: Database
  /** Connection string of the owner role, for tests that must act as the DBA (e.g. tampering). */
  ownerUrl: string
  close(): Promise<void>
}

/** A fresh database cloned from the migrated template; one per test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('adminDatabaseUrl')
  const name = `pulih_t_${crypto.randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`)
  } finally {
    await admin.end()
  }
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const pool = createPool(url.toString(), { max: 5 })
  const db = createDb(pool)
  return {
    db,
    ownerUrl: url.toString(),
    close: async () => {
      await db.destroy()
      const drop = new pg.Client({ connectionString: adminUrl })
      await drop.connect()
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => drop.end())
    },
  }
}
