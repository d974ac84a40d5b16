// The workshop invitations as iCalendar, parsed back with ical.js (an independent parser).
import ICAL from 'ical.js'
import { describe, expect, it } from 'vitest'
import { buildIcs, escapeText, foldLine, type IcsEvent } from './ics.ts'

const event: IcsEvent = {
  uid: 'workshop-5b1c@pulih.kemenperin.go.id',
  sequence: 2,
  method: 'REQUEST',
  stamp: new Date('2020-07-01T03:04:05.678Z'),
  startsAt: new Date('2020-07-14T01:00:00Z'), // 09.00 WITA
  endsAt: new Date('2020-07-14T04:30:00Z'), // 12.30 WITA
  timeZone: 'Asia/Makassar',
  summary: 'Lokakarya Shopee: foto produk, harga; ongkir',
  description: 'Bawa 3 produk contoh.\nPelatih: Made Wirawan, Ni Luh Putu\\Ayu — “gratis”. ' + 'Materi: berjualan daring untuk IKM tenun dan kerajinan. '.repeat(4),
  location: 'Gedung Dinas Perindustrian, Jl. Raya Puputan No. 1, Denpasar',
  url: 'https://pulih.example/marketplace/workshops/5b1c',
  organizer: { name: 'Shopee "Kemitraan"', email: 'no-reply@pulih.kemenperin.go.id' },
  attendees: [{ name: 'Ketut Sari', email: 'ketut@tenunbali.id' }],
}

const parse = (text: string) => new ICAL.Component(ICAL.parse(text))

describe('buildIcs', () => {
  it('parses back with the required properties, the method, the zone and the local times', () => {
    const text = buildIcs(event)
    const calendar = parse(text)
    expect(calendar.name).toBe('vcalendar')
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0')
    expect(calendar.getFirstPropertyValue('prodid')).toContain('Pulih')
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST')
    const zone = calendar.getFirstSubcomponent('vtimezone')!
    expect(zone.getFirstPropertyValue('tzid')).toBe('Asia/Makassar')
    expect(zone.getFirstSubcomponent('standard')!.getFirstProperty('tzoffsetto')!.toICALString()).toBe('TZOFFSETTO:+0800')
    const vevent = calendar.getFirstSubcomponent('vevent')!
    expect(vevent.getFirstPropertyValue('uid')).toBe(event.uid)
    expect(vevent.getFirstPropertyValue('sequence')).toBe(2)
    expect(String(vevent.getFirstPropertyValue('dtstamp'))).toBe('2020-07-01T03:04:05Z')
    expect(vevent.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Asia/Makassar')
    expect(String(vevent.getFirstPropertyValue('dtstart'))).toBe('2020-07-14T09:00:00')
    expect(String(vevent.getFirstPropertyValue('dtend'))).toBe('2020-07-14T12:30:00')
    // The instant, through ical.js's own timezone handling of the VTIMEZONE block.
    ICAL.TimezoneService.register(zone)
    const ev = new ICAL.Event(vevent)
    expect(ev.startDate.toJSDate().toISOString()).toBe('2020-07-14T01:00:00.000Z')
    expect(ev.endDate.toJSDate().toISOString()).toBe('2020-07-14T04:30:00.000Z')
    expect(ev.summary).toBe(event.summary)
    expect(ev.description).toBe(event.description)
    expect(ev.location).toBe(event.location)
    expect(vevent.getFirstPropertyValue('organizer')).toBe('mailto:no-reply@pulih.kemenperin.go.id')
    expect(vevent.getFirstProperty('organizer')!.getParameter('cn')).toBe('Shopee Kemitraan')
    expect(vevent.getFirstPropertyValue('attendee')).toBe('mailto:ketut@tenunbali.id')
    expect(vevent.getFirstPropertyValue('status')).toBe('CONFIRMED')
  })

  it('folds every line at 75 octets with CRLF and never splits a UTF-8 character', () => {
    const text = buildIcs(event)
    expect(text.endsWith('\r\n')).toBe(true)
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
    const lines = text.split('\r\n').slice(0, -1)
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75)
    expect(lines.some((l) => l.startsWith(' '))).toBe(true)
    // Unfolding restores the lines; no replacement characters appear from split characters.
    expect(text.replace(/\r\n /g, '')).toContain('DESCRIPTION:Bawa 3 produk contoh.\\nPelatih: Made Wirawan\\, Ni Luh Putu\\\\Ayu — “gratis”.')
    const folded = foldLine('X:' + 'é'.repeat(100))
    for (const part of folded.split('\r\n')) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75)
    expect(folded.replace(/\r\n /g, '')).toBe('X:' + 'é'.repeat(100))
  })

  it('escapes TEXT values', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne')
    expect(escapeText('x\r\ny\u0007')).toBe('x\\ny')
  })

  it('writes a cancellation with the same UID, METHOD:CANCEL and STATUS:CANCELLED', () => {
    const calendar = parse(buildIcs({ ...event, method: 'CANCEL', sequence: 3 }))
    expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL')
    const vevent = calendar.getFirstSubcomponent('vevent')!
    expect(vevent.getFirstPropertyValue('uid')).toBe(event.uid)
    expect(vevent.getFirstPropertyValue('sequence')).toBe(3)
    expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED')
  })

  it('uses the zone of the workshop (WIT in Papua, WIB in Java)', () => {
    const wit = parse(buildIcs({ ...event, timeZone: 'Asia/Jayapura' })).getFirstSubcomponent('vevent')!
    expect(String(wit.getFirstPropertyValue('dtstart'))).toBe('2020-07-14T10:00:00')
    const wib = buildIcs({ ...event, timeZone: 'Asia/Jakarta' })
    expect(wib).toContain('DTSTART;TZID=Asia/Jakarta:20200714T080000')
    expect(wib).toContain('TZNAME:WIB')
  })
})
