// The legal time zone of each Indonesian province, and local wall-clock times ↔ instants.
//
// Provenance: Keputusan Presiden (Keppres) No. 41 Tahun 1987 tentang Pembagian Wilayah Republik
// Indonesia menjadi 3 (tiga) Wilayah Waktu, in force since 1 January 1988:
//   - WIB (Waktu Indonesia Barat, UTC+7): the provinces of Sumatra, Java, Madura, West and
//     Central Kalimantan;
//   - WITA (Waktu Indonesia Tengah, UTC+8): East and South Kalimantan, Bali, West and East Nusa
//     Tenggara, Sulawesi;
//   - WIT (Waktu Indonesia Timur, UTC+9): Maluku and (Irian Jaya) Papua.
// Provinces formed later keep the zone of the territory they were carved from: Bangka Belitung
// and Riau Islands (from Sumatra) and Banten (from West Java) WIB; North Kalimantan (from East
// Kalimantan), Gorontalo and West Sulawesi WITA; North Maluku and all Papua provinces WIT. The
// IANA zones Asia/Jakarta, Asia/Makassar and Asia/Jayapura match these (no daylight saving time
// since 1964), so a zone is a fixed offset. Province codes are those of Kemendagri/BPS as in the
// regions reference data (idn-area-data).

export const ZONES = {
  'Asia/Jakarta': { label: 'WIB', offsetMinutes: 7 * 60 },
  'Asia/Makassar': { label: 'WITA', offsetMinutes: 8 * 60 },
  'Asia/Jayapura': { label: 'WIT', offsetMinutes: 9 * 60 },
} as const

export type TimeZoneName = keyof typeof ZONES
export type ZoneLabel = (typeof ZONES)[TimeZoneName]['label']

const WIB: TimeZoneName = 'Asia/Jakarta'
const WITA: TimeZoneName = 'Asia/Makassar'
const WIT: TimeZoneName = 'Asia/Jayapura'

/** Province code → legal zone (all 38 provinces). */
export const PROVINCE_ZONES: Readonly<Record<string, TimeZoneName>> = {
  '11': WIB, // Aceh
  '12': WIB, // Sumatera Utara
  '13': WIB, // Sumatera Barat
  '14': WIB, // Riau
  '15': WIB, // Jambi
  '16': WIB, // Sumatera Selatan
  '17': WIB, // Bengkulu
  '18': WIB, // Lampung
  '19': WIB, // Kepulauan Bangka Belitung
  '21': WIB, // Kepulauan Riau
  '31': WIB, // DKI Jakarta
  '32': WIB, // Jawa Barat
  '33': WIB, // Jawa Tengah
  '34': WIB, // DI Yogyakarta
  '35': WIB, // Jawa Timur
  '36': WIB, // Banten
  '51': WITA, // Bali
  '52': WITA, // Nusa Tenggara Barat
  '53': WITA, // Nusa Tenggara Timur
  '61': WIB, // Kalimantan Barat
  '62': WIB, // Kalimantan Tengah
  '63': WITA, // Kalimantan Selatan
  '64': WITA, // Kalimantan Timur
  '65': WITA, // Kalimantan Utara
  '71': WITA, // Sulawesi Utara
  '72': WITA, // Sulawesi Tengah
  '73': WITA, // Sulawesi Selatan
  '74': WITA, // Sulawesi Tenggara
  '75': WITA, // Gorontalo
  '76': WITA, // Sulawesi Barat
  '81': WIT, // Maluku
  '82': WIT, // Maluku Utara
  '91': WIT, // Papua
  '92': WIT, // Papua Barat
  '93': WIT, // Papua Selatan
  '94': WIT, // Papua Tengah
  '95': WIT, // Papua Pegunungan
  '96': WIT, // Papua Barat Daya
}

/** The legal zone of a province, e.g. `zoneOfProvince('51')` → `'Asia/Makassar'` (Bali, WITA). */
export function zoneOfProvince(provinceCode: string): TimeZoneName {
  const zone = PROVINCE_ZONES[provinceCode]
  if (!zone) throw new Error(`No time zone for province ${provinceCode}`)
  return zone
}

export const zoneLabel = (zone: TimeZoneName): ZoneLabel => ZONES[zone].label

/**
 * The instant of a local date and time in a zone, or null when they are not a real date/time.
 * Example: `localToInstant('2020-07-14', '09:00', 'Asia/Makassar')` → 2020-07-14T01:00:00.000Z.
 */
export function localToInstant(date: string, time: string, zone: TimeZoneName): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  const t = /^(\d{2}):(\d{2})$/.exec(time)
  if (!d || !t) return null
  const [year, month, day, hour, minute] = [Number(d[1]), Number(d[2]), Number(d[3]), Number(t[1]), Number(t[2])]
  if (hour > 23 || minute > 59) return null
  const utc = Date.UTC(year, month - 1, day, hour, minute)
  const check = new Date(utc)
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null
  return new Date(utc - ZONES[zone].offsetMinutes * 60_000)
}

/** The local wall-clock parts of an instant in a zone: `{ date: 'YYYY-MM-DD', time: 'HH:MM' }`. */
export function instantToLocal(instant: Date, zone: TimeZoneName): { date: string; time: string; compact: string } {
  const shifted = new Date(instant.getTime() + ZONES[zone].offsetMinutes * 60_000).toISOString()
  return {
    date: shifted.slice(0, 10),
    time: shifted.slice(11, 16),
    // iCalendar local DATE-TIME form: 20200714T090000
    compact: shifted.slice(0, 19).replace(/[-:]/g, ''),
  }
}

/** "14-07-2020 09.00–12.00 WITA" style label used in messages (Indonesian notation). */
export function localRangeLabel(startsAt: Date, endsAt: Date, zone: TimeZoneName): string {
  const start = instantToLocal(startsAt, zone)
  const end = instantToLocal(endsAt, zone)
  const [y, m, d] = start.date.split('-')
  const day = `${d}-${m}-${y}`
  const endDay = end.date === start.date ? '' : `${end.date.split('-').reverse().join('-')} `
  return `${day} ${start.time.replace(':', '.')}–${endDay}${end.time.replace(':', '.')} ${zoneLabel(zone)}`
}
