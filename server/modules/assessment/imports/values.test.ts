import { describe, expect, it } from 'vitest'
import { childSheetName } from './columns.ts'
import { parseCause, parseChannels, parseCountries, parseCurrency, parseNeeds, parseYesNo } from './values.ts'

describe('response import values', () => {
  it('reads ranked needs in Indonesian words or codes, separated by commas, semicolons or ">"', () => {
    expect(parseNeeds('Permodalan > Bahan baku; pemasaran')).toEqual({ ok: true, value: ['financing', 'raw_materials', 'marketing'] })
    expect(parseNeeds('1. modal kerja, 2. fasilitasi ekspor, Lainnya')).toEqual({ ok: true, value: ['financing', 'export', 'other'] })
    expect(parseNeeds('pembiayaan;raw_materials')).toEqual({ ok: true, value: ['financing', 'raw_materials'] })
    expect(parseNeeds('  ')).toEqual({ ok: true, value: [] })
    expect(parseNeeds('permodalan, pelatihan')).toMatchObject({ ok: false, code: 'NEED_UNKNOWN', part: 'pelatihan' })
    // Repeats are kept: the instrument's rules report them.
    expect(parseNeeds('modal, permodalan')).toEqual({ ok: true, value: ['financing', 'financing'] })
  })

  it('reads shortage causes and sales channels', () => {
    expect(parseCause('Harga')).toEqual({ ok: true, value: 'price' })
    expect(parseCause('gangguan impor')).toEqual({ ok: true, value: 'import_disruption' })
    expect(parseCause('Pemasok berhenti')).toEqual({ ok: true, value: 'supplier_stopped' })
    expect(parseCause('transportasi')).toEqual({ ok: true, value: 'transport' })
    expect(parseCause('lainnya')).toEqual({ ok: true, value: 'other' })
    expect(parseCause('')).toEqual({ ok: true, value: null })
    expect(parseCause('banjir')).toMatchObject({ ok: false, code: 'CAUSE_UNKNOWN', part: 'banjir' })
    expect(parseChannels('Offline, marketplace, online sendiri, offline')).toEqual({ ok: true, value: ['offline', 'marketplace', 'own_online'] })
    expect(parseChannels('telepati')).toMatchObject({ ok: false, code: 'CHANNEL_UNKNOWN' })
  })

  it('reads countries as ISO codes or Indonesian and English names', () => {
    expect(parseCountries('Jepang, NL; United States, JPN, korea selatan')).toEqual({ ok: true, value: ['JP', 'NL', 'US', 'KR'] })
    expect(parseCountries('Amerika Serikat, USA')).toEqual({ ok: true, value: ['US'] })
    expect(parseCountries('Jepang, Atlantis')).toMatchObject({ ok: false, code: 'COUNTRY_UNKNOWN', part: 'Atlantis' })
    expect(parseCountries('ZZ')).toMatchObject({ ok: false, code: 'COUNTRY_UNKNOWN' })
    expect(parseCountries(null)).toEqual({ ok: true, value: [] })
  })

  it('reads yes/no and ISO 4217 currencies', () => {
    for (const yes of ['ya', 'Ya', 'YES', '1', 'sudah']) expect(parseYesNo(yes)).toEqual({ ok: true, value: true })
    for (const no of ['tidak', 'No', '0', 'belum']) expect(parseYesNo(no)).toEqual({ ok: true, value: false })
    expect(parseYesNo(1)).toEqual({ ok: true, value: true })
    expect(parseYesNo('')).toEqual({ ok: true, value: null })
    expect(parseYesNo('mungkin')).toMatchObject({ ok: false, code: 'YES_NO_INVALID' })
    expect(parseCurrency(' usd ')).toEqual({ ok: true, value: 'USD' })
    expect(parseCurrency('Rp')).toEqual({ ok: true, value: 'IDR' })
    expect(parseCurrency('XYZ')).toMatchObject({ ok: false, code: 'CURRENCY_UNKNOWN' })
    expect(parseCurrency('dollars')).toMatchObject({ ok: false, code: 'CURRENCY_UNKNOWN' })
  })

  it('finds the child sheets by the names offices give them', () => {
    expect(childSheetName(['Data', 'Bahan Baku', 'Ekspor Tertunda'], 'materials')).toBe('Bahan Baku')
    expect(childSheetName(['Data', 'Bahan Baku', 'EKSPOR_TERTUNDA'], 'exports')).toBe('EKSPOR_TERTUNDA')
    expect(childSheetName(['Data'], 'exports')).toBeUndefined()
  })
})
