// `pulih import firms FILE`: the same import as the upload, run in the foreground as the system
// (national scope), with a progress bar on stderr and the summary on stdout.
import fs from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import cliProgress from 'cli-progress'
import type { Database } from '../../../db/database.ts'
import type { Keys } from '../../../platform/secrets.ts'
import { cliContext } from '../../../platform/audit/audit.service.ts'
import { importErrorsCsv, importFirms, summaryLine, type Import, type ImportProgressEvent } from './imports.service.ts'

export interface ImportFirmsCliOptions {
  dryRun?: boolean
  errors?: string
  sheet?: string
}

/** Default errors file: next to the input, `ikm-bandung.xlsx` → `ikm-bandung.errors.csv`. */
export function defaultErrorsPath(file: string): string {
  const parsed = path.parse(path.resolve(file))
  return path.join(parsed.dir, `${parsed.name}.errors.csv`)
}

/**
 * Runs the import and prints its outcome. A file refused whole throws (the CLI exits 1 with the
 * reason); rejected rows do not: the summary says how many and where their errors were written.
 */
export async function importFirmsCli(
  runtime: { db: Database; keys: Keys },
  file: string,
  options: ImportFirmsCliOptions,
  say: (line: string) => void,
): Promise<void> {
  await runImportCli(runtime.db, file, options, say, (resolved, onProgress) =>
    importFirms(runtime, 'system', cliContext(), {
      path: resolved,
      fileName: path.basename(resolved),
      dryRun: options.dryRun,
      sheet: options.sheet,
      locale: 'en',
      // A file on the operator's own disk: no upload limit (memory stays flat whatever its size).
      maxBytes: Number.POSITIVE_INFINITY,
      onProgress,
    }),
  )
}

/**
 * The CLI side of any import: checks the file exists, shows a progress bar while `run` imports
 * it, prints the summary line and writes the rejected rows (see importFirmsCli).
 */
export async function runImportCli(
  db: Database,
  file: string,
  options: { dryRun?: boolean; errors?: string },
  say: (line: string) => void,
  run: (resolved: string, onProgress: (progress: ImportProgressEvent) => void) => Promise<Import>,
): Promise<Import> {
  const resolved = path.resolve(file)
  if (!fs.existsSync(resolved) || !fs.statSync(resolved).isFile()) throw new Error(`no such file: ${file}`)
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'importing |{bar}| {percentage}% | {rows} rows', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  )
  let started = false
  const result = await run(resolved, (progress) => {
    if (!started) {
      bar.start(Math.max(1, progress.bytesTotal), 0, { rows: 0 })
      started = true
    }
    bar.update(progress.bytesRead, { rows: progress.processedRows })
  })
  if (started) bar.stop()
  if (result.status === 'failed') {
    throw new Error(`${file} was not imported: ${result.error!.code}: ${result.error!.message}`)
  }
  say(`${options.dryRun ? 'dry run (nothing saved): ' : ''}${summaryLine(result.summary)} (${result.totalRows} rows, import ${result.id})`)
  if (result.summary.rejected > 0 || options.errors) {
    const out = path.resolve(options.errors ?? defaultErrorsPath(resolved))
    await pipeline(importErrorsCsv(db, result.id), fs.createWriteStream(out))
    if (result.summary.rejected > 0) say(`${result.summary.rejected} rows rejected; row errors written to ${out}`)
    else say(`no rows rejected; ${out} lists none`)
  }
  return result
}
