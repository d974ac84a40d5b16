import { useEffect, useState, type FormEvent } from 'react'
import { Link, useSearchParams } from 'react-router'
import { api, hasPermission } from '../../../lib/api-client.ts'
import type { components } from '../../../lib/api.gen.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { useMe } from '../../../app/session.tsx'
import { ErrorAlert, FormActions, Notice, PageHeader, SelectField, TextField } from '../../../components/ui.tsx'
import { DataTable } from '../../../components/DataTable.tsx'
import { MarketplaceNav } from '../MarketplaceNav.tsx'
import { OwnerConsents } from './OwnerConsents.tsx'
import { useMarketplaces, useParamUpdate, useProvinces, type Marketplace } from '../hooks.ts'
import { STAGES } from '../../../../../server/modules/marketplace/pipeline/stages.ts'

type Schemas = components['schemas']
type Nomination = Schemas['MarketplaceNomination']
const PAGE = 50

/**
 * The marketplace programme's first page: firm owners see their consents; officers, regional
 * officers and partners the nominations in their scope with filters (in the URL), exports and,
 * for officers, the nomination form.
 */
export function PipelinePage() {
  const me = useMe()
  if (me.role === 'firm_owner') return <OwnerConsents />
  return <NominationsView />
}

function NominationsView() {
  const { t, lang } = useI18n()
  useTitle(t('marketplace.title'))
  const me = useMe()
  const number = new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-GB')
  const [params] = useSearchParams()
  const marketplaces = useMarketplaces()
  const provinces = useProvinces()
  const update = useParamUpdate()
  const lockedProvince = me.role === 'regional_officer' ? (me.organisation.provinceCode ?? '') : ''
  const filter = {
    marketplace: params.get('marketplace') || undefined,
    province: lockedProvince || params.get('province') || undefined,
    stage: params.get('stage') || undefined,
    stuckDays: params.get('stuckDays') ? Number(params.get('stuckDays')) : undefined,
    q: params.get('q') || undefined,
  }
  const key = JSON.stringify(filter)
  const [items, setItems] = useState<Nomination[]>([])
  const [total, setTotal] = useState<number | null>(null)
  const [error, setError] = useState<unknown>(undefined)
  const [reload, setReload] = useState(0)
  const [draft, setDraft] = useState({ q: filter.q ?? '', stuckDays: params.get('stuckDays') ?? '' })

  useEffect(() => {
    let current = true
    setError(undefined)
    api.pipeline
      .nominations({ ...filter, limit: PAGE })
      .then((page) => {
        if (!current) return
        setItems(page.items)
        setTotal(page.total)
      })
      .catch((e: unknown) => current && setError(e))
    return () => {
      current = false
    }
    // The key holds every input of the request.
  }, [key, reload])

  async function more() {
    try {
      const page = await api.pipeline.nominations({ ...filter, limit: PAGE, offset: items.length })
      setItems((list) => [...list, ...page.items])
    } catch (e) {
      setError(e)
    }
  }

  const marketplaceName = (code: string) => marketplaces.find((m) => m.code === code)?.name ?? code
  const provinceName = (code: string) => provinces.find((p) => p.code === code)?.name ?? code
  const exportQuery = { ...filter }

  return (
    <>
      <PageHeader title={t('marketplace.title')} intro={me.role === 'marketplace_partner' ? t('marketplace.introPartner') : t('marketplace.intro')} />
      <MarketplaceNav />
      {hasPermission(me, 'marketplace.nominate') ? <NominateForm marketplaces={marketplaces} onDone={() => setReload((n) => n + 1)} /> : null}
      <form
        className="filters"
        onSubmit={(event: FormEvent) => {
          event.preventDefault()
          update({ q: draft.q.trim(), stuckDays: draft.stuckDays })
        }}
      >
        {me.role !== 'marketplace_partner' ? (
          <SelectField label={t('marketplace.marketplace')} value={filter.marketplace ?? ''} onChange={(e) => update({ marketplace: e.target.value })}>
            <option value="">{t('marketplace.allMarketplaces')}</option>
            {marketplaces.map((m) => (
              <option key={m.code} value={m.code}>
                {m.name}
              </option>
            ))}
          </SelectField>
        ) : null}
        <SelectField label={t('marketplace.province')} value={filter.province ?? ''} disabled={!!lockedProvince} onChange={(e) => update({ province: e.target.value })}>
          <option value="">{t('marketplace.allProvinces')}</option>
          {provinces.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('marketplace.stage')} value={filter.stage ?? ''} onChange={(e) => update({ stage: e.target.value })}>
          <option value="">{t('marketplace.allStages')}</option>
          {STAGES.map((stage) => (
            <option key={stage} value={stage}>
              {t(`marketplace.stage.${stage}`)}
            </option>
          ))}
        </SelectField>
        <TextField label={t('marketplace.stuckDays')} type="number" min={0} max={3650} inputMode="numeric" value={draft.stuckDays} onChange={(e) => setDraft({ ...draft, stuckDays: e.target.value })} />
        <TextField label={t('marketplace.search')} type="search" value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} />
        <div className="actions">
          <button type="submit" className="button button-secondary">
            {t('marketplace.filter')}
          </button>
        </div>
      </form>
      <div className="export-links">
        <a className="button button-secondary button-small" href={api.pipeline.exportUrl({ ...exportQuery, format: 'xlsx' })} download>
          {t('marketplace.exportXlsx')}
        </a>
        <a className="button button-secondary button-small" href={api.pipeline.exportUrl({ ...exportQuery, format: 'csv' })} download>
          {t('marketplace.exportCsv')}
        </a>
      </div>
      <ErrorAlert error={error} />
      <DataTable
        label={t('marketplace.list')}
        count={total === null ? t('app.loading') : t('marketplace.count', { n: number.format(total) })}
        columns={[t('marketplace.firm'), t('marketplace.marketplace'), t('marketplace.stage'), t('marketplace.daysInStage'), t('marketplace.region'), t('marketplace.consent')]}
        rows={items}
        empty={total === null ? undefined : t('marketplace.empty')}
        renderRow={(n) => (
          <tr key={n.id}>
            <td>
              <Link to={`/marketplace/nominations/${n.id}`}>{n.firmName}</Link>
            </td>
            <td>{marketplaceName(n.marketplaceCode)}</td>
            <td>{t(`marketplace.stage.${n.stage}`)}</td>
            <td className="numeric">{number.format(n.daysInStage)}</td>
            <td>
              {provinceName(n.provinceCode)} · {n.regencyCode}
            </td>
            <td>{n.consent ? t('marketplace.consentYes') : t('marketplace.consentNo')}</td>
          </tr>
        )}
      />
      {total !== null && items.length < total ? (
        <button type="button" className="button button-secondary" onClick={more}>
          {t('marketplace.more')}
        </button>
      ) : null}
    </>
  )
}

