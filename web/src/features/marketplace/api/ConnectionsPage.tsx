import { useEffect, useState, type FormEvent } from 'react'
import { useSearchParams } from 'react-router'
import { api } from '../../../lib/api-client.ts'
import type { components } from '../../../lib/api.gen.ts'
import { formatDateTime, intlLocale } from '../../../lib/i18n.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { ErrorAlert, FormActions, Loading, Notice, PageHeader, SelectField, TextField } from '../../../components/ui.tsx'
import { MarketplaceNav } from '../MarketplaceNav.tsx'

type Schemas = components['schemas']
type Credentials = Schemas['ApiCredentials']
type Marketplace = Schemas['Marketplace']
type Nomination = Schemas['MarketplaceNomination']
type PullResult = Schemas['ApiPullResult']

/** Marketplaces that have an API connector (Bukalapak has none: closed to physical goods). */
const CONNECTOR_CODES = ['shopee', 'tiktok_shop', 'tokopedia', 'blibli']

const previousMonth = () => {
  const d = new Date()
  d.setUTCDate(1)
  d.setUTCMonth(d.getUTCMonth() - 1)
  return d.toISOString().slice(0, 7)
}

/**
 * API connections of a marketplace: which app credentials are set (never their values), a
 * write-only form to set them, the shops linked to nominations and a monthly sales pull.
 * Officers manage every marketplace, partners their own.
 */
