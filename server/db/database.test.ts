// The embedded server's life cycle across processes (a real PostgreSQL; no database schema needed).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import pg from 'pg'
import { afterAll, expect, it } from 'vitest'
import { startDatabaseServer } from './database.ts'

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulih-embedded-'))
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

it('attaches to a running embedded server, and adopts one whose owner died so it is stopped cleanly', async () => {
  const first = await startDatabaseServer({ dataDir })
  expect(first.ownsServer).toBe(true)
  const attached = await startDatabaseServer({ dataDir })
  expect(attached.ownsServer).toBe(false)
  expect(await answers(attached.url)).toBe(true)

  // Pretend the owning process died without stopping PostgreSQL.
  const dead = spawnSync(process.execPath, ['-e', 'process.pid']).pid!
  fs.writeFileSync(path.join(dataDir, 'postgres.owner'), String(dead))
  const adopted = await startDatabaseServer({ dataDir })
  expect(adopted.ownsServer).toBe(true)
  await adopted.stop()
  expect(fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false)
  expect(await answers(attached.url)).toBe(false)
  // `first` is not stopped: its server is the one the adopter just stopped.
}, 60_000)
