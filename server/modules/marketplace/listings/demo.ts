// Demo data of the listings part: category mappings for the HS chapters most IKM products fall
// in, for each open marketplace. THE CATEGORY IDS ARE DEMO IDS: plausible in shape for each
// marketplace, not taken from the marketplaces' real category trees.
import { sql } from 'kysely'
import type { Executor } from '../../../platform/audit/audit.repository.ts'
import { recordAudit, type AuditContext } from '../../../platform/audit/audit.service.ts'

type Open = 'tokopedia' | 'tiktok_shop' | 'shopee' | 'blibli'

interface DemoMapping {
  hs: string
  name: string
  attributes: string[]
  /** Demo category id per marketplace. */
  ids: Record<Open, string>
}

// Demo ids (not real): Tokopedia 4 digits, TikTok Shop 6 digits, Shopee 6 digits from 100000, Blibli letter codes.
const DEMO_MAPPINGS: DemoMapping[] = [
  // Batik and textiles.
  { hs: '52', name: 'Kain Katun & Batik', attributes: ['Bahan'], ids: { tokopedia: '1758', tiktok_shop: '601301', shopee: '100118', blibli: 'KA-1000101' } },
  { hs: '55', name: 'Kain Serat Buatan', attributes: ['Bahan'], ids: { tokopedia: '1759', tiktok_shop: '601302', shopee: '100119', blibli: 'KA-1000102' } },
  { hs: '61', name: 'Pakaian Rajut', attributes: ['Merek', 'Bahan', 'Ukuran'], ids: { tokopedia: '1807', tiktok_shop: '601226', shopee: '100011', blibli: 'PA-1000201' } },
  { hs: '62', name: 'Pakaian & Kemeja Batik', attributes: ['Merek', 'Bahan', 'Ukuran'], ids: { tokopedia: '1808', tiktok_shop: '601227', shopee: '100012', blibli: 'PA-1000202' } },
  { hs: '6205', name: 'Kemeja Batik Pria', attributes: ['Merek', 'Bahan', 'Ukuran', 'Motif'], ids: { tokopedia: '1811', tiktok_shop: '601231', shopee: '100017', blibli: 'PA-1000210' } },
  // Food.
  { hs: '19', name: 'Roti, Kue & Camilan Tepung', attributes: ['Merek', 'Nomor PIRT/BPOM', 'Masa Simpan'], ids: { tokopedia: '2503', tiktok_shop: '700437', shopee: '100630', blibli: 'MA-1000301' } },
  { hs: '20', name: 'Olahan Buah & Sayur', attributes: ['Merek', 'Nomor PIRT/BPOM', 'Masa Simpan'], ids: { tokopedia: '2504', tiktok_shop: '700438', shopee: '100631', blibli: 'MA-1000302' } },
  { hs: '21', name: 'Sambal, Bumbu & Olahan Lain', attributes: ['Merek', 'Nomor PIRT/BPOM', 'Masa Simpan'], ids: { tokopedia: '2505', tiktok_shop: '700439', shopee: '100632', blibli: 'MA-1000303' } },
  // Furniture.
  { hs: '94', name: 'Furnitur', attributes: ['Merek', 'Bahan'], ids: { tokopedia: '984', tiktok_shop: '600954', shopee: '100700', blibli: 'RU-1000401' } },
  { hs: '9403', name: 'Meja, Kursi & Lemari Kayu', attributes: ['Merek', 'Bahan', 'Jenis Kayu'], ids: { tokopedia: '990', tiktok_shop: '600960', shopee: '100705', blibli: 'RU-1000410' } },
  // Crafts.
  { hs: '44', name: 'Kerajinan Kayu', attributes: ['Bahan'], ids: { tokopedia: '1001', tiktok_shop: '600970', shopee: '100720', blibli: 'RU-1000501' } },
  { hs: '46', name: 'Anyaman Rotan & Bambu', attributes: ['Bahan'], ids: { tokopedia: '1002', tiktok_shop: '600971', shopee: '100721', blibli: 'RU-1000502' } },
  { hs: '71', name: 'Perhiasan & Perak', attributes: ['Merek', 'Bahan', 'Kadar'], ids: { tokopedia: '1203', tiktok_shop: '605248', shopee: '100534', blibli: 'JA-1000601' } },
  // Leather goods and footwear.
  { hs: '42', name: 'Tas & Dompet Kulit', attributes: ['Merek', 'Bahan'], ids: { tokopedia: '1847', tiktok_shop: '602012', shopee: '100089', blibli: 'TA-1000701' } },
  { hs: '64', name: 'Sepatu & Sandal', attributes: ['Merek', 'Bahan', 'Ukuran'], ids: { tokopedia: '1873', tiktok_shop: '601352', shopee: '100097', blibli: 'SE-1000801' } },
]

/**
 * Category mappings for common IKM HS chapters on Tokopedia, TikTok Shop, Shopee and Blibli
 * (Bukalapak is closed). Idempotent: mappings that exist are left as they are.
 */
export async function seedDemoListings(db: Executor, audit: AuditContext): Promise<{ mappings: number }> {
  let inserted = 0
  for (const mapping of DEMO_MAPPINGS) {
    const exists = await db.selectFrom('hs_codes').select('code').where('code', '=', mapping.hs).executeTakeFirst()
    if (!exists) continue
    for (const marketplace of Object.keys(mapping.ids) as Open[]) {
      const row = await db
        .insertInto('marketplace_categories')
        .values({
          marketplace_code: marketplace,
          hs_prefix: mapping.hs,
          kbli_prefix: null,
          category_id: mapping.ids[marketplace],
          category_name: mapping.name,
          required_attributes: mapping.attributes,
          note: 'Data demo: id kategori contoh, bukan id asli lokapasar.',
        })
        .onConflict((oc) => oc.expression(sql`marketplace_code, coalesce(hs_prefix, ''), coalesce(kbli_prefix, '')`).doNothing())
        .returning('id')
        .executeTakeFirst()
      if (row) inserted++
    }
  }
  await recordAudit(db, audit, { action: 'marketplace.categories.seeded', entityType: 'marketplace_category', entityId: null, after: { inserted, demo: true } })
  return { mappings: inserted }
}
