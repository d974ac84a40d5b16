// Demo field workshops as they ran in 2020: a dozen workshops from June to November in the
// regencies with the most nominations (and in each time zone: WIB, WITA, WIT), the nominated firms
// of the regency invited, most registered, one workshop full with a waiting list, one cancelled,
// and attendance that agrees with the pipeline (the firms that reached 'trained' attended).
// Written directly (no e-mails for a past year); run after the pipeline demo.
import { sql } from 'kysely'
import type { Database } from '../../../db/database.ts'
import { recordAudit, type AuditContext } from '../../../platform/audit/audit.service.ts'
import { random } from '../../registry/demo-firms.ts'
import { localToInstant, zoneOfProvince, ZONES } from './time-zones.ts'

const TITLES: Record<string, string> = {
  tokopedia: 'Kelas Tokopedia: buka toko dan foto produk',
  shopee: 'Shopee Goes Local: mulai berjualan daring',
  blibli: 'Blibli untuk IKM: kurasi produk dan pengiriman',
  bukalapak: 'Bukalapak Juragan: toko daring untuk IKM',
  tiktok_shop: 'TikTok Shop: berjualan lewat video',
}
const TRAINERS = ['Rina Kartika', 'Dedi Supriadi', 'Ni Made Ayu', 'Andi Pratama', 'Yohanes Wenda', 'Siti Rahmawati', 'Fajar Nugroho', 'Maria Latumahina']
/** Places used when a zone has no nominations yet (Denpasar WITA, Makassar WITA, Jayapura WIT, Ambon WIT). */
const FALLBACK_PLACES: Array<{ regency: string; marketplace: string }> = [
  { regency: '51.71', marketplace: 'shopee' },
  { regency: '73.71', marketplace: 'tokopedia' },
  { regency: '91.71', marketplace: 'shopee' },
  { regency: '81.71', marketplace: 'blibli' },
]
const REACHED_TRAINED = ['trained', 'store_opened', 'products_listed', 'first_sale', 'active']

