// Sales reports of a marketplace (issue 5, sales recovery): a CSV/XLSX of monthly sales per firm
// store, uploaded by the marketplace's partner (for its own marketplace) or by an officer (naming
// the marketplace), or run from the CLI. The registry's import engine (runRowImport) streams the
// file, batches, records row problems, progress and the summary, and runs dry runs; this file says
// what the rows mean. A row is saved only for a firm shared with that marketplace (nominated to it
// and its owner's consent live); any other firm is "not found", whether it exists or not.
import { sql } from 'kysely'
import type { Database } from '../../../db/database.ts'
import type { Executor } from '../../../platform/audit/audit.repository.ts'
import { recordAudit, type AuditContext } from '../../../platform/audit/audit.service.ts'
import { requirePermission } from '../../../platform/access/policy.ts'
import type { Actor } from '../../../platform/access/roles.ts'
import { badRequest, forbidden, notFound } from '../../../platform/errors.ts'
import type { Locale } from '../../../platform/i18n/messages.ts'
import { matchHeaders } from '../../registry/normalise/index.ts'
import {
  fileDigest,
  importErrorsCsv,
  importOf,
  ImportRefused,
  runRowImport,
  type BatchOutcome,
  type Import,
  type ImportFileOptions,
  type Importer,
  type PendingRow,
  type RowImportKind,
} from '../../registry/imports/imports.service.ts'
import * as importsRepo from '../../registry/imports/imports.repository.ts'
import { advanceNomination } from '../pipeline/pipeline.service.ts'
import { findMarketplace, partnerMarketplaceCode, type MarketplaceRow } from '../scope.ts'
import { addMessages } from '../../../platform/i18n/messages.ts'
import { salesMessages } from './sales.messages.ts'
import { currentMonth, SALES_IMPORT_COLUMNS, validateSalesRow, type SalesImportKey, type SalesRowValues } from './sales-rows.ts'

// Row problems are localised when recorded (also in the CLI, which loads no index).
addMessages(salesMessages)

/** A sales import as the API shows it: the registry's import and the marketplace it reports for. */
export type SalesImport = Omit<Import, 'kind'> & { kind: 'sales'; marketplaceCode: string }

/**
 * The marketplace a file reports for, as the importer may report it: a partner its own (giving
 * another is FORBIDDEN), an officer or the CLI the one named (required).
 */
export async function marketplaceForImport(db: Executor, importer: Importer, requested: string | undefined): Promise<MarketplaceRow> {
  const wanted = requested?.trim() || undefined
  if (importer !== 'system') {
    requirePermission(importer, 'marketplace.sales.report')
    if (importer.role === 'marketplace_partner') {
      const own = await partnerMarketplaceCode(db, importer)
      if (!own) throw forbidden('MARKETPLACE_PARTNER_WITHOUT_MARKETPLACE')
      if (wanted && wanted !== own) throw forbidden()
      return (await findMarketplace(db, own))!
    }
  }
  if (!wanted) throw badRequest('SALES_MARKETPLACE_REQUIRED')
  const marketplace = await findMarketplace(db, wanted)
  if (!marketplace) throw notFound('MARKETPLACE_NOT_FOUND', { code: wanted })
  return marketplace
}

/** Records an import of sales (status queued) for a marketplace already checked with marketplaceForImport. */
export async function createSalesImport(
  db: Database,
  importer: Importer,
  audit: AuditContext,
  marketplace: MarketplaceRow,
  options: Pick<ImportFileOptions, 'path' | 'fileName' | 'dryRun' | 'sheet'> & { uploadFile?: string },
): Promise<string> {
  const digest = await fileDigest(options.path)
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('imports')
      .values({
        kind: 'sales',
        marketplace_code: marketplace.code,
        file_name: options.fileName.slice(0, 255) || 'impor',
        file_sha256: digest.sha256,
        file_bytes: digest.bytes,
        sheet: options.sheet?.trim() || null,
        dry_run: options.dryRun ?? false,
        created_by: importer === 'system' ? null : importer.userId,
        actor_role: importer === 'system' ? 'system' : importer.role,
        upload_file: options.uploadFile ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await recordAudit(trx, audit, {
      action: 'import.created',
      entityType: 'import',
      entityId: row.id,
      after: { kind: 'sales', marketplaceCode: marketplace.code, fileName: options.fileName, fileSha256: digest.sha256, dryRun: options.dryRun ?? false },
    })
    return row.id
  })
}

