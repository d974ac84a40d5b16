// `pulih listings export --marketplace M [--province P] [--regency R] [--firm ID] [--kbli K] --out F`:
// the same export as the download, run as the system (national scope), printing how many products
// were written and which were left out and why.
import fs from 'node:fs'
import path from 'node:path'
import type { Runtime } from '../../../runtime.ts'
import { cliContext } from '../../../platform/audit/audit.service.ts'
import { exportListings } from './listings.service.ts'

export interface ListingsExportCliOptions {
  marketplace: string
  province?: string
  regency?: string
  firm?: string[]
  kbli?: string
  out: string
}

export async function exportListingsCli(runtime: Pick<Runtime, 'db' | 'keys' | 'config'>, options: ListingsExportCliOptions, say: (line: string) => void): Promise<void> {
  if (options.province && !/^[0-9]{2}$/.test(options.province)) throw new Error(`--province must be a 2-digit province code (got "${options.province}")`)
  if (options.regency && !/^[0-9]{2}\.[0-9]{2}$/.test(options.regency)) throw new Error(`--regency must look like 32.04 (got "${options.regency}")`)
  if (options.kbli && !/^[0-9]{2,5}$/.test(options.kbli)) throw new Error(`--kbli must be 2 to 5 digits (got "${options.kbli}")`)
  for (const id of options.firm ?? []) if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Error(`--firm must be a firm id (got "${id}")`)
  const out = path.resolve(options.out)
  const result = await exportListings(
    { db: runtime.db, config: runtime.config, keys: runtime.keys },
    'system',
    cliContext(),
    { marketplace: options.marketplace, province: options.province, regency: options.regency, firm: options.firm, kbli: options.kbli },
    'en',
  )
  fs.writeFileSync(out, result.data)
  say(`wrote ${result.written} products to ${out}; skipped ${result.skipped.length}`)
  for (const skipped of result.skipped) say(`  skipped ${skipped.productId} "${skipped.name}" (${skipped.firmName}): ${skipped.problems.join(' ')}`)
}
