import type { ReactNode } from 'react'
import { Link } from 'react-router'
import type { components } from '../../../lib/api.gen.ts'
import { useI18n } from '../../../lib/i18n-react.tsx'
import { TableRegion } from '../../../components/DataTable.tsx'
import { paramsOfState, type DashboardState } from './DashboardFilters.tsx'

type Summary = components['schemas']['AssessmentSummary']
type AreaRow = components['schemas']['AssessmentDashboard']['byProvince'][number]
type Format = (n: number | null | undefined) => string

export interface FigureRef {
  figure: string
  bin?: number
  material?: string
  country?: string
  need?: string
  province?: string
  regency?: string
}

/** The address of the list of firms behind a figure, with the dashboard's filter. */
export function firmsHref(state: DashboardState, ref: FigureRef): string {
  const { measure: _measure, ...rest } = state
  void _measure
  const base = { ...rest, ...(ref.province !== undefined ? { province: ref.province, regency: ref.regency ?? '' } : {}) }
  return `/dashboard/firms?${paramsOfState(base, { figure: ref.figure, bin: ref.bin, material: ref.material, country: ref.country, need: ref.need }).toString()}`
}

/** A number that links to the firms behind it. */
export function FigureLink({ state, to, label, children }: { state: DashboardState; to: FigureRef; label: string; children: ReactNode }) {
  return (
    <Link to={firmsHref(state, to)} className="figure-link" aria-label={label}>
      {children}
    </Link>
  )
}

export function Histogram({ summary, state, format }: { summary: Summary; state: DashboardState; format: Format }) {
  const { t } = useI18n()
  const bins = summary.histogram
  const max = Math.max(1, ...bins.map((b) => b.firms), summary.firmsWithoutDrop)
  const barWidth = 40
  const gap = 8
  const height = 160
  const all = [...bins.map((b, i) => ({ key: `bin${i}`, label: `${b.dropFrom}–${b.dropTo}`, firms: b.firms })), { key: 'none', label: '≤ 0', firms: summary.firmsWithoutDrop }]
  const width = all.length * (barWidth + gap)
  return (
    <section className="panel dashboard-panel" aria-labelledby="histogram-heading">
      <h2 id="histogram-heading">{t('dashboard.histogram')}</h2>
      <svg viewBox={`0 0 ${width} ${height + 36}`} className="histogram" role="img" aria-labelledby="histogram-title">
        <title id="histogram-title">
          {t('dashboard.histogramLabel')}: {all.map((b) => `${b.label} %: ${format(b.firms)}`).join('; ')}
        </title>
        {all.map((b, i) => {
          const h = Math.round((b.firms / max) * height)
          const x = i * (barWidth + gap)
          return (
            <g key={b.key}>
              <rect x={x} y={height - h} width={barWidth} height={Math.max(h, 1)} className={b.key === 'none' ? 'bar bar-none' : 'bar'} />
              <text x={x + barWidth / 2} y={height - h - 4} textAnchor="middle" className="bar-value">
                {format(b.firms)}
              </text>
              <text x={x + barWidth / 2} y={height + 16} textAnchor="middle" className="bar-label">
                {b.label}
              </text>
            </g>
          )
        })}
      </svg>
      <details className="details">
        <summary>{t('dashboard.histogramTable')}</summary>
        <TableRegion label={t('dashboard.histogram')} columns={[t('dashboard.drill.salesChange'), t('dashboard.firms')]}>
          {bins.map((b, i) => {
            const label = t('dashboard.dropRange', { from: b.dropFrom, to: b.dropTo })
            return (
              <tr key={i}>
                <td>{label}</td>
                <td className="numeric">
                  <FigureLink state={state} to={{ figure: 'drop_bin', bin: i }} label={`${label}: ${format(b.firms)} ${t('dashboard.firms')}`}>
                    {format(b.firms)}
                  </FigureLink>
                </td>
              </tr>
            )
          })}
          <tr>
            <td>{t('dashboard.fig.noDrop')}</td>
            <td className="numeric">
              <FigureLink state={state} to={{ figure: 'no_drop' }} label={`${t('dashboard.fig.noDrop')}: ${format(summary.firmsWithoutDrop)}`}>
                {format(summary.firmsWithoutDrop)}
              </FigureLink>
            </td>
          </tr>
        </TableRegion>
      </details>
    </section>
  )
}

