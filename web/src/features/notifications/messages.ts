// Messages of the in-app notifications (bell and page), merged into the app's dictionaries by
// lib/i18n.ts. `en` is typed against `id`, so a key missing in either language is a compile error.

export const id = {
  'notifications.nav': 'Notifikasi',
  'notifications.bell': 'Notifikasi',
  'notifications.bellUnread': 'Notifikasi, {n} belum dibaca',
  'notifications.title': 'Notifikasi',
  'notifications.intro': 'Pemberitahuan untuk Anda dari Pulih, terbaru di atas.',
  'notifications.unreadCount': '{n} belum dibaca',
  'notifications.allRead': 'Semua sudah dibaca.',
  'notifications.empty': 'Belum ada notifikasi.',
  'notifications.open': 'Buka',
  'notifications.markRead': 'Tandai sudah dibaca',
  'notifications.markAllRead': 'Tandai semua sudah dibaca',
  'notifications.unread': 'Belum dibaca',
  'notifications.onlyUnread': 'Hanya yang belum dibaca',
  'notifications.list': 'Daftar notifikasi',
} as const

export const en: Record<keyof typeof id, string> = {
  'notifications.nav': 'Notifications',
  'notifications.bell': 'Notifications',
  'notifications.bellUnread': 'Notifications, {n} unread',
  'notifications.title': 'Notifications',
  'notifications.intro': 'Messages for you from Pulih, newest first.',
  'notifications.unreadCount': '{n} unread',
  'notifications.allRead': 'All read.',
  'notifications.empty': 'No notifications yet.',
  'notifications.open': 'Open',
  'notifications.markRead': 'Mark as read',
  'notifications.markAllRead': 'Mark all as read',
  'notifications.unread': 'Unread',
  'notifications.onlyUnread': 'Unread only',
  'notifications.list': 'Notifications',
}
