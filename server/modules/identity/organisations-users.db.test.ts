import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, type TestClient, type TestUser } from '../../../test/app.ts'

const LIMITS = { rateLimit: { apiPerMinute: 100_000, loginPerMinute: 100_000 } }

let t: TestApp
let admin: TestClient
let adminUser: TestUser
let officer: TestClient
let officerUser: TestUser
beforeAll(async () => {
  t = await createTestApp(LIMITS)
  ;({ client: admin, user: adminUser } = await t.signInAs('admin'))
  ;({ client: officer, user: officerUser } = await t.signInAs('officer'))
})
afterAll(async () => t.close())

const unique = (label: string) => `${label} ${crypto.randomBytes(3).toString('hex')}`

async function auditOf(action: string, entityId: string) {
  return t.db.selectFrom('audit_log').selectAll().where('action', '=', action).where('entity_id', '=', entityId).orderBy('seq').execute()
}

async function expectRefused(body: object, status: number, code: string, field?: string) {
  const response = await admin.post('/api/organisations', body)
  expect(response.statusCode, response.body).toBe(status)
  expect(response.json().code).toBe(code)
  if (field) expect(response.json().details?.field).toBe(field)
}

describe('organisations', () => {
  it('creates an organisation of each kind with its location normalised, and audits it', async () => {
    const cases = [
      { input: { kind: 'regional_office', name: unique('Disperindag Jabar'), provinceCode: '32' }, expected: { provinceCode: '32', regencyCode: null, countries: [] } },
      // A regency alone is enough: its province follows from it.
      { input: { kind: 'regional_office', name: unique('Disperindag Bandung'), regencyCode: '32.04' }, expected: { provinceCode: '32', regencyCode: '32.04' } },
      { input: { kind: 'firm', name: unique('CV Tenun'), provinceCode: '32', regencyCode: '32.04' }, expected: { provinceCode: '32', regencyCode: '32.04' } },
      { input: { kind: 'supplier', name: unique('PT Benang') }, expected: { provinceCode: null, regencyCode: null } },
      { input: { kind: 'marketplace', name: unique('Pasar Daring') }, expected: { provinceCode: null, countries: [] } },
      { input: { kind: 'bank', name: unique('Bank Uji') }, expected: { provinceCode: null, countries: [] } },
      { input: { kind: 'embassy', name: unique('KBRI Tokyo'), countries: ['jp', 'KR'] }, expected: { countries: ['JP', 'KR'] } },
      { input: { kind: 'buyer', name: unique('Importir Osaka'), countries: ['JP'] }, expected: { countries: ['JP'] } },
    ]
    for (const { input, expected } of cases) {
      const response = await admin.post('/api/organisations', input)
      expect(response.statusCode, response.body).toBe(201)
      const organisation = response.json()
      expect(organisation).toMatchObject({ kind: input.kind, name: input.name, disabled: false, ...expected })
      const audit = await auditOf('organisation.created', organisation.id)
      expect(audit).toHaveLength(1)
      expect(audit[0].actor_user_id).toBe(adminUser.id)
      expect(audit[0].before).toBeNull()
      expect(audit[0].after).toMatchObject({ id: organisation.id, kind: input.kind, name: input.name })
    }
  })

  it('tidies the name: trims and collapses spaces', async () => {
    const base = unique('Koperasi')
    const response = await admin.post('/api/organisations', { kind: 'supplier', name: `  ${base.replace(' ', '   ')}  ` })
    expect(response.statusCode).toBe(201)
    expect(response.json().name).toBe(base)
  })

  it('validates regions', async () => {
    await expectRefused({ kind: 'regional_office', name: unique('Tanpa Wilayah') }, 400, 'ORGANISATION_REGION_REQUIRED', 'provinceCode')
    await expectRefused({ kind: 'regional_office', name: unique('Provinsi Fiktif'), provinceCode: '99' }, 400, 'PROVINCE_NOT_FOUND', 'provinceCode')
    // 31.71 lies in DKI Jakarta (31), not in Jawa Barat (32).
    await expectRefused({ kind: 'firm', name: unique('Salah Provinsi'), provinceCode: '32', regencyCode: '31.71' }, 400, 'REGENCY_NOT_IN_PROVINCE', 'regencyCode')
    await expectRefused({ kind: 'firm', name: unique('Kabupaten Fiktif'), regencyCode: '32.99' }, 400, 'REGENCY_NOT_FOUND', 'regencyCode')
    await expectRefused({ kind: 'firm', name: unique('Format Salah'), provinceCode: 'JB' }, 400, 'VALIDATION_FAILED', 'body.provinceCode')
  })

  it('validates countries', async () => {
    await expectRefused({ kind: 'embassy', name: unique('KBRI Fiktif'), countries: ['XX'] }, 400, 'COUNTRY_INVALID', 'countries')
    await expectRefused({ kind: 'embassy', name: unique('KBRI Campur'), countries: ['JP', 'XX'] }, 400, 'COUNTRY_INVALID', 'countries')
    await expectRefused({ kind: 'embassy', name: unique('KBRI Kosong'), countries: [] }, 400, 'ORGANISATION_COUNTRY_REQUIRED', 'countries')
    await expectRefused({ kind: 'buyer', name: unique('Pembeli Tanpa Negara') }, 400, 'ORGANISATION_COUNTRY_REQUIRED', 'countries')
    await expectRefused({ kind: 'embassy', name: unique('KBRI Tiga Huruf'), countries: ['JPN'] }, 400, 'VALIDATION_FAILED', 'body.countries.0')
  })

  it('refuses region names CLDR knows but ISO 3166-1 does not assign as countries', async () => {
    // isCountryCode() promises ISO 3166-1 alpha-2; CLDR also names macro-regions, pseudo-locales
    // and deprecated codes (ZZ "Unknown Region", EU, UN, QO, XA, UK), which are not countries.
    const accepted: string[] = []
    for (const code of ['ZZ', 'EU', 'UN', 'QO', 'EZ', 'XA', 'UK']) {
      const response = await admin.post('/api/organisations', { kind: 'embassy', name: unique(`KBRI ${code}`), countries: [code] })
      if (response.statusCode !== 400 || response.json().code !== 'COUNTRY_INVALID') accepted.push(code)
    }
    expect(accepted).toEqual([])
  })

  it('refuses a duplicate name of the same kind, in any letter case; another kind may share it', async () => {
    const name = unique('Bank Nusantara')
    expect((await admin.post('/api/organisations', { kind: 'bank', name })).statusCode).toBe(201)
    await expectRefused({ kind: 'bank', name }, 409, 'ORGANISATION_NAME_TAKEN')
    await expectRefused({ kind: 'bank', name: ` ${name.toUpperCase()} ` }, 409, 'ORGANISATION_NAME_TAKEN')
    expect((await admin.post('/api/organisations', { kind: 'supplier', name })).statusCode).toBe(201)
  })

  it('lets an officer list organisations but not create or change them', async () => {
    const name = unique('Marketplace Listed')
    const created = await admin.post('/api/organisations', { kind: 'marketplace', name })
    const list = await officer.get('/api/organisations')
    expect(list.statusCode).toBe(200)
    expect(list.json().items.map((o: { id: string }) => o.id)).toContain(created.json().id)

    const byKind = await officer.get('/api/organisations?kind=marketplace')
    expect(byKind.json().items.every((o: { kind: string }) => o.kind === 'marketplace')).toBe(true)
    const byName = await officer.get(`/api/organisations?q=${encodeURIComponent(name.slice(-6))}`)
    expect(byName.json().items.map((o: { id: string }) => o.id)).toEqual([created.json().id])

    const create = await officer.post('/api/organisations', { kind: 'bank', name: unique('Bank Officer') })
    expect(create.statusCode).toBe(403)
    expect(create.json().code).toBe('FORBIDDEN')
    expect((await officer.patch(`/api/organisations/${created.json().id}`, { name: 'Renamed' })).statusCode).toBe(403)

    const { client: owner } = await t.signInAs('firm_owner')
    expect((await owner.get('/api/organisations')).statusCode).toBe(403)
  })

  it('renames and disables with before/after in the audit log', async () => {
    const name = unique('Bank Lama')
    const { id } = (await admin.post('/api/organisations', { kind: 'bank', name })).json()
    const newName = unique('Bank Baru')
    const renamed = await admin.patch(`/api/organisations/${id}`, { name: newName })
    expect(renamed.statusCode).toBe(200)
    expect(renamed.json().name).toBe(newName)
    const disabled = await admin.patch(`/api/organisations/${id}`, { disabled: true })
    expect(disabled.json().disabled).toBe(true)

    const audit = await auditOf('organisation.updated', id)
    expect(audit).toHaveLength(2)
    expect(audit[0].before).toMatchObject({ name, disabled: false })
    expect(audit[0].after).toMatchObject({ name: newName, disabled: false })
    expect(audit[1].before).toMatchObject({ name: newName, disabled: false })
    expect(audit[1].after).toMatchObject({ name: newName, disabled: true })

    const other = (await admin.post('/api/organisations', { kind: 'bank', name: unique('Bank Lain') })).json()
    const clash = await admin.patch(`/api/organisations/${other.id}`, { name: newName })
    expect(clash.statusCode).toBe(409)
    expect(clash.json().code).toBe('ORGANISATION_NAME_TAKEN')
    expect((await admin.patch(`/api/organisations/${crypto.randomUUID()}`, { name: 'Nobody' })).statusCode).toBe(404)
    expect((await admin.patch(`/api/organisations/${id}`, {})).statusCode).toBe(400)
  })
})

