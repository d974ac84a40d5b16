// Localised messages of the outbox (registered from index.ts).
export const outboxMessages: Record<string, { id: string; en: string }> = {
  NOTIFICATION_NOT_FOUND: { id: 'Notifikasi tidak ditemukan.', en: 'Notification not found.' },
}
