import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, type TestClient, type TestUser } from '../../../test/app.ts'
import { sizeClass } from './normalise/index.ts'

const LIMITS = { rateLimit: { apiPerMinute: 100_000, loginPerMinute: 100_000 } }
// A valid NIK: Kabupaten Bandung (32.04), woman born 05-08-1990 (day + 40), serial 0001.
const NIK = '3204124508900001'

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

const firmBody = (overrides: Record<string, unknown> = {}) => ({
  name: 'CV Batik Sekar Jagad',
  legalForm: 'cv',
  regencyCode: '32.04',
  kbliMain: '13134',
  workersTotal: 12,
  workersWomen: 9,
  investmentIdr: 350_000_000,
  annualTurnoverIdr: 1_200_000_000,
  owner: { name: 'Siti Rahmawati', nik: NIK, phone: '0812-3456-7890', email: 'Siti@Example.id' },
  ...overrides,
})

async function create(client: TestClient, overrides: Record<string, unknown> = {}) {
  const response = await client.post('/api/firms', firmBody(overrides))
  expect(response.statusCode, response.body).toBe(201)
  return response.json()
}

describe('creating firms', () => {
  it('stores a normalised record with a derived size class and masked owner data', async () => {
    const firm = await create(officer, { nib: '9120 0012 3456 7', name: '  CV   Batik  Sekar Jagad ' })
    expect(firm).toMatchObject({
      nib: '9120001234567',
      name: 'CV Batik Sekar Jagad',
      provinceCode: '32',
      regencyCode: '32.04',
      sizeClass: 'small',
      source: 'officer',
      verificationStatus: 'unverified',
      owner: { name: 'Siti Rahmawati', nikMasked: '3204**********01', phoneMasked: '+62812*****890', email: 'siti@example.id' },
    })
    expect(JSON.stringify(firm)).not.toContain(NIK)
  })

  it('keeps NIK and phone only encrypted at rest, findable by keyed hash', async () => {
    const rows = await t.db.selectFrom('firm_owners').selectAll().execute()
    const text = JSON.stringify(rows)
    expect(text).not.toContain(NIK)
    expect(text).not.toContain('81234567890')
    expect(rows[0].nik_enc).toMatch(/^v1\./)
    expect(rows[0].nik_hash).toBeInstanceOf(Buffer)
  })

  it('refuses bad input naming the field, and saves nothing', async () => {
    const before = (await t.db.selectFrom('firms').select('id').execute()).length
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ nib: '12345' }, 'NIB_INVALID', 'nib'],
      [{ regencyCode: '99.99' }, 'REGENCY_NOT_FOUND', 'regencyCode'],
      [{ provinceCode: '33' }, 'REGENCY_NOT_IN_PROVINCE', 'regencyCode'],
      [{ kbliMain: '99999' }, 'KBLI_NOT_FOUND', 'kbliMain'],
      [{ workersTotal: 3, workersWomen: 5 }, 'FIRM_WORKERS_INCONSISTENT', 'workersWomen'],
      [{ owner: { name: 'X', nik: '3204120000000001' } }, 'NIK_INVALID', 'owner.nik'],
      [{ owner: { name: 'X', phone: '12' } }, 'PHONE_INVALID', 'owner.phone'],
      [{ districtCode: '33.01.01' }, 'DISTRICT_NOT_FOUND', 'districtCode'],
    ]
    for (const [overrides, code, field] of cases) {
      const response = await officer.post('/api/firms', firmBody(overrides))
      expect(response.statusCode, JSON.stringify(overrides)).toBe(400)
      expect(response.json()).toMatchObject({ code, details: { field } })
    }
    const extra = await officer.post('/api/firms', { ...firmBody(), verificationStatus: 'verified' })
    expect(extra.statusCode).toBe(400)
    expect((await t.db.selectFrom('firms').select('id').execute()).length).toBe(before)
  })

  it('refuses a second firm with the same NIB', async () => {
    await create(officer, { nib: '9120009999999', name: 'UD Rotan Jaya' })
    const duplicate = await officer.post('/api/firms', firmBody({ nib: '9120009999999', name: 'UD Rotan Jaya Lain' }))
    expect(duplicate.statusCode).toBe(409)
    expect(duplicate.json().code).toBe('FIRM_NIB_TAKEN')
  })

  it('lets a regional officer register firms of their province only', async () => {
    await create(jabar, { name: 'Kerajinan Bambu Ciamis', regencyCode: '32.07' })
    const other = await jabar.post('/api/firms', firmBody({ name: 'Tenun Troso', regencyCode: '33.20' }))
    expect(other.statusCode).toBe(403)
    expect(other.json().code).toBe('FIRM_OUT_OF_REGION')
  })
})

