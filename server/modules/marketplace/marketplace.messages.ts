// Localised messages for the error codes shared by the marketplace programme. Each part of the
// programme (pipeline, workshops, listings, connectors, sales) keeps its own messages file and
// adds it in index.ts.
export const marketplaceMessages: Record<string, { id: string; en: string }> = {
  MARKETPLACE_NOT_FOUND: { id: 'Lokapasar "{code}" tidak dikenal.', en: 'Unknown marketplace "{code}".' },
  MARKETPLACE_PARTNER_WITHOUT_MARKETPLACE: {
    id: 'Organisasi Anda belum terdaftar sebagai lokapasar mitra; hubungi administrator.',
    en: 'Your organisation is not registered as a partner marketplace; contact the administrator.',
  },
}
