import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, type TestClient } from '../../../../test/app.ts'
import { drainDuplicateQueue, startDuplicateWorker } from './duplicates.scan.ts'

const LIMITS = { rateLimit: { apiPerMinute: 100_000, loginPerMinute: 100_000 } }
// Valid NIKs of Kabupaten Bandung (32.04), a woman born 05-08-1990; the serial tells them apart.
const nik = (serial: number) => `32041245089${String(serial).padStart(5, '0')}`

let t: TestApp
let officer: TestClient
let jabar: TestClient
let jateng: TestClient
beforeAll(async () => {
  t = await createTestApp(LIMITS)
  ;({ client: officer } = await t.signInAs('officer'))
  ;({ client: jabar } = await t.signInAs('regional_officer', { organisation: { provinceCode: '32' } }))
  ;({ client: jateng } = await t.signInAs('regional_officer', { organisation: { provinceCode: '33' } }))
})
afterAll(async () => t.close())

interface FirmJson {
  id: string
  name: string
  [key: string]: unknown
}

async function create(body: Record<string, unknown>, client = officer): Promise<FirmJson> {
  const response = await client.post('/api/firms', { legalForm: 'cv', kbliMain: '13134', ...body })
  expect(response.statusCode, response.body).toBe(201)
  return response.json()
}

interface Candidate {
  firmA: { id: string }
  firmB: { id: string }
  score: number
  reasons: Array<{ code: string; similarity?: number }>
}

/** The proposed pairs once every queued firm has been checked (as the server's worker does). */
async function candidates(client: TestClient, query = ''): Promise<Candidate[]> {
  await drainDuplicateQueue(t.db)
  const minScore = query.includes('minScore=') ? '' : '&minScore=0.5'
  const response = await client.get(`/api/firms/duplicates?limit=200${minScore}${query}`)
  expect(response.statusCode, response.body).toBe(200)
  return response.json().items
}

const pairOf = (items: Candidate[], x: string, y: string) =>
  items.find((c) => (c.firmA.id === x && c.firmB.id === y) || (c.firmA.id === y && c.firmB.id === x))

