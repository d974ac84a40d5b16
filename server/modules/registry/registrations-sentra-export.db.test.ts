import ExcelJS from 'exceljs'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, type TestClient } from '../../../test/app.ts'

const LIMITS = { rateLimit: { apiPerMinute: 100_000, loginPerMinute: 100_000 } }

let t: TestApp
let officer: TestClient
let jabar: TestClient
beforeAll(async () => {
  t = await createTestApp(LIMITS)
  ;({ client: officer } = await t.signInAs('officer'))
  ;({ client: jabar } = await t.signInAs('regional_officer', { organisation: { provinceCode: '32' } }))
})
afterAll(async () => t.close())

const registration = (overrides: { email?: string; firmName?: string; password?: string } = {}) => ({
  account: {
    email: overrides.email ?? 'dewi@kopi-garut.id',
    name: 'Dewi Anggraini',
    password: overrides.password ?? 'kopi arabika garut 2020',
    nik: '3205154107850002',
    phone: '+62 813 2100 4455',
  },
  firm: { name: overrides.firmName ?? 'Kopi Arabika Garut', legalForm: 'ud', regencyCode: '3205', kbliMain: '10761', workersTotal: 6 },
})

describe('self-registration', () => {
  it('creates account, organisation and firm together, signs the owner in, and waits for verification', async () => {
    const client = t.client()
    const response = await client.post('/api/registrations', registration())
    expect(response.statusCode, response.body).toBe(201)
    const body = response.json()
    expect(body.user).toMatchObject({ email: 'dewi@kopi-garut.id', role: 'firm_owner', organisation: { kind: 'firm', regencyCode: '32.05' } })
    expect(body.firm).toMatchObject({ name: 'Kopi Arabika Garut', source: 'self_registered', verificationStatus: 'unverified', owner: { nikMasked: '3205**********02' } })
    const mine = (await client.get('/api/firms')).json().items
    expect(mine.map((f: { id: string }) => f.id)).toEqual([body.firm.id])
    // The region sees it waiting and verifies it.
    const waiting = (await jabar.get('/api/firms?verified=false&limit=200')).json().items.map((f: { id: string }) => f.id)
    expect(waiting).toContain(body.firm.id)
    expect((await jabar.post(`/api/firms/${body.firm.id}/verify`)).json().verificationStatus).toBe('verified')
  })

  it('creates nothing when any part is refused', async () => {
    const count = async () => Number((await t.db.selectFrom('organisations').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
    const before = await count()
    const weak = await t.client().post('/api/registrations', registration({ email: 'lain@kopi.id', password: 'qwerty123456' }))
    expect(weak.statusCode).toBe(400)
    expect(weak.json().code).toBe('PASSWORD_TOO_COMMON')
    const taken = await t.client().post('/api/registrations', registration({ firmName: 'Kopi Lain' }))
    expect(taken.statusCode).toBe(409)
    expect(taken.json().code).toBe('EMAIL_TAKEN')
    const badRegion = await t.client().post('/api/registrations', { ...registration({ email: 'x@kopi.id' }), firm: { name: 'Kriya Nusantara', regencyCode: '99.99' } })
    expect(badRegion.json().code).toBe('REGENCY_NOT_FOUND')
    expect(await count()).toBe(before)
    expect(await t.db.selectFrom('users').select('id').where('email', 'in', ['lain@kopi.id', 'x@kopi.id']).execute()).toEqual([])
  })

  it('allows two firms with the same name in different places', async () => {
    const a = await t.client().post('/api/registrations', registration({ email: 'a@maju.id', firmName: 'UD Maju Jaya' }))
    const b = await t.client().post('/api/registrations', { ...registration({ email: 'b@maju.id', firmName: 'UD Maju Jaya' }), firm: { name: 'UD Maju Jaya', regencyCode: '35.73' } })
    expect([a.statusCode, b.statusCode]).toEqual([201, 201])
  })
})

describe('sentra', () => {
  it('records a sentra in the region, lists it with its members, and refuses other regions', async () => {
    const created = await jabar.post('/api/sentra', { name: 'Sentra Batik Trusmi', trade: 'batik tulis', kbliCode: '13134', regencyCode: '32.09', village: 'Trusmi Wetan' })
    expect(created.statusCode, created.body).toBe(201)
    const id = created.json().id
    const firm = await officer.post('/api/firms', { name: 'Batik Nofa', regencyCode: '32.09', sentraId: id })
    expect(firm.statusCode).toBe(201)
    expect((await officer.get(`/api/sentra/${id}`)).json()).toMatchObject({ name: 'Sentra Batik Trusmi', memberCount: 1 })
    expect((await officer.get('/api/sentra?q=trusmi')).json().items.map((s: { id: string }) => s.id)).toEqual([id])
    expect((await officer.get(`/api/firms?sentra=${id}`)).json().items.map((f: { name: string }) => f.name)).toEqual(['Batik Nofa'])
    const other = await jabar.post('/api/sentra', { name: 'Sentra Tenun Troso', trade: 'tenun ikat', regencyCode: '33.20' })
    expect(other.json().code).toBe('FIRM_OUT_OF_REGION')
    const duplicate = await jabar.post('/api/sentra', { name: 'sentra batik trusmi', trade: 'batik', regencyCode: '32.09' })
    expect(duplicate.json().code).toBe('SENTRA_NAME_TAKEN')
  })
})

describe('export', () => {
  it('gives exactly the filtered list in CSV and XLSX, masked, within the reader scope, and audits it', async () => {
    await officer.post('/api/firms', { name: 'Tenun Ikat Troso', regencyCode: '33.20', owner: { name: 'Slamet', nik: '3320010101800003' } })
    const csv = await jabar.get('/api/firms/export?format=csv')
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="ikm-\d{4}-\d{2}-\d{2}\.csv"$/)
    const rows: string[][] = parse(csv.body.replace(/^\uFEFF/, ''))
    expect(rows[0].slice(0, 2)).toEqual(['NIB', 'Nama usaha'])
    const names = rows.slice(1).map((r) => r[1])
    const visible = (await jabar.get('/api/firms?limit=200')).json().items.map((f: { name: string }) => f.name)
    expect(names.sort()).toEqual(visible.sort())
    expect(names).not.toContain('Tenun Ikat Troso')
    expect(csv.body).not.toMatch(/\b\d{16}\b/)

    const xlsx = await officer.request({ method: 'GET', url: '/api/firms/export?format=xlsx&province=33' })
    expect(xlsx.headers['content-type']).toContain('spreadsheetml')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    const sheet = workbook.getWorksheet('IKM')!
    const exported: string[] = []
    sheet.eachRow((row, n) => {
      if (n > 1) exported.push(String(row.getCell(2).value))
    })
    expect(exported).toEqual(['Tenun Ikat Troso'])
    expect(String(sheet.getRow(2).getCell(18).value)).toBe('3320**********03')
    const audit = await t.db.selectFrom('audit_log').select('after').where('action', '=', 'firm.exported').execute()
    expect(audit.map((a) => a.after)).toContainEqual({ format: 'xlsx', filters: { province: '33' } })
  })
})
