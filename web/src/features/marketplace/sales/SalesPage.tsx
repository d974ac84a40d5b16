// /marketplace/sales: the sales-recovery figures per marketplace, province and month (filters in
// the URL), a bar chart of GMV per month, the sales rows as CSV/XLSX, and — for partners and
// officers — the upload of a sales report with its progress, summary line and rejected rows.
import { useEffect, useMemo, useState, type FormEvent } from 'react'
import { useSearchParams } from 'react-router'
import { api, hasPermission } from '../../../lib/api-client.ts'
import type { components } from '../../../lib/api.gen.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { useLoad } from '../../../lib/use-load.ts'
import { useMe } from '../../../app/session.tsx'
import { CheckboxField, ErrorAlert, Loading, PageHeader, SelectField, TextField } from '../../../components/ui.tsx'
import { MarketplaceNav } from '../MarketplaceNav.tsx'
import { useMarketplaces, useParamUpdate, useProvinces } from '../hooks.ts'

type Summary = components['schemas']['MarketplaceSalesSummary']
type SalesImport = components['schemas']['MarketplaceSalesImport']

export function useMoney() {
  const { lang } = useI18n()
  const nf = new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-GB', { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 })
  return (n: number) => nf.format(n)
}

/** Bars of GMV per month (the table holds the numbers; the chart is a picture of them). */
export function MonthBars({ months }: { months: Summary['byMonth'] }) {
  const { t } = useI18n()
  const money = useMoney()
  const max = Math.max(1, ...months.map((m) => m.gmvIdr))
  const width = Math.max(months.length * 40, 200)
  return (
    <figure className="sales-chart">
      <svg viewBox={`0 0 ${width} 140`} role="img" aria-label={t('sales.chartLabel')} style={{ width: '100%', maxWidth: `${width * 1.5}px`, height: 'auto' }}>
        {months.map((m, i) => {
          const h = Math.round((m.gmvIdr / max) * 110)
          return (
            <g key={m.month}>
              <rect x={i * 40 + 6} y={120 - h} width={28} height={h} fill="currentColor" opacity={0.75}>
                <title>{`${m.month}: ${money(m.gmvIdr)}`}</title>
              </rect>
              <text x={i * 40 + 20} y={135} fontSize="9" textAnchor="middle">
                {m.month.slice(2)}
              </text>
            </g>
          )
        })}
      </svg>
      <figcaption className="muted">{t('sales.chart')}</figcaption>
    </figure>
  )
}

