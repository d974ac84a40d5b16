// Demo registry data: a few thousand plausible IKM spread over the provinces roughly as BPS
// counts them (IMK 2020/2022: Java about 63 %, Central Java, East Java and West Java first) and
// over sectors as IMK 2022 does (food 37 %, wood and bamboo 14 %, apparel 14 %, textiles 7 %).
// Deterministic (seeded), so every demo database looks the same.
import type { Executor } from '../../platform/audit/audit.repository.ts'
import { recordAudit, type AuditContext } from '../../platform/audit/audit.service.ts'
import type { Keys } from '../../platform/secrets.ts'
import { listRegencies } from '../reference/index.ts'
import * as repo from './firms.repository.ts'
import { firmOf, ownerValues } from './firms.service.ts'

/** Share of IKM per province (percent; BPS IMK 2022 for the largest, the rest spread by island). */
const PROVINCE_WEIGHTS: Record<string, number> = {
  '33': 20.6, '35': 20.2, '32': 15.4, '34': 3.2, '36': 2.4, '31': 1.4, '51': 3.5, '53': 3.9, '52': 2.2,
  '11': 1.2, '12': 2.6, '13': 1.5, '14': 1.1, '15': 0.9, '16': 1.8, '17': 0.6, '18': 1.9, '19': 0.5, '21': 0.4,
  '61': 1.0, '62': 0.8, '63': 1.2, '64': 0.9, '65': 0.2,
  '71': 1.1, '72': 1.2, '73': 3.6, '74': 1.2, '75': 0.6, '76': 0.5,
  '81': 0.6, '82': 0.4, '91': 0.3, '92': 0.2, '93': 0.1, '94': 0.2, '95': 0.1, '96': 0.1,
}

/** Sectors with a representative KBLI 2020 class, product words and weight (percent). */
const SECTORS: Array<{ kbli: string; weight: number; words: string[] }> = [
  { kbli: '10794', weight: 12, words: ['Kerupuk', 'Keripik', 'Rengginang', 'Emping'] },
  { kbli: '10710', weight: 9, words: ['Roti', 'Kue Basah', 'Bakpia', 'Kue Kering'] },
  { kbli: '10761', weight: 5, words: ['Kopi', 'Kopi Bubuk', 'Kopi Arabika'] },
  { kbli: '10392', weight: 6, words: ['Dodol', 'Manisan', 'Selai Buah'] },
  { kbli: '10750', weight: 5, words: ['Sambal', 'Bumbu', 'Rendang Kemasan'] },
  { kbli: '16299', weight: 8, words: ['Anyaman Bambu', 'Kerajinan Rotan', 'Anyaman Pandan'] },
  { kbli: '16221', weight: 6, words: ['Kusen', 'Pintu Kayu', 'Ukiran Kayu'] },
  { kbli: '14111', weight: 14, words: ['Konveksi', 'Busana Muslim', 'Kaos Sablon', 'Seragam'] },
  { kbli: '13134', weight: 7, words: ['Batik Tulis', 'Batik Cap', 'Tenun Ikat', 'Songket'] },
  { kbli: '31001', weight: 6, words: ['Mebel Jati', 'Furnitur Rotan', 'Mebel Kayu'] },
  { kbli: '15201', weight: 4, words: ['Sepatu Kulit', 'Sandal', 'Tas Kulit'] },
  { kbli: '23929', weight: 3, words: ['Gerabah', 'Keramik Hias', 'Genteng'] },
  { kbli: '25931', weight: 3, words: ['Pandai Besi', 'Alat Pertanian', 'Pisau'] },
  { kbli: '32909', weight: 7, words: ['Kerajinan Tangan', 'Suvenir', 'Aksesoris'] },
]

const FIRST = ['Siti', 'Budi', 'Dewi', 'Agus', 'Sri', 'Eko', 'Rina', 'Joko', 'Yuni', 'Hendra', 'Wati', 'Bambang', 'Lestari', 'Rudi', 'Ani', 'Dedi', 'Nur', 'Made', 'Ketut', 'Wayan', 'Andi', 'Fitri', 'Ilham', 'Rahmat']
const LAST = ['Rahayu', 'Santoso', 'Wijaya', 'Hidayat', 'Susanti', 'Saputra', 'Kurniawan', 'Lestari', 'Pratama', 'Handayani', 'Nugroho', 'Setiawan', 'Wulandari', 'Permana', 'Siregar', 'Nasution', 'Lubis', 'Sari']
const BRAND = ['Jaya', 'Makmur', 'Sejahtera', 'Berkah', 'Mandiri', 'Abadi', 'Lestari', 'Sentosa', 'Barokah', 'Mulia', 'Indah', 'Sari', 'Murni', 'Karya']
const FORMS: Array<[string, string, number]> = [['perorangan', '', 55], ['ud', 'UD', 25], ['cv', 'CV', 14], ['koperasi', 'Koperasi', 3], ['pt_perorangan', 'PT', 3]]