export async function seedDemoWorkshops(db: Database, audit: AuditContext): Promise<number> {
  const existing = await db.selectFrom('marketplace_workshops').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()
  if (Number(existing.n) > 0) return 0
  const planner = await db.selectFrom('users').select('id').where('role', '=', 'officer').orderBy('created_at').executeTakeFirst()
  const anyUser = planner ?? (await db.selectFrom('users').select('id').orderBy('created_at').executeTakeFirst())
  if (!anyUser) return 0
  const rand = random(20200615)

  // Regencies with the most nominations per marketplace, then a few per zone so each zone appears.
  const groups = await sql<{ marketplace_code: string; province_code: string; regency_code: string; n: string }>`
    SELECT marketplace_code, province_code, regency_code, count(*)::text AS n FROM marketplace_nominations
    GROUP BY 1, 2, 3 ORDER BY count(*) DESC, 3, 1 LIMIT 200
  `.execute(db)
  const perZone: Record<string, Array<{ marketplace: string; regency: string; province: string }>> = { WIB: [], WITA: [], WIT: [] }
  for (const g of groups.rows) {
    const zone = ZONES[zoneOfProvince(g.province_code)].label
    perZone[zone].push({ marketplace: g.marketplace_code, regency: g.regency_code, province: g.province_code })
  }
  const places: Array<{ marketplace: string; regency: string; province: string }> = []
  const take = (zone: string, n: number) => {
    for (const p of perZone[zone]) {
      if (places.filter((x) => ZONES[zoneOfProvince(x.province)].label === zone).length >= n) break
      if (!places.some((x) => x.regency === p.regency && x.marketplace === p.marketplace)) places.push(p)
    }
  }
  take('WITA', 3)
  take('WIT', 2)
  for (const fallback of FALLBACK_PLACES) {
    const zone = ZONES[zoneOfProvince(fallback.regency.slice(0, 2))].label
    const have = places.filter((x) => ZONES[zoneOfProvince(x.province)].label === zone).length
    if (have < (zone === 'WIT' ? 2 : 3) && !places.some((x) => x.regency === fallback.regency)) {
      places.push({ marketplace: fallback.marketplace, regency: fallback.regency, province: fallback.regency.slice(0, 2) })
    }
  }
  take('WIB', 12 - places.length)
  // Few nominated regencies: the busiest places get a second (third…) workshop later in the year.
  const busiest = [...places].sort((a, b) => (ZONES[zoneOfProvince(a.province)].label === 'WIB' ? 0 : 1) - (ZONES[zoneOfProvince(b.province)].label === 'WIB' ? 0 : 1))
  for (let i = 0; places.length < 12 && busiest.length > 0; i++) places.push(busiest[i % busiest.length])
  const regencyNames = new Map((await db.selectFrom('regencies').select(['code', 'name']).execute()).map((r) => [r.code, r.name]))

  const chosen = places.slice(0, 12)
  // The busiest WIB regency gets the full workshop with a waiting list.
  const fullIndex = Math.max(0, chosen.findIndex((p) => ZONES[zoneOfProvince(p.province)].label === 'WIB'))
  let created = 0
  await db.transaction().execute(async (trx) => {
    for (const [index, place] of chosen.entries()) {
      const zone = zoneOfProvince(place.province)
      const month = 5 + Math.floor((index * 6) / 12) // June … November 2020
      const day = 3 + Math.floor(rand() * 24)
      const date = `2020-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`
      const startsAt = localToInstant(date, index % 3 === 2 ? '13:00' : '09:00', zone)!
      const endsAt = new Date(startsAt.getTime() + 3 * 3600_000)
      const plannedAt = new Date(startsAt.getTime() - 21 * 86_400_000)
      const nominated = await trx
        .selectFrom('marketplace_nominations')
        .select(['firm_id', 'stage'])
        .where('marketplace_code', '=', place.marketplace)
        .where('regency_code', '=', place.regency)
        .orderBy('nominated_at')
        .limit(40)
        .execute()
      const full = index === fullIndex
      const cancelled = !full && index === 7
      const invited = nominated
      const registering = full ? invited : invited.filter((n) => REACHED_TRAINED.includes(n.stage) || rand() < 0.6)
      const capacity = full ? Math.max(1, registering.length - 2) : Math.max(10, Math.ceil((registering.length + 5) / 5) * 5)
      const regencyName = regencyNames.get(place.regency) ?? place.regency
      const workshop = await trx
        .insertInto('marketplace_workshops')
        .values({
          marketplace_code: place.marketplace,
          title: `${TITLES[place.marketplace] ?? 'Lokakarya berjualan daring'} — ${regencyName}`,
          description: 'Pendampingan langsung: membuka toko, foto produk dengan ponsel, menetapkan harga dan ongkos kirim, melayani pembeli.',
          venue: index % 2 === 0 ? 'Aula Dinas Perindustrian' : 'Gedung Pusat Pelayanan Usaha Terpadu',
          address: `${regencyName}`,
          province_code: place.province,
          regency_code: place.regency,
          starts_at: startsAt,
          ends_at: endsAt,
          time_zone: zone,
          capacity,
          trainers: [TRAINERS[index % TRAINERS.length], TRAINERS[(index + 3) % TRAINERS.length]],
          status: cancelled ? 'cancelled' : 'planned',
          sequence: cancelled ? 1 : 0,
          cancel_reason: cancelled ? 'Pembatasan sosial berskala besar (PSBB) diperpanjang.' : null,
          cancelled_at: cancelled ? new Date(startsAt.getTime() - 3 * 86_400_000) : null,
          cancelled_by: cancelled ? anyUser.id : null,
          planned_by: anyUser.id,
          created_at: plannedAt,
          updated_at: plannedAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      if (invited.length > 0) {
        await trx
          .insertInto('marketplace_workshop_invitations')
          .values(invited.map((n) => ({ workshop_id: workshop.id, firm_id: n.firm_id, invited_by: anyUser.id, invited_at: new Date(plannedAt.getTime() + 86_400_000) })))
          .execute()
      }
      let seats = 0
      for (const [i, n] of registering.entries()) {
        const seated = seats < capacity
        if (seated) seats++
        const attended = !cancelled && seated ? REACHED_TRAINED.includes(n.stage) : null
        await trx
          .insertInto('marketplace_workshop_registrations')
          .values({
            workshop_id: workshop.id,
            firm_id: n.firm_id,
            status: cancelled ? 'cancelled' : seated ? 'registered' : 'waitlisted',
            registered_by: anyUser.id,
            created_at: new Date(plannedAt.getTime() + (2 + i) * 3600_000),
            cancelled_at: cancelled ? new Date(startsAt.getTime() - 3 * 86_400_000) : null,
            cancelled_by: cancelled ? anyUser.id : null,
            attended,
            attendance_recorded_at: attended === null ? null : endsAt,
            attendance_recorded_by: attended === null ? null : anyUser.id,
          })
          .execute()
      }
      await recordAudit(trx, audit, {
        action: 'marketplace.workshop.plan',
        entityType: 'marketplace_workshop',
        entityId: workshop.id,
        after: { demo: true, marketplace: place.marketplace, regencyCode: place.regency, startsAt: startsAt.toISOString(), timeZone: zone, capacity, invited: invited.length, registered: Math.min(seats, registering.length), cancelled },
      })
      created++
    }
  })
  return created
}
