// Localised messages of the onboarding pipeline, consent and the nomination e-mails.
export const pipelineMessages: Record<string, { id: string; en: string }> = {
  NOMINATION_NOT_FOUND: { id: 'Nominasi tidak ditemukan.', en: 'Nomination not found.' },
  NOMINATION_FIRMS_REQUIRED: { id: 'Pilih minimal satu usaha untuk dinominasikan.', en: 'Choose at least one firm to nominate.' },
  NOMINATION_TOO_MANY: { id: 'Paling banyak {max} usaha sekaligus; bagi menjadi beberapa kali.', en: 'At most {max} firms at once; split the nomination.' },
  MARKETPLACE_CLOSED: { id: '{marketplace} tidak menerima usaha baru. {note}', en: '{marketplace} takes no new firms. {note}' },
  CONSENT_REQUIRED: {
    id: 'Pemilik usaha belum (atau tidak lagi) menyetujui berbagi data dengan lokapasar ini.',
    en: 'The firm owner has not consented (or no longer consents) to share data with this marketplace.',
  },
  STAGE_UNKNOWN: { id: 'Tahap "{stage}" tidak dikenal.', en: 'Unknown stage "{stage}".' },
  STAGE_ORDER: {
    id: 'Tidak dapat pindah dari tahap "{from}" ke "{to}": tahap harus diurutkan (pelatihan boleh dilewati, yang lain tidak).',
    en: 'Cannot move from stage "{from}" to "{to}": stages go in order (training may be skipped, nothing else).',
  },
  STAGE_NOT_ALLOWED_FOR_ROLE: { id: 'Peran Anda tidak dapat mencatat tahap "{to}".', en: 'Your role cannot record the stage "{to}".' },
  STORE_URL_REQUIRED: { id: 'Isi alamat (URL) toko.', en: 'Enter the store URL.' },
  STORE_URL_INVALID: { id: 'Alamat toko harus URL lengkap, misalnya https://www.tokopedia.com/namatoko.', en: 'The store address must be a full URL, e.g. https://www.tokopedia.com/storename.' },
  STORE_URL_DOMAIN: { id: 'Alamat toko bukan alamat {marketplace} (harus di {domains}).', en: 'The store address is not a {marketplace} address (it must be on {domains}).' },
  PRODUCTS_LISTED_REQUIRED: { id: 'Isi jumlah produk yang tayang (minimal 1).', en: 'Enter the number of products listed (at least 1).' },
  NOTIFY_MARKETPLACE_NOMINATED_TITLE: { id: 'Usaha Anda dinominasikan ke {marketplace}', en: 'Your firm was nominated to {marketplace}' },
  NOTIFY_MARKETPLACE_NOMINATED_BODY: {
    id: '{firm} dinominasikan untuk pendampingan berjualan di {marketplace}. Berikan persetujuan agar mitra dapat menghubungi Anda.',
    en: '{firm} was nominated for selling support on {marketplace}. Give your consent so the partner can contact you.',
  },
  EMAIL_MARKETPLACE_NOMINATED_SUBJECT: { id: 'Pulih: {firm} dinominasikan ke {marketplace}', en: 'Pulih: {firm} nominated to {marketplace}' },
  EMAIL_MARKETPLACE_NOMINATED_BODY: {
    id: 'Yth. {name},\n\n{firm} dinominasikan oleh Kementerian Perindustrian untuk pendampingan berjualan di {marketplace}.\nData usaha dan kontak Anda baru dibagikan ke {marketplace} setelah Anda menyetujuinya di:\n\n{link}\n\nPersetujuan dapat ditarik kapan saja.\n\nPulih',
    en: 'Dear {name},\n\n{firm} was nominated by the Ministry of Industry for selling support on {marketplace}.\nYour firm and contact data are shared with {marketplace} only after you consent at:\n\n{link}\n\nYou can withdraw consent at any time.\n\nPulih',
  },
}
