import { Link, useRouteError } from 'react-router'
import { PageHeader } from '../components/ui.tsx'
import { useI18n, useTitle } from '../lib/i18n-react.tsx'

export function NotAllowedPage() {
  const { t } = useI18n()
  useTitle(t('notAllowed.title'))
  return (
    <section className="panel narrow" data-testid="not-allowed">
      <PageHeader title={t('notAllowed.title')} intro={t('notAllowed.text')} />
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </section>
  )
}

export function NotFoundPage() {
  const { t } = useI18n()
  useTitle(t('notFound.title'))
  return (
    <section className="panel narrow" data-testid="not-found">
      <PageHeader title={t('notFound.title')} intro={t('notFound.text')} />
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </section>
  )
}

export function RouteErrorPage() {
  const { t } = useI18n()
  const error = useRouteError()
  console.error(error)
  return (
    <main id="main" className="main">
      <section className="panel narrow">
        <h1>{t('error.title')}</h1>
        <p>{t('error.text')}</p>
        <p>
          <a href="/">{t('notFound.home')}</a>
        </p>
      </section>
    </main>
  )
}
