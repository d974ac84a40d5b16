import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts'
import { AppError } from '../../platform/errors.ts'
import { findHs, findKbli, searchHs, searchKbli } from './classifications.service.ts'
import { findProvince, findRegency, listDistricts, listProvinces, listRegencies, regencyBelongsToProvince } from './regions.service.ts'

let testDb: TestDatabase

beforeAll(async () => {
  testDb = await createTestDatabase()
})

afterAll(async () => {
  await testDb?.close()
})

describe('regions', () => {
  it('lists the 38 provinces by code with display names', async () => {
    const provinces = await listProvinces(testDb.db)
    expect(provinces).toHaveLength(38)
    expect(provinces[0]).toEqual({ code: '11', name: 'Aceh' })
    expect(provinces.map((p) => p.code)).toEqual([...provinces.map((p) => p.code)].sort())
    expect(provinces.find((p) => p.code === '31')?.name).toBe('DKI Jakarta')
  })

  it('finds a province and a regency, or nothing', async () => {
    expect(await findProvince(testDb.db, '32')).toEqual({ code: '32', name: 'Jawa Barat' })
    expect(await findProvince(testDb.db, '99')).toBeUndefined()
    expect(await findRegency(testDb.db, '32.04')).toEqual({ code: '32.04', name: 'Kabupaten Bandung', provinceCode: '32' })
    expect(await findRegency(testDb.db, '3273')).toEqual({ code: '32.73', name: 'Kota Bandung', provinceCode: '32' })
    expect(await findRegency(testDb.db, '32.99')).toBeUndefined()
  })

  it('tells whether a regency lies in a province', async () => {
    expect(await regencyBelongsToProvince(testDb.db, '32.04', '32')).toBe(true)
    expect(await regencyBelongsToProvince(testDb.db, '3204', '32')).toBe(true)
    expect(await regencyBelongsToProvince(testDb.db, '32.04', '33')).toBe(false)
    expect(await regencyBelongsToProvince(testDb.db, '32.99', '32')).toBe(false)
  })

  it('lists the regencies of a province', async () => {
    const regencies = await listRegencies(testDb.db, '32')
    expect(regencies).toHaveLength(27)
    expect(regencies.every((r) => r.provinceCode === '32')).toBe(true)
    expect(regencies).toContainEqual({ code: '32.04', name: 'Kabupaten Bandung', provinceCode: '32' })
  })

  it('lists the districts of a regency, accepting the undotted code', async () => {
    const districts = await listDistricts(testDb.db, '3204')
    expect(districts.length).toBeGreaterThan(20)
    expect(districts.every((d) => d.regencyCode === '32.04' && d.code.startsWith('32.04.'))).toBe(true)
  })

  it('answers PROVINCE_NOT_FOUND and REGENCY_NOT_FOUND for unknown codes', async () => {
    await expect(listRegencies(testDb.db, '99')).rejects.toMatchObject({ code: 'PROVINCE_NOT_FOUND', statusCode: 404, params: { code: '99' } })
    await expect(listDistricts(testDb.db, '32.99')).rejects.toBeInstanceOf(AppError)
    await expect(listDistricts(testDb.db, '32.99')).rejects.toMatchObject({ code: 'REGENCY_NOT_FOUND', statusCode: 404 })
  })
})

describe('searchKbli', () => {
  it('finds codes by prefix in code order, filtered by level', async () => {
    const all = await searchKbli(testDb.db, { q: '131' })
    expect(all[0].code).toBe('131')
    expect(all.every((k) => k.code.startsWith('131'))).toBe(true)
    const kelompok = await searchKbli(testDb.db, { q: '131', level: 5 })
    expect(kelompok.length).toBeGreaterThan(0)
    expect(kelompok.every((k) => k.level === 5 && k.parentCode === k.code.slice(0, 4))).toBe(true)
  })

  it('finds codes by words, best matches first', async () => {
    const results = await searchKbli(testDb.db, { q: 'batik' })
    expect(results.length).toBeGreaterThan(0)
    expect(results[0].title.toLowerCase()).toContain('batik')
  })

  it('still finds tekstil when it is misspelt, the general code first', async () => {
    const results = await searchKbli(testDb.db, { q: 'tekstl', limit: 5 })
    expect(results[0]).toMatchObject({ code: '13', title: 'Industri tekstil' })
    expect(results.every((k) => /tekstil/i.test(k.title))).toBe(true)
    const twoWords = await searchKbli(testDb.db, { q: 'industri tekstl', limit: 3 })
    expect(twoWords[0].code).toBe('13')
  })

  it('ranks codes matching every word above codes matching some', async () => {
    const results = await searchKbli(testDb.db, { q: 'furnitur kayu', limit: 3 })
    expect(results[0]).toMatchObject({ code: '31001', title: 'Industri Furnitur Dari Kayu' })
  })

  it('treats query syntax characters as plain text', async () => {
    await expect(searchKbli(testDb.db, { q: "a & b | !c:* 'd" })).resolves.toBeInstanceOf(Array)
    await expect(searchHs(testDb.db, { q: "o'neil <-> (x" })).resolves.toBeInstanceOf(Array)
  })

  it('applies the default and maximum limits', async () => {
    expect(await searchKbli(testDb.db, {})).toHaveLength(20)
    expect(await searchKbli(testDb.db, { limit: 1000 })).toHaveLength(100)
    expect(await searchKbli(testDb.db, { level: 2, limit: 100 })).toHaveLength(24)
  })

  it('returns nothing for a number that cannot be a KBLI code', async () => {
    expect(await searchKbli(testDb.db, { q: '9999999' })).toEqual([])
  })

  it('finds one code exactly', async () => {
    expect(await findKbli(testDb.db, '13')).toMatchObject({ code: '13', level: 2, title: 'Industri tekstil', parentCode: null })
    expect(await findKbli(testDb.db, '11020')).toBeUndefined()
  })
})

describe('searchHs', () => {
  it('finds codes by prefix written with dots', async () => {
    const results = await searchHs(testDb.db, { q: '0901.1' })
    expect(results.map((h) => h.code)).toEqual(['090111', '090112'])
    expect(results[0]).toMatchObject({ level: 6, section: 'II', parentCode: '0901' })
  })

  it('finds codes by English words and tolerates a typo', async () => {
    const coffee = await searchHs(testDb.db, { q: 'coffee', level: 4 })
    expect(coffee[0].code).toBe('0901')
    const palmOil = await searchHs(testDb.db, { q: 'palm oil', limit: 3 })
    expect(palmOil.map((h) => h.code)).toContain('1511')
    const typo = await searchHs(testDb.db, { q: 'cofee', level: 4 })
    expect(typo.map((h) => h.code)).toContain('0901')
    expect(await searchHs(testDb.db, { q: 'shrimps frozn', limit: 1 })).toMatchObject([{ code: '030617' }])
  })

  it('filters by level', async () => {
    const chapters = await searchHs(testDb.db, { level: 2, limit: 100 })
    expect(chapters).toHaveLength(97)
    expect(chapters.find((h) => h.code === '99')).toMatchObject({ section: null, parentCode: null })
  })

  it('finds one code exactly, dots ignored', async () => {
    expect(await findHs(testDb.db, '0901.11')).toMatchObject({ code: '090111', level: 6 })
    expect(await findHs(testDb.db, '0000')).toBeUndefined()
  })
})