export function Workers({ summary, state, format }: { summary: Summary; state: DashboardState; format: Format }) {
  const { t } = useI18n()
  const w = summary.workers
  const parts = [
    { key: 'working', value: w.working, className: 'seg-working' },
    { key: 'sentHomePaid', value: w.sentHomePaid, className: 'seg-paid' },
    { key: 'sentHomePartlyPaid', value: w.sentHomePartlyPaid, className: 'seg-partly' },
    { key: 'sentHomeUnpaid', value: w.sentHomeUnpaid, className: 'seg-unpaid' },
    { key: 'laidOff', value: w.laidOff, className: 'seg-laid-off' },
  ] as const
  const total = Math.max(1, w.before)
  const firmRows: Array<[string, number, string]> = [
    [t('dashboard.workersFirmsSentHome'), summary.firmsSentHome, 'sent_home'],
    [t('dashboard.workersFirmsUnpaid'), summary.firmsSentHomeUnpaid, 'sent_home_unpaid'],
    [t('dashboard.workersFirmsLaidOff'), summary.firmsLaidOff, 'laid_off'],
  ]
  return (
    <section className="panel dashboard-panel" aria-labelledby="workers-heading">
      <h2 id="workers-heading">{t('dashboard.workers')}</h2>
      <div className="stacked-bar" aria-hidden="true">
        {parts.map((p) => (p.value > 0 ? <span key={p.key} className={p.className} style={{ width: `${(p.value / total) * 100}%` }} /> : null))}
      </div>
      <dl className="worker-list">
        <div>
          <dt>{t('dashboard.workers.before')}</dt>
          <dd>{format(w.before)}</dd>
        </div>
        {parts.map((p) => (
          <div key={p.key}>
            <dt>
              <span className={`swatch ${p.className}`} aria-hidden="true" /> {t(`dashboard.workers.${p.key}`)}
            </dt>
            <dd>{format(p.value)}</dd>
          </div>
        ))}
      </dl>
      <ul className="plain-list">
        {firmRows.map(([label, n, figure]) => (
          <li key={figure}>
            {label}:{' '}
            <FigureLink state={state} to={{ figure }} label={`${label}: ${format(n)}`}>
              {format(n)}
            </FigureLink>
          </li>
        ))}
      </ul>
    </section>
  )
}

export function SummaryTables({ summary, state, format }: { summary: Summary; state: DashboardState; format: Format }) {
  const { t } = useI18n()
  const needLabel = (need: string) => (['marketing', 'raw_materials', 'financing', 'export', 'other'].includes(need) ? t(`dashboard.need.${need as 'other'}`) : need)
  return (
    <>
      <section className="panel dashboard-panel" aria-labelledby="needs-heading">
        <h2 id="needs-heading">{t('dashboard.needs')}</h2>
        <TableRegion label={t('dashboard.needs')} columns={[t('dashboard.need'), t('dashboard.needFirms'), t('dashboard.needFirst'), t('dashboard.needPoints')]}>
          {summary.needs.map((n) => (
            <tr key={n.need}>
              <td>{needLabel(n.need)}</td>
              <td className="numeric">
                <FigureLink state={state} to={{ figure: 'need', need: n.need }} label={`${needLabel(n.need)}: ${format(n.firms)} ${t('dashboard.firms')}`}>
                  {format(n.firms)}
                </FigureLink>
              </td>
              <td className="numeric">{format(n.firmsFirst)}</td>
              <td className="numeric">{format(n.points)}</td>
            </tr>
          ))}
          {summary.needs.length === 0 ? (
            <tr>
              <td colSpan={4}>{t('dashboard.none')}</td>
            </tr>
          ) : null}
        </TableRegion>
      </section>
      <section className="panel dashboard-panel" aria-labelledby="materials-heading">
        <h2 id="materials-heading">{t('dashboard.materials')}</h2>
        <TableRegion
          label={t('dashboard.materials')}
          columns={[t('dashboard.material'), t('dashboard.unit'), t('dashboard.reports'), t('dashboard.needed'), t('dashboard.obtained'), t('dashboard.shortfall')]}
        >
          {summary.materials.map((m) => (
            <tr key={`${m.material}|${m.unit}`}>
              <td>{m.material}</td>
              <td>{m.unit}</td>
              <td className="numeric">
                <FigureLink state={state} to={{ figure: 'material_shortfall', material: m.material }} label={`${m.material}: ${format(m.reports)} ${t('dashboard.firms')}`}>
                  {format(m.reports)}
                </FigureLink>
              </td>
              <td className="numeric">{format(m.needed)}</td>
              <td className="numeric">{format(m.obtained)}</td>
              <td className="numeric">{format(m.shortfall)}</td>
            </tr>
          ))}
          {summary.materials.length === 0 ? (
            <tr>
              <td colSpan={6}>{t('dashboard.none')}</td>
            </tr>
          ) : null}
        </TableRegion>
      </section>
      <section className="panel dashboard-panel" aria-labelledby="exports-heading">
        <h2 id="exports-heading">{t('dashboard.exports')}</h2>
        <TableRegion label={t('dashboard.exports')} columns={[t('dashboard.country'), t('dashboard.currency'), t('dashboard.contracts'), t('dashboard.value')]}>
          {summary.exports.map((e) => (
            <tr key={`${e.country}|${e.currency}`}>
              <td>
                <FigureLink state={state} to={{ figure: 'export_held', country: e.country }} label={t('dashboard.figure.country', { country: e.country })}>
                  {e.country}
                </FigureLink>
              </td>
              <td>{e.currency}</td>
              <td className="numeric">{format(e.contracts)}</td>
              <td className="numeric">{format(e.value)}</td>
            </tr>
          ))}
          {summary.exports.length === 0 ? (
            <tr>
              <td colSpan={4}>{t('dashboard.none')}</td>
            </tr>
          ) : null}
        </TableRegion>
      </section>
    </>
  )
}

