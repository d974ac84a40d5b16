import type pg from 'pg'
import type { Config } from './config.ts'
import { createDb, createPool, startDatabaseServer, type Database, type DatabaseServer } from './db/database.ts'
import { prepareDatabase } from './db/prepare.ts'
import { loadKeys, type Keys } from './platform/secrets.ts'

/** Everything a command needs to act on Pulih's database, the same one the server uses. */
export interface Runtime {
  config: Config
  server: DatabaseServer
  pool: pg.Pool
  db: Database
  keys: Keys
  close(): Promise<void>
}

export async function openRuntime(config: Config, log: (message: string) => void = () => {}): Promise<Runtime> {
  const server = await startDatabaseServer({ dataDir: config.dataDir, databaseUrl: config.databaseUrl })
  try {
    await prepareDatabase(server.url, log)
    const keys = loadKeys(config.dataDir)
    const pool = createPool(server.url)
    const db = createDb(pool)
    return {
      config,
      server,
      pool,
      db,
      keys,
      close: async () => {
        await db.destroy()
        await server.stop()
      },
    }
  } catch (error) {
    await server.stop()
    throw error
  }
}