/** Imports a sales report of a marketplace: records the import, runs it, answers its final state (the CLI's way). */
export async function importSales(
  deps: { db: Database; signal?: AbortSignal },
  importer: Importer,
  audit: AuditContext,
  marketplaceCode: string | undefined,
  options: ImportFileOptions,
): Promise<SalesImport> {
  const marketplace = await marketplaceForImport(deps.db, importer, marketplaceCode)
  const id = await createSalesImport(deps.db, importer, audit, marketplace, options)
  return runSalesImport(deps, audit, id, importer === 'system' ? null : importer, options)
}

/** Runs a recorded sales import to its end. `actor` is who reported (null: the CLI), for the stage moves it causes. */
export async function runSalesImport(
  deps: { db: Database; signal?: AbortSignal },
  audit: AuditContext,
  importId: string,
  actor: Actor | null,
  options: Pick<ImportFileOptions, 'path' | 'onProgress' | 'removeFile' | 'locale' | 'maxBytes'>,
): Promise<SalesImport> {
  const result = await runRowImport(deps, audit, importId, options, async (record) => salesImportKind(deps.db, audit, record, actor))
  return { ...result, kind: 'sales', marketplaceCode: (await marketplaceOfImport(deps.db, importId))! }
}

async function marketplaceOfImport(db: Executor, importId: string): Promise<string | null> {
  const row = await db.selectFrom('imports').select('marketplace_code').where('id', '=', importId).executeTakeFirst()
  return row?.marketplace_code ?? null
}

interface PendingSale extends PendingRow {
  values: SalesRowValues
}

interface ImportContext {
  importId: string
  marketplace: MarketplaceRow
  reportedBy: string | null
  actor: Actor | null
  audit: AuditContext
  /** (firm, month) → the row of this file that gave it first: one row per store and month. */
  seen: Map<string, number>
}

async function salesImportKind(db: Database, audit: AuditContext, record: importsRepo.ImportRow, actor: Actor | null): Promise<RowImportKind<SalesImportKey, PendingSale>> {
  const code = await marketplaceOfImport(db, record.id)
  const marketplace = code ? await findMarketplace(db, code) : undefined
  if (!marketplace || record.kind !== 'sales') throw notFound('IMPORT_NOT_FOUND')
  const thisMonth = currentMonth()
  const context: ImportContext = { importId: record.id, marketplace, reportedBy: record.created_by, actor, audit, seen: new Map() }
  return {
    columns: SALES_IMPORT_COLUMNS,
    prepare: async (reader) => {
      // Either key column will do, but one of them must be there.
      const header = matchHeaders(reader.header, SALES_IMPORT_COLUMNS)
      const keys = new Set(header.mapping.values())
      if (!keys.has('nib') && !keys.has('url_toko')) throw new ImportRefused('IMPORT_COLUMNS_MISSING', { columns: 'nib / url_toko' })
    },
    validate: (cells, rowNumber) => {
      const result = validateSalesRow(cells, thisMonth)
      if (!result.ok) return result
      const v = result.values
      return { ok: true, pending: { rowNumber, values: v, key: `${v.nib ?? v.storeUrl}|${v.month}` } }
    },
    applyBatch: (trx, batch) => applySales(trx, context, batch),
    refusalOf: (error) => ({ code: 'ROW_NOT_SAVED', column: null, params: { reason: (error as { constraint?: string }).constraint ?? (error as { code?: string }).code ?? 'database' } }),
  }
}

const NO_ID = '00000000-0000-0000-0000-000000000000'
const nonEmpty = (values: string[]) => (values.length > 0 ? values : [NO_ID])