describe('own organisation', () => {
  it('cannot be disabled by its own admin (it would lock everyone out)', async () => {
    const response = await admin.patch(`/api/organisations/${adminUser.organisationId}`, { disabled: true })
    expect(response.statusCode).toBe(409)
    expect(response.json().code).toBe('ORGANISATION_SELF_DISABLE')
    expect((await admin.get('/api/auth/me')).statusCode).toBe(200)
  })
})

describe('users', () => {
  it('lists users with filters for organisation, role, status and text', async () => {
    const orgId = await t.createOrganisation({ kind: 'bank', name: unique('Bank Filter') })
    const a = await t.createUser('bank_officer', { organisationId: orgId, email: `${unique('rina').replace(' ', '.')}@test.pulih.id` })
    const b = await t.createUser('bank_officer', { organisationId: orgId })
    expect((await admin.patch(`/api/users/${b.id}`, { disabled: true })).statusCode).toBe(200)

    const ids = async (query: string) => {
      const response = await officer.get(`/api/users?${query}`)
      expect(response.statusCode, response.body).toBe(200)
      return (response.json().items as Array<{ id: string }>).map((u) => u.id).sort()
    }
    expect(await ids(`organisationId=${orgId}`)).toEqual([a.id, b.id].sort())
    expect(await ids(`organisationId=${orgId}&status=active`)).toEqual([a.id])
    expect(await ids(`organisationId=${orgId}&status=disabled`)).toEqual([b.id])
    expect(await ids(`q=${encodeURIComponent(a.email.split('@')[0])}`)).toEqual([a.id])
    // LIKE wildcards typed by the user are taken literally.
    // (Names are "Test bank_officer N": as wildcards, `_` and `%` would match the space.)
    expect(await ids('q=%25')).toEqual([])
    expect(await ids(`q=${encodeURIComponent('Test_bank_officer')}`)).toEqual([])
    expect(await ids(`q=${encodeURIComponent('Test%officer')}`)).toEqual([])
    expect((await ids(`q=${encodeURIComponent('Test bank_officer')}`)).length).toBeGreaterThanOrEqual(2)
    const admins = await officer.get('/api/users?role=admin')
    expect(admins.json().items.every((u: { role: string }) => u.role === 'admin')).toBe(true)
    expect(admins.json().items.map((u: { id: string }) => u.id)).toContain(adminUser.id)

    const listed = (await officer.get(`/api/users?organisationId=${orgId}`)).json().items.find((u: { id: string }) => u.id === a.id)
    expect(listed).toMatchObject({ email: a.email, role: 'bank_officer', disabled: false, totpEnrolled: true, organisation: { id: orgId, kind: 'bank' } })
    // Credentials never leave the server.
    const body = (await officer.get(`/api/users?organisationId=${orgId}`)).body
    expect(body).not.toMatch(/argon2|password|totp_secret/i)

    expect((await officer.get('/api/users?status=gone')).statusCode).toBe(400)
    expect((await officer.get('/api/users?organisationId=not-a-uuid')).statusCode).toBe(400)
  })

  it('does not let an officer disable or demote an admin', async () => {
    const target = await t.createUser('admin')
    const disable = await officer.patch(`/api/users/${target.id}`, { disabled: true })
    expect(disable.statusCode).toBe(403)
    const demote = await officer.patch(`/api/users/${target.id}`, { role: 'officer' })
    expect(demote.statusCode).toBe(403)
    const row = await t.db.selectFrom('users').select(['disabled_at', 'role']).where('id', '=', target.id).executeTakeFirstOrThrow()
    expect(row).toEqual({ disabled_at: null, role: 'admin' })
  })

  it('does not let an officer make anyone an admin', async () => {
    const target = await t.createUser('officer')
    const promote = await officer.patch(`/api/users/${target.id}`, { role: 'admin' })
    expect(promote.statusCode).toBe(403)
    expect(promote.json().code).toBe('INVITATION_ROLE_NOT_ALLOWED')
    expect((await t.db.selectFrom('users').select('role').where('id', '=', target.id).executeTakeFirstOrThrow()).role).toBe('officer')
  })

  it('does not let anyone change their own role or disable themselves', async () => {
    const ownRole = await officer.patch(`/api/users/${officerUser.id}`, { role: 'regional_officer' })
    expect(ownRole.statusCode).toBe(409)
    expect(ownRole.json().code).toBe('USER_SELF_CHANGE')
    const ownDisable = await admin.patch(`/api/users/${adminUser.id}`, { disabled: true })
    expect(ownDisable.statusCode).toBe(409)
    expect(ownDisable.json().code).toBe('USER_SELF_CHANGE')
    expect((await admin.get('/api/auth/me')).statusCode).toBe(200)
  })

  it('refuses a role that does not fit the organisation, and an unknown user', async () => {
    const owner = await t.createUser('firm_owner')
    const mismatch = await admin.patch(`/api/users/${owner.id}`, { role: 'bank_officer' })
    expect(mismatch.statusCode).toBe(400)
    expect(mismatch.json().code).toBe('ROLE_ORGANISATION_MISMATCH')
    const unknown = await admin.patch(`/api/users/${crypto.randomUUID()}`, { disabled: true })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().code).toBe('USER_NOT_FOUND')
    expect((await admin.patch(`/api/users/${owner.id}`, {})).statusCode).toBe(400)
    expect((await admin.patch(`/api/users/${owner.id}`, { role: 'emperor' })).statusCode).toBe(400)
  })

  it('lets an officer disable a firm owner, with before/after in the audit log', async () => {
    const owner = await t.createUser('firm_owner')
    const disabled = await officer.patch(`/api/users/${owner.id}`, { disabled: true })
    expect(disabled.statusCode).toBe(200)
    expect(disabled.json()).toMatchObject({ id: owner.id, disabled: true })
    const enabled = await officer.patch(`/api/users/${owner.id}`, { disabled: false })
    expect(enabled.json().disabled).toBe(false)

    const audit = await auditOf('user.updated', owner.id)
    expect(audit).toHaveLength(2)
    expect(audit[0]).toMatchObject({ actor_user_id: officerUser.id, actor_role: 'officer' })
    expect(audit[0].before).toMatchObject({ id: owner.id, disabled: false, role: 'firm_owner' })
    expect(audit[0].after).toMatchObject({ id: owner.id, disabled: true, role: 'firm_owner' })
    expect(audit[1].before).toMatchObject({ disabled: true })
    expect(audit[1].after).toMatchObject({ disabled: false })
  })

  it('audits a role change with before/after', async () => {
    const target = await t.createUser('officer')
    expect((await admin.patch(`/api/users/${target.id}`, { role: 'admin' })).statusCode).toBe(200)
    const audit = await auditOf('user.updated', target.id)
    expect(audit).toHaveLength(1)
    expect(audit[0].before).toMatchObject({ role: 'officer' })
    expect(audit[0].after).toMatchObject({ role: 'admin' })
  })

  it('is closed to roles without users.manage', async () => {
    const { client: owner } = await t.signInAs('firm_owner')
    const target = await t.createUser('firm_owner')
    expect((await owner.get('/api/users')).statusCode).toBe(403)
    expect((await owner.patch(`/api/users/${target.id}`, { disabled: true })).statusCode).toBe(403)
    const { client: regional } = await t.signInAs('regional_officer')
    expect((await regional.get('/api/users')).statusCode).toBe(403)
  })
})