/** Officers nominate one firm found by name, or the assessment's top candidates. */
function NominateForm({ marketplaces, onDone }: { marketplaces: Marketplace[]; onDone(): void }) {
  const { t } = useI18n()
  const open = marketplaces.filter((m) => m.status !== 'closed')
  const [marketplace, setMarketplace] = useState('')
  const [query, setQuery] = useState('')
  const [found, setFound] = useState<Array<{ id: string; name: string; regencyCode: string }>>([])
  const [limit, setLimit] = useState('20')
  const [result, setResult] = useState<Schemas['MarketplaceNominationResults'] | null>(null)
  const [error, setError] = useState<unknown>(undefined)
  const chosen = marketplace || open[0]?.code || ''

  useEffect(() => {
    if (query.trim().length < 3) return setFound([])
    let current = true
    const timer = setTimeout(() => {
      api.firms
        .list({ q: query.trim(), limit: 8 })
        .then((page) => current && setFound(page.items.map((f) => ({ id: f.id, name: f.name, regencyCode: f.regencyCode }))))
        .catch(() => current && setFound([]))
    }, 250)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [query])

  async function submit(body: Schemas['MarketplaceNominateBody']) {
    setError(undefined)
    setResult(null)
    try {
      setResult(await api.pipeline.nominate(body))
      onDone()
    } catch (e) {
      setError(e)
    }
  }

  return (
    <section className="panel" aria-labelledby="nominate-title">
      <h2 id="nominate-title">{t('marketplace.nominate.title')}</h2>
      <p className="muted">{t('marketplace.nominate.intro')}</p>
      <SelectField label={t('marketplace.marketplace')} value={chosen} onChange={(e) => setMarketplace(e.target.value)}>
        {open.map((m) => (
          <option key={m.code} value={m.code}>
            {m.name}
            {m.status === 'migrating' ? ` (${t('marketplace.status.migrating')})` : ''}
          </option>
        ))}
      </SelectField>
      <TextField label={t('marketplace.nominate.firm')} hint={t('marketplace.nominate.firmHint')} type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
      {found.length ? (
        <ul className="plain-list">
          {found.map((f) => (
            <li key={f.id}>
              {f.name} <span className="muted">({f.regencyCode})</span>{' '}
              <button type="button" className="button button-small" onClick={() => submit({ marketplaceCode: chosen, firmIds: [f.id] })}>
                {t('marketplace.nominate.add')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <form
        onSubmit={(event: FormEvent) => {
          event.preventDefault()
          void submit({ marketplaceCode: chosen, fromTriage: { limit: Math.max(1, Math.min(1000, Number(limit) || 1)) } })
        }}
      >
        <h3>{t('marketplace.nominate.fromTriage')}</h3>
        <TextField label={t('marketplace.nominate.limit')} type="number" min={1} max={1000} inputMode="numeric" value={limit} onChange={(e) => setLimit(e.target.value)} />
        <FormActions submit={t('marketplace.nominate.submitTriage')} disabled={!chosen} />
      </form>
      <ErrorAlert error={error} />
      {result ? <Notice>{t('marketplace.nominate.result', { nominated: result.nominated, already: result.alreadyNominated, refused: result.refused })}</Notice> : null}
    </section>
  )
}
