import { useCallback, useEffect, useMemo, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { api } from '../../../lib/api-client.ts'
import type { components } from '../../../lib/api.gen.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { useMe } from '../../../app/session.tsx'
import { ErrorAlert, PageHeader } from '../../../components/ui.tsx'
import { DataTable } from '../../../components/DataTable.tsx'
import { DashboardFilters, apiFilterOf, paramsOfState, stateOf, useAreaNames, useNumberFormat, type DashboardState } from '../components/DashboardFilters.tsx'

type Candidate = components['schemas']['TriageCandidatePage']['items'][number]
const PROGRAMMES = ['marketplace', 'raw_materials', 'financing', 'export'] as const
type Programme = (typeof PROGRAMMES)[number]
const REASONS = ['sales_drop', 'workers_sent_home', 'workers_unpaid', 'workers_laid_off', 'material_shortfall', 'export_held'] as const

/** Ranked candidate firms per programme, with severity and reasons in words; XLSX/CSV export. */
export function TriagePage() {
  const { t } = useI18n()
  useTitle(t('triage.title'))
  const me = useMe()
  const format = useNumberFormat()
  const [params, setParams] = useSearchParams()
  const lockedProvince = me.role === 'regional_officer' ? (me.organisation.provinceCode ?? null) : null
  const lockedRegency = me.role === 'regional_officer' ? (me.organisation.regencyCode ?? null) : null
  const raw = stateOf(params)
  const state: DashboardState = { ...raw, province: lockedProvince ?? raw.province, regency: lockedRegency ?? raw.regency }
  const programmeParam = params.get('programme') as Programme
  const programme: Programme = PROGRAMMES.includes(programmeParam) ? programmeParam : 'marketplace'
  const { provinces, regencies } = useAreaNames(state.province)
  const provinceNames = useMemo(() => new Map(provinces.map((p) => [p.code, p.name])), [provinces])
  const filter = apiFilterOf(state)
  const key = `${programme}|${paramsOfState(filter).toString()}`
  const [items, setItems] = useState<Candidate[]>([])
  const [next, setNext] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<unknown>(undefined)

  const update = useCallback(
    (patch: Partial<DashboardState> & { programme?: Programme }) => {
      setParams(
        (current) => {
          const { programme: p, ...rest } = patch
          return paramsOfState({ ...stateOf(current), ...rest, round: '' }, { programme: p ?? current.get('programme') ?? undefined })
        },
        { replace: true },
      )
    },
    [setParams],
  )

  useEffect(() => {
    let current = true
    setLoading(true)
    setError(undefined)
    api.dashboard
      .candidates({ programme, ...filter, limit: 50 })
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
    // The key holds every input of the request.
  }, [key])

  async function loadMore() {
    if (!next) return
    setLoading(true)
    try {
      const page = await api.dashboard.candidates({ programme, ...filter, cursor: next, limit: 50 })
      setItems((list) => [...list, ...page.items])
      setNext(page.nextCursor)
    } catch (e) {
      setError(e)
    } finally {
      setLoading(false)
    }
  }

  const reasonText = (r: Candidate['reasons'][number]) => {
    const code = r.code as (typeof REASONS)[number]
    return REASONS.includes(code) ? t(`triage.reason.${code}`, r as Record<string, string | number>) : r.code
  }
  const needLabel = (n: string) => (['marketing', 'raw_materials', 'financing', 'export', 'other'].includes(n) ? t(`dashboard.need.${n as 'other'}`) : n)
  const programmeName = t(`triage.programme.${programme}`)

  return (
    <>
      <PageHeader title={t('triage.title')} intro={t('triage.intro')} />
      <nav aria-label={t('triage.programmes')} className="programme-tabs">
        <ul>
          {PROGRAMMES.map((p) => (
            <li key={p}>
              <button type="button" className={p === programme ? 'tab active' : 'tab'} aria-pressed={p === programme} onClick={() => update({ programme: p })}>
                {t(`triage.programme.${p}`)}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <DashboardFilters
        state={state}
        rounds={[]}
        provinces={provinces}
        regencies={regencies}
        lockedProvince={lockedProvince}
        lockedRegency={lockedRegency}
        onChange={update}
        hideRound
      />
      <div className="export-links">
        <a className="button button-secondary button-small" href={api.dashboard.candidatesExportUrl({ programme, ...filter, format: 'xlsx' })} download>
          {t('triage.exportXlsx')}
        </a>
        <a className="button button-secondary button-small" href={api.dashboard.candidatesExportUrl({ programme, ...filter, format: 'csv' })} download>
          {t('triage.exportCsv')}
        </a>
      </div>
      <ErrorAlert error={error} />
      <DataTable
        label={t('triage.list', { programme: programmeName })}
        count={loading && items.length === 0 ? t('app.loading') : t('triage.count', { n: format(items.length) })}
        columns={[t('triage.rank'), t('triage.firm'), t('triage.region'), t('triage.score'), t('triage.severity'), t('triage.reasons'), t('triage.needs')]}
        rows={items.map((item, index) => ({ item, index }))}
        empty={loading ? undefined : t('triage.empty')}
        renderRow={({ item: c, index }) => (
          <tr key={c.firmId}>
            <td className="numeric">{index + 1}</td>
            <td>
              <Link to={`/firms/${c.firmId}`}>{c.name}</Link>
            </td>
            <td>
              {provinceNames.get(c.provinceCode) ?? c.provinceCode} · {c.regencyCode}
            </td>
            <td className="numeric">{format(c.score)}</td>
            <td>
              <span className="severity" style={{ ['--severity' as string]: `${c.severity}%` }}>
                {t('triage.severityLevel', { n: c.severity })}
              </span>
            </td>
            <td>{c.reasons.map(reasonText).join('; ')}</td>
            <td>{c.needs.map(needLabel).join(', ')}</td>
          </tr>
        )}
      />
      {next ? (
        <div className="list-footer">
          <button type="button" className="button button-secondary" disabled={loading} onClick={loadMore}>
            {t('common.loadMore')}
          </button>
        </div>
      ) : null}
    </>
  )
}
