import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import { fileURLToPath } from 'node:url'
import pg from 'pg'

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../db/migrations')

export interface MigrationResult {
  applied: string[]
}

export class MigrationError extends Error {}

/**
 * Applies every pending `db/migrations/*.sql` file in name order, each in its own transaction,
 * as the owner role. Applied files are frozen: a changed checksum stops the run.
 */
export async function migrate(url: string, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query('SELECT pg_advisory_lock(727384000)')
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`)
    const done = new Map<string, string>(
      (await client.query('SELECT name, checksum FROM schema_migrations')).rows.map((r) => [r.name, r.checksum]),
    )
    const files = fs.readdirSync(dir).filter((f) => /^\d{12}_[a-z0-9_]+\.sql$/.test(f)).sort()
    const applied: string[] = []
    for (const file of files) {
      const sql = fs.readFileSync(path.join(dir, file), 'utf8')
      const checksum = crypto.createHash('sha256').update(sql).digest('hex')
      const previous = done.get(file)
      if (previous) {
        if (previous !== checksum) {
          throw new MigrationError(`migration ${file} was changed after it was applied; migrations are frozen once landed`)
        }
        continue
      }
      await client.query('BEGIN')
      try {
        await client.query(sql)
        await client.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [file, checksum])
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK')
        throw new MigrationError(`migration ${file} failed: ${(error as Error).message}`)
      }
      applied.push(file)
    }
    return { applied }
  } finally {
    await client.query('SELECT pg_advisory_unlock(727384000)').catch(() => {})
    await client.end()
  }
}