describe('seeing firms', () => {
  it('holds regional officers to their province, over the list and one by one', async () => {
    const central = await create(officer, { name: 'Tenun Ikat Troso', regencyCode: '33.20', owner: undefined })
    const west = (await jabar.get('/api/firms?limit=200')).json().items as Array<{ provinceCode: string; id: string }>
    expect(west.length).toBeGreaterThan(0)
    expect(west.every((f) => f.provinceCode === '32')).toBe(true)
    expect((await jabar.get(`/api/firms/${central.id}`)).statusCode).toBe(404)
    expect((await jabar.get('/api/firms?province=33')).json().items).toEqual([])
    expect((await jateng.get(`/api/firms/${central.id}`)).statusCode).toBe(200)
    // Nor can they change or verify it.
    expect((await jabar.patch(`/api/firms/${central.id}`, { name: 'Diambil alih' })).statusCode).toBe(404)
    expect((await jabar.post(`/api/firms/${central.id}/verify`)).statusCode).toBe(404)
  })

  it('shows a firm owner only the firm of their own organisation', async () => {
    const owner: TestUser = await t.createUser('firm_owner')
    const ownFirm = await create(officer, { name: 'Keripik Tempe Bu Sri', regencyCode: '35.73' })
    await t.db.updateTable('firms').set({ organisation_id: owner.organisationId }).where('id', '=', ownFirm.id).execute()
    const client = await t.signIn(owner)
    const list = (await client.get('/api/firms')).json().items as Array<{ id: string }>
    expect(list.map((f) => f.id)).toEqual([ownFirm.id])
    const someoneElse = (await officer.get('/api/firms?limit=1')).json().items[0]
    expect((await client.get(`/api/firms/${someoneElse.id}`)).statusCode).toBe(404)
    // The owner sees their own full NIK (audited), not anyone else's.
    const nik = await client.post(`/api/firms/${ownFirm.id}/owner/nik`, {})
    expect(nik.statusCode).toBe(200)
    expect(nik.json()).toEqual({ nik: NIK })
    expect(nik.headers['cache-control']).toBe('no-store')
    expect((await client.post(`/api/firms/${someoneElse.id}/owner/nik`, {})).statusCode).toBe(404)
  })

  it('reveals a NIK to an officer only with a reason, and audits it', async () => {
    const firm = await create(officer, { name: 'Batik Trusmi Cirebon', regencyCode: '32.09' })
    const noReason = await officer.post(`/api/firms/${firm.id}/owner/nik`, {})
    expect(noReason.statusCode).toBe(400)
    expect(noReason.json().code).toBe('NIK_REVEAL_REASON_REQUIRED')
    const reason = 'Verifikasi data KUR dengan Bank Mitra'
    const revealed = await officer.post(`/api/firms/${firm.id}/owner/nik`, { reason })
    expect(revealed.json()).toEqual({ nik: NIK })
    const entry = await t.db
      .selectFrom('audit_log')
      .select(['after', 'actor_role'])
      .where('action', '=', 'firm_owner.nik_revealed')
      .where('entity_id', '=', firm.id)
      .executeTakeFirstOrThrow()
    expect(entry).toEqual({ after: { reason }, actor_role: 'officer' })
    // Regional officers never see the full NIK.
    expect((await jabar.post(`/api/firms/${firm.id}/owner/nik`, { reason })).statusCode).toBe(403)
  })

  it('finds firms by words and by misspelled names, and pages through all of them', async () => {
    await create(officer, { name: 'Kerajinan Anyaman Rotan Cirebon', regencyCode: '32.09', owner: undefined })
    const words = (await officer.get('/api/firms?q=anyaman%20rotan')).json().items as Array<{ name: string }>
    expect(words[0].name).toBe('Kerajinan Anyaman Rotan Cirebon')
    const typo = (await officer.get('/api/firms?q=kerajnan%20anyamn')).json().items as Array<{ name: string }>
    expect(typo.map((f) => f.name)).toContain('Kerajinan Anyaman Rotan Cirebon')

    const total = Number((await t.db.selectFrom('firms').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: { items: Array<{ id: string; name: string }>; nextCursor: string | null } = (
        await officer.get(`/api/firms?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json()
      seen.push(...page.items.map((f) => f.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen.length).toBe(total)
    expect(new Set(seen).size).toBe(total)
    expect((await officer.get('/api/firms?cursor=garbage')).json().code).toBe('CURSOR_INVALID')
  })
})

describe('changing and verifying', () => {
  it('updates with before/after in the audit log and recomputes the size class', async () => {
    const firm = await create(officer, { name: 'Mebel Jati Jepara', regencyCode: '33.20', workersTotal: 15, investmentIdr: 900_000_000 })
    expect(firm.sizeClass).toBe('small')
    const updated = await jateng.patch(`/api/firms/${firm.id}`, { workersTotal: 45, investmentIdr: 4_000_000_000 })
    expect(updated.statusCode, updated.body).toBe(200)
    expect(updated.json()).toMatchObject({ workersTotal: 45, sizeClass: 'medium', name: 'Mebel Jati Jepara' })
    const entry = await t.db
      .selectFrom('audit_log')
      .select(['before', 'after'])
      .where('action', '=', 'firm.updated')
      .where('entity_id', '=', firm.id)
      .executeTakeFirstOrThrow()
    expect(entry.before).toMatchObject({ workersTotal: 15, sizeClass: 'small' })
    expect(entry.after).toMatchObject({ workersTotal: 45, sizeClass: 'medium' })
  })

  it('lets the region verify once', async () => {
    const firm = await create(officer, { name: 'Tahu Sumedang Asli', regencyCode: '32.11', owner: undefined })
    const verified = await jabar.post(`/api/firms/${firm.id}/verify`)
    expect(verified.json()).toMatchObject({ verificationStatus: 'verified' })
    expect((await jabar.post(`/api/firms/${firm.id}/verify`)).json().code).toBe('FIRM_ALREADY_VERIFIED')
    const filtered = (await officer.get('/api/firms?verified=true&limit=200')).json().items as Array<{ id: string }>
    expect(filtered.map((f) => f.id)).toContain(firm.id)
  })
})

describe('size class', () => {
  it('is derived in the database by the same rule as the import engine', async () => {
    const workers = [null, 0, 5, 19, 20, 100]
    const investments = [null, 0, 999_999_999, 1_000_000_000, 15_000_000_000, 15_000_000_001]
    let i = 0
    for (const w of workers) {
      for (const inv of investments) {
        i++
        const row = await t.db
          .insertInto('firms')
          .values({ name: `Size ${i}`, province_code: '32', regency_code: '32.04', source: 'officer', workers_total: w, investment_idr: inv })
          .returning('size_class')
          .executeTakeFirstOrThrow()
        expect(row.size_class, `workers ${w}, investment ${inv}`).toBe(sizeClass({ workers: w, investment: inv }))
      }
    }
  })
})

describe('empty amounts', () => {
  it('keeps null as null and 0 as 0 through the API', async () => {
    const empty = await create(officer, { name: 'Usaha Tanpa Angka', investmentIdr: null, annualTurnoverIdr: null, workersTotal: null, workersWomen: null, owner: undefined })
    expect(empty).toMatchObject({ investmentIdr: null, annualTurnoverIdr: null, workersTotal: null, sizeClass: null })
    const zero = await create(officer, { name: 'Usaha Nol Rupiah', investmentIdr: 0, workersTotal: 0, workersWomen: 0, owner: undefined })
    expect(zero).toMatchObject({ investmentIdr: 0, workersTotal: 0, sizeClass: 'small' })
    const cleared = await officer.patch(`/api/firms/${zero.id}`, { investmentIdr: null })
    expect(cleared.json()).toMatchObject({ investmentIdr: null, sizeClass: null })
  })
})
