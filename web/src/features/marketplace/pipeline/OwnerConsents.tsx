import { useCallback, useEffect, useState } from 'react'
import { Link } from 'react-router'
import { api } from '../../../lib/api-client.ts'
import type { components } from '../../../lib/api.gen.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { ConfirmButton, ErrorAlert, Loading, Notice, PageHeader } from '../../../components/ui.tsx'
import { MarketplaceNav } from '../MarketplaceNav.tsx'

type Consent = components['schemas']['MarketplaceConsentList']['items'][number]

/** A firm owner's marketplaces: nominations of their firm and their consent to each, grant or withdraw. */
export function OwnerConsents() {
  const { t, lang } = useI18n()
  useTitle(t('marketplace.owner.title'))
  const [firms, setFirms] = useState<Array<{ id: string; name: string }> | null>(null)
  const [consents, setConsents] = useState<Record<string, Consent[]>>({})
  const [error, setError] = useState<unknown>(undefined)
  const date = (iso: string) => new Date(iso).toLocaleDateString(lang === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'long' })

  const load = useCallback(async () => {
    try {
      const page = await api.firms.list({ limit: 20 })
      const own = page.items.map((f) => ({ id: f.id, name: f.name }))
      setFirms(own)
      const lists = await Promise.all(own.map(async (f) => [f.id, (await api.pipeline.consents(f.id)).items] as const))
      setConsents(Object.fromEntries(lists))
    } catch (e) {
      setError(e)
      setFirms((f) => f ?? [])
    }
  }, [])
  useEffect(() => {
    void load()
  }, [load])

  async function act(action: () => Promise<void>) {
    setError(undefined)
    try {
      await action()
      await load()
    } catch (e) {
      setError(e)
    }
  }

  return (
    <>
      <PageHeader title={t('marketplace.owner.title')} intro={t('marketplace.owner.intro')} />
      <MarketplaceNav />
      <ErrorAlert error={error} />
      {firms === null ? <Loading /> : null}
      {firms?.length === 0 ? <Notice>{t('marketplace.owner.noFirm')}</Notice> : null}
      {firms?.map((firm) => (
        <section key={firm.id} className="panel" aria-labelledby={`firm-${firm.id}`}>
          <h2 id={`firm-${firm.id}`}>{firm.name}</h2>
          <ul className="consent-list">
            {(consents[firm.id] ?? []).map((c) => (
              <li key={c.marketplaceCode} className="card" data-marketplace={c.marketplaceCode}>
                <h3>{c.marketplaceName}</h3>
                <p>{c.nomination ? t('marketplace.owner.nominated', { stage: t(`marketplace.stage.${c.nomination.stage}`) }) : t('marketplace.owner.notNominated')}</p>
                {c.nomination ? <Link to={`/marketplace/nominations/${c.nomination.id}`}>{t('marketplace.owner.details')}</Link> : null}
                {c.granted && c.grantedAt ? <p className="muted">{t('marketplace.owner.granted', { date: date(c.grantedAt) })}</p> : null}
                {c.granted ? (
                  <ConfirmButton label={`${t('marketplace.owner.withdraw')}: ${c.marketplaceName}`} onConfirm={() => act(() => api.pipeline.withdraw(firm.id, c.marketplaceCode))}>
                    {t('marketplace.owner.withdraw')}
                  </ConfirmButton>
                ) : c.nomination ? (
                  <button type="button" className="button button-small" onClick={() => act(() => api.pipeline.grant(firm.id, c.marketplaceCode))}>
                    {t('marketplace.owner.grant')} — {c.marketplaceName}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  )
}
