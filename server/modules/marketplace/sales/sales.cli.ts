// `pulih import sales --marketplace M FILE`: the same import as the upload, run in the foreground
// as the system (any marketplace), printing the summary and writing the rejected rows like
// `pulih import firms`.
import path from 'node:path'
import type { Database } from '../../../db/database.ts'
import { cliContext } from '../../../platform/audit/audit.service.ts'
import { runImportCli } from '../../registry/imports/imports.cli.ts'
import type { Import } from '../../registry/imports/imports.service.ts'
import { importSales } from './sales-import.service.ts'

export interface ImportSalesCliOptions {
  marketplace: string
  sheet?: string
  dryRun?: boolean
  errors?: string
}

export async function importSalesCli(runtime: { db: Database }, file: string, options: ImportSalesCliOptions, say: (line: string) => void): Promise<void> {
  await runImportCli(runtime.db, file, options, say, async (resolved, onProgress) => {
    // The CLI helper knows the registry's kinds; a sales import is one more (same fields).
    const result = await importSales({ db: runtime.db }, 'system', cliContext(), options.marketplace, {
      path: resolved,
      fileName: path.basename(resolved),
      dryRun: options.dryRun,
      sheet: options.sheet,
      locale: 'en',
      // A file on the operator's own disk: no upload limit.
      maxBytes: Number.POSITIVE_INFINITY,
      onProgress,
    })
    return result as unknown as Import
  })
}