export function AreaTable({
  title,
  rows,
  names,
  state,
  level,
  format,
  onChoose,
}: {
  title: string
  rows: AreaRow[]
  names: Map<string, string>
  state: DashboardState
  level: 'province' | 'regency'
  format: Format
  onChoose?(code: string): void
}) {
  const { t } = useI18n()
  const shown = rows.filter((r) => r.firmsInRegistry > 0 || r.firmsAssessed > 0)
  return (
    <section className="panel dashboard-panel" aria-labelledby={`${level}-table-heading`}>
      <h2 id={`${level}-table-heading`}>{title}</h2>
      <TableRegion
        label={title}
        columns={[
          t('dashboard.area'),
          t('dashboard.fig.firmsInRegistry'),
          t('dashboard.fig.firmsAssessed'),
          t('dashboard.fig.responseRate'),
          t('dashboard.fig.median'),
          t('dashboard.fig.drop50'),
          t('dashboard.fig.sentHome'),
        ]}
      >
        {shown.map((r) => {
          const name = names.get(r.code) ?? r.code
          const area = level === 'province' ? { province: r.code } : { province: state.province, regency: r.code }
          return (
            <tr key={r.code}>
              <td>
                {onChoose ? (
                  <button type="button" className="button-link" onClick={() => onChoose(r.code)} aria-label={t('dashboard.chooseArea', { name })}>
                    {name}
                  </button>
                ) : (
                  name
                )}
              </td>
              <td className="numeric">{format(r.firmsInRegistry)}</td>
              <td className="numeric">
                <FigureLink state={state} to={{ figure: 'assessed', ...area }} label={`${name}: ${format(r.firmsAssessed)} ${t('dashboard.fig.firmsAssessed')}`}>
                  {format(r.firmsAssessed)}
                </FigureLink>
              </td>
              <td className="numeric">{r.responseRatePct === null ? '—' : `${format(r.responseRatePct)} %`}</td>
              <td className="numeric">
                {r.salesChangePctMedian === null ? (
                  '—'
                ) : (
                  <FigureLink state={state} to={{ figure: 'with_baseline', ...area }} label={`${name}: ${t('dashboard.fig.median')} ${format(r.salesChangePctMedian)} %`}>
                    {format(r.salesChangePctMedian)} %
                  </FigureLink>
                )}
              </td>
              <td className="numeric">
                <FigureLink state={state} to={{ figure: 'drop_50', ...area }} label={`${name}: ${t('dashboard.fig.drop50')} ${format(r.firmsWithSalesDrop50PctOrMore)}`}>
                  {format(r.firmsWithSalesDrop50PctOrMore)}
                </FigureLink>
              </td>
              <td className="numeric">
                <FigureLink state={state} to={{ figure: 'sent_home', ...area }} label={`${name}: ${t('dashboard.fig.sentHome')} ${format(r.workersSentHome)}`}>
                  {format(r.workersSentHome)}
                </FigureLink>
              </td>
            </tr>
          )
        })}
        {shown.length === 0 ? (
          <tr>
            <td colSpan={7}>{t('dashboard.none')}</td>
          </tr>
        ) : null}
      </TableRegion>
    </section>
  )
}