export function ConnectionsPage() {
  const { t, lang } = useI18n()
  useTitle(t('mpapi.title'))
  const [params, setParams] = useSearchParams()
  const [marketplaces, setMarketplaces] = useState<Marketplace[] | null>(null)
  const [credentials, setCredentials] = useState<Credentials | null>(null)
  const [nominations, setNominations] = useState<Nomination[]>([])
  const [error, setError] = useState<unknown>(undefined)
  const [notice, setNotice] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [values, setValues] = useState<Record<string, string>>({})
  const [baseUrl, setBaseUrl] = useState('')
  const [authBaseUrl, setAuthBaseUrl] = useState('')
  const [link, setLink] = useState({ nominationId: '', shopId: '', accessToken: '', refreshToken: '', accessExpiresAt: '' })
  const [month, setMonth] = useState(previousMonth())
  const [pulled, setPulled] = useState<PullResult | null>(null)

  useEffect(() => {
    api.listings
      .marketplaces()
      .then((list) => setMarketplaces(list.items.filter((m) => CONNECTOR_CODES.includes(m.code))))
      .catch((e: unknown) => {
        setMarketplaces([])
        setError(e)
      })
  }, [])

  const marketplace = marketplaces?.find((m) => m.code === params.get('marketplace')) ?? marketplaces?.[0] ?? null
  const code = marketplace?.code ?? ''

  const reload = async () => {
    if (!code) return
    try {
      const c = await api.marketplaceApi.credentials(code)
      setCredentials(c)
      setBaseUrl(c.baseUrl ?? '')
      setAuthBaseUrl(c.authBaseUrl ?? '')
    } catch (e) {
      setError(e)
    }
  }
  useEffect(() => {
    setCredentials(null)
    setPulled(null)
    setValues({})
    setError(undefined)
    void reload()
    if (code) {
      api.pipeline
        .nominations({ marketplace: code, limit: 500 })
        .then((page) => setNominations(page.items))
        .catch(() => setNominations([]))
    }
  }, [code])

  const run = async (action: () => Promise<void>) => {
    setBusy(true)
    setError(undefined)
    setNotice(null)
    try {
      await action()
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  const saveCredentials = (event: FormEvent) => {
    event.preventDefault()
    const fields = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''))
    const body: Schemas['ApiCredentialsUpdate'] = { fields, baseUrl: baseUrl.trim() || null, authBaseUrl: authBaseUrl.trim() || null }
    void run(async () => {
      setCredentials(await api.marketplaceApi.setCredentials(code, body))
      setValues({})
      setNotice(t('mpapi.form.saved'))
    })
  }

  const linkShop = (event: FormEvent) => {
    event.preventDefault()
    void run(async () => {
      await api.marketplaceApi.linkShop(link.nominationId, {
        shopId: link.shopId.trim(),
        accessToken: link.accessToken.trim() || null,
        refreshToken: link.refreshToken.trim() || null,
        accessExpiresAt: link.accessExpiresAt ? new Date(link.accessExpiresAt).toISOString() : null,
      })
      setLink({ nominationId: '', shopId: '', accessToken: '', refreshToken: '', accessExpiresAt: '' })
      setNotice(t('mpapi.link.saved'))
      await reload()
    })
  }

  const pull = (event: FormEvent) => {
    event.preventDefault()
    void run(async () => {
      setPulled(await api.marketplaceApi.pullSales(code, month))
      await reload()
    })
  }

  const money = (n: number | null) => new Intl.NumberFormat(intlLocale(lang)).format(n ?? 0)

  return (
    <>
      <MarketplaceNav />
      <PageHeader title={t('mpapi.title')} intro={t('mpapi.intro')} />
      {error !== undefined ? <ErrorAlert error={error} /> : null}
      {notice ? <Notice>{notice}</Notice> : null}
      {marketplaces === null ? (
        <Loading />
      ) : marketplaces.length === 0 ? (
        <p>{t('mpapi.noConnectors')}</p>
      ) : (
        <>
          <SelectField label={t('mpapi.marketplace')} value={code} onChange={(e) => setParams({ marketplace: e.target.value })}>
            {marketplaces.map((m) => (
              <option key={m.code} value={m.code}>
                {m.name}
              </option>
            ))}
          </SelectField>

          {credentials === null ? (
            <Loading />
          ) : (
            <>
              <section aria-labelledby="mpapi-credentials">
                <h2 id="mpapi-credentials">
                  {t('mpapi.credentials')} — {credentials.complete ? t('mpapi.status.complete') : t('mpapi.status.incomplete')}
                </h2>
                <ul>
                  {credentials.fields.map((f) => (
                    <li key={f.name}>
                      <strong>{f.label}</strong> ({f.required ? t('mpapi.field.required') : t('mpapi.field.optional')}): {f.set ? t('mpapi.field.set') : t('mpapi.field.unset')}
                    </li>
                  ))}
                </ul>
                {credentials.updatedAt ? <p>{t('mpapi.updated', { at: formatDateTime(lang, credentials.updatedAt), name: credentials.updatedBy?.name ?? '—' })}</p> : null}

                <form onSubmit={saveCredentials} aria-labelledby="mpapi-form" autoComplete="off">
                  <h3 id="mpapi-form">{t('mpapi.form.title')}</h3>
                  <p>{t('mpapi.form.hint')}</p>
                  {credentials.fields.map((f) => (
                    <TextField
                      key={f.name}
                      label={f.label}
                      type="password"
                      autoComplete="new-password"
                      value={values[f.name] ?? ''}
                      onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
                    />
                  ))}
                  <TextField label={t('mpapi.form.baseUrl')} type="url" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} />
                  <TextField label={t('mpapi.form.authBaseUrl')} type="url" value={authBaseUrl} onChange={(e) => setAuthBaseUrl(e.target.value)} />
                  <FormActions submit={t('mpapi.form.save')} disabled={busy} />
                </form>
              </section>

              <section aria-labelledby="mpapi-shops">
                <h2 id="mpapi-shops">{t('mpapi.shops')}</h2>
                {credentials.shops.length === 0 ? (
                  <p>{t('mpapi.shops.empty')}</p>
                ) : (
                  <div className="table-wrap">
                    <table>
                      <thead>
                        <tr>
                          <th scope="col">{t('mpapi.shops.firm')}</th>
                          <th scope="col">{t('mpapi.shops.shopId')}</th>
                          <th scope="col">{t('mpapi.shops.tokens')}</th>
                          <th scope="col">{t('mpapi.shops.expires')}</th>
                          <th scope="col">{t('mpapi.shops.refreshed')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {credentials.shops.map((s) => (
                          <tr key={s.nominationId}>
                            <td>{s.firmName}</td>
                            <td>{s.shopId}</td>
                            <td>
                              {t('mpapi.shops.tokenState', {
                                access: s.hasAccessToken ? t('mpapi.shops.access') : t('mpapi.shops.noAccess'),
                                refresh: s.hasRefreshToken ? t('mpapi.shops.refresh') : t('mpapi.shops.noRefresh'),
                              })}
                            </td>
                            <td>{formatDateTime(lang, s.accessExpiresAt) || '—'}</td>
                            <td>{formatDateTime(lang, s.lastRefreshedAt) || '—'}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}

                <form onSubmit={linkShop} aria-labelledby="mpapi-link" autoComplete="off">
                  <h3 id="mpapi-link">{t('mpapi.link.title')}</h3>
                  <SelectField label={t('mpapi.link.nomination')} required value={link.nominationId} onChange={(e) => setLink({ ...link, nominationId: e.target.value })}>
                    <option value="">{t('mpapi.link.choose')}</option>
                    {nominations.map((n) => (
                      <option key={n.id} value={n.id}>
                        {n.firmName}
                      </option>
                    ))}
                  </SelectField>
                  <TextField label={t('mpapi.link.shopId')} required maxLength={100} value={link.shopId} onChange={(e) => setLink({ ...link, shopId: e.target.value })} />
                  {credentials.shopTokens !== 'client_credentials' ? (
                    <TextField
                      label={t('mpapi.link.accessToken')}
                      type="password"
                      autoComplete="new-password"
                      value={link.accessToken}
                      onChange={(e) => setLink({ ...link, accessToken: e.target.value })}
                    />
                  ) : null}
                  {credentials.shopTokens === 'oauth' ? (
                    <>
                      <TextField
                        label={t('mpapi.link.refreshToken')}
                        type="password"
                        autoComplete="new-password"
                        value={link.refreshToken}
                        onChange={(e) => setLink({ ...link, refreshToken: e.target.value })}
                      />
                      <TextField
                        label={t('mpapi.link.expiresAt')}
                        type="datetime-local"
                        value={link.accessExpiresAt}
                        onChange={(e) => setLink({ ...link, accessExpiresAt: e.target.value })}
                      />
                    </>
                  ) : null}
                  <FormActions submit={t('mpapi.link.save')} disabled={busy || !link.nominationId || !link.shopId.trim()} />
                </form>
              </section>

              <section aria-labelledby="mpapi-pull">
                <h2 id="mpapi-pull">{t('mpapi.pull.title')}</h2>
                <form onSubmit={pull}>
                  <TextField label={t('mpapi.pull.month')} type="month" required value={month} onChange={(e) => setMonth(e.target.value)} />
                  <FormActions submit={t('mpapi.pull.run')} disabled={busy || !credentials.complete || credentials.shops.length === 0} />
                </form>
                {pulled ? (
                  pulled.items.length === 0 ? (
                    <p>{t('mpapi.pull.none')}</p>
                  ) : (
                    <ul aria-live="polite">
                      {pulled.items.map((item) => (
                        <li key={item.nominationId}>
                          {item.ok
                            ? t('mpapi.pull.result', { firm: item.firmName, gmv: money(item.gmvIdr), orders: item.orders ?? 0, units: item.units ?? 0 })
                            : t('mpapi.pull.failed', { firm: item.firmName, message: item.error?.message ?? '' })}
                        </li>
                      ))}
                    </ul>
                  )
                ) : null}
              </section>
            </>
          )}
        </>
      )}
    </>
  )
}
