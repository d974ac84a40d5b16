import { Link } from 'react-router'
import { hasPermission } from '../../../lib/api-client.ts'
import type { MessageKey } from '../../../lib/i18n.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { PageHeader } from '../../../components/ui.tsx'
import { useMe } from '../../../app/session.tsx'

interface Programme {
  key: 'assessment' | 'sales' | 'materials' | 'financing' | 'export'
  /** The programme's first page, once it exists; programmes without one are still to come. */
  to?: string
  /** Whom the link is for (others see the card without it). */
  permission?: Parameters<typeof hasPermission>[1]
}

const PROGRAMMES: Programme[] = [
  { key: 'assessment', to: '/rounds', permission: 'assessment.rounds.read' },
  { key: 'sales' },
  { key: 'materials' },
  { key: 'financing' },
  { key: 'export' },
]

const SHORTCUTS: { to: string; label: MessageKey; permission: Parameters<typeof hasPermission>[1] }[] = [
  { to: '/admin/organisations', label: 'nav.organisations', permission: 'organisations.manage' },
  { to: '/admin/users', label: 'nav.users', permission: 'users.manage' },
  { to: '/audit', label: 'nav.audit', permission: 'audit.read' },
  { to: '/tokens', label: 'nav.tokens', permission: 'tokens.manage' },
]

export function HomePage() {
  const { t } = useI18n()
  const me = useMe()
  useTitle(t('nav.home'))
  const shortcuts = SHORTCUTS.filter((item) => hasPermission(me, item.permission))

  return (
    <>
      <PageHeader title={t('home.title', { name: me.name })} intro={t('home.intro')} />
      <section className="panel account-summary" aria-labelledby="home-account">
        <h2 id="home-account">{t('home.account')}</h2>
        <dl className="details details-inline">
          <div>
            <dt>{t('home.role')}</dt>
            <dd data-testid="home-role">{t(`role.${me.role}`)}</dd>
          </div>
          <div>
            <dt>{t('home.organisation')}</dt>
            <dd>
              {me.organisation.name} <span className="muted">({t(`kind.${me.organisation.kind}`)})</span>
            </dd>
          </div>
        </dl>
        {shortcuts.length ? (
          <>
            <h3>{t('home.adminShortcuts')}</h3>
            <ul className="shortcut-list">
              {shortcuts.map((item) => (
                <li key={item.to}>
                  <Link to={item.to} className="button button-secondary">
                    {t(item.label)}
                  </Link>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <section aria-labelledby="home-programmes">
        <h2 id="home-programmes">{t('home.programmes')}</h2>
        <ul className="programme-grid">
          {PROGRAMMES.map((programme, index) => (
            <li key={programme.key} className="card programme">
              <div className="programme-head">
                <span className="programme-number" aria-hidden="true">
                  {index + 1}
                </span>
                <h3>{t(`programme.${programme.key}.title`)}</h3>
              </div>
              <p>{t(`programme.${programme.key}.text`)}</p>
              {programme.to ? (
                programme.permission && hasPermission(me, programme.permission) ? (
                  <Link to={programme.to}>{t('home.openProgramme')}</Link>
                ) : null
              ) : (
                <span className="badge badge-soon">{t('home.comingSoon')}</span>
              )}
            </li>
          ))}
        </ul>
      </section>
    </>
  )
}
