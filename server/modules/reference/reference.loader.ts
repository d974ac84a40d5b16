import type { Transaction } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { DB } from '../../db/types.gen.ts'
import * as datasets from './datasets.repository.ts'
import { checksumOf, readHs, readKbli, readRegions } from './reference.datasets.ts'

interface PreparedDataset {
  checksum: string
  rowCount: number
  write(trx: Transaction<DB>): Promise<void>
}

/**
 * The data sets, each loaded (or skipped) as a whole. Regions are one data set because
 * districts and regencies reference each other's codes and change together upstream.
 */
export const REFERENCE_DATASETS: Record<string, () => PreparedDataset> = {
  'regions-idn-area-data': () => {
    const regions = readRegions()
    return {
      checksum: checksumOf(regions),
      rowCount: regions.provinces.length + regions.regencies.length + regions.districts.length,
      write: async (trx) => {
        await datasets.upsertProvinces(trx, regions.provinces)
        await datasets.upsertRegencies(trx, regions.regencies)
        await datasets.upsertDistricts(trx, regions.districts)
      },
    }
  },
  'kbli-2020-manufacturing': () => {
    const rows = readKbli()
    return { checksum: checksumOf(rows), rowCount: rows.length, write: (trx) => datasets.upsertKbliCodes(trx, rows) }
  },
  'hs-2022': () => {
    const rows = readHs()
    return { checksum: checksumOf(rows), rowCount: rows.length, write: (trx) => datasets.upsertHsCodes(trx, rows) }
  },
}

/**
 * Loads reference data that changed since the last load; runs at every start, so the usual
 * path is one SELECT. The checksum is taken over the rows as stored (after renaming and
 * parent derivation), so a change in either the files or the transformation reloads.
 * Rows that disappear upstream are kept: firms and organisations may still reference them.
 */
export async function loadReferenceData(db: Database, log: (message: string) => void = () => {}): Promise<void> {
  const loaded = await datasets.loadedChecksums(db)
  for (const [name, prepare] of Object.entries(REFERENCE_DATASETS)) {
    const dataset = prepare()
    if (loaded.get(name) === dataset.checksum) continue
    const wrote = await db.transaction().execute(async (trx) => {
      await datasets.lockForLoading(trx)
      // Another process may have loaded the same content while this one waited for the lock.
      if ((await datasets.loadedChecksums(trx)).get(name) === dataset.checksum) return false
      await dataset.write(trx)
      await datasets.recordDataset(trx, { name, checksum: dataset.checksum, rowCount: dataset.rowCount })
      return true
    })
    if (wrote) log(`reference data loaded: ${name} (${dataset.rowCount} rows)`)
  }
}
