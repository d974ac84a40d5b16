/** Localised messages for error codes. `{name}` placeholders are filled from the error's params. */
export type Locale = 'id' | 'en'

export const messages: Record<string, { id: string; en: string }> = {
  INTERNAL_ERROR: {
    id: 'Terjadi kesalahan pada server. Coba lagi; bila berlanjut, sebutkan kode permintaan {requestId} kepada admin.',
    en: 'Something went wrong on the server. Try again; if it persists, give request id {requestId} to an administrator.',
  },
  VALIDATION_FAILED: { id: 'Isian tidak valid: {field} {reason}.', en: 'Invalid input: {field} {reason}.' },
  BODY_TOO_LARGE: { id: 'Isi permintaan terlalu besar.', en: 'Request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { id: 'Jenis isi permintaan tidak didukung.', en: 'Unsupported content type.' },
  REQUEST_REJECTED: { id: 'Permintaan ditolak.', en: 'The request was rejected.' },
  NOT_FOUND: { id: 'Alamat tidak ditemukan.', en: 'Not found.' },
  RATE_LIMITED: { id: 'Terlalu banyak permintaan. Coba lagi dalam {seconds} detik.', en: 'Too many requests. Try again in {seconds} seconds.' },
  SERVICE_UNAVAILABLE: { id: 'Layanan sedang tidak tersedia.', en: 'Service unavailable.' },
  UNAUTHENTICATED: { id: 'Silakan masuk terlebih dahulu.', en: 'Please sign in first.' },
  SESSION_EXPIRED: { id: 'Sesi Anda telah berakhir. Silakan masuk kembali.', en: 'Your session has ended. Please sign in again.' },
  FORBIDDEN: { id: 'Anda tidak berwenang melakukan tindakan ini.', en: 'You are not allowed to do this.' },
  INTERACTIVE_SESSION_REQUIRED: {
    id: 'Tindakan ini hanya dapat dilakukan saat masuk lewat peramban, bukan dengan token API.',
    en: 'This can only be done while signed in through the browser, not with an API token.',
  },
  CSRF_TOKEN_INVALID: {
    id: 'Token keamanan (CSRF) tidak ada atau tidak sah. Muat ulang halaman lalu coba lagi.',
    en: 'Security (CSRF) token missing or invalid. Reload the page and try again.',
  },
  TOTP_REQUIRED: { id: 'Masukkan kode autentikator untuk melanjutkan.', en: 'Enter your authenticator code to continue.' },
  TOTP_ENROLMENT_REQUIRED: { id: 'Daftarkan aplikasi autentikator untuk melanjutkan.', en: 'Enrol an authenticator app to continue.' },
  TOTP_INVALID: { id: 'Kode autentikator salah, kedaluwarsa, atau sudah dipakai.', en: 'Authenticator code is wrong, expired or already used.' },
  TOTP_NOT_PENDING: { id: 'Tidak ada langkah autentikator yang menunggu.', en: 'No authenticator step is pending.' },
  LOGIN_FAILED: { id: 'Email atau kata sandi salah.', en: 'Wrong e-mail or password.' },
  LOGIN_THROTTLED: {
    id: 'Terlalu banyak percobaan masuk yang gagal untuk akun ini. Coba lagi dalam {minutes} menit.',
    en: 'Too many failed sign-in attempts for this account. Try again in {minutes} minutes.',
  },
  PASSWORD_TOO_SHORT: { id: 'Kata sandi minimal {min} karakter.', en: 'Password must be at least {min} characters.' },
  PASSWORD_TOO_LONG: { id: 'Kata sandi maksimal {max} karakter.', en: 'Password must be at most {max} characters.' },
  PASSWORD_TOO_COMMON: {
    id: 'Kata sandi ini terlalu umum dan mudah ditebak. Pilih kata sandi lain.',
    en: 'This password is too common and easy to guess. Choose another one.',
  },
  PASSWORD_CONTAINS_EMAIL: { id: 'Kata sandi tidak boleh memuat alamat email Anda.', en: 'Password must not contain your e-mail address.' },
  PASSWORD_CURRENT_WRONG: { id: 'Kata sandi saat ini salah.', en: 'Current password is wrong.' },
  INVITATION_INVALID: {
    id: 'Tautan undangan tidak sah, sudah dipakai, dicabut, atau kedaluwarsa. Minta undangan baru.',
    en: 'The invitation link is invalid, used, revoked or expired. Ask for a new invitation.',
  },
  INVITATION_ROLE_NOT_ALLOWED: { id: 'Anda tidak boleh mengundang pengguna dengan peran {role}.', en: 'You may not invite users with role {role}.' },
  ROLE_ORGANISATION_MISMATCH: {
    id: 'Peran {role} tidak cocok dengan organisasi jenis {kind}.',
    en: 'Role {role} does not fit an organisation of kind {kind}.',
  },
  EMAIL_TAKEN: { id: 'Email {email} sudah dipakai oleh pengguna lain.', en: 'E-mail {email} is already used by another user.' },
  USER_NOT_FOUND: { id: 'Pengguna tidak ditemukan.', en: 'User not found.' },
  USER_SELF_CHANGE: { id: 'Anda tidak dapat menonaktifkan atau mengubah peran akun sendiri.', en: 'You cannot disable or change the role of your own account.' },
  ORGANISATION_NOT_FOUND: { id: 'Organisasi tidak ditemukan.', en: 'Organisation not found.' },
  ORGANISATION_NAME_TAKEN: { id: 'Organisasi "{name}" sudah ada.', en: 'Organisation "{name}" already exists.' },
  ORGANISATION_SELF_DISABLE: {
    id: 'Anda tidak dapat menonaktifkan organisasi Anda sendiri.',
    en: 'You cannot disable your own organisation.',
  },
  ORGANISATION_DISABLED: { id: 'Organisasi ini dinonaktifkan.', en: 'This organisation is disabled.' },
  ORGANISATION_REGION_REQUIRED: { id: 'Dinas daerah wajib memiliki provinsi.', en: 'A regional office needs a province.' },
  ORGANISATION_COUNTRY_REQUIRED: { id: 'Organisasi jenis {kind} wajib memiliki negara.', en: 'An organisation of kind {kind} needs a country.' },
  PROVINCE_NOT_FOUND: { id: 'Provinsi {code} tidak ditemukan.', en: 'Province {code} not found.' },
  REGENCY_NOT_FOUND: { id: 'Kabupaten/kota {code} tidak ditemukan.', en: 'Regency {code} not found.' },
  REGENCY_NOT_IN_PROVINCE: {
    id: 'Kabupaten/kota {regency} tidak berada di provinsi {province}.',
    en: 'Regency {regency} is not in province {province}.',
  },
  COUNTRY_INVALID: { id: 'Kode negara {code} tidak dikenal (gunakan ISO 3166-1 alfa-2).', en: 'Unknown country code {code} (use ISO 3166-1 alpha-2).' },
  API_TOKEN_NOT_FOUND: { id: 'Token API tidak ditemukan.', en: 'API token not found.' },
  API_TOKEN_INVALID: { id: 'Token API tidak sah atau telah dicabut.', en: 'API token is invalid or revoked.' },
  FIRM_NOT_FOUND: { id: 'Usaha (IKM) tidak ditemukan.', en: 'Firm not found.' },
  FIRM_NIB_TAKEN: { id: 'NIB {nib} sudah terdaftar untuk usaha lain.', en: 'NIB {nib} is already registered to another firm.' },
  FIRM_ALREADY_VERIFIED: { id: 'Data usaha ini sudah diverifikasi.', en: 'This firm record is already verified.' },
  FIRM_OUT_OF_REGION: {
    id: 'Usaha ini berada di luar wilayah kerja Anda.',
    en: 'This firm is outside your region.',
  },
  FIRM_WORKERS_INCONSISTENT: {
    id: 'Jumlah tenaga kerja perempuan tidak boleh melebihi jumlah tenaga kerja.',
    en: 'Women workers cannot exceed the total number of workers.',
  },
  FIRM_OWNER_NIK_MISSING: { id: 'NIK pemilik belum tercatat.', en: "The owner's NIK is not recorded." },
  NIK_REVEAL_REASON_REQUIRED: {
    id: 'Tuliskan alasan (minimal 10 karakter) untuk melihat NIK lengkap; alasan dicatat di log audit.',
    en: 'Give a reason (at least 10 characters) to see the full NIK; it is kept in the audit log.',
  },
  NIB_INVALID: { id: 'NIB harus 13 digit angka.', en: 'NIB must be 13 digits.' },
  NIK_INVALID: {
    id: 'NIK tidak valid ({reason}): harus 16 digit dengan kode wilayah dan tanggal lahir yang benar.',
    en: 'Invalid NIK ({reason}): it must be 16 digits with a valid region code and birth date.',
  },
  PHONE_INVALID: {
    id: 'Nomor telepon tidak valid; tulis seperti 0812-3456-7890 atau +62 812 3456 7890.',
    en: 'Invalid phone number; write it like 0812-3456-7890 or +62 812 3456 7890.',
  },
  EMAIL_INVALID: { id: 'Alamat email tidak valid.', en: 'Invalid e-mail address.' },
  KBLI_NOT_FOUND: { id: 'Kode KBLI {code} tidak dikenal (KBLI 2020, industri pengolahan).', en: 'Unknown KBLI code {code} (KBLI 2020, manufacturing).' },
  DISTRICT_NOT_FOUND: { id: 'Kecamatan {code} tidak ditemukan di kabupaten/kota ini.', en: 'District {code} not found in this regency.' },
  SENTRA_NOT_FOUND: { id: 'Sentra tidak ditemukan.', en: 'Sentra not found.' },
  SENTRA_NAME_TAKEN: { id: 'Sentra "{name}" sudah ada di kabupaten/kota ini.', en: 'Sentra "{name}" already exists in this regency.' },
  CURSOR_INVALID: { id: 'Penanda halaman (cursor) tidak valid.', en: 'Invalid page cursor.' },
  SETUP_ALREADY_DONE: { id: 'Penyiapan awal sudah selesai.', en: 'Initial setup is already done.' },
}

/**
 * Adds a module's messages (each module keeps its own in `<module>.messages.ts` and registers
 * them from its index.ts). A code defined twice is a programming error.
 */
export function addMessages(extra: Record<string, { id: string; en: string }>): void {
  for (const [code, text] of Object.entries(extra)) {
    if (code in messages && messages[code] !== text) throw new Error(`message ${code} is defined twice`)
    messages[code] = text
  }
}

/** Picks `en` only when the caller prefers English over Indonesian; Bahasa Indonesia otherwise. */
export function localeFrom(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'id'
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';')
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
      return { lang: tag.split('-')[0], q: q ? Number(q.slice(2)) || 0 : 1, index }
    })
    .filter((entry) => entry.lang === 'id' || entry.lang === 'en' || entry.lang === 'in')
    .sort((a, b) => b.q - a.q || a.index - b.index)
  return ranked[0]?.lang === 'en' ? 'en' : 'id'
}

export function localize(code: string, locale: Locale, params: Record<string, string | number> = {}): string {
  const template = messages[code]?.[locale] ?? messages.INTERNAL_ERROR[locale]
  return template.replace(/\{(\w+)\}/g, (_, key: string) => (key in params ? String(params[key]) : `{${key}}`))
}
