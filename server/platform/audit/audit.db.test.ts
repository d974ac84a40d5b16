import path from 'node:path'
import { spawnSync } from 'node:child_process'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../test/app.ts'
import { recordAudit, SYSTEM_CONTEXT, verifyAuditChain } from './audit.service.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => t.close())

async function asOwner<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: t.ownerUrl })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

function cliAuditVerify() {
  return spawnSync(process.execPath, [path.resolve('bin/pulih.js'), 'audit', 'verify'], {
    env: { ...process.env, DATABASE_URL: t.ownerUrl, PULIH_SECRET_KEY: '0'.repeat(64) },
    encoding: 'utf8',
    timeout: 60_000,
  })
}

describe('audit log', () => {
  it('records who changed what, with request id, in the same transaction as the change', async () => {
    const { client } = await t.signInAs('admin')
    const created = await client.post('/api/organisations', { kind: 'bank', name: 'Bank Audit Test' })
    expect(created.statusCode).toBe(201)
    const entry = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'organisation.created')
      .where('entity_id', '=', created.json().id)
      .executeTakeFirstOrThrow()
    expect(entry.actor_role).toBe('admin')
    expect(entry.request_id).toMatch(/^[0-9a-f-]{36}$/)
    expect(entry.after).toMatchObject({ name: 'Bank Audit Test', kind: 'bank' })

    // A change that fails (duplicate name) leaves no audit entry behind.
    const before = await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', 'organisation.created').executeTakeFirstOrThrow()
    const duplicate = await client.post('/api/organisations', { kind: 'bank', name: 'bank audit test' })
    expect(duplicate.statusCode).toBe(409)
    const after = await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', 'organisation.created').executeTakeFirstOrThrow()
    expect(after.n).toBe(before.n)
  })

  it('masks personal data and drops secrets', async () => {
    await recordAudit(t.db, SYSTEM_CONTEXT, {
      action: 'test.masking',
      entityType: 'test',
      entityId: 'm1',
      after: { ownerNik: '3204124508900001', phone: '+6281234567890', password: 'hunter2hunter2', name: 'Siti' },
    })
    const row = await t.db.selectFrom('audit_log').select('after').where('action', '=', 'test.masking').executeTakeFirstOrThrow()
    expect(row.after).toEqual({ ownerNik: '3204**********01', phone: '+62812*****890', password: '[redacted]', name: 'Siti' })
  })

  it('cannot be changed or deleted by the application role', async () => {
    await expect(t.db.updateTable('audit_log').set({ action: 'x' }).where('seq', '=', '1').execute()).rejects.toThrow(/permission denied|append-only/)
    await expect(t.db.deleteFrom('audit_log').where('seq', '=', '1').execute()).rejects.toThrow(/permission denied|append-only/)
    await expect(asOwner((c) => c.query('SET ROLE pulih_app; TRUNCATE audit_log'))).rejects.toThrow(/permission denied|append-only/)
    // Even the owner is stopped by the append-only trigger.
    await expect(asOwner((c) => c.query("UPDATE audit_log SET action = 'x' WHERE seq = 1"))).rejects.toThrow(/append-only/)
  })

  it('verifies the chain, and `pulih audit verify` exits 0', async () => {
    const result = await verifyAuditChain(t.db)
    expect(result.ok).toBe(true)
    expect(result.checked).toBeGreaterThan(3)
    const cli = cliAuditVerify()
    expect(cli.stdout).toMatch(/audit log intact: \d+ entries verified/)
    expect(cli.status).toBe(0)
  }, 90_000)

  it('detects an altered entry (as a DBA bypassing the triggers) and names it', async () => {
    await asOwner(async (c) => {
      await c.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update')
      await c.query(`UPDATE audit_log SET after = '{"name": "forged"}' WHERE seq = 2`)
      await c.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update')
    })
    const result = await verifyAuditChain(t.db)
    expect(result.ok).toBe(false)
    expect(result.firstBroken).toEqual({ seq: '2', reason: 'content does not match its hash (entry altered)' })
    const cli = cliAuditVerify()
    expect(cli.status).toBe(1)
    expect(cli.stdout).toContain('BROKEN at entry 2')
  }, 90_000)

  it('detects a deleted entry as a gap in the sequence', async () => {
    // Repair entry 2 first by recomputing it, so only the deletion below is wrong.
    await asOwner(async (c) => {
      await c.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update')
      await c.query(`UPDATE audit_log SET hash = encode(sha256(convert_to(audit_canonical(audit_log), 'UTF8')), 'hex') WHERE seq = 2`)
      await c.query('DELETE FROM audit_log WHERE seq = 4')
      await c.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update')
    })
    const result = await verifyAuditChain(t.db)
    expect(result.ok).toBe(false)
    // Entry 3 now links to a recomputed entry 2 whose hash changed, so 3 is the first to break.
    expect(['3', '5']).toContain(result.firstBroken?.seq)
  })

  it('lists entries newest first with filters and a cursor, for officers and admins only', async () => {
    const { client } = await t.signInAs('officer')
    const page = await client.get('/api/audit?limit=2')
    expect(page.statusCode).toBe(200)
    const body = page.json()
    expect(body.items).toHaveLength(2)
    expect(BigInt(body.items[0].seq)).toBeGreaterThan(BigInt(body.items[1].seq))
    const next = await client.get(`/api/audit?limit=2&cursor=${body.nextCursor}`)
    expect(BigInt(next.json().items[0].seq)).toBeLessThan(BigInt(body.items[1].seq))
    const filtered = await client.get('/api/audit?action=organisation.created')
    expect(filtered.json().items.every((e: { action: string }) => e.action === 'organisation.created')).toBe(true)
    const { client: firmOwner } = await t.signInAs('firm_owner')
    expect((await firmOwner.get('/api/audit')).statusCode).toBe(403)
  })
})
