// Localised messages of survey completeness and reminders: errors, and the texts of the reminder
// notification and e-mail (rendered in the reader's language).
export const completenessMessages: Record<string, { id: string; en: string }> = {
  REMINDER_ROUND_NOT_OPEN: {
    id: 'Pengingat hanya dapat dikirim selama putaran survei dibuka ({opensOn} s.d. {closesOn}).',
    en: 'Reminders can only be sent while the survey round is open ({opensOn} to {closesOn}).',
  },
  NOTIFY_SURVEY_REMINDER_TITLE: { id: 'Pengingat: isi survei "{round}"', en: 'Reminder: answer the survey "{round}"' },
  NOTIFY_SURVEY_REMINDER_BODY: {
    id: '{firm} belum mengisi survei dampak dan kebutuhan "{round}". Survei ditutup {closesOn}.',
    en: '{firm} has not yet answered the impact and needs survey "{round}". The survey closes on {closesOn}.',
  },
  EMAIL_SURVEY_REMINDER_SUBJECT: { id: 'Pengingat survei dampak: {round}', en: 'Impact survey reminder: {round}' },
  EMAIL_SURVEY_REMINDER_BODY: {
    id:
      'Yth. {name},\n\n{firm} belum mengisi survei dampak dan kebutuhan "{round}" dari Kementerian Perindustrian. ' +
      'Survei ditutup pada {closesOn}.\n\nIsi survei di:\n{link}\n\n' +
      'Jawaban Anda membantu pemerintah menyalurkan bantuan pemasaran, bahan baku, pembiayaan, dan ekspor kepada usaha yang paling membutuhkan.\n\n' +
      'Email ini dikirim otomatis oleh Pulih; mohon tidak membalas.',
    en:
      'Dear {name},\n\n{firm} has not yet answered the impact and needs survey "{round}" of the Ministry of Industry. ' +
      'The survey closes on {closesOn}.\n\nAnswer it at:\n{link}\n\n' +
      'Your answers help the government direct marketing, raw-material, financing and export support to the firms that need it most.\n\n' +
      'This e-mail was sent automatically by Pulih; please do not reply.',
  },
}
