import { useEffect, useMemo, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { api } from '../../../lib/api-client.ts'
import type { components } from '../../../lib/api.gen.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { useMe } from '../../../app/session.tsx'
import { ErrorAlert, PageHeader } from '../../../components/ui.tsx'
import { DataTable } from '../../../components/DataTable.tsx'
import { apiFilterOf, paramsOfState, stateOf, useAreaNames, useNumberFormat } from './DashboardFilters.tsx'

type FigureFirm = components['schemas']['AssessmentFigureFirms']['items'][number]
type Figure = NonNullable<Parameters<typeof api.dashboard.firms>[1]>['figure']
const FIGURES = ['assessed', 'with_baseline', 'drop_50', 'drop_bin', 'no_drop', 'sent_home', 'sent_home_unpaid', 'laid_off', 'material_shortfall', 'export_held', 'need'] as const
const PAGE = 50

/** The firms behind one figure of the dashboard (same round and filter), paged with "load more". */
export function DashboardFirmsPage() {
  const { t } = useI18n()
  const me = useMe()
  const format = useNumberFormat()
  const [params] = useSearchParams()
  const state = stateOf(params)
  if (me.role === 'regional_officer' && me.organisation.provinceCode) state.province = me.organisation.provinceCode
  const figureParam = params.get('figure') ?? 'assessed'
  const figure: Figure = (FIGURES as readonly string[]).includes(figureParam) ? (figureParam as Figure) : 'assessed'
  const bin = params.get('bin') === null ? undefined : Number(params.get('bin'))
  const material = params.get('material') ?? undefined
  const country = params.get('country') ?? undefined
  const need = params.get('need') ?? undefined
  const { provinces, regencies } = useAreaNames(state.province)
  const provinceNames = useMemo(() => new Map(provinces.map((p) => [p.code, p.name])), [provinces])
  const regencyNames = useMemo(() => new Map(regencies.map((r) => [r.code, r.name])), [regencies])
  const needLabel = (n: string) => (['marketing', 'raw_materials', 'financing', 'export', 'other'].includes(n) ? t(`dashboard.need.${n as 'other'}`) : n)
  const title =
    figure === 'drop_bin' && bin !== undefined
      ? t('dashboard.figure.drop_bin', { from: bin * 10, to: bin * 10 + 10 })
      : figure === 'material_shortfall' && material
        ? t('dashboard.figure.material', { material })
        : figure === 'export_held' && country
          ? t('dashboard.figure.country', { country })
          : figure === 'need'
            ? t('dashboard.figure.need', { need: needLabel(need ?? '') })
            : t(`dashboard.figure.${figure as 'assessed'}`)
  useTitle(title)
  const area = [state.province ? provinceNames.get(state.province) ?? state.province : '', state.regency ? regencyNames.get(state.regency) ?? state.regency : '']
    .filter(Boolean)
    .join(', ')

  const [items, setItems] = useState<FigureFirm[]>([])
  const [next, setNext] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<unknown>(undefined)
  const key = params.toString()
  const query = { ...apiFilterOf(state), figure, bin, material, country, need, limit: PAGE }

  useEffect(() => {
    let current = true
    setLoading(true)
    setItems([])
    api.dashboard
      .firms(state.round, query)
      .then((page) => {
        if (!current) return
        setItems(page.items)
        setNext(page.nextCursor)
      })
      .catch((e: unknown) => current && setError(e))
      .finally(() => current && setLoading(false))
    return () => {
      current = false
    }
  }, [key])

  async function loadMore() {
    if (!next) return
    setLoading(true)
    try {
      const page = await api.dashboard.firms(state.round, { ...query, cursor: next })
      setItems((list) => [...list, ...page.items])
      setNext(page.nextCursor)
    } catch (e) {
      setError(e)
    } finally {
      setLoading(false)
    }
  }

  const back = `/dashboard?${paramsOfState(state).toString()}`
  return (
    <>
      <PageHeader title={title} intro={area || undefined}>
        <p>
          <Link to={back}>← {t('dashboard.drill.back')}</Link>
        </p>
      </PageHeader>
      <ErrorAlert error={error} />
      <DataTable
        label={t('dashboard.drill.list')}
        count={loading && items.length === 0 ? t('app.loading') : t('dashboard.drill.count', { n: format(items.length) })}
        columns={[
          t('dashboard.drill.name'),
          t('dashboard.drill.region'),
          t('dashboard.drill.salesChange'),
          t('dashboard.drill.workersBefore'),
          t('dashboard.drill.sentHome'),
          t('dashboard.drill.laidOff'),
          t('dashboard.drill.needs'),
        ]}
        rows={items}
        empty={loading ? undefined : t('dashboard.none')}
        renderRow={(f) => (
          <tr key={f.firmId}>
            <td>
              <Link to={`/firms/${f.firmId}`}>{f.name}</Link>
            </td>
            <td>{provinceNames.get(f.provinceCode) ?? f.provinceCode} · {regencyNames.get(f.regencyCode) ?? f.regencyCode}</td>
            <td className="numeric">{f.salesChangePct === null ? '—' : `${format(f.salesChangePct)} %`}</td>
            <td className="numeric">{format(f.workersBefore)}</td>
            <td className="numeric">{format(f.workersSentHome)}</td>
            <td className="numeric">{format(f.laidOff)}</td>
            <td>{f.needs.map(needLabel).join(', ')}</td>
          </tr>
        )}
      />
      {next ? (
        <div className="list-footer">
          <button type="button" className="button button-secondary" disabled={loading} onClick={loadMore}>
            {t('dashboard.drill.more')}
          </button>
        </div>
      ) : null}
    </>
  )
}
