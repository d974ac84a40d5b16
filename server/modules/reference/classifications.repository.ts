import { sql } from 'kysely'
import type { Executor } from './datasets.repository.ts'

export interface SearchOptions {
  level?: number
  limit: number
}

const KBLI_COLUMNS = ['code', 'level', 'title', 'description', 'parent_code'] as const
const HS_COLUMNS = ['code', 'level', 'description', 'section', 'parent_code'] as const

// Codes are digits only (the service guarantees it), so the prefix needs no LIKE escaping.

export async function kbliByCodePrefix(db: Executor, prefix: string, options: SearchOptions) {
  return db
    .selectFrom('kbli_codes')
    .select(KBLI_COLUMNS)
    .where('code', 'like', `${prefix}%`)
    .$if(options.level !== undefined, (qb) => qb.where('level', '=', options.level!))
    .orderBy('code')
    .limit(options.limit)
    .execute()
}

/**
 * Ranking for word searches, best first:
 * - every word matches (full text, stemmed): +2;
 * - how well any of the words match, title weighted above description (ts_rank, length-normalised);
 * - trigram closeness of the input to a word run of the label and to the whole label, so short,
 *   general labels come first and a typo such as "tekstl" still ranks "tekstil" (stemming cannot).
 * Which rows qualify is the caller's choice (`match`): full-text words, and/or labels holding a
 * word close to one of `words` (`%>`, trigram word similarity).
 */
function textSearch(config: 'indonesian' | 'english', text: string, words: string[], label: 'title' | 'description') {
  const allWords = sql`plainto_tsquery(${sql.lit(config)}, ${text})`
  // plainto_tsquery joins its lexemes with '&' only; turning them into '|' keeps partial matches.
  const anyWord = sql`replace(plainto_tsquery(${sql.lit(config)}, ${text})::text, '&', '|')::tsquery`
  const column = sql.ref(label)
  // One `%>` per word rather than `%> ANY(array)`, which the trigram index cannot serve.
  const closeWords = words.length === 0 ? sql<boolean>`false` : sql<boolean>`(${sql.join(words.map((w) => sql`${column} %> ${w}`), sql` OR `)})`
  return {
    fullText: sql<boolean>`search @@ ${anyWord}`,
    closeWords,
    score: sql`(CASE WHEN search @@ ${allWords} THEN 2 ELSE 0 END) + ts_rank(search, ${anyWord}, 1)
      + word_similarity(${text}, ${column}) + similarity(${text}, ${column})`,
  }
}

export async function kbliByText(db: Executor, text: string, words: string[], options: SearchOptions) {
  const search = textSearch('indonesian', text, words, 'title')
  // KBLI titles are short and few, so typo matching runs with every search.
  return db
    .selectFrom('kbli_codes')
    .select(KBLI_COLUMNS)
    .where((eb) => eb.or([search.fullText, search.closeWords]))
    .$if(options.level !== undefined, (qb) => qb.where('level', '=', options.level!))
    .orderBy(search.score, 'desc')
    .orderBy('code')
    .limit(options.limit)
    .execute()
}

export async function findKbli(db: Executor, code: string) {
  return db.selectFrom('kbli_codes').select(KBLI_COLUMNS).where('code', '=', code).executeTakeFirst()
}

export async function hsByCodePrefix(db: Executor, prefix: string, options: SearchOptions) {
  return db
    .selectFrom('hs_codes')
    .select(HS_COLUMNS)
    .where('code', 'like', `${prefix}%`)
    .$if(options.level !== undefined, (qb) => qb.where('level', '=', options.level!))
    .orderBy('code')
    .limit(options.limit)
    .execute()
}

/**
 * As kbliByText, over the English descriptions (the only text HS carries). `typos` widens the
 * match to descriptions with a word close to the input: trigram matching over thousands of long
 * descriptions is slow, so the service asks for it only when the words alone found nothing.
 */
export async function hsByText(db: Executor, text: string, words: string[], options: SearchOptions & { typos: boolean }) {
  const search = textSearch('english', text, words, 'description')
  return db
    .selectFrom('hs_codes')
    .select(HS_COLUMNS)
    .where(options.typos ? search.closeWords : search.fullText)
    .$if(options.level !== undefined, (qb) => qb.where('level', '=', options.level!))
    .orderBy(search.score, 'desc')
    .orderBy('code')
    .limit(options.limit)
    .execute()
}

export async function findHs(db: Executor, code: string) {
  return db.selectFrom('hs_codes').select(HS_COLUMNS).where('code', '=', code).executeTakeFirst()
}