/** mulberry32: a small seeded PRNG, so the demo data set is reproducible. */
export function random(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function weighted<T>(rand: () => number, items: T[], weight: (item: T) => number): T {
  const total = items.reduce((sum, item) => sum + weight(item), 0)
  let point = rand() * total
  for (const item of items) {
    point -= weight(item)
    if (point <= 0) return item
  }
  return items[items.length - 1]
}

export const pick = <T>(rand: () => number, items: T[]) => items[Math.floor(rand() * items.length)]

/** Adds `count` demo firms with owners (each audited) to an empty registry. */
export async function seedDemoFirms(db: Executor, keys: Keys, audit: AuditContext, count = 3000): Promise<number> {
  if ((await repo.count(db)) > 0) return 0
  const rand = random(20200415)
  const provinces = Object.keys(PROVINCE_WEIGHTS)
  const regenciesByProvince = new Map<string, string[]>()
  for (const province of provinces) regenciesByProvince.set(province, (await listRegencies(db, province)).map((r) => r.code))
  for (let i = 0; i < count; i++) {
    const province = weighted(rand, provinces, (p) => PROVINCE_WEIGHTS[p])
    const regency = pick(rand, regenciesByProvince.get(province)!)
    const sector = weighted(rand, SECTORS, (s) => s.weight)
    const [legalForm, prefix] = weighted(rand, FORMS, (f) => f[2])
    const owner = `${pick(rand, FIRST)} ${pick(rand, LAST)}`
    const name = [prefix, pick(rand, sector.words), pick(rand, BRAND)].filter(Boolean).join(' ')
    const workers = Math.max(1, Math.round(Math.exp(rand() * 3.6)))
    const women = Math.round(workers * (0.3 + rand() * 0.5))
    const investment = Math.round((workers * (15 + rand() * 60)) * 1_000_000)
    const female = rand() < 0.52
    const day = 1 + Math.floor(rand() * 28) + (female ? 40 : 0)
    const month = 1 + Math.floor(rand() * 12)
    const year = 60 + Math.floor(rand() * 40)
    const nik = `${regency.replace('.', '')}01${String(day).padStart(2, '0')}${String(month).padStart(2, '0')}${String(year).padStart(2, '0')}${String(1 + (i % 9000)).padStart(4, '0')}`
    const phone = `08${1 + Math.floor(rand() * 9)}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`
    const id = await repo.insert(db, {
      nib: rand() < 0.4 ? `91${String(20_000_000_000 + i).padStart(11, '0')}` : null,
      name,
      legal_form: legalForm,
      address: `Jl. ${pick(rand, BRAND)} No. ${1 + Math.floor(rand() * 200)}`,
      province_code: province,
      regency_code: regency,
      district_code: null,
      kbli_main: sector.kbli,
      kbli_others: [],
      workers_total: workers,
      workers_women: Math.min(women, workers),
      investment_idr: investment,
      annual_turnover_idr: Math.round(investment * (1.5 + rand() * 3)),
      year_founded: 1985 + Math.floor(rand() * 35),
      certifications: rand() < 0.3 ? ['PIRT'] : rand() < 0.1 ? ['Halal', 'SNI'] : [],
      export_experience: rand() < 0.06,
      sentra_id: null,
      store_links: '[]',
      source: 'officer',
    })
    await repo.upsertPrimaryOwner(db, id, await ownerValues(db, keys, { name: owner, nik, phone }))
    await recordAudit(db, audit, { action: 'firm.created', entityType: 'firm', entityId: id, after: firmOf((await repo.findById(db, id))!) })
  }
  return count
}

/** The demo firm owner's own firm, linked to their organisation so that they see it. */
export async function seedDemoOwnerFirm(db: Executor, keys: Keys, audit: AuditContext, organisationId: string): Promise<void> {
  if ((await repo.list(db, { organisationId, limit: 1 })).length > 0) return
  const id = await repo.insert(db, {
    organisation_id: organisationId,
    nib: '9120100000001',
    name: 'CV Batik Sekar Jagad',
    legal_form: 'cv',
    address: 'Jl. Raya Soreang No. 17',
    province_code: '32',
    regency_code: '32.04',
    district_code: null,
    kbli_main: '13134',
    kbli_others: ['14111'],
    workers_total: 14,
    workers_women: 11,
    investment_idr: 420_000_000,
    annual_turnover_idr: 1_350_000_000,
    year_founded: 2009,
    certifications: ['SNI'],
    export_experience: true,
    sentra_id: null,
    store_links: '[]',
    source: 'self_registered',
  })
  await repo.upsertPrimaryOwner(db, id, await ownerValues(db, keys, { name: 'Siti Rahmawati', nik: '3204124508900001', phone: '081234567890', email: 'pemilik@demo.pulih.id' }))
  await recordAudit(db, audit, { action: 'firm.registered', entityType: 'firm', entityId: id, after: firmOf((await repo.findById(db, id))!) })
}
