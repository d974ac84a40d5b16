import { useEffect, useRef, useState } from 'react'
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router'
import { hasPermission, type Me, type Permission } from '../lib/api-client.ts'
import { LANGUAGES, type MessageKey } from '../lib/i18n.ts'
import { useI18n } from '../lib/i18n-react.tsx'
import { useSession } from './session.tsx'
import { NotificationBell } from '../features/notifications/NotificationBell.tsx'

interface NavItem {
  to: string
  label: MessageKey
  permission?: Permission
}

const NAV_ITEMS: NavItem[] = [
  { to: '/', label: 'nav.home' },
  { to: '/firms', label: 'nav.firms', permission: 'firms.read' },
  { to: '/sentra', label: 'nav.sentra', permission: 'firms.read' },
  { to: '/imports', label: 'nav.imports', permission: 'firms.create' },
  { to: '/duplicates', label: 'duplicates.nav', permission: 'firms.deduplicate' },
  { to: '/dashboard', label: 'dashboard.nav', permission: 'assessment.dashboard' },
  { to: '/triage', label: 'triage.nav', permission: 'assessment.triage' },
  { to: '/completeness', label: 'completeness.nav', permission: 'assessment.monitor' },
  { to: '/rounds', label: 'survey.nav', permission: 'assessment.rounds.read' },
  { to: '/marketplace', label: 'marketplace.nav', permission: 'marketplace.read' },
  { to: '/admin/organisations', label: 'nav.organisations', permission: 'organisations.manage' },
  { to: '/admin/users', label: 'nav.users', permission: 'users.manage' },
  { to: '/audit', label: 'nav.audit', permission: 'audit.read' },
  { to: '/tokens', label: 'nav.tokens', permission: 'tokens.manage' },
]

export function navItemsFor(user: Me): NavItem[] {
  return NAV_ITEMS.filter((item) => !item.permission || hasPermission(user, item.permission))
}

function LanguageSwitch() {
  const { lang, setLang, t } = useI18n()
  return (
    <div className="lang-switch" role="group" aria-label={`${t('lang.label')} / Language`}>
      {LANGUAGES.map((code) => (
        <button
          key={code}
          type="button"
          lang={code}
          title={t(`lang.${code}`)}
          aria-pressed={lang === code}
          className={lang === code ? 'active' : undefined}
          onClick={() => setLang(code)}
        >
          {code.toUpperCase()}
        </button>
      ))}
    </div>
  )
}

function UserMenu({ user, onSignOut }: { user: Me; onSignOut(): void }) {
  const { t } = useI18n()
  const [open, setOpen] = useState(false)
  const ref = useRef<HTMLDivElement>(null)
  const location = useLocation()

  useEffect(() => setOpen(false), [location.pathname])
  useEffect(() => {
    if (!open) return
    const onPointer = (event: PointerEvent) => {
      if (ref.current && !ref.current.contains(event.target as Node)) setOpen(false)
    }
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false)
    }
    document.addEventListener('pointerdown', onPointer)
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('pointerdown', onPointer)
      document.removeEventListener('keydown', onKey)
    }
  }, [open])

  return (
    <div className="user-menu" ref={ref}>
      <button
        type="button"
        className="user-menu-button"
        aria-expanded={open}
        aria-controls="user-menu-list"
        aria-label={t('nav.userMenu', { name: user.name })}
        onClick={() => setOpen((value) => !value)}
      >
        <span className="avatar" aria-hidden="true">
          {user.name.trim().charAt(0).toUpperCase() || '?'}
        </span>
        <span className="user-name">{user.name}</span>
        <span className="caret" aria-hidden="true">▾</span>
      </button>
      <ul id="user-menu-list" className="user-menu-list" hidden={!open}>
        <li className="user-menu-info">
          <span className="user-menu-email">{user.email}</span>
          <span>{t(`role.${user.role}`)}</span>
        </li>
        <li>
          <Link to="/profile">{t('nav.profile')}</Link>
        </li>
        <li>
          <button type="button" onClick={onSignOut}>
            {t('nav.logout')}
          </button>
        </li>
      </ul>
    </div>
  )
}

export function Layout() {
  const { t } = useI18n()
  const { session, signOut } = useSession()
  const location = useLocation()
  const navigate = useNavigate()
  const [menuOpen, setMenuOpen] = useState(false)
  const firstRender = useRef(true)
  const user = session.status === 'signedIn' && session.stage === 'full' ? session.user : null

  // After in-app navigation, move focus to the new page's heading (or main) so that keyboard and
  // screen-reader users start at the content, as on a full page load.
  useEffect(() => {
    setMenuOpen(false)
    if (firstRender.current) {
      firstRender.current = false
      return
    }
    const frame = requestAnimationFrame(() => {
      const target = document.querySelector<HTMLElement>('main [data-page-title]') ?? document.getElementById('main')
      target?.focus({ preventScroll: false })
    })
    return () => cancelAnimationFrame(frame)
  }, [location.pathname])

  async function handleSignOut() {
    try {
      await signOut()
    } finally {
      navigate('/login', { replace: true })
    }
  }

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="site-header">
        <div className="header-bar">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              P
            </span>
            <span className="brand-text">
              <span className="brand-name">{t('app.name')}</span>
              <span className="brand-sub">{t('app.ministry')}</span>
            </span>
          </Link>
          <div className="header-tools">
            <LanguageSwitch />
            {user ? <NotificationBell /> : null}
            {user ? <UserMenu user={user} onSignOut={handleSignOut} /> : null}
            {user ? (
              <button
                type="button"
                className="menu-button"
                aria-expanded={menuOpen}
                aria-controls="site-nav"
                onClick={() => setMenuOpen((value) => !value)}
              >
                <span className="menu-icon" aria-hidden="true" />
                {t('nav.menu')}
              </button>
            ) : null}
          </div>
        </div>
        {user ? (
          <nav id="site-nav" className={`site-nav ${menuOpen ? 'open' : ''}`} aria-label={t('nav.label')}>
            <ul>
              {navItemsFor(user).map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.to === '/'}>
                    {t(item.label)}
                  </NavLink>
                </li>
              ))}
              <li className="nav-mobile-only nav-user">
                <span className="nav-user-name">{user.name}</span> <span className="nav-user-role">{t(`role.${user.role}`)}</span>
              </li>
              <li className="nav-mobile-only">
                <NavLink to="/profile">{t('nav.profile')}</NavLink>
              </li>
              <li className="nav-mobile-only">
                <button type="button" onClick={handleSignOut}>
                  {t('nav.logout')}
                </button>
              </li>
            </ul>
          </nav>
        ) : null}
      </header>
      <main id="main" className="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>{t('app.footer')}</p>
        <p className="data-notice">{t('app.dataNotice')}</p>
      </footer>
    </div>
  )
}
