// Demo answers for two survey rounds (April and July 2020) that follow what 2020 surveys reported:
// about 86 % (April) and 83 % (July) of manufacturers with falling sales, drops clustered around
// 50–70 % in April and milder in July, 17 % of firms sending workers home unpaid, raw-material
// shortfalls and held export contracts (BPS SDC19-PU 2020; see docs/decisions).
import type { Database } from '../../db/database.ts'
import type { AuditContext } from '../../platform/audit/audit.service.ts'
import { pick, random, weighted } from '../registry/demo-firms.ts'
import * as firmsRepo from '../registry/firms.repository.ts'
import { createRound, findRoundByRef } from './rounds.service.ts'
import { saveResponse } from './responses.service.ts'
import { applyAllRollupEvents } from './rollups.ts'
import type { Answers, MaterialCause, Need } from './rules.ts'

const MATERIALS: Record<string, Array<[string, string]>> = {
  '10': [['Tepung terigu', 'kg'], ['Gula pasir', 'kg'], ['Minyak goreng', 'liter']],
  '13': [['Kain mori', 'meter'], ['Benang katun', 'kg'], ['Pewarna tekstil', 'kg']],
  '14': [['Kain katun', 'meter'], ['Kancing dan ritsleting', 'lusin']],
  '15': [['Kulit sapi', 'lembar'], ['Lem sepatu', 'kg']],
  '16': [['Kayu jati', 'm3'], ['Rotan', 'kg']],
  '31': [['Kayu mahoni', 'm3'], ['Cat kayu', 'liter']],
}
const OTHER_MATERIALS: Array<[string, string]> = [['Bahan kemasan', 'pcs'], ['Plastik kemasan', 'kg']]
const CAUSES: MaterialCause[] = ['price', 'import_disruption', 'supplier_stopped', 'transport']
const DESTINATIONS = ['JP', 'US', 'NL', 'SG', 'AU', 'MY', 'DE', 'KR', 'SA', 'AE']

/** A normal variate (Box–Muller) clipped to [lo, hi]. */
function normal(rand: () => number, mean: number, sd: number, lo: number, hi: number) {
  const z = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand())
  return Math.min(hi, Math.max(lo, mean + sd * z))
}

function answersFor(rand: () => number, firm: { kbli_main: string | null; workers_total: number | null; export_experience: boolean }, month: 'april' | 'july'): Answers {
  const baseline = Math.round(normal(rand, 40, 30, 3, 300)) * 1_000_000
  const falling = rand() < (month === 'april' ? 0.86 : 0.83)
  const changePct = falling
    ? -normal(rand, month === 'april' ? 58 : 42, month === 'april' ? 13 : 17, 3, 100)
    : rand() < 0.7 ? normal(rand, 1, 2, 0, 5) : normal(rand, 12, 8, 5, 40)
  const before = firm.workers_total ?? Math.round(normal(rand, 8, 6, 1, 40))
  let left = before
  const some = (share: number, max: number) => {
    const n = rand() < share ? Math.min(left, 1 + Math.floor(rand() * max)) : 0
    left -= n
    return n
  }
  const sentHomeUnpaid = some(0.17, Math.max(1, Math.ceil(before / 3)))
  const sentHomePartlyPaid = some(0.065, Math.max(1, Math.ceil(before / 4)))
  const sentHomePaid = some(0.037, Math.max(1, Math.ceil(before / 5)))
  const laidOff = some(month === 'april' ? 0.13 : 0.09, Math.max(1, Math.ceil(before / 6)))
  const materials: Answers['materials'] = []
  if (rand() < (month === 'april' ? 0.38 : 0.27)) {
    const [material, unit] = pick(rand, MATERIALS[firm.kbli_main?.slice(0, 2) ?? ''] ?? OTHER_MATERIALS)
    const needed = Math.round(normal(rand, 300, 200, 10, 2000))
    materials.push({ material, unit, neededPerMonth: needed, obtained: Math.round(needed * normal(rand, 0.45, 0.25, 0, 0.95)), cause: weighted(rand, CAUSES, (c) => (c === 'price' ? 4 : c === 'import_disruption' ? 3 : 2)) })
  }
  const exports: Answers['exports'] = []
  if (rand() < (firm.export_experience ? 0.45 : 0.02)) {
    exports.push({
      contracts: 1 + Math.floor(rand() * 3),
      currency: 'USD',
      value: Math.round(normal(rand, 15_000, 12_000, 1_000, 120_000) / 100) * 100,
      destinationCountries: [pick(rand, DESTINATIONS)],
      goodsProduced: rand() < 0.4,
    })
  }
  const needs: Need[] = []
  const pool: Need[] = ['financing', 'marketing', 'raw_materials', 'export', 'other']
  const weight: Record<Need, number> = {
    financing: 45,
    marketing: 30,
    raw_materials: materials.length ? 40 : 8,
    export: exports.length ? 40 : 2,
    other: 3,
  }
  for (let i = 0, k = 1 + Math.floor(rand() * 3); i < k; i++) {
    const next = weighted(rand, pool.filter((n) => !needs.includes(n)), (n) => weight[n])
    needs.push(next)
  }
  const channels: Answers['channels'] = ['offline']
  if (rand() < 0.35) channels.push('own_online')
  if (rand() < (month === 'april' ? 0.2 : 0.3)) channels.push('marketplace')
  if (exports.length) channels.push('export')
  return {
    baselineTurnoverIdr: baseline,
    referenceTurnoverIdr: Math.max(0, Math.round((baseline * (100 + changePct)) / 100 / 1000) * 1000),
    channels,
    workersBefore: before,
    workersWorking: left,
    sentHomePaid,
    sentHomePartlyPaid,
    sentHomeUnpaid,
    laidOff,
    materials,
    exports,
    needs,
    notes: null,
  }
}

/** Two rounds with answers from most demo firms (once; a second run adds nothing). */
export async function seedDemoAssessment(db: Database, audit: AuditContext): Promise<number> {
  if (await findRoundByRef(db, 'Survei Dampak April 2020')) return 0
  const april = await createRound(db, 'system', audit, { name: 'Survei Dampak April 2020', referenceMonth: '2020-04', opensOn: '2020-05-04', closesOn: '2020-05-29' })
  const july = await createRound(db, 'system', audit, { name: 'Survei Dampak Juli 2020', referenceMonth: '2020-07', opensOn: '2020-08-03', closesOn: '2099-12-31' })
  const firms = await db.selectFrom('firms').select('id').where('merged_into', 'is', null).orderBy('created_at').orderBy('id').execute()
  const rand = random(20200504)
  let saved = 0
  for (const [round, share, month] of [[april, 0.72, 'april'], [july, 0.61, 'july']] as const) {
    const row = (await db.selectFrom('survey_rounds').selectAll().where('id', '=', round.id).executeTakeFirstOrThrow())
    for (let i = 0; i < firms.length; i += 200) {
      await db.transaction().execute(async (trx) => {
        for (const { id } of firms.slice(i, i + 200)) {
          if (rand() >= share) continue
          const firm = (await firmsRepo.findById(trx, id))!
          await saveResponse(trx, audit, row, firm, answersFor(rand, firm, month), { mode: rand() < 0.6 ? 'self' : 'assisted', enteredBy: null })
          saved += 1
        }
      })
    }
  }
  await applyAllRollupEvents(db)
  return saved
}
