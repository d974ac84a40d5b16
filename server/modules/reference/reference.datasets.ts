// Reads the reference data sets from files into rows ready to upsert. No database here, so
// counts and transformations are testable without PostgreSQL.
import crypto from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import { parse } from 'csv-parse/sync'
import { displayDistrictName, displayRegionName } from './region-names.ts'

export interface ProvinceRow {
  code: string
  name: string
}
export interface RegencyRow {
  code: string
  province_code: string
  name: string
}
export interface DistrictRow {
  code: string
  regency_code: string
  name: string
}
export interface KbliRow {
  code: string
  edition: number
  level: number
  parent_code: string | null
  title: string
  description: string
}
export interface HsRow {
  code: string
  edition: number
  level: number
  parent_code: string | null
  section: string
  description: string
}

export interface RegionData {
  provinces: ProvinceRow[]
  regencies: RegencyRow[]
  districts: DistrictRow[]
}

export const KBLI_EDITION = 2020
export const HS_EDITION = 2022

const DATA_DIR = new URL('./data/', import.meta.url)

function readCsv(file: string | URL): Record<string, string>[] {
  // bom: upstream CSV exports sometimes start with a byte-order mark that would rename the first column.
  return parse(fs.readFileSync(file), { columns: true, bom: true, skip_empty_lines: true, trim: true }) as Record<string, string>[]
}

function idnAreaFile(name: string): string {
  // Read from the installed package (a dependency) rather than a copy, so upgrades arrive with npm.
  return createRequire(import.meta.url).resolve(`idn-area-data/data/${name}`)
}

function expectMatch(value: string, pattern: RegExp, what: string): string {
  if (!pattern.test(value)) throw new Error(`reference data: ${what} "${value}" does not match ${pattern}`)
  return value
}

/** Provinces, regencies and districts (Kemendagri codes) from idn-area-data, names in display case. */
export function readRegions(): RegionData {
  const provinces = readCsv(idnAreaFile('provinces.csv')).map((r) => ({
    code: expectMatch(r.code, /^[0-9]{2}$/, 'province code'),
    name: displayRegionName(r.name),
  }))
  const regencies = readCsv(idnAreaFile('regencies.csv')).map((r) => ({
    code: expectMatch(r.code, /^[0-9]{2}\.[0-9]{2}$/, 'regency code'),
    province_code: r.province_code,
    name: displayRegionName(r.name),
  }))
  const districts = readCsv(idnAreaFile('districts.csv')).map((r) => ({
    code: expectMatch(r.code, /^[0-9]{2}\.[0-9]{2}\.[0-9]{2}$/, 'district code'),
    regency_code: r.regency_code,
    name: displayDistrictName(r.name),
  }))
  expectParents(regencies.map((r) => [r.code, r.province_code]), provinces, 'regency')
  expectParents(districts.map((d) => [d.code, d.regency_code]), regencies, 'district')
  return { provinces, regencies, districts }
}

function expectParents(children: [string, string | null][], parents: { code: string }[], what: string) {
  const known = new Set(parents.map((p) => p.code))
  for (const [code, parent] of children) {
    if (parent !== null && !known.has(parent)) throw new Error(`reference data: ${what} ${code} has unknown parent ${parent}`)
  }
}

interface KbliFile {
  codes: { code: string; title: string; description: string }[]
}

/** KBLI 2020 manufacturing (kategori C, divisions 10–33), parents before children. */
export function readKbli(): KbliRow[] {
  const file = JSON.parse(fs.readFileSync(new URL('kbli-2020-manufacturing.json', DATA_DIR), 'utf8')) as KbliFile
  const rows = file.codes.map((c) => {
    const code = expectMatch(c.code, /^[0-9]{2,5}$/, 'KBLI code')
    return {
      code,
      edition: KBLI_EDITION,
      level: code.length,
      // KBLI has no parent field: the parent is the code one digit shorter.
      parent_code: code.length > 2 ? code.slice(0, -1) : null,
      title: c.title,
      description: c.description,
    }
  })
  expectParents(rows.map((r) => [r.code, r.parent_code]), rows, 'KBLI code')
  return sortParentsFirst(rows)
}

/**
 * HS 2022 chapters, headings and subheadings; the upstream TOTAL row (level 5) is not a code.
 * Chapter 99 (reserved for national use) belongs to no section; upstream marks it "TOTAL" and
 * it is stored as '' because the column is NOT NULL.
 */
export function readHs(): HsRow[] {
  const rows = readCsv(new URL('hs-2022.csv', DATA_DIR))
    .filter((r) => r.hscode !== 'TOTAL')
    .map((r) => ({
      code: expectMatch(r.hscode, /^[0-9]{2}([0-9]{2}){0,2}$/, 'HS code'),
      edition: HS_EDITION,
      level: expectLevel(r),
      parent_code: r.parent === 'TOTAL' ? null : r.parent,
      section: r.section === 'TOTAL' ? '' : expectMatch(r.section, /^[IVX]+$/, 'HS section'),
      description: r.description,
    }))
  expectParents(rows.map((r) => [r.code, r.parent_code]), rows, 'HS code')
  return sortParentsFirst(rows)
}

function expectLevel(r: Record<string, string>): number {
  const level = Number(r.level)
  if (level !== r.hscode.length) throw new Error(`reference data: HS ${r.hscode} has level ${r.level}`)
  return level
}

function sortParentsFirst<T extends { code: string; level: number }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => a.level - b.level || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
}

/** Checksum of the rows as they will be stored, so a change in the files or in the transformation reloads. */
export function checksumOf(value: unknown): string {
  return crypto.createHash('sha256').update(JSON.stringify(value)).digest('hex')
}
