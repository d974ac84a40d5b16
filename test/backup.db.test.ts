// `pulih backup FILE` / `pulih restore FILE` against a real database, through the CLI.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from './database.ts'
import { createOrganisation } from '../server/modules/identity/index.ts'
import { SYSTEM_CONTEXT, verifyAuditChain } from '../server/platform/audit/audit.service.ts'

const hasPgDump = spawnSync('pg_dump', ['--version']).status === 0

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(async () => database.close())

function cli(...args: string[]) {
  return spawnSync(process.execPath, [path.resolve('bin/pulih.js'), ...args], {
    env: { ...process.env, DATABASE_URL: database.ownerUrl, PULIH_SECRET_KEY: '1'.repeat(64) },
    encoding: 'utf8',
    timeout: 120_000,
  })
}

describe.skipIf(!hasPgDump)('backup and restore (needs pg_dump: apt-get install postgresql-client)', () => {
  it('restores exactly what was backed up, with an intact audit chain', async () => {
    await createOrganisation(database.db, null, SYSTEM_CONTEXT, { kind: 'bank', name: 'Bank Sebelum Cadangan' }, { trusted: true })
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pulih-backup-')), 'pulih.dump')
    const backup = cli('backup', file)
    expect(backup.stderr).toBe('')
    expect(backup.status).toBe(0)
    expect(fs.statSync(file).size).toBeGreaterThan(1000)

    await createOrganisation(database.db, null, SYSTEM_CONTEXT, { kind: 'bank', name: 'Bank Sesudah Cadangan' }, { trusted: true })
    const restore = cli('restore', file)
    expect(restore.status, restore.stderr).toBe(0)

    const names = (await database.db.selectFrom('organisations').select('name').where('kind', '=', 'bank').execute()).map((r) => r.name)
    expect(names).toContain('Bank Sebelum Cadangan')
    expect(names).not.toContain('Bank Sesudah Cadangan')
    expect((await verifyAuditChain(database.db)).ok).toBe(true)
    // The application role still may not alter audit rows after a restore.
    await expect(database.db.deleteFrom('audit_log').execute()).rejects.toThrow()
  }, 180_000)

  it('fails with a clear message for a missing file', () => {
    const result = cli('restore', '/nonexistent/pulih.dump')
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('no such file: /nonexistent/pulih.dump')
  }, 60_000)
})
