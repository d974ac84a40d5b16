import { useEffect, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { api } from '../../../lib/api-client.ts'
import type { components } from '../../../lib/api.gen.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { useMe } from '../../../app/session.tsx'
import { ErrorAlert, Loading, Notice, PageHeader, SelectField, TextField } from '../../../components/ui.tsx'
import { TableRegion } from '../../../components/DataTable.tsx'
import { MarketplaceNav } from '../MarketplaceNav.tsx'
import { useMarketplaces, useParamUpdate, useProvinces } from '../hooks.ts'

type FunnelRow = components['schemas']['MarketplaceFunnel']['items'][number]

/** The onboarding funnel per marketplace: reached, now, conversion and days per stage, with links to the stuck lists. */
export function FunnelPage() {
  const { t, lang } = useI18n()
  useTitle(t('marketplace.funnel.title'))
  const me = useMe()
  const number = new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-GB', { maximumFractionDigits: 1 })
  const [params] = useSearchParams()
  const marketplaces = useMarketplaces()
  const provinces = useProvinces()
  const setParam = useParamUpdate()
  const lockedProvince = me.role === 'regional_officer' ? (me.organisation.provinceCode ?? '') : ''
  const query = {
    marketplace: params.get('marketplace') || undefined,
    province: lockedProvince || params.get('province') || undefined,
    from: params.get('from') || undefined,
    to: params.get('to') || undefined,
  }
  const key = JSON.stringify(query)
  const [rows, setRows] = useState<FunnelRow[] | null>(null)
  const [error, setError] = useState<unknown>(undefined)

  useEffect(() => {
    let current = true
    setRows(null)
    setError(undefined)
    api.pipeline
      .funnel(query)
      .then((body) => current && setRows(body.items))
      .catch((e: unknown) => current && setError(e))
    return () => {
      current = false
    }
    // The key holds every input of the request.
  }, [key])

  const update = (name: string, value: string) => setParam({ [name]: value })
  const nameOf = (code: string) => marketplaces.find((m) => m.code === code)?.name ?? code
  const pct = (value: number | null) => (value === null ? '—' : `${number.format(value)} %`)
  const days = (value: number | null) => (value === null ? '—' : number.format(value))

  return (
    <>
      <PageHeader title={t('marketplace.funnel.title')} intro={t('marketplace.funnel.intro')} />
      <MarketplaceNav />
      <div className="filters">
        {me.role !== 'marketplace_partner' ? (
          <SelectField label={t('marketplace.marketplace')} value={query.marketplace ?? ''} onChange={(e) => update('marketplace', e.target.value)}>
            <option value="">{t('marketplace.allMarketplaces')}</option>
            {marketplaces.map((m) => (
              <option key={m.code} value={m.code}>
                {m.name}
              </option>
            ))}
          </SelectField>
        ) : null}
        <SelectField label={t('marketplace.province')} value={query.province ?? ''} disabled={!!lockedProvince} onChange={(e) => update('province', e.target.value)}>
          <option value="">{t('marketplace.allProvinces')}</option>
          {provinces.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </SelectField>
        <TextField label={t('marketplace.funnel.from')} type="date" value={query.from ?? ''} onChange={(e) => update('from', e.target.value)} />
        <TextField label={t('marketplace.funnel.to')} type="date" value={query.to ?? ''} onChange={(e) => update('to', e.target.value)} />
      </div>
      <ErrorAlert error={error} />
      {rows === null && !error ? <Loading /> : null}
      {rows?.length === 0 ? <Notice>{t('marketplace.funnel.empty')}</Notice> : null}
      {rows?.map((row) => {
        const widest = Math.max(1, row.nominations)
        return (
          <section key={row.marketplaceCode} className="panel" aria-labelledby={`funnel-${row.marketplaceCode}`}>
            <h2 id={`funnel-${row.marketplaceCode}`}>
              {nameOf(row.marketplaceCode)} <span className="muted">({t('marketplace.funnel.nominations', { n: number.format(row.nominations) })})</span>
            </h2>
            <TableRegion
              label={nameOf(row.marketplaceCode)}
              columns={[t('marketplace.stage'), t('marketplace.funnel.reached'), t('marketplace.funnel.current'), t('marketplace.funnel.conversion'), t('marketplace.funnel.daysMedian'), t('marketplace.funnel.daysMean')]}
            >
              {row.stages.map((s) => (
                <tr key={s.stage} data-stage={s.stage}>
                  <td>
                    {t(`marketplace.stage.${s.stage}`)}
                    <span className="bar" aria-hidden="true" style={{ ['--bar' as string]: `${(s.reached / widest) * 100}%` }} />
                  </td>
                  <td className="numeric">{number.format(s.reached)}</td>
                  <td className="numeric">
                    {s.current > 0 ? (
                      <Link to={`/marketplace?${new URLSearchParams({ marketplace: row.marketplaceCode, stage: s.stage, stuckDays: '30' }).toString()}`} title={t('marketplace.funnel.stuck')}>
                        {number.format(s.current)}
                      </Link>
                    ) : (
                      number.format(s.current)
                    )}
                  </td>
                  <td className="numeric">{pct(s.conversionPct)}</td>
                  <td className="numeric">{days(s.daysMedian)}</td>
                  <td className="numeric">{days(s.daysMean)}</td>
                </tr>
              ))}
            </TableRegion>
          </section>
        )
      })}
    </>
  )
}
