import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, type TestClient } from '../../../../test/app.ts'
import { SYSTEM_CONTEXT } from '../../../platform/audit/audit.service.ts'
import { createImport, recoverStaleImports, STALE_IMPORT_MINUTES, type Import } from './imports.service.ts'

let t: TestApp
let dataDir: string
let uploads: string
let officer: TestClient
const getImport = async (id: string): Promise<Import> => {
  const response = await officer.get(`/api/imports/${id}`)
  expect(response.statusCode, response.body).toBe(200)
  return response.json()
}
beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulih-import-recovery-'))
  uploads = path.join(dataDir, 'imports')
  fs.mkdirSync(uploads)
  t = await createTestApp({ dataDir })
  ;({ client: officer } = await t.signInAs('officer'))
})
afterAll(async () => {
  await t?.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000)

/** An upload as the API stores it, recorded as an import in the given state. */
async function upload(status: 'queued' | 'running' | 'done', heartbeatMinutesAgo: number | null, createdMinutesAgo: number) {
  const name = `${crypto.randomUUID()}.upload`
  const file = path.join(uploads, name)
  fs.writeFileSync(file, 'nama_usaha,kabupaten_kota,kbli\nKeripik Sanjai,13.75,10794\n')
  const at = minutesAgo(createdMinutesAgo)
  fs.utimesSync(file, at, at)
  const id = await createImport(t.db, 'system', SYSTEM_CONTEXT, { path: file, fileName: 'data-ikm.csv', uploadFile: name })
  await t.db
    .updateTable('imports')
    .set({ status, created_at: at, heartbeat_at: heartbeatMinutesAgo === null ? null : minutesAgo(heartbeatMinutesAgo), processed_rows: 40, inserted: 40 })
    .where('id', '=', id)
    .execute()
  return { id, file }
}

describe('recovering imports whose process died', () => {
  it('ends stale imports as interrupted (kept rows stay), audits them, and removes their uploads', async () => {
    const crashed = await upload('running', STALE_IMPORT_MINUTES + 5, 60)
    const neverStarted = await upload('queued', null, STALE_IMPORT_MINUTES + 1)
    const alive = await upload('running', 1, 60)
    const finished = await upload('done', 30, 60)
    // An upload no import claims: old ones go, a fresh one (its import being recorded) stays.
    const orphanOld = path.join(uploads, `${crypto.randomUUID()}.upload`)
    const orphanNew = path.join(uploads, `${crypto.randomUUID()}.upload`)
    fs.writeFileSync(orphanOld, 'x')
    fs.writeFileSync(orphanNew, 'x')
    fs.utimesSync(orphanOld, minutesAgo(90), minutesAgo(90))
    const unrelated = path.join(uploads, 'README.txt')
    fs.writeFileSync(unrelated, 'keep')
    fs.utimesSync(unrelated, minutesAgo(90), minutesAgo(90))

    const result = await recoverStaleImports(t.db, dataDir, SYSTEM_CONTEXT)
    expect(result.interrupted.sort()).toEqual([crashed.id, neverStarted.id].sort())

    const after = await getImport(crashed.id)
    expect(after.status).toBe('failed')
    expect(after.error?.code).toBe('IMPORT_INTERRUPTED')
    expect(after.error?.message).toMatch(/Unggah ulang/)
    expect(after.summary.inserted).toBe(40)
    expect((await getImport(alive.id)).status).toBe('running')
    expect((await getImport(finished.id)).status).toBe('done')

    expect(fs.existsSync(crashed.file)).toBe(false)
    expect(fs.existsSync(neverStarted.file)).toBe(false)
    expect(fs.existsSync(alive.file)).toBe(true)
    expect(fs.existsSync(orphanOld)).toBe(false)
    expect(fs.existsSync(orphanNew)).toBe(true)
    expect(fs.existsSync(unrelated)).toBe(true)
    expect(result.removedFiles).toBe(4)

    const audit = await t.db.selectFrom('audit_log').select(['entity_id', 'after']).where('action', '=', 'import.failed').execute()
    expect(audit.map((row) => row.entity_id).sort()).toEqual([crashed.id, neverStarted.id].sort())

    // Running it again changes nothing.
    expect(await recoverStaleImports(t.db, dataDir, SYSTEM_CONTEXT)).toEqual({ interrupted: [], removedFiles: 0 })
  })

  it('treats every progress update as a heartbeat', async () => {
    const { id } = await upload('running', STALE_IMPORT_MINUTES + 5, 60)
    const { update } = await import('./imports.repository.ts')
    await update(t.db, id, { processed_rows: 41 })
    await recoverStaleImports(t.db, dataDir, SYSTEM_CONTEXT)
    expect((await getImport(id)).status).toBe('running')
  })
})
