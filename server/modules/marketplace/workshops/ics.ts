// iCalendar (RFC 5545) invitations of a workshop, with the iTIP method (RFC 5546): REQUEST for an
// invitation or an update (same UID, SEQUENCE bumped on each change), CANCEL when the workshop is
// called off. Times carry TZID with a VTIMEZONE block: Indonesian zones have no daylight saving
// time, so each is one STANDARD observance at a fixed offset. Pure functions, no I/O.
//
// Written here rather than taken from a package: `ics` writes only UTC or floating times (no
// TZID/VTIMEZONE) and `ical-generator`'s current line needs Node 22. The tests parse the output
// back with ical.js (Mozilla's parser).
import { instantToLocal, ZONES, type TimeZoneName } from './time-zones.ts'

export interface IcsPerson {
  name: string
  email: string
}

export interface IcsEvent {
  uid: string
  sequence: number
  method: 'REQUEST' | 'CANCEL'
  /** When this calendar object was made (DTSTAMP, always UTC). */
  stamp: Date
  startsAt: Date
  endsAt: Date
  timeZone: TimeZoneName
  summary: string
  description?: string | null
  location?: string | null
  url?: string | null
  organizer: IcsPerson
  attendees?: IcsPerson[]
}

/** TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '')
}

/** A parameter value (CN): quoted, without the characters a quoted value may not hold. */
const paramValue = (value: string) => `"${value.replace(/["\x00-\x1f\x7f]/g, '').trim()}"`

const utc = (date: Date) => date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z')

const mailto = (email: string) => `mailto:${email.replace(/[\s<>"]/g, '')}`

/**
 * Folds a content line at 75 octets (RFC 5545 §3.1): continuation lines start with one space,
 * and a multi-octet UTF-8 character is never split.
 */
export function foldLine(line: string): string {
  const out: string[] = []
  let current = ''
  let octets = 0
  let limit = 75
  for (const char of line) {
    const size = Buffer.byteLength(char)
    if (octets + size > limit) {
      out.push(current)
      current = ''
      octets = 0
      limit = 74 // the leading space of a continuation line counts
    }
    current += char
    octets += size
  }
  out.push(current)
  return out.join('\r\n ')
}

const offset = (minutes: number) => `${minutes < 0 ? '-' : '+'}${String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0')}${String(Math.abs(minutes) % 60).padStart(2, '0')}`

/** The VTIMEZONE block of a fixed-offset Indonesian zone. */
function vtimezone(zone: TimeZoneName): string[] {
  const { label, offsetMinutes } = ZONES[zone]
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${zone}`,
    'BEGIN:STANDARD',
    'DTSTART:19700101T000000',
    `TZOFFSETFROM:${offset(offsetMinutes)}`,
    `TZOFFSETTO:${offset(offsetMinutes)}`,
    `TZNAME:${label}`,
    'END:STANDARD',
    'END:VTIMEZONE',
  ]
}

/**
 * The calendar object of one workshop as text (CRLF line ends, folded). Example:
 * `buildIcs({ uid: 'workshop-1@pulih.id', sequence: 0, method: 'REQUEST', … })` →
 * `BEGIN:VCALENDAR\r\n…METHOD:REQUEST…DTSTART;TZID=Asia/Makassar:20200714T090000…`.
 */
export function buildIcs(event: IcsEvent): string {
  const cancelled = event.method === 'CANCEL'
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Kementerian Perindustrian//Pulih Lokakarya Lokapasar//ID',
    'CALSCALE:GREGORIAN',
    `METHOD:${event.method}`,
    ...vtimezone(event.timeZone),
    'BEGIN:VEVENT',
    `UID:${event.uid.replace(/[\r\n]/g, '')}`,
    `DTSTAMP:${utc(event.stamp)}`,
    `SEQUENCE:${event.sequence}`,
    `DTSTART;TZID=${event.timeZone}:${instantToLocal(event.startsAt, event.timeZone).compact}`,
    `DTEND;TZID=${event.timeZone}:${instantToLocal(event.endsAt, event.timeZone).compact}`,
    `SUMMARY:${escapeText(event.summary)}`,
    ...(event.description ? [`DESCRIPTION:${escapeText(event.description)}`] : []),
    ...(event.location ? [`LOCATION:${escapeText(event.location)}`] : []),
    ...(event.url ? [`URL:${event.url.replace(/[\s"]/g, '')}`] : []),
    `ORGANIZER;CN=${paramValue(event.organizer.name)}:${mailto(event.organizer.email)}`,
    ...(event.attendees ?? []).map((a) => `ATTENDEE;CN=${paramValue(a.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:${mailto(a.email)}`),
    `STATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ]
  return lines.map(foldLine).join('\r\n') + '\r\n'
}
