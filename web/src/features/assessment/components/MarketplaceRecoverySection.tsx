// The national dashboard's section on marketplace sales recovery: for the latest month reported
// (within the dashboard's province filter and the viewer's scope) the GMV, orders, the share of
// open stores selling and the firms' recovery against their pre-crisis turnover, with the months
// before as a bar chart and a row per marketplace.
import { Link } from 'react-router'
import { api } from '../../../lib/api-client.ts'
import { useI18n } from '../../../lib/i18n-react.tsx'
import { useLoad } from '../../../lib/use-load.ts'
import { ErrorAlert } from '../../../components/ui.tsx'
import { MonthBars, useMoney } from '../../marketplace/sales/SalesPage.tsx'
import { useNumberFormat } from './DashboardFilters.tsx'

export function MarketplaceRecoverySection({ province }: { province?: string }) {
  const { t } = useI18n()
  const money = useMoney()
  const format = useNumberFormat()
  const summary = useLoad(() => api.marketplaceSales.summary(province ? { province } : {}), province ?? '')
  const data = summary.data
  const latest = data?.byMonth.at(-1)
  const hasAny = !!data && data.byMonth.some((m) => m.storesOnboarded > 0 || m.storesReporting > 0)
  const perMarketplace = (data?.byMarketplace ?? []).filter((r) => r.month === latest?.month && (r.storesOnboarded > 0 || r.storesReporting > 0))
  return (
    <section className="panel dashboard-panel" aria-labelledby="marketplace-recovery-heading" data-section="marketplace-recovery">
      <h2 id="marketplace-recovery-heading">{t('recovery.title')}</h2>
      <p className="muted">{t('recovery.intro')}</p>
      <ErrorAlert error={summary.error} />
      {data && !hasAny ? <p>{t('recovery.none')}</p> : null}
      {data && latest && hasAny ? (
        <>
          <p>{t('recovery.month', { month: latest.month })}</p>
          <ul className="figure-cards">
            <li className="figure-card" data-figure="marketplace-gmv">
              <span className="figure-label">{t('recovery.gmv')}</span>
              <span className="figure-value">{money(latest.gmvIdr)}</span>
            </li>
            <li className="figure-card" data-figure="marketplace-orders">
              <span className="figure-label">{t('recovery.orders')}</span>
              <span className="figure-value">{format(latest.orders)}</span>
            </li>
            <li className="figure-card" data-figure="marketplace-selling">
              <span className="figure-label">{t('recovery.share')}</span>
              <span className="figure-value">{latest.sellingSharePct === null ? '—' : `${format(latest.sellingSharePct)} %`}</span>
              <span className="figure-note">{t('recovery.shareOf', { selling: format(latest.storesSelling), onboarded: format(latest.storesOnboarded) })}</span>
            </li>
            <li className="figure-card" data-figure="marketplace-recovery">
              <span className="figure-label">{t('recovery.median')}</span>
              <span className="figure-value">{latest.recoveryPctMedian === null ? '—' : `${format(latest.recoveryPctMedian)} %`}</span>
              <span className="figure-note">{t('recovery.medianOf', { n: format(latest.firmsWithBaseline) })}</span>
            </li>
            <li className="figure-card" data-figure="marketplace-recovered">
              <span className="figure-label">{t('recovery.recovered')}</span>
              <span className="figure-value">{format(latest.firmsRecovered)}</span>
            </li>
          </ul>
          <MonthBars months={data.byMonth} />
          {perMarketplace.length > 0 ? (
            <div className="table-wrap">
              <table className="data-table">
                <caption>{t('recovery.byMarketplace')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('sales.col.marketplace')}</th>
                    <th scope="col" className="num">{t('sales.col.gmv')}</th>
                    <th scope="col" className="num">{t('sales.col.orders')}</th>
                    <th scope="col" className="num">{t('sales.col.onboarded')}</th>
                    <th scope="col" className="num">{t('sales.col.share')}</th>
                  </tr>
                </thead>
                <tbody>
                  {perMarketplace.map((r) => (
                    <tr key={r.marketplaceCode}>
                      <td>{r.marketplaceCode}</td>
                      <td className="num">{money(r.gmvIdr)}</td>
                      <td className="num">{format(r.orders)}</td>
                      <td className="num">{format(r.storesOnboarded)}</td>
                      <td className="num">{r.sellingSharePct === null ? '—' : `${format(r.sellingSharePct)} %`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      ) : null}
      <p>
        <Link to={`/marketplace/sales${province ? `?province=${encodeURIComponent(province)}` : ''}`}>{t('recovery.details')}</Link>
      </p>
    </section>
  )
}