export function SalesPage() {
  const { t } = useI18n()
  useTitle(t('sales.title'))
  const me = useMe()
  const [params] = useSearchParams()
  const update = useParamUpdate()
  const marketplaces = useMarketplaces()
  const provinces = useProvinces()
  const provinceNames = useMemo(() => new Map(provinces.map((p) => [p.code, p.name])), [provinces])
  const money = useMoney()
  const filter = {
    marketplace: params.get('marketplace') || undefined,
    province: params.get('province') || undefined,
    from: params.get('from') || undefined,
    to: params.get('to') || undefined,
  }
  const key = JSON.stringify(filter)
  const summary = useLoad(() => api.marketplaceSales.summary(filter), key)
  const data = summary.data
  const rows = (data?.rows ?? []).filter((r) => r.storesOnboarded > 0 || r.storesReporting > 0)

  return (
    <>
      <PageHeader title={t('sales.title')} intro={t('sales.intro')} />
      <MarketplaceNav />
      <section className="panel" aria-labelledby="sales-filters">
        <h2 id="sales-filters">{t('sales.filters')}</h2>
        <div className="filters">
          <SelectField label={t('sales.marketplace')} value={filter.marketplace ?? ''} onChange={(e) => update({ marketplace: e.target.value })}>
            <option value="">{t('sales.all')}</option>
            {marketplaces.map((m) => (
              <option key={m.code} value={m.code}>
                {m.name}
              </option>
            ))}
          </SelectField>
          {me.role === 'regional_officer' || me.role === 'firm_owner' ? null : (
            <SelectField label={t('sales.province')} value={filter.province ?? ''} onChange={(e) => update({ province: e.target.value })}>
              <option value="">{t('sales.all')}</option>
              {provinces.map((p) => (
                <option key={p.code} value={p.code}>
                  {p.name}
                </option>
              ))}
            </SelectField>
          )}
          <TextField label={t('sales.from')} type="month" value={filter.from ?? data?.from ?? ''} onChange={(e) => update({ from: e.target.value })} />
          <TextField label={t('sales.to')} type="month" value={filter.to ?? data?.to ?? ''} onChange={(e) => update({ to: e.target.value })} />
        </div>
      </section>
      <ErrorAlert error={summary.error} />
      {summary.loading && !data ? <Loading /> : null}
      {data ? (
        <>
          <MonthBars months={data.byMonth} />
          <p className="export-links">
            <a className="button button-secondary button-small" href={api.marketplaceSales.exportUrl({ ...filter, from: data.from, to: data.to }, 'csv')} download>
              {t('sales.download')} (CSV)
            </a>{' '}
            <a className="button button-secondary button-small" href={api.marketplaceSales.exportUrl({ ...filter, from: data.from, to: data.to }, 'xlsx')} download>
              {t('sales.download')} (XLSX)
            </a>
          </p>
          <section aria-labelledby="sales-table">
            <h2 id="sales-table">{t('sales.table')}</h2>
            {rows.length === 0 ? (
              <p>{t('sales.empty')}</p>
            ) : (
              <div className="table-wrap">
                <table className="data-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('sales.col.marketplace')}</th>
                      <th scope="col">{t('sales.col.province')}</th>
                      <th scope="col">{t('sales.col.month')}</th>
                      <th scope="col" className="num">{t('sales.col.gmv')}</th>
                      <th scope="col" className="num">{t('sales.col.orders')}</th>
                      <th scope="col" className="num">{t('sales.col.onboarded')}</th>
                      <th scope="col" className="num">{t('sales.col.selling')}</th>
                      <th scope="col" className="num">{t('sales.col.share')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr key={`${r.marketplaceCode}|${r.provinceCode}|${r.month}`}>
                        <td>{marketplaces.find((m) => m.code === r.marketplaceCode)?.name ?? r.marketplaceCode}</td>
                        <td>{provinceNames.get(r.provinceCode) ?? r.provinceCode}</td>
                        <td>{r.month}</td>
                        <td className="num">{money(r.gmvIdr)}</td>
                        <td className="num">{r.orders}</td>
                        <td className="num">{r.storesOnboarded}</td>
                        <td className="num">{r.storesSelling}</td>
                        <td className="num">{r.sellingSharePct === null ? '—' : `${r.sellingSharePct} %`}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      ) : null}
      {hasPermission(me, 'marketplace.sales.report') ? <SalesUpload onDone={summary.reload} /> : null}
    </>
  )
}

function SalesUpload({ onDone }: { onDone: () => void }) {
  const { t } = useI18n()
  const me = useMe()
  const marketplaces = useMarketplaces()
  const [file, setFile] = useState<File | null>(null)
  const [marketplace, setMarketplace] = useState('')
  const [dryRun, setDryRun] = useState(false)
  const [sent, setSent] = useState<number | null>(null)
  const [job, setJob] = useState<SalesImport | null>(null)
  const [error, setError] = useState<unknown>(null)
  const partner = me.role === 'marketplace_partner'

  // Follows the import until it ends.
  useEffect(() => {
    if (!job || job.status === 'done' || job.status === 'failed') return
    const timer = setTimeout(() => {
      api.marketplaceSales
        .getImport(job.id)
        .then((next) => {
          setJob(next)
          if (next.status === 'done') onDone()
        })
        .catch(setError)
    }, 500)
    return () => clearTimeout(timer)
  }, [job, onDone])

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!file) return
    setError(null)
    setJob(null)
    setSent(0)
    try {
      const total = file.size || 1
      setJob(await api.marketplaceSales.upload(file, { marketplace: partner ? undefined : marketplace, dryRun }, (bytes) => setSent(Math.min(100, Math.round((bytes / total) * 100)))))
    } catch (reason) {
      setError(reason)
    } finally {
      setSent(null)
    }
  }

  const summaryText = job ? t('sales.upload.summary', { ...job.summary }) : ''
  return (
    <section className="panel" aria-labelledby="sales-upload">
      <h2 id="sales-upload">{t('sales.upload.title')}</h2>
      <p className="muted">{t('sales.upload.intro')}</p>
      <form onSubmit={submit}>
        <TextField label={t('sales.upload.file')} type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={(e) => setFile(e.target.files?.[0] ?? null)} required />
        {partner ? null : (
          <SelectField label={t('sales.upload.marketplace')} value={marketplace} onChange={(e) => setMarketplace(e.target.value)} required>
            <option value="">{t('sales.upload.choose')}</option>
            {marketplaces.map((m) => (
              <option key={m.code} value={m.code}>
                {m.name}
              </option>
            ))}
          </SelectField>
        )}
        <CheckboxField label={t('sales.upload.dryRun')} checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} />
        <button type="submit" className="button" disabled={!file || sent !== null || (!!job && job.status !== 'done' && job.status !== 'failed')}>
          {t('sales.upload.submit')}
        </button>
      </form>
      <ErrorAlert error={error} />
      <div role="status" aria-live="polite">
        {sent !== null ? (
          <p>
            {t('sales.upload.sending', { pct: sent })} <progress max={100} value={sent} />
          </p>
        ) : null}
        {job && (job.status === 'queued' || job.status === 'running') ? (
          <p>
            {t('sales.upload.running', { pct: Math.round(job.progress * 100), rows: job.processedRows })} <progress max={1} value={job.progress} />
          </p>
        ) : null}
        {job?.status === 'done' ? <p className="alert alert-success">{t(job.dryRun ? 'sales.upload.dryDone' : 'sales.upload.done', { summary: summaryText })}</p> : null}
        {job?.status === 'failed' ? <p className="alert alert-error">{t('sales.upload.failed', { message: job.error?.message ?? '' })}</p> : null}
        {job && job.status === 'done' && job.summary.rejected > 0 ? (
          <a className="button button-secondary button-small" href={api.marketplaceSales.errorsUrl(job.id)} download>
            {t('sales.upload.errors')}
          </a>
        ) : null}
      </div>
    </section>
  )
}
