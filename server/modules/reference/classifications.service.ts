import type { Executor } from './datasets.repository.ts'
import * as classifications from './classifications.repository.ts'
import type { HsCode, HsSearch, KbliCode, KbliSearch } from './reference.schemas.ts'
import { parseHsQuery, parseKbliQuery, searchLimit } from './search-query.ts'

type KbliRow = { code: string; level: number; title: string; description: string; parent_code: string | null }
type HsRow = { code: string; level: number; description: string; section: string; parent_code: string | null }

const toKbli = (row: KbliRow): KbliCode => ({
  code: row.code,
  level: row.level,
  title: row.title,
  description: row.description,
  parentCode: row.parent_code,
})

const toHs = (row: HsRow): HsCode => ({
  code: row.code,
  level: row.level,
  description: row.description,
  section: row.section === '' ? null : row.section,
  parentCode: row.parent_code,
})

/**
 * KBLI 2020 manufacturing codes: by code prefix when `q` is a number, else by words (full text
 * plus typo-tolerant title match); without `q`, all codes in code order.
 */
export async function searchKbli(db: Executor, search: KbliSearch = {}): Promise<KbliCode[]> {
  const query = parseKbliQuery(search.q)
  const options = { level: search.level, limit: searchLimit(search.limit) }
  const rows =
    query.kind === 'text'
      ? await classifications.kbliByText(db, query.text, query.words, options)
      : await classifications.kbliByCodePrefix(db, query.kind === 'code' ? query.prefix : '', options)
  return rows.map(toKbli)
}

/**
 * HS 2022 codes, searched as searchKbli does ("0901.11" and "0901 11" mean 090111), except that
 * misspelt words are tried only when the words as typed match nothing.
 */
export async function searchHs(db: Executor, search: HsSearch = {}): Promise<HsCode[]> {
  const query = parseHsQuery(search.q)
  const options = { level: search.level, limit: searchLimit(search.limit) }
  if (query.kind !== 'text') {
    return (await classifications.hsByCodePrefix(db, query.kind === 'code' ? query.prefix : '', options)).map(toHs)
  }
  const rows = await classifications.hsByText(db, query.text, query.words, { ...options, typos: false })
  if (rows.length > 0) return rows.map(toHs)
  return (await classifications.hsByText(db, query.text, query.words, { ...options, typos: true })).map(toHs)
}

/** The KBLI code (exact, e.g. "13111"), or undefined; for modules that validate a firm's KBLI. */
export async function findKbli(db: Executor, code: string): Promise<KbliCode | undefined> {
  const row = await classifications.findKbli(db, code.trim())
  return row && toKbli(row)
}

/** The HS code (exact; dots and spaces ignored, e.g. "0901.11"), or undefined. */
export async function findHs(db: Executor, code: string): Promise<HsCode | undefined> {
  const row = await classifications.findHs(db, code.replace(/[.\s]/g, ''))
  return row && toHs(row)
}
