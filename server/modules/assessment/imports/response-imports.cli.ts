// `pulih import responses --round R FILE`: the same import as the upload, run in the foreground
// as the system (national scope), printing the summary and writing the rejected rows like
// `pulih import firms`.
import fs from 'node:fs'
import path from 'node:path'
import type { Database } from '../../../db/database.ts'
import { cliContext } from '../../../platform/audit/audit.service.ts'
import { runImportCli } from '../../registry/imports/imports.cli.ts'
import { importResponses } from './response-imports.service.ts'

export interface ImportResponsesCliOptions {
  round: string
  materials?: string
  exports?: string
  sheet?: string
  dryRun?: boolean
  errors?: string
}

export async function importResponsesCli(runtime: { db: Database }, file: string, options: ImportResponsesCliOptions, say: (line: string) => void): Promise<void> {
  const child = (name: string | undefined) => {
    if (name === undefined) return undefined
    const resolved = path.resolve(name)
    if (!fs.existsSync(resolved) || !fs.statSync(resolved).isFile()) throw new Error(`no such file: ${name}`)
    return resolved
  }
  const materialsPath = child(options.materials)
  const exportsPath = child(options.exports)
  await runImportCli(runtime.db, file, options, say, (resolved, onProgress) =>
    importResponses({ db: runtime.db }, 'system', cliContext(), options.round, {
      path: resolved,
      fileName: path.basename(resolved),
      materialsPath,
      exportsPath,
      dryRun: options.dryRun,
      sheet: options.sheet,
      locale: 'en',
      // Files on the operator's own disk: no upload limit.
      maxBytes: Number.POSITIVE_INFINITY,
      onProgress,
    }),
  )
}
