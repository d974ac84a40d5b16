import { useEffect, useState } from 'react'
import { Link, useLocation } from 'react-router'
import { api } from '../../lib/api-client.ts'
import { useI18n } from '../../lib/i18n-react.tsx'

/** Fired by the notifications page after marking read, so the bell updates at once. */
export const NOTIFICATIONS_CHANGED = 'pulih:notifications-changed'

const POLL_MS = 60_000
// Inline (set through the DOM, allowed by the CSP) so the bell needs no stylesheet of its own.
const BELL_STYLE = { color: 'inherit', display: 'inline-flex', alignItems: 'center', gap: '0.2rem', padding: '0.35rem', textDecoration: 'none' } as const

/** The header's link to the notifications page, with the unread count (refreshed on navigation and every minute). */
export function NotificationBell() {
  const { t } = useI18n()
  const location = useLocation()
  const [unread, setUnread] = useState(0)

  useEffect(() => {
    let current = true
    const refresh = () => {
      api.notifications
        .list({ limit: 1 })
        .then((page) => current && setUnread(page.unreadCount))
        .catch(() => undefined)
    }
    refresh()
    const timer = setInterval(refresh, POLL_MS)
    window.addEventListener(NOTIFICATIONS_CHANGED, refresh)
    return () => {
      current = false
      clearInterval(timer)
      window.removeEventListener(NOTIFICATIONS_CHANGED, refresh)
    }
  }, [location.pathname])

  const label = unread > 0 ? t('notifications.bellUnread', { n: unread }) : t('notifications.bell')
  return (
    <Link to="/notifications" className="notification-bell" aria-label={label} title={label} style={BELL_STYLE}>
      <svg aria-hidden="true" focusable="false" width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
        <path d="M13.73 21a2 2 0 0 1-3.46 0" />
      </svg>
      {unread > 0 ? (
        <span className="badge badge-ok notification-count" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      ) : null}
    </Link>
  )
}
