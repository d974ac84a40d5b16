import { useCallback, useMemo } from 'react'
import { Link, useSearchParams } from 'react-router'
import { api } from '../../../lib/api-client.ts'
import type { components } from '../../../lib/api.gen.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { useLoad } from '../../../lib/use-load.ts'
import { useMe } from '../../../app/session.tsx'
import { ErrorAlert, Loading, PageHeader, SelectField } from '../../../components/ui.tsx'
import { DashboardFilters, MEASURES, apiFilterOf, paramsOfState, stateOf, useAreaNames, useNumberFormat, type DashboardState, type Measure } from '../components/DashboardFilters.tsx'
import { DashboardMap } from '../components/DashboardMap.tsx'
import { AreaTable, FigureLink, Histogram, SummaryTables, Workers, type FigureRef } from '../components/DashboardCharts.tsx'
import { MarketplaceRecoverySection } from '../components/MarketplaceRecoverySection.tsx'

type Summary = components['schemas']['AssessmentSummary']

/** The change from the previous round: ▲/▼ with the number, in words for screen readers. */
function Change({ now, before, unit }: { now: number | null; before: number | null | undefined; unit: 'count' | 'points' }) {
  const { t } = useI18n()
  const format = useNumberFormat()
  if (now === null || before === null || before === undefined) return null
  const delta = Math.round((now - before) * 10) / 10
  const word = delta > 0 ? t('dashboard.up') : delta < 0 ? t('dashboard.down') : t('dashboard.same')
  const arrow = delta > 0 ? '▲' : delta < 0 ? '▼' : '='
  return (
    <span className={`change ${delta > 0 ? 'change-up' : delta < 0 ? 'change-down' : ''}`}>
      <span aria-hidden="true">{arrow}</span> <span className="sr-only">{word}</span> {format(Math.abs(delta))}
      {unit === 'points' ? ` ${t('dashboard.points')}` : ''}
    </span>
  )
}

export function DashboardPage() {
  const { t } = useI18n()
  useTitle(t('dashboard.title'))
  const me = useMe()
  const format = useNumberFormat()
  const [params, setParams] = useSearchParams()
  const lockedProvince = me.role === 'regional_officer' ? (me.organisation.provinceCode ?? null) : null
  const lockedRegency = me.role === 'regional_officer' ? (me.organisation.regencyCode ?? null) : null
  const raw = stateOf(params)
  const rounds = useLoad(() => api.dashboard.rounds(), 'rounds')
  const roundList = rounds.data?.items ?? []
  const state: DashboardState = {
    ...raw,
    round: raw.round || roundList[0]?.id || '',
    province: lockedProvince ?? raw.province,
    regency: lockedRegency ?? raw.regency,
  }
  const { provinces, regencies } = useAreaNames(state.province)
  const provinceNames = useMemo(() => new Map(provinces.map((p) => [p.code, p.name])), [provinces])
  const regencyNames = useMemo(() => new Map(regencies.map((r) => [r.code, r.name])), [regencies])
  const filter = apiFilterOf(state)
  const key = `${state.round}|${paramsOfState(filter).toString()}`
  const board = useLoad(() => (state.round ? api.dashboard.get(state.round, filter) : Promise.resolve(null)), key)

  const update = useCallback(
    (patch: Partial<DashboardState>) => setParams((current) => paramsOfState({ ...stateOf(current), ...patch }), { replace: true }),
    [setParams],
  )

  if (rounds.error) return <ErrorAlert error={rounds.error} />
  if (rounds.loading && !rounds.data) return <Loading />
  const data = board.data
  const s = data?.summary
  const p = data?.previous ?? null
  const mapValues = new Map<string, number | null>(
    (data?.byProvince ?? []).map((a) => [
      a.code,
      state.measure === 'median' ? a.salesChangePctMedian : state.measure === 'responseRate' ? a.responseRatePct : a.firmsAssessed > 0 ? a.workersSentHome : null,
    ]),
  )
  const provinceName = lockedProvince ? provinceNames.get(lockedProvince) : undefined

  return (
    <>
      <PageHeader title={t('dashboard.title')} intro={t('dashboard.intro')} />
      {roundList.length === 0 ? (
        <p>{t('dashboard.noRounds')}</p>
      ) : (
        <>
          <DashboardFilters
            state={state}
            rounds={roundList}
            provinces={provinces}
            regencies={regencies}
            lockedProvince={lockedProvince}
            lockedRegency={lockedRegency}
            onChange={update}
          />
          {lockedProvince ? <p className="alert alert-info">{t('dashboard.scopeRegional', { area: provinceName ?? lockedProvince })}</p> : null}
          <div className="export-links dashboard-downloads">
            <span className="export-label">{t('dashboard.downloads')}:</span>
            <a className="button button-secondary button-small" href={api.dashboard.downloadUrl(state.round, 'xlsx', filter)} download>
              {t('dashboard.downloadXlsx')}
            </a>
            <a className="button button-secondary button-small" href={api.dashboard.downloadUrl(state.round, 'pdf', filter)} download>
              {t('dashboard.downloadPdf')}
            </a>
          </div>
          <ErrorAlert error={board.error} />
          <p className="muted" role="status">
            {board.loading ? t('dashboard.updating') : ''}
          </p>
          {s ? (
            <>
              <Headline summary={s} previous={p} state={state} format={format} />
              <section className="panel dashboard-panel" aria-labelledby="map-heading">
                <div className="panel-heading">
                  <h2 id="map-heading">{t('dashboard.map')}</h2>
                  <SelectField label={t('dashboard.measure')} value={state.measure} onChange={(e) => update({ measure: e.target.value as Measure })}>
                    {MEASURES.map((m) => (
                      <option key={m} value={m}>
                        {t(`dashboard.measure.${m}`)}
                      </option>
                    ))}
                  </SelectField>
                </div>
                <DashboardMap
                  values={mapValues}
                  measure={state.measure}
                  selected={state.province}
                  format={format}
                  onSelect={(code) => {
                    if (!lockedProvince) update({ province: code === state.province ? '' : code, regency: '' })
                  }}
                />
              </section>
              <div className="dashboard-grid">
                <Histogram summary={s} state={state} format={format} />
                <Workers summary={s} state={state} format={format} />
              </div>
              {data.byRegency ? (
                <AreaTable
                  title={t('dashboard.byRegency')}
                  rows={data.byRegency}
                  names={regencyNames}
                  state={state}
                  level="regency"
                  format={format}
                  onChoose={lockedRegency ? undefined : (code) => update({ regency: code })}
                />
              ) : null}
              <AreaTable
                title={t('dashboard.byProvince')}
                rows={data.byProvince}
                names={provinceNames}
                state={state}
                level="province"
                format={format}
                onChoose={lockedProvince ? undefined : (code) => update({ province: code, regency: '' })}
              />
              <SummaryTables summary={s} state={state} format={format} />
              {me.permissions.includes('marketplace.sales.read') ? <MarketplaceRecoverySection province={state.province || undefined} /> : null}
            </>
          ) : null}
        </>
      )}
    </>
  )
}

