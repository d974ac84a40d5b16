import { useCallback, useEffect, useState } from 'react'
import { Link } from 'react-router'
import { api, type AppNotification } from '../../lib/api-client.ts'
import { formatDateTime } from '../../lib/i18n.ts'
import { useI18n, useTitle } from '../../lib/i18n-react.tsx'
import { CheckboxField, ErrorAlert, Loading, PageHeader } from '../../components/ui.tsx'
import { NOTIFICATIONS_CHANGED } from './NotificationBell.tsx'

const changed = () => window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED))

/** The signed-in user's notifications, newest first: open one (marks it read), mark read, mark all read. */
export function NotificationsPage() {
  const { t, lang } = useI18n()
  useTitle(t('notifications.title'))
  const [items, setItems] = useState<AppNotification[]>([])
  const [unreadCount, setUnreadCount] = useState(0)
  const [next, setNext] = useState<string | null>(null)
  const [onlyUnread, setOnlyUnread] = useState(false)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<unknown>(undefined)

  const load = useCallback(
    async (cursor?: string) => {
      setLoading(true)
      setError(undefined)
      try {
        const page = await api.notifications.list({ limit: 20, unread: onlyUnread || undefined, cursor })
        setItems((list) => (cursor ? [...list, ...page.items] : page.items))
        setUnreadCount(page.unreadCount)
        setNext(page.nextCursor)
      } catch (e) {
        setError(e)
      } finally {
        setLoading(false)
      }
    },
    [onlyUnread, lang],
  )

  useEffect(() => {
    void load()
  }, [load])

  async function markRead(item: AppNotification) {
    if (item.readAt) return
    try {
      const { unreadCount: left } = await api.notifications.markRead(item.id)
      setItems((list) => list.map((n) => (n.id === item.id ? { ...n, readAt: new Date().toISOString() } : n)))
      setUnreadCount(left)
      changed()
    } catch (e) {
      setError(e)
    }
  }

  async function markAllRead() {
    try {
      await api.notifications.markAllRead()
      const now = new Date().toISOString()
      setItems((list) => list.map((n) => (n.readAt ? n : { ...n, readAt: now })))
      setUnreadCount(0)
      changed()
    } catch (e) {
      setError(e)
    }
  }

  return (
    <>
      <PageHeader title={t('notifications.title')} intro={t('notifications.intro')} />
      <div className="notifications-tools" style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '0.75rem' }}>
        <p className="muted" aria-live="polite">
          {unreadCount > 0 ? t('notifications.unreadCount', { n: unreadCount }) : t('notifications.allRead')}
        </p>
        <CheckboxField label={t('notifications.onlyUnread')} checked={onlyUnread} onChange={(e) => setOnlyUnread(e.target.checked)} />
        {unreadCount > 0 ? (
          <button type="button" className="button button-secondary button-small" onClick={markAllRead}>
            {t('notifications.markAllRead')}
          </button>
        ) : null}
      </div>
      <ErrorAlert error={error} />
      {loading && items.length === 0 ? <Loading /> : null}
      {!loading && items.length === 0 ? <p>{t('notifications.empty')}</p> : null}
      <ul className="notification-list" aria-label={t('notifications.list')} style={{ listStyle: 'none', padding: 0 }}>
        {items.map((item) => (
          <li key={item.id} className={item.readAt ? 'notification' : 'notification unread'} style={{ borderTop: '1px solid #d0d7e2', padding: '0.75rem 0' }}>
            <h2 className="notification-title">
              {item.readAt ? null : <span className="badge badge-ok">{t('notifications.unread')}</span>} {item.title}
            </h2>
            <p>{item.body}</p>
            <p className="muted">
              <time dateTime={item.createdAt}>{formatDateTime(lang, item.createdAt)}</time>
            </p>
            <div className="notification-actions" style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5rem' }}>
              {item.link ? (
                <Link className="button button-small" to={item.link} onClick={() => void markRead(item)}>
                  {t('notifications.open')}
                </Link>
              ) : null}
              {item.readAt ? null : (
                <button type="button" className="button button-secondary button-small" onClick={() => void markRead(item)}>
                  {t('notifications.markRead')}
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
      {next ? (
        <div className="list-footer">
          <button type="button" className="button button-secondary" disabled={loading} onClick={() => void load(next)}>
            {t('common.loadMore')}
          </button>
        </div>
      ) : null}
    </>
  )
}
