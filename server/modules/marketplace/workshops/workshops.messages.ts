// Localised messages of the field workshops: errors, in-app notifications and e-mails.
export const workshopsMessages: Record<string, { id: string; en: string }> = {
  WORKSHOP_NOT_FOUND: { id: 'Lokakarya tidak ditemukan.', en: 'Workshop not found.' },
  WORKSHOP_CANCELLED: { id: 'Lokakarya ini sudah dibatalkan.', en: 'This workshop was cancelled.' },
  WORKSHOP_STARTED: { id: 'Lokakarya ini sudah dimulai; tidak dapat diubah lagi.', en: 'This workshop has started; it can no longer be changed.' },
  WORKSHOP_NOT_STARTED: { id: 'Kehadiran baru dapat dicatat setelah lokakarya dimulai.', en: 'Attendance can be recorded only once the workshop has started.' },
  WORKSHOP_TIME_INVALID: { id: 'Tanggal atau jam tidak valid (tanggal TTTT-BB-HH, jam JJ:MM).', en: 'Invalid date or time (date YYYY-MM-DD, time HH:MM).' },
  WORKSHOP_END_BEFORE_START: { id: 'Jam selesai harus setelah jam mulai (paling lama 24 jam).', en: 'The end time must be after the start time (at most 24 hours).' },
  WORKSHOP_IN_PAST: { id: 'Lokakarya tidak dapat direncanakan di waktu yang sudah lewat.', en: 'A workshop cannot be planned in the past.' },
  WORKSHOP_REGENCY_UNKNOWN: { id: 'Kabupaten/kota tidak dikenal.', en: 'Unknown regency/city.' },
  WORKSHOP_CAPACITY_BELOW_REGISTERED: {
    id: 'Kapasitas tidak boleh di bawah jumlah peserta terdaftar ({registered}).',
    en: 'The capacity cannot be below the number of registered participants ({registered}).',
  },
  WORKSHOP_NOT_INVITED: { id: 'Usaha ini tidak diundang ke lokakarya ini.', en: 'This firm is not invited to this workshop.' },
  WORKSHOP_ALREADY_REGISTERED: { id: 'Usaha ini sudah terdaftar (atau dalam daftar tunggu) di lokakarya ini.', en: 'This firm is already registered (or waitlisted) for this workshop.' },
  WORKSHOP_REGISTRATION_NOT_FOUND: { id: 'Pendaftaran tidak ditemukan.', en: 'Registration not found.' },
  WORKSHOP_INVITE_EMPTY: { id: 'Pilih usaha yang diundang, atau undang semua usaha yang dinominasikan.', en: 'Choose the firms to invite, or invite all nominated firms.' },
  WORKSHOP_ATTENDANCE_NOT_REGISTERED: { id: 'Hanya peserta terdaftar yang dapat dicatat hadir.', en: 'Only registered participants can be marked as attending.' },

  NOTIFY_WORKSHOP_INVITED_TITLE: { id: 'Undangan lokakarya {marketplace}', en: '{marketplace} workshop invitation' },
  NOTIFY_WORKSHOP_INVITED_BODY: { id: '{firm} diundang ke "{title}", {when} di {place}. Daftar di Pulih.', en: '{firm} is invited to "{title}", {when} at {place}. Register in Pulih.' },
  NOTIFY_WORKSHOP_UPDATED_TITLE: { id: 'Lokakarya diubah: {title}', en: 'Workshop changed: {title}' },
  NOTIFY_WORKSHOP_UPDATED_BODY: { id: 'Jadwal atau tempat terbaru: {when} di {place}.', en: 'Latest time or place: {when} at {place}.' },
  NOTIFY_WORKSHOP_CANCELLED_TITLE: { id: 'Lokakarya dibatalkan: {title}', en: 'Workshop cancelled: {title}' },
  NOTIFY_WORKSHOP_CANCELLED_BODY: { id: 'Lokakarya {when} di {place} dibatalkan. {reason}', en: 'The workshop on {when} at {place} was cancelled. {reason}' },
  NOTIFY_WORKSHOP_PROMOTED_TITLE: { id: 'Dapat kursi: {title}', en: 'You have a seat: {title}' },
  NOTIFY_WORKSHOP_PROMOTED_BODY: { id: '{firm} naik dari daftar tunggu dan kini terdaftar untuk {when} di {place}.', en: '{firm} moved up from the waiting list and is now registered for {when} at {place}.' },

  EMAIL_WORKSHOP_INVITED_SUBJECT: { id: 'Undangan lokakarya {marketplace}: {title}', en: '{marketplace} workshop invitation: {title}' },
  EMAIL_WORKSHOP_INVITED_BODY: {
    id: 'Yth. {name},\n\n{firm} diundang ke lokakarya berjualan di {marketplace}:\n\n{title}\nWaktu: {when}\nTempat: {place}\nPelatih: {trainers}\nKapasitas: {capacity} usaha\n\n{description}\n\nDaftarkan usaha Anda di:\n{link}\n\nBerkas kalender (.ics) terlampir.\n\nPulih',
    en: 'Dear {name},\n\n{firm} is invited to a workshop on selling at {marketplace}:\n\n{title}\nTime: {when}\nPlace: {place}\nTrainers: {trainers}\nCapacity: {capacity} firms\n\n{description}\n\nRegister your firm at:\n{link}\n\nA calendar file (.ics) is attached.\n\nPulih',
  },
  EMAIL_WORKSHOP_UPDATED_SUBJECT: { id: 'Perubahan lokakarya: {title}', en: 'Workshop changed: {title}' },
  EMAIL_WORKSHOP_UPDATED_BODY: {
    id: 'Yth. {name},\n\nLokakarya "{title}" untuk {firm} diubah.\nWaktu: {when}\nTempat: {place}\nPelatih: {trainers}\n\n{link}\n\nBerkas kalender terbaru (.ics) terlampir.\n\nPulih',
    en: 'Dear {name},\n\nThe workshop "{title}" for {firm} was changed.\nTime: {when}\nPlace: {place}\nTrainers: {trainers}\n\n{link}\n\nThe updated calendar file (.ics) is attached.\n\nPulih',
  },
  EMAIL_WORKSHOP_CANCELLED_SUBJECT: { id: 'Lokakarya dibatalkan: {title}', en: 'Workshop cancelled: {title}' },
  EMAIL_WORKSHOP_CANCELLED_BODY: {
    id: 'Yth. {name},\n\nLokakarya "{title}" ({when}, {place}) dibatalkan.\n{reason}\n\nBerkas kalender pembatalan (.ics) terlampir.\n\nPulih',
    en: 'Dear {name},\n\nThe workshop "{title}" ({when}, {place}) was cancelled.\n{reason}\n\nThe cancellation calendar file (.ics) is attached.\n\nPulih',
  },
  EMAIL_WORKSHOP_PROMOTED_SUBJECT: { id: 'Anda mendapat kursi: {title}', en: 'You have a seat: {title}' },
  EMAIL_WORKSHOP_PROMOTED_BODY: {
    id: 'Yth. {name},\n\nAda kursi kosong: {firm} naik dari daftar tunggu dan kini terdaftar di "{title}".\nWaktu: {when}\nTempat: {place}\n\n{link}\n\nPulih',
    en: 'Dear {name},\n\nA seat came free: {firm} moved up from the waiting list and is now registered for "{title}".\nTime: {when}\nPlace: {place}\n\n{link}\n\nPulih',
  },
}