function Headline({ summary: s, previous: p, state, format }: { summary: Summary; previous: Summary | null; state: DashboardState; format: (n: number | null | undefined) => string }) {
  const { t } = useI18n()
  const firmsLink = `/firms?${new URLSearchParams(
    Object.entries({ province: state.province, regency: state.regency, kbli: state.kbli === '--' ? '' : state.kbli, sizeClass: state.size }).filter(([, v]) => v),
  ).toString()}`
  const pctText = (n: number | null) => (n === null ? '—' : `${format(n)} %`)
  const cards: Array<{ key: string; label: string; value: string; now: number | null; before: number | null | undefined; unit: 'count' | 'points'; to: FigureRef | null; note?: string }> = [
    { key: 'assessed', label: t('dashboard.fig.firmsAssessed'), value: format(s.firmsAssessed), now: s.firmsAssessed, before: p?.firmsAssessed, unit: 'count', to: { figure: 'assessed' } },
    { key: 'response', label: t('dashboard.fig.responseRate'), value: pctText(s.responseRatePct), now: s.responseRatePct, before: p?.responseRatePct, unit: 'points', to: { figure: 'assessed' } },
    {
      key: 'median',
      label: t('dashboard.fig.median'),
      value: pctText(s.salesChangePct.median),
      now: s.salesChangePct.median,
      before: p?.salesChangePct.median,
      unit: 'points',
      to: { figure: 'with_baseline' },
      note: t('dashboard.fig.withBaseline', { n: format(s.firmsWithBaseline) }),
    },
    { key: 'mean', label: t('dashboard.fig.mean'), value: pctText(s.salesChangePct.mean), now: s.salesChangePct.mean, before: p?.salesChangePct.mean, unit: 'points', to: { figure: 'with_baseline' } },
    { key: 'drop50', label: t('dashboard.fig.drop50'), value: format(s.firmsWithSalesDrop50PctOrMore), now: s.firmsWithSalesDrop50PctOrMore, before: p?.firmsWithSalesDrop50PctOrMore, unit: 'count', to: { figure: 'drop_50' } },
    { key: 'sentHome', label: t('dashboard.fig.sentHome'), value: format(s.workers.sentHome), now: s.workers.sentHome, before: p?.workers.sentHome, unit: 'count', to: { figure: 'sent_home' } },
    { key: 'laidOff', label: t('dashboard.fig.laidOff'), value: format(s.workers.laidOff), now: s.workers.laidOff, before: p?.workers.laidOff, unit: 'count', to: { figure: 'laid_off' } },
    { key: 'materials', label: t('dashboard.fig.firmsMaterialShortfall'), value: format(s.firmsMaterialShortfall), now: s.firmsMaterialShortfall, before: p?.firmsMaterialShortfall, unit: 'count', to: { figure: 'material_shortfall' } },
    { key: 'exports', label: t('dashboard.fig.firmsExportHeld'), value: format(s.firmsExportHeld), now: s.firmsExportHeld, before: p?.firmsExportHeld, unit: 'count', to: { figure: 'export_held' } },
    { key: 'registry', label: t('dashboard.fig.firmsInRegistry'), value: format(s.firmsInRegistry), now: s.firmsInRegistry, before: p?.firmsInRegistry, unit: 'count', to: null },
  ]
  return (
    <section aria-labelledby="headline-heading" className="dashboard-headline">
      <h2 id="headline-heading">{t('dashboard.headline')}</h2>
      <p className="muted">{p ? t('dashboard.previousVs', { name: p.round.name }) : t('dashboard.previousNone')}</p>
      <ul className="figure-cards">
        {cards.map((c) => (
          <li key={c.key} className="figure-card" data-figure={c.key}>
            <span className="figure-label">{c.label}</span>
            {c.to ? (
              <FigureLink state={state} to={c.to} label={`${c.label}: ${c.value}. ${t('dashboard.seeFirms')}`}>
                <span className="figure-value">{c.value}</span>
              </FigureLink>
            ) : (
              <Link to={firmsLink} className="figure-link" aria-label={`${c.label}: ${c.value}. ${t('dashboard.seeFirms')}`}>
                <span className="figure-value">{c.value}</span>
              </Link>
            )}
            <Change now={c.now} before={c.before} unit={c.unit} />
            {c.note ? <span className="figure-note">{c.note}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  )
}
