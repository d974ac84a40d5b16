import { NavLink } from 'react-router'
import { hasPermission, type Permission } from '../../lib/api-client.ts'
import type { MessageKey } from '../../lib/i18n.ts'
import { useI18n } from '../../lib/i18n-react.tsx'
import { useMe } from '../../app/session.tsx'

/** The marketplace programme's pages; each shows to those who may use it. */
const TABS: { to: string; label: MessageKey; permission: Permission; end?: boolean }[] = [
  { to: '/marketplace', label: 'marketplace.tab.nominations', permission: 'marketplace.read', end: true },
  { to: '/marketplace/funnel', label: 'marketplace.tab.funnel', permission: 'marketplace.read' },
  { to: '/marketplace/workshops', label: 'marketplace.tab.workshops', permission: 'marketplace.read' },
  { to: '/marketplace/sales', label: 'marketplace.tab.sales', permission: 'marketplace.sales.read' },
  { to: '/marketplace/listings', label: 'marketplace.tab.listings', permission: 'marketplace.listings' },
  { to: '/marketplace/categories', label: 'marketplace.tab.categories', permission: 'marketplace.read' },
  { to: '/marketplace/connections', label: 'marketplace.tab.connections', permission: 'marketplace.credentials.manage' },
]

/** Sub-navigation shared by the marketplace programme's pages. */
export function MarketplaceNav() {
  const { t } = useI18n()
  const me = useMe()
  const tabs = TABS.filter((tab) => hasPermission(me, tab.permission) && !(me.role === 'firm_owner' && tab.to === '/marketplace/funnel'))
  return (
    <nav aria-label={t('marketplace.subnav')} className="programme-tabs">
      <ul>
        {tabs.map((tab) => (
          <li key={tab.to}>
            <NavLink to={tab.to} end={tab.end} className={({ isActive }) => (isActive ? 'tab active' : 'tab')}>
              {t(tab.label)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  )
}