/** Saves one batch of valid rows with `trx` (the batch's transaction, rolled back on a dry run). */
async function applySales(trx: Executor, ctx: ImportContext, batch: PendingSale[]): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { inserted: 0, updated: 0, unchanged: 0, rejected: [] }
  const market = ctx.marketplace.code
  const reject = (p: PendingSale, code: string, column: SalesImportKey | null, params: Record<string, string | number> = {}) =>
    outcome.rejected.push({
      rowNumber: p.rowNumber,
      problem: { column, code, params: column ? { column, ...params } : params, value: column === 'nib' ? p.values.nib : column === 'url_toko' ? p.values.storeUrl : null },
    })

  // The firms shared with this marketplace, by NIB and by store URL; nothing else is visible.
  const nibs = [...new Set(batch.map((p) => p.values.nib).filter((n): n is string => n !== null))]
  const urls = [...new Set(batch.map((p) => p.values.storeUrl).filter((u): u is string => u !== null))]
  const shared = await trx
    .selectFrom('marketplace_nominations as n')
    .innerJoin('firms as f', 'f.id', 'n.firm_id')
    .select([
      'n.id as nomination_id',
      'n.firm_id',
      'n.province_code',
      'n.regency_code',
      'f.nib',
      sql<string | null>`lower(regexp_replace(regexp_replace(regexp_replace(n.store_url, '^https?://(www\\.)?', '', 'i'), '[?#].*$', ''), '/+$', ''))`.as('url'),
    ])
    .where('n.marketplace_code', '=', market)
    .where('f.merged_into', 'is', null)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('marketplace_consents as c')
          .select('c.id')
          .whereRef('c.firm_id', '=', 'n.firm_id')
          .whereRef('c.marketplace_code', '=', 'n.marketplace_code')
          .where('c.withdrawn_at', 'is', null),
      ),
    )
    .where((eb) =>
      eb.or([
        eb('f.nib', 'in', nibs.length > 0 ? nibs : ['-']),
        eb(sql`lower(regexp_replace(regexp_replace(regexp_replace(n.store_url, '^https?://(www\\.)?', '', 'i'), '[?#].*$', ''), '/+$', ''))`, 'in', urls.length > 0 ? urls : ['-']),
      ]),
    )
    .execute()
  const byNib = new Map(shared.filter((s) => s.nib).map((s) => [s.nib!, s]))
  const byUrl = new Map(shared.filter((s) => s.url).map((s) => [s.url!, s]))

  const existing = await trx
    .selectFrom('marketplace_sales')
    .select(['id', 'firm_id', sql<string>`to_char(month, 'YYYY-MM-DD')`.as('month'), 'gmv_idr', 'orders', 'units', 'source', 'import_id'])
    .where('marketplace_code', '=', market)
    .where('firm_id', 'in', nonEmpty(shared.map((s) => s.firm_id)))
    .where('month', 'in', [...new Set(batch.map((p) => p.values.month))].map((m) => sql<Date>`${m}::date`))
    .execute()
  const previous = new Map(existing.map((row) => [`${row.firm_id}|${row.month}`, row]))

  const inserted: Array<{ id: string; row: number }> = []
  for (const p of batch) {
    const v = p.values
    const fromNib = v.nib ? byNib.get(v.nib) : undefined
    const fromUrl = v.storeUrl ? byUrl.get(v.storeUrl) : undefined
    if ((v.nib && !fromNib) || (v.storeUrl && !v.nib && !fromUrl)) {
      reject(p, 'SALES_FIRM_NOT_FOUND', v.nib ? 'nib' : 'url_toko', { marketplace: ctx.marketplace.name })
      continue
    }
    if (fromNib && v.storeUrl && fromUrl?.firm_id !== fromNib.firm_id) {
      // The URL is no store of this firm on this marketplace (or of another firm): say so without naming one.
      reject(p, fromUrl ? 'SALES_FIRM_KEYS_DISAGREE' : 'SALES_FIRM_NOT_FOUND', 'url_toko', { marketplace: ctx.marketplace.name })
      continue
    }
    const firm = (fromNib ?? fromUrl)!
    const key = `${firm.firm_id}|${v.month}`
    const firstRow = ctx.seen.get(key)
    if (firstRow !== undefined && firstRow !== p.rowNumber) {
      reject(p, 'SALES_ROW_REPEATED', 'bulan', { month: v.month.slice(0, 7), row: firstRow })
      continue
    }
    ctx.seen.set(key, p.rowNumber)
    const before = previous.get(key)
    const after = { gmvIdr: v.gmvIdr, orders: v.orders, units: v.units }
    if (before) {
      if (Number(before.gmv_idr) === v.gmvIdr && before.orders === v.orders && before.units === v.units) {
        outcome.unchanged++
      } else {
        await trx
          .updateTable('marketplace_sales')
          .set({
            gmv_idr: v.gmvIdr,
            orders: v.orders,
            units: v.units,
            source: 'upload',
            import_id: ctx.importId,
            reported_by: ctx.reportedBy,
            reported_at: new Date(),
            nomination_id: firm.nomination_id,
          })
          .where('id', '=', before.id)
          .execute()
        await recordAudit(trx, ctx.audit, {
          action: 'marketplace_sales.updated',
          entityType: 'marketplace_sales',
          entityId: before.id,
          before: { gmvIdr: Number(before.gmv_idr), orders: before.orders, units: before.units, source: before.source, importId: before.import_id },
          after: { ...after, source: 'upload', importId: ctx.importId, row: p.rowNumber },
        })
        outcome.updated++
      }
    } else {
      const row = await trx
        .insertInto('marketplace_sales')
        .values({
          firm_id: firm.firm_id,
          marketplace_code: market,
          nomination_id: firm.nomination_id,
          month: v.month,
          gmv_idr: v.gmvIdr,
          orders: v.orders,
          units: v.units,
          source: 'upload',
          import_id: ctx.importId,
          reported_by: ctx.reportedBy,
          province_code: firm.province_code,
          regency_code: firm.regency_code,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      inserted.push({ id: row.id, row: p.rowNumber })
      outcome.inserted++
    }
    if (v.orders > 0) {
      await advanceNomination(trx, {
        firmId: firm.firm_id,
        marketplaceCode: market,
        toStage: 'first_sale',
        actor: ctx.actor,
        audit: ctx.audit,
        details: { importId: ctx.importId, month: v.month.slice(0, 7), orders: v.orders },
      })
    }
  }
  if (inserted.length > 0) {
    // One entry per batch: the rows created, each with its file row (as the firm import does).
    await recordAudit(trx, ctx.audit, { action: 'marketplace_sales.imported', entityType: 'import', entityId: ctx.importId, after: { marketplaceCode: market, rows: inserted } })
  }
  return outcome
}

async function visibleImport(db: Database, actor: Actor | null, id: string) {
  requirePermission(actor, 'marketplace.sales.report')
  const row = await importsRepo.findById(db, id)
  if (!row || row.kind !== 'sales') throw notFound('IMPORT_NOT_FOUND')
  const code = await marketplaceOfImport(db, id)
  // Officers oversee every sales import; a partner sees those of its marketplace.
  if (actor.role === 'marketplace_partner') {
    const own = await partnerMarketplaceCode(db, actor)
    if (!own || own !== code) throw notFound('IMPORT_NOT_FOUND')
  } else if (actor.role !== 'officer' && row.created_by !== actor.userId) {
    throw notFound('IMPORT_NOT_FOUND')
  }
  return { row, code: code! }
}

export async function getSalesImport(db: Database, actor: Actor | null, id: string, locale: Locale = 'id'): Promise<SalesImport> {
  const { row, code } = await visibleImport(db, actor, id)
  return { ...importOf(row, locale), kind: 'sales', marketplaceCode: code }
}

/** The rejected rows of a sales import the actor may see, as CSV. */
export async function getSalesImportErrorsCsv(db: Database, actor: Actor | null, id: string) {
  const { row } = await visibleImport(db, actor, id)
  const base = row.file_name.replace(/\.[^.]+$/, '').replace(/[^\w.-]+/g, '_').slice(0, 80) || 'impor'
  return { fileName: `${base}-kesalahan.csv`, stream: importErrorsCsv(db, id) }
}