describe('finding duplicates', () => {
  it('proposes firms of the same owner NIK, even across regencies', async () => {
    const a = await create({ name: 'Konveksi Mekar Sari', regencyCode: '32.04', owner: { name: 'Siti', nik: nik(11) } })
    const b = await create({ name: 'Bordir Tasik Indah', regencyCode: '32.73', owner: { name: 'Siti R.', nik: nik(11) } })
    const pair = pairOf(await candidates(officer), a.id, b.id)
    expect(pair).toMatchObject({ score: 0.7, reasons: [{ code: 'same_owner_nik' }] })
    // Stored ordered, smaller id first.
    expect(pair!.firmA.id < pair!.firmB.id).toBe(true)
    expect(JSON.stringify(pair)).not.toContain(nik(11))
  })

  it('proposes similar names in one regency, scored by their similarity, and not across regencies', async () => {
    const a = await create({ name: 'CV Batik Sekar Jagad', regencyCode: '32.07' })
    const b = await create({ name: 'CV. Batik Sekar Jagat', regencyCode: '32.07' })
    const elsewhere = await create({ name: 'CV Batik Sekar Jagad', regencyCode: '32.09' })
    const items = await candidates(officer)
    const pair = pairOf(items, a.id, b.id)
    expect(pair?.reasons).toHaveLength(1)
    expect(pair!.reasons[0].code).toBe('similar_name_same_regency')
    expect(pair!.reasons[0].similarity).toBeGreaterThan(0.7)
    expect(pair!.score).toBe(pair!.reasons[0].similarity)
    expect(pairOf(items, a.id, elsewhere.id)).toBeUndefined()
    expect(pairOf(items, b.id, elsewhere.id)).toBeUndefined()
    // Unrelated names of the same regency are no pair; a higher minScore drops the pair.
    const other = await create({ name: 'UD Rotan Makmur', regencyCode: '32.07' })
    expect(pairOf(await candidates(officer), a.id, other.id)).toBeUndefined()
    expect(pairOf(await candidates(officer, '&minScore=0.95'), a.id, b.id)).toBeUndefined()
    // The region filter keeps pairs of the regency.
    expect(pairOf(await candidates(officer, '&regency=3207'), a.id, b.id)).toBeDefined()
    expect(pairOf(await candidates(officer, '&regency=32.09'), a.id, b.id)).toBeUndefined()
  })

  it('adds agreeing reasons up to a higher score', async () => {
    const a = await create({ name: 'Keripik Tempe Bu Sri', regencyCode: '35.73', owner: { name: 'Sri', nik: nik(12) } })
    const b = await create({ name: 'Keripik Tempe Ibu Sri', regencyCode: '35.73', owner: { name: 'Sri', nik: nik(12) } })
    const pair = pairOf(await candidates(officer), a.id, b.id)
    expect(pair!.reasons.map((r) => r.code)).toEqual(['same_owner_nik', 'similar_name_same_regency'])
    expect(pair!.score).toBeGreaterThan(0.9)
  })

  it('shows a regional officer only pairs wholly in their region', async () => {
    const c1 = await create({ name: 'Tenun Troso Makmur', regencyCode: '33.20' })
    const c2 = await create({ name: 'Tenun Troso Makmoer', regencyCode: '33.20' })
    const w = await create({ name: 'Anyaman Pandan Ayu', regencyCode: '32.04', owner: { name: 'Rina', nik: nik(13) } })
    const c3 = await create({ name: 'Gerabah Mayong', regencyCode: '33.20', owner: { name: 'Rina', nik: nik(13) } })
    const national = await candidates(officer)
    expect(pairOf(national, c1.id, c2.id)).toBeDefined()
    expect(pairOf(national, w.id, c3.id)).toBeDefined()
    // With a province, pairs with at least one firm there.
    expect(pairOf(await candidates(officer, '&province=32'), w.id, c3.id)).toBeDefined()
    const west = await candidates(jabar)
    expect(west.length).toBeGreaterThan(0)
    expect(pairOf(west, c1.id, c2.id)).toBeUndefined()
    expect(pairOf(west, w.id, c3.id)).toBeUndefined()
    const central = await candidates(jateng)
    expect(pairOf(central, c1.id, c2.id)).toBeDefined()
    expect(pairOf(central, w.id, c3.id)).toBeUndefined()
    expect(await candidates(jateng, '&province=32')).toEqual([])
    // Nor can they decide or merge a pair they cannot see.
    expect((await jabar.post('/api/firms/duplicates/decisions', { firmA: c1.id, firmB: c2.id, decision: 'distinct' })).statusCode).toBe(404)
    expect((await jateng.post('/api/firms/merges', { survivorId: c3.id, mergedId: w.id, fields: {} })).statusCode).toBe(404)
  })

  it("marks a pair distinct: no longer proposed, audited, and decided once", async () => {
    const a = await create({ name: 'Batik Tulis Lasem Sekar', regencyCode: '33.17' })
    const b = await create({ name: 'Batik Tulis Lasem Sekar Jaya', regencyCode: '33.17' })
    expect(pairOf(await candidates(officer), a.id, b.id)).toBeDefined()
    const response = await jateng.post('/api/firms/duplicates/decisions', { firmA: b.id, firmB: a.id, decision: 'distinct', note: 'Dua usaha kakak-adik' })
    expect(response.statusCode, response.body).toBe(201)
    expect(response.json()).toMatchObject({ firmA: [a.id, b.id].sort()[0], decision: 'distinct', note: 'Dua usaha kakak-adik' })
    expect(pairOf(await candidates(officer), a.id, b.id)).toBeUndefined()
    const again = await officer.post('/api/firms/duplicates/decisions', { firmA: a.id, firmB: b.id, decision: 'distinct' })
    expect(again.statusCode).toBe(409)
    expect(again.json().code).toBe('DUPLICATE_ALREADY_DECIDED')
    const same = await officer.post('/api/firms/duplicates/decisions', { firmA: a.id, firmB: a.id, decision: 'distinct' })
    expect(same.json().code).toBe('DUPLICATE_SAME_FIRM')
    const audit = await t.db.selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'firm_duplicate.decided').execute()
    expect(audit).toHaveLength(1)
  })

  it('finds pairs in the background: new and changed firms wait in a queue, counted as pending', async () => {
    await drainDuplicateQueue(t.db)
    const a = await create({ name: 'Kerajinan Bambu Sumber Rejeki', regencyCode: '33.08' })
    const b = await create({ name: 'Kerajinan Bambu Sumber Rejeki Muntilan', regencyCode: '33.08' })
    const before = (await jateng.get('/api/firms/duplicates?minScore=0.5')).json()
    expect(before.pending).toBe(2)
    expect(pairOf(before.items, a.id, b.id)).toBeUndefined()
    // Pending is counted within the viewer's region.
    expect((await jabar.get('/api/firms/duplicates')).json().pending).toBe(0)
    expect(pairOf(await candidates(jateng), a.id, b.id)).toMatchObject({ reasons: [{ code: 'similar_name_same_regency' }] })
    expect((await jateng.get('/api/firms/duplicates')).json().pending).toBe(0)

    // A new name is checked again, and the pair found from either side goes when it no longer holds.
    expect((await officer.patch(`/api/firms/${b.id}`, { name: 'Tenun Lurik Pedan' })).statusCode).toBe(200)
    expect((await jateng.get('/api/firms/duplicates')).json().pending).toBe(1)
    expect(pairOf(await candidates(jateng), a.id, b.id)).toBeUndefined()
    // A change that the finder does not compare queues nothing.
    expect((await officer.patch(`/api/firms/${a.id}`, { workersTotal: 7 })).statusCode).toBe(200)
    expect((await jateng.get('/api/firms/duplicates')).json().pending).toBe(0)
  })

  it('checks a firm again when it changes while it is being checked', async () => {
    await drainDuplicateQueue(t.db)
    const firm = await create({ name: 'Batik Pesisir Lasem', regencyCode: '33.17' })
    // A worker holds the firm's queue row mid-check; the edit's re-queue waits for it, then lands.
    let edit: Promise<unknown> | undefined
    await t.db.transaction().execute(async (trx) => {
      const held = await trx.selectFrom('firm_duplicate_queue').select('firm_id').where('firm_id', '=', firm.id).forUpdate().execute()
      expect(held).toHaveLength(1)
      edit = officer.patch(`/api/firms/${firm.id}`, { name: 'Batik Tulis Lasem Sekar Kencana' })
      await new Promise((resolve) => setTimeout(resolve, 300))
      await trx.deleteFrom('firm_duplicate_queue').where('firm_id', '=', firm.id).execute()
    })
    expect(((await edit) as { statusCode: number }).statusCode).toBe(200)
    const queued = await t.db.selectFrom('firm_duplicate_queue').select('firm_id').where('firm_id', '=', firm.id).execute()
    expect(queued).toHaveLength(1)
  })

  it("runs as the server's worker until the queue is empty", async () => {
    await drainDuplicateQueue(t.db)
    const a = await create({ name: 'Gerabah Kasongan Sejahtera', regencyCode: '34.02' })
    const b = await create({ name: 'Gerabah Kasongan Sejahtera II', regencyCode: '34.02' })
    const errors: unknown[] = []
    const worker = startDuplicateWorker(t.db, { idleMs: 50, batchSize: 1, onError: (error) => errors.push(error) })
    try {
      await expect
        .poll(async () => (await officer.get('/api/firms/duplicates?province=34&minScore=0.5')).json(), { timeout: 20_000, interval: 100 })
        .toMatchObject({ pending: 0, items: [{ reasons: [{ code: 'similar_name_same_regency' }] }] })
      const listed = (await officer.get('/api/firms/duplicates?province=34&minScore=0.5')).json().items
      expect(pairOf(listed, a.id, b.id)).toBeDefined()
    } finally {
      await worker.stop()
    }
    expect(errors).toEqual([])
  })

  it('answers its static paths, not GET /api/firms/:id', async () => {
    expect((await officer.get('/api/firms/duplicates')).json()).toHaveProperty('items')
    expect((await officer.get('/api/firms/merges')).json()).toHaveProperty('items')
  })
})

