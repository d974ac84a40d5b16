import { useEffect, useState, type FormEvent } from 'react'
import { Link, useSearchParams } from 'react-router'
import { api, hasPermission, type Province, type Regency } from '../../../lib/api-client.ts'
import type { components } from '../../../lib/api.gen.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { useMe } from '../../../app/session.tsx'
import { ErrorAlert, Loading, Notice, PageHeader, SelectField, TextField } from '../../../components/ui.tsx'
import { DataTable } from '../../../components/DataTable.tsx'
import { MarketplaceNav } from '../MarketplaceNav.tsx'

type Schemas = components['schemas']
type Listing = Schemas['Listing']
type Marketplace = Schemas['Marketplace']
type Status = Listing['status']

const PAGE = 100
const STATUS_CLASS: Record<Status, string> = { ready: 'badge badge-ok', needs_fix: 'badge badge-pending', not_listable: 'badge badge-muted' }

/**
 * Listings: each product in the viewer's scope checked against one marketplace's rules, with
 * what to fix, attribute entry for the owner and officers, and the bulk-upload download.
 * Filters live in the URL so a view can be shared.
 */
export function ListingsPage() {
  const { t, lang } = useI18n()
  const number = new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-GB', { maximumFractionDigits: 3 })
  useTitle(t('listings.title'))
  const me = useMe()
  const [params, setParams] = useSearchParams()
  const lockedProvince = me.role === 'regional_officer' ? (me.organisation.provinceCode ?? '') : ''
  const lockedRegency = me.role === 'regional_officer' ? (me.organisation.regencyCode ?? '') : ''
  const marketplaceParam = params.get('marketplace') ?? ''
  const province = lockedProvince || params.get('province') || ''
  const regency = lockedRegency || params.get('regency') || ''
  const kbli = params.get('kbli') ?? ''
  const statusParam = (params.get('status') ?? '') as Status | ''

  const [marketplaces, setMarketplaces] = useState<Marketplace[] | null>(null)
  const [provinces, setProvinces] = useState<Province[]>([])
  const [regencies, setRegencies] = useState<Regency[]>([])
  const [page, setPage] = useState<Schemas['ListingPage'] | null>(null)
  const [items, setItems] = useState<Listing[]>([])
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  const [kbliDraft, setKbliDraft] = useState(kbli)

  useEffect(() => {
    api.listings
      .marketplaces()
      .then((list) => setMarketplaces(list.items))
      .catch((e: unknown) => {
        setMarketplaces([])
        setError(e)
      })
    api.regions.provinces().then(setProvinces).catch(() => setProvinces([]))
  }, [])
  useEffect(() => {
    if (!province) return setRegencies([])
    let current = true
    api.regions
      .regencies(province)
      .then((list) => current && setRegencies(list))
      .catch(() => current && setRegencies([]))
    return () => {
      current = false
    }
  }, [province])

  const marketplace = marketplaces?.find((m) => m.code === marketplaceParam) ?? marketplaces?.find((m) => m.status !== 'closed') ?? marketplaces?.[0] ?? null
  const query = {
    marketplace: marketplace?.code ?? '',
    province: province || undefined,
    regency: regency || undefined,
    kbli: /^\d{2,5}$/.test(kbli) ? kbli : undefined,
  }
  const key = JSON.stringify({ ...query, status: statusParam })

  async function load(offset: number) {
    if (!marketplace) return
    setLoading(true)
    setError(undefined)
    try {
      const result = await api.listings.check({ ...query, status: statusParam || undefined, limit: PAGE, offset })
      setPage(result)
      setItems((previous) => (offset === 0 ? result.items : [...previous, ...result.items]))
    } catch (e) {
      setError(e)
    } finally {
      setLoading(false)
    }
  }

  useEffect(() => {
    void load(0)
  }, [key])

  const update = (patch: Record<string, string>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current)
        for (const [name, value] of Object.entries(patch)) {
          if (value) next.set(name, value)
          else next.delete(name)
        }
        return next
      },
      { replace: true },
    )

  const onKbli = (event: FormEvent) => {
    event.preventDefault()
    update({ kbli: kbliDraft.trim() })
  }

  // After attributes are saved the check runs again, so status and problems stay the server's.
  const reload = () => void load(0)

  if (marketplaces === null) return <Loading />
  const closed = marketplace?.status === 'closed'

  return (
    <>
      <PageHeader title={t('listings.title')} intro={t('listings.intro')}>
        {hasPermission(me, 'marketplace.read') ? <Link to="/marketplace/categories">{t('listings.categoriesLink')}</Link> : null}
      </PageHeader>
      <MarketplaceNav />
      <ErrorAlert error={error} />
      <form className="filters" onSubmit={onKbli} aria-label={t('listings.apply')}>
        <SelectField label={t('listings.marketplace')} value={marketplace?.code ?? ''} onChange={(e) => update({ marketplace: e.target.value })}>
          {marketplaces.map((m) => (
            <option key={m.code} value={m.code}>
              {m.name}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('listings.province')}
          value={province}
          disabled={!!lockedProvince}
          onChange={(e) => update({ province: e.target.value, regency: '' })}
        >
          <option value="">{t('listings.allProvinces')}</option>
          {provinces.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('listings.regency')} value={regency} disabled={!province || !!lockedRegency} onChange={(e) => update({ regency: e.target.value })}>
          <option value="">{t('listings.allRegencies')}</option>
          {regencies.map((r) => (
            <option key={r.code} value={r.code}>
              {r.name}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('listings.status')} value={statusParam} onChange={(e) => update({ status: e.target.value })}>
          <option value="">{t('listings.statusAll')}</option>
          {(['ready', 'needs_fix', 'not_listable'] as const).map((s) => (
            <option key={s} value={s}>
              {t(`listings.status.${s}`)}
            </option>
          ))}
        </SelectField>
        <TextField label={t('listings.kbli')} hint={t('listings.kbliHint')} inputMode="numeric" pattern="[0-9]{2,5}" value={kbliDraft} onChange={(e) => setKbliDraft(e.target.value)} />
        <div className="filter-actions">
          <button type="submit" className="button button-secondary">
            {t('listings.apply')}
          </button>
        </div>
      </form>

      {page ? (
        <p aria-live="polite">{t('listings.counts', { ready: page.counts.ready, needsFix: page.counts.needsFix, notListable: page.counts.notListable })}</p>
      ) : null}
      {marketplace && closed ? <p className="alert alert-error">{t('listings.closed', { name: marketplace.name })}</p> : null}
      {marketplace && !closed ? (
        <p>
          <a className="button" href={api.listings.exportUrl(query)} download>
            {t('listings.download', { name: marketplace.name })}
          </a>
          <br />
          <span className="hint">{t('listings.downloadHint')}</span>
        </p>
      ) : null}

      <DataTable
        label={t('listings.table')}
        count={page ? t('listings.shown', { shown: items.length, total: page.total }) : undefined}
        columns={[t('listings.product'), t('listings.firm'), t('listings.category'), t('listings.weight'), t('listings.photos'), t('listings.status'), t('listings.fix')]}
        rows={items}
        empty={loading ? undefined : t('listings.empty')}
        renderRow={(item) => (
          <tr key={item.productId}>
            <td>
              <Link to={`/products/${item.productId}`}>{item.productName}</Link>
              {item.hsCode ? <div className="muted">HS {item.hsCode}</div> : null}
            </td>
            <td>{item.firmName}</td>
            <td>{item.category ? `${item.category.categoryName} (${item.category.categoryId})` : <span className="muted">{t('listings.noCategory')}</span>}</td>
            <td>
              {number.format(item.weight)} {item.weightUnit}
            </td>
            <td>{item.photoCount}</td>
            <td>
              <span className={STATUS_CLASS[item.status]}>{t(`listings.status.${item.status}`)}</span>
            </td>
            <td>
              {item.problems.length === 0 ? (
                t('listings.nothingToFix')
              ) : (
                <ul className="plain-list">
                  {item.problems.map((p, i) => (
                    <li key={i}>{p.severity === 'warning' ? `${t('listings.warning')}: ${p.message}` : p.message}</li>
                  ))}
                </ul>
              )}
              {item.canEditAttributes && item.category && item.category.requiredAttributes.length > 0 && marketplace ? (
                <AttributeEditor item={item} marketplace={marketplace} onSaved={reload} />
              ) : null}
            </td>
          </tr>
        )}
      />
      {loading ? <Loading /> : null}
      {page && items.length < page.total && !loading ? (
        <button type="button" className="button button-secondary" onClick={() => void load(items.length)}>
          {t('listings.more')}
        </button>
      ) : null}
    </>
  )
}

/** The category's required attributes of one product, filled in by its owner or an officer. */
function AttributeEditor({
  item,
  marketplace,
  onSaved,
}: {
  item: Listing
  marketplace: Marketplace
  onSaved(): void
}) {
  const { t } = useI18n()
  const names = item.category?.requiredAttributes ?? []
  const current = (name: string) => item.attributes.find((a) => a.name.trim().toLowerCase() === name.trim().toLowerCase())?.value ?? ''
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(names.map((n) => [n, current(n)])))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  const [saved, setSaved] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    setSaved(false)
    try {
      await api.listings.setAttributes(item.productId, {
        marketplace: marketplace.code,
        values: names.map((name) => ({ name, value: values[name]?.trim() || null })),
      })
      setSaved(true)
      onSaved()
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  return (
    <details>
      <summary>{t('listings.attributes', { name: marketplace.name })}</summary>
      <form onSubmit={submit} aria-label={t('listings.attributesFor', { product: item.productName })}>
        <ErrorAlert error={error} />
        {names.map((name) => (
          <TextField
            key={name}
            label={t('listings.attributeValue', { attribute: name })}
            maxLength={255}
            value={values[name] ?? ''}
            onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
          />
        ))}
        <button type="submit" className="button button-small" disabled={busy}>
          {t('listings.saveAttributes')}
        </button>
        {saved ? <Notice>{t('listings.attributesSaved')}</Notice> : null}
      </form>
    </details>
  )
}