describe('merging', () => {
  async function pairToMerge(regencyCode: string, names: [string, string], serials: [number, number], nibs: [string, string]) {
    const survivor = await create({
      name: names[0],
      nib: nibs[0],
      regencyCode,
      address: 'Jl. Kenanga 1',
      workersTotal: 10,
      workersWomen: 5,
      investmentIdr: 200_000_000,
      owner: { name: 'Ahmad Fauzi', nik: nik(serials[0]), phone: '0812-1111-2222' },
    })
    const merged = await create({
      name: names[1],
      nib: nibs[1],
      regencyCode,
      address: 'Jl. Melati 2',
      workersTotal: 25,
      workersWomen: 8,
      investmentIdr: 900_000_000,
      owner: { name: 'Ahmad Fauzi Hasan', nik: nik(serials[1]), phone: '0813-3333-4444', email: 'fauzi@example.id' },
    })
    return { survivor, merged }
  }

  const get = async (id: string) => (await officer.get(`/api/firms/${id}`)).json()
  const ownerRows = (ids: string[]) => t.db.selectFrom('firm_owners').selectAll().where('firm_id', 'in', ids).orderBy('id').execute()

  it('merges field by field, hides the merged firm, audits, and reverts exactly once', async () => {
    const { survivor, merged } = await pairToMerge('32.09', ['UD Rotan Jaya Abadi', 'UD Rotan Jaya Abadi Cirebon'], [21, 22], ['9120001111111', '9120002222222'])
    expect(pairOf(await candidates(officer), survivor.id, merged.id)).toBeDefined()
    const beforeSurvivor = await get(survivor.id)
    const beforeMerged = await get(merged.id)
    const beforeOwners = await ownerRows([survivor.id, merged.id])

    const response = await officer.post('/api/firms/merges', {
      survivorId: survivor.id,
      mergedId: merged.id,
      fields: { name: 'merged', nib: 'merged', workersTotal: 'merged', owner: 'merged', address: 'survivor' },
    })
    expect(response.statusCode, response.body).toBe(201)
    const merge = response.json()
    expect(merge).toMatchObject({
      survivorId: survivor.id,
      mergedId: merged.id,
      survivorName: 'UD Rotan Jaya Abadi Cirebon',
      mergedName: 'UD Rotan Jaya Abadi Cirebon',
      fields: { name: 'merged', nib: 'merged', workersTotal: 'merged', owner: 'merged', address: 'survivor', region: 'survivor' },
      revertedAt: null,
    })

    const after = await get(survivor.id)
    expect(after).toMatchObject({
      name: 'UD Rotan Jaya Abadi Cirebon',
      nib: '9120002222222',
      address: 'Jl. Kenanga 1',
      workersTotal: 25,
      workersWomen: 5,
      investmentIdr: 200_000_000,
      owner: { name: 'Ahmad Fauzi Hasan', nikMasked: beforeMerged.owner.nikMasked, phoneMasked: beforeMerged.owner.phoneMasked, email: 'fauzi@example.id' },
    })
    // The merged firm is gone from the list, the search and the detail (pointing to the survivor).
    const gone = await officer.get(`/api/firms/${merged.id}`)
    expect(gone.statusCode).toBe(404)
    expect(gone.json()).toMatchObject({ code: 'FIRM_NOT_FOUND', details: { mergedInto: survivor.id } })
    const listed = (await officer.get('/api/firms?regency=32.09&limit=200')).json().items.map((f: FirmJson) => f.id)
    expect(listed).toContain(survivor.id)
    expect(listed).not.toContain(merged.id)
    const searched = (await officer.get('/api/firms?q=Rotan%20Jaya%20Abadi')).json().items.map((f: FirmJson) => f.id)
    expect(searched).not.toContain(merged.id)
    expect(pairOf(await candidates(officer), survivor.id, merged.id)).toBeUndefined()
    // Nor can it be merged again.
    const other = await create({ name: 'UD Rotan Lain', regencyCode: '32.09' })
    expect((await officer.post('/api/firms/merges', { survivorId: other.id, mergedId: merged.id, fields: {} })).statusCode).toBe(404)

    const audit = await t.db.selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'firm.merged').where('entity_id', '=', survivor.id).execute()
    expect(audit).toHaveLength(1)
    const entry = audit[0] as { before: any; after: any }
    expect(entry.before.survivor.name).toBe('UD Rotan Jaya Abadi')
    expect(entry.before.merged.name).toBe('UD Rotan Jaya Abadi Cirebon')
    expect(entry.after.survivor.name).toBe('UD Rotan Jaya Abadi Cirebon')
    expect(entry.after.merged.mergedInto).toBe(survivor.id)
    expect(entry.after.mergeId).toBe(merge.id)
    // The snapshots keep personal data as stored: ciphertext only.
    const stored = await t.db.selectFrom('firm_merges').selectAll().where('id', '=', merge.id).executeTakeFirstOrThrow()
    expect(JSON.stringify(stored)).not.toContain(nik(21))
    expect(JSON.stringify(stored)).not.toContain(nik(22))

    const listedMerges = (await officer.get(`/api/firms/merges?firmId=${merged.id}`)).json().items
    expect(listedMerges.map((m: { id: string }) => m.id)).toEqual([merge.id])

    const reverted = await jabar.post(`/api/firms/merges/${merge.id}/revert`, {})
    expect(reverted.statusCode, reverted.body).toBe(200)
    expect(reverted.json().revertedAt).not.toBeNull()
    expect(await get(survivor.id)).toEqual(beforeSurvivor)
    expect(await get(merged.id)).toEqual(beforeMerged)
    expect(await ownerRows([survivor.id, merged.id])).toEqual(beforeOwners)
    expect(pairOf(await candidates(officer), survivor.id, merged.id)).toBeDefined()
    const revertAudit = await t.db.selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'firm.merge_reverted').execute()
    expect(revertAudit).toHaveLength(1)
    expect((revertAudit[0].after as any).survivor.name).toBe('UD Rotan Jaya Abadi')

    const twice = await officer.post(`/api/firms/merges/${merge.id}/revert`, {})
    expect(twice.statusCode).toBe(409)
    expect(twice.json().code).toBe('DUPLICATE_MERGE_ALREADY_REVERTED')
  })

  it('refuses a merge whose chosen counts do not fit together, and a firm with itself', async () => {
    const { survivor, merged } = await pairToMerge('32.11', ['Kerupuk Udang Sari', 'Kerupuk Udang Sari Rasa'], [31, 32], ['9120003333331', '9120003333332'])
    await t.db.updateTable('firms').set({ workers_total: 4, workers_women: 2 }).where('id', '=', merged.id).execute()
    const bad = await officer.post('/api/firms/merges', { survivorId: survivor.id, mergedId: merged.id, fields: { workersTotal: 'merged' } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ code: 'FIRM_WORKERS_INCONSISTENT', details: { field: 'fields.workersWomen' } })
    const self = await officer.post('/api/firms/merges', { survivorId: survivor.id, mergedId: survivor.id, fields: {} })
    expect(self.json().code).toBe('DUPLICATE_SAME_FIRM')
    expect((await officer.post('/api/firms/merges', { survivorId: survivor.id, mergedId: merged.id, fields: { colour: 'merged' } })).statusCode).toBe(400)
    // The survivor's owner account is not given up for the merged firm's lack of one.
    const owner = await t.createUser('firm_owner')
    await t.db.updateTable('firms').set({ organisation_id: owner.organisationId }).where('id', '=', survivor.id).execute()
    const orphaning = await officer.post('/api/firms/merges', { survivorId: survivor.id, mergedId: merged.id, fields: { organisation: 'merged' } })
    expect(orphaning.statusCode).toBe(400)
    expect(orphaning.json()).toMatchObject({ code: 'DUPLICATE_MERGE_ORGANISATION_EMPTY', details: { field: 'fields.organisation' } })
    expect(await t.db.selectFrom('firm_merges').select('id').execute()).toHaveLength(1)
  })

  it('refuses to revert over later changes: an edited survivor or a later merge', async () => {
    const { survivor, merged } = await pairToMerge('32.12', ['Dodol Garut Asli', 'Dodol Garut Asli Rasa'], [41, 42], ['9120004444441', '9120004444442'])
    const first = (await officer.post('/api/firms/merges', { survivorId: survivor.id, mergedId: merged.id, fields: { nib: 'merged' } })).json()
    expect((await officer.patch(`/api/firms/${survivor.id}`, { address: 'Jl. Baru 3' })).statusCode).toBe(200)
    const stale = await officer.post(`/api/firms/merges/${first.id}/revert`, {})
    expect(stale.statusCode).toBe(409)
    expect(stale.json().code).toBe('DUPLICATE_MERGE_STALE')

    const third = await create({ name: 'Dodol Garut Lain', regencyCode: '32.12' })
    const second = (await officer.post('/api/firms/merges', { survivorId: third.id, mergedId: survivor.id, fields: {} })).json()
    const superseded = await officer.post(`/api/firms/merges/${first.id}/revert`, {})
    expect(superseded.json().code).toBe('DUPLICATE_MERGE_SUPERSEDED')
    expect((await officer.post(`/api/firms/merges/${second.id}/revert`, {})).statusCode).toBe(200)
    expect((await officer.get(`/api/firms/${survivor.id}`)).json().address).toBe('Jl. Baru 3')
  })

  it('lets only officers and regional officers see and act on duplicates', async () => {
    const missing = '00000000-0000-4000-8000-000000000000'
    expect((await officer.post(`/api/firms/merges/${missing}/revert`, {})).json().code).toBe('DUPLICATE_MERGE_NOT_FOUND')
    for (const role of ['admin', 'firm_owner', 'bank_officer', 'marketplace_partner'] as const) {
      const { client } = await t.signInAs(role)
      expect((await client.get('/api/firms/duplicates')).statusCode, role).toBe(403)
      expect((await client.get('/api/firms/merges')).statusCode, role).toBe(403)
      expect((await client.post('/api/firms/duplicates/decisions', { firmA: missing, firmB: missing, decision: 'distinct' })).statusCode, role).toBe(403)
      expect((await client.post('/api/firms/merges', { survivorId: missing, mergedId: missing, fields: {} })).statusCode, role).toBe(403)
      expect((await client.post(`/api/firms/merges/${missing}/revert`, {})).statusCode, role).toBe(403)
    }
    expect((await t.client().get('/api/firms/duplicates')).statusCode).toBe(401)
  })
})
