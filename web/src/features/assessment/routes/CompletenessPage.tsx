import { useCallback, useEffect, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { api, type Completeness, type CompletenessRow, type NonRespondent, type ReminderResult } from '../../../lib/api-client.ts'
import type { components } from '../../../lib/api.gen.ts'
import { formatDateTime } from '../../../lib/i18n.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { useMe } from '../../../app/session.tsx'
import { ConfirmButton, ErrorAlert, Loading, Notice, PageHeader, SelectField } from '../../../components/ui.tsx'
import { DataTable } from '../../../components/DataTable.tsx'
import { useAreaNames, useNumberFormat } from '../components/DashboardFilters.tsx'

type Round = components['schemas']['SurveyRound']
const SECTION_STYLE = { marginTop: '1.5rem' } as const

/**
 * Survey completeness: per province (and regency) how many registry firms answered a round, the
 * firms that did not, and a reminder to them (in-app and e-mail). Round and area live in the URL.
 */
export function CompletenessPage() {
  const { t, lang } = useI18n()
  useTitle(t('completeness.title'))
  const me = useMe()
  const format = useNumberFormat()
  const [params, setParams] = useSearchParams()
  const lockedProvince = me.role === 'regional_officer' ? (me.organisation.provinceCode ?? null) : null
  const lockedRegency = me.role === 'regional_officer' ? (me.organisation.regencyCode ?? null) : null
  const province = lockedProvince ?? (/^\d{2}$/.test(params.get('province') ?? '') ? params.get('province')! : '')
  const regencyParam = params.get('regency') ?? ''
  const regency = lockedRegency ?? (province && /^\d{2}\.\d{2}$/.test(regencyParam) && regencyParam.startsWith(province) ? regencyParam : '')
  const { provinces, regencies } = useAreaNames(province)

  const [rounds, setRounds] = useState<Round[] | null>(null)
  const [counts, setCounts] = useState<Completeness | null>(null)
  const [firms, setFirms] = useState<NonRespondent[]>([])
  const [next, setNext] = useState<string | null>(null)
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  const [result, setResult] = useState<ReminderResult | null>(null)

  useEffect(() => {
    api.assessment
      .rounds()
      .then((list) => setRounds(list.items))
      .catch((e: unknown) => {
        setRounds([])
        setError(e)
      })
  }, [])

  const roundParam = params.get('round') ?? ''
  const round = rounds?.find((r) => r.id === roundParam) ?? rounds?.find((r) => r.status === 'open') ?? rounds?.[0] ?? null
  const area = { province: province || undefined, regency: regency || undefined }
  const key = `${round?.id ?? ''}|${province}|${regency}`

  const update = (patch: { round?: string; province?: string; regency?: string }) => {
    setResult(null)
    setParams(
      (current) => {
        const nextParams = new URLSearchParams(current)
        for (const [name, value] of Object.entries(patch)) {
          if (value) nextParams.set(name, value)
          else nextParams.delete(name)
        }
        if ('province' in patch) nextParams.delete('regency')
        return nextParams
      },
      { replace: true },
    )
  }

  const load = useCallback(async () => {
    if (!round) return
    setLoading(true)
    setError(undefined)
    try {
      const [completeness, page] = await Promise.all([api.rounds.completeness(round.id, area), api.rounds.nonRespondents(round.id, { ...area, limit: 50 })])
      setCounts(completeness)
      setFirms(page.items)
      setNext(page.nextCursor)
    } catch (e) {
      setError(e)
    } finally {
      setLoading(false)
    }
    // The key holds every input of the requests.
  }, [key])

  useEffect(() => {
    void load()
  }, [load])

  async function loadMore() {
    if (!round || !next) return
    setLoading(true)
    try {
      const page = await api.rounds.nonRespondents(round.id, { ...area, cursor: next, limit: 50 })
      setFirms((list) => [...list, ...page.items])
      setNext(page.nextCursor)
    } catch (e) {
      setError(e)
    } finally {
      setLoading(false)
    }
  }

  async function remind() {
    if (!round) return
    setError(undefined)
    try {
      setResult(await api.rounds.remind(round.id, area))
      await load()
    } catch (e) {
      setError(e)
    }
  }

  const areaLink = (target: { province: string; regency?: string }) => {
    const search = new URLSearchParams()
    if (round) search.set('round', round.id)
    search.set('province', target.province)
    if (target.regency) search.set('regency', target.regency)
    return search.toString()
  }
  const rate = (value: number | null) => (value === null ? '—' : `${format(value)}%`)
  const areaTable = (rows: CompletenessRow[], level: 'province' | 'regency') => (
    <DataTable
      label={t(level === 'province' ? 'completeness.byProvince' : 'completeness.byRegency')}
      columns={[t('completeness.area'), t('completeness.firms'), t('completeness.answered'), t('completeness.notAnswered'), t('completeness.rate')]}
      rows={rows}
      empty={t('common.empty')}
      renderRow={(row) => (
        <tr key={row.code}>
          <td>
            {(level === 'province' && !lockedProvince) || (level === 'regency' && !lockedRegency && !regency) ? (
              <Link to={`?${areaLink(level === 'province' ? { province: row.code } : { province, regency: row.code })}`} aria-label={t('completeness.showArea', { name: row.name })}>
                {row.name}
              </Link>
            ) : (
              row.name
            )}{' '}
            <span className="muted">{row.code}</span>
          </td>
          <td className="numeric">{format(row.firms)}</td>
          <td className="numeric">{format(row.answered)}</td>
          <td className="numeric">{format(row.notAnswered)}</td>
          <td className="numeric">{rate(row.ratePct)}</td>
        </tr>
      )}
    />
  )

  return (
    <>
      <PageHeader title={t('completeness.title')} intro={t('completeness.intro')} />
      {rounds === null ? <Loading /> : null}
      {rounds !== null && rounds.length === 0 ? <p>{t('completeness.noRounds')}</p> : null}
      {round ? (
        <div className="filters">
          <SelectField label={t('completeness.round')} value={round.id} onChange={(e) => update({ round: e.target.value })}>
            {rounds!.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name} ({r.referenceMonth})
              </option>
            ))}
          </SelectField>
          <SelectField label={t('completeness.province')} value={province} disabled={!!lockedProvince} onChange={(e) => update({ province: e.target.value })}>
            <option value="">{t('completeness.allProvinces')}</option>
            {provinces.map((p) => (
              <option key={p.code} value={p.code}>
                {p.name}
              </option>
            ))}
          </SelectField>
          {province ? (
            <SelectField label={t('completeness.regency')} value={regency} disabled={!!lockedRegency} onChange={(e) => update({ regency: e.target.value })}>
              <option value="">{t('completeness.allRegencies')}</option>
              {regencies.map((r) => (
                <option key={r.code} value={r.code}>
                  {r.name}
                </option>
              ))}
            </SelectField>
          ) : null}
        </div>
      ) : null}
      <ErrorAlert error={error} />
      {counts && round ? (
        <>
          <p className="lead" aria-live="polite">
            {t('completeness.summary', { answered: format(counts.answered), firms: format(counts.firms), rate: rate(counts.ratePct) })}
          </p>
          {counts.byRegency ? null : (
            <section style={SECTION_STYLE}>
              <h2 id="completeness-provinces">{t('completeness.byProvince')}</h2>
              {areaTable(counts.byProvince, 'province')}
            </section>
          )}
          {counts.byRegency ? (
            <section style={SECTION_STYLE}>
              <h2 id="completeness-regencies">{t('completeness.byRegency')}</h2>
              {areaTable(counts.byRegency, 'regency')}
            </section>
          ) : null}
          <section style={SECTION_STYLE}>
            <h2 id="completeness-firms">{t('completeness.nonRespondents')}</h2>
            {counts.notAnswered > 0 ? (
              <div className="reminder-action" style={{ margin: '0.5rem 0 1rem' }}>
                {round.status === 'open' ? (
                  <ConfirmButton className="button" onConfirm={remind}>
                    {t('completeness.remind', { n: format(counts.notAnswered) })}
                  </ConfirmButton>
                ) : (
                  <p className="muted">{t('completeness.remindNotOpen')}</p>
                )}
                <p className="muted">{t('completeness.remindHint')}</p>
              </div>
            ) : null}
            {result ? (
              <Notice>
                {t('completeness.reminded', {
                  reminded: format(result.reminded),
                  notified: format(result.notified),
                  emailed: format(result.emailed),
                  skipped: format(result.skipped),
                  withoutAccount: format(result.withoutAccount),
                })}
              </Notice>
            ) : null}
            <DataTable
              label={t('completeness.nonRespondents')}
              count={t('completeness.nonRespondentsCount', { n: format(counts.notAnswered), shown: format(firms.length) })}
              columns={[t('completeness.firm'), t('completeness.nib'), t('completeness.regency'), t('completeness.owner'), t('completeness.account'), t('completeness.lastReminded')]}
              rows={firms}
              empty={loading ? undefined : t('completeness.allAnswered')}
              renderRow={(f) => (
                <tr key={f.firmId}>
                  <td>
                    <Link to={`/firms/${f.firmId}`}>{f.name}</Link>
                  </td>
                  <td>{f.nib ?? '—'}</td>
                  <td>{f.regencyName}</td>
                  <td>{f.owner ? [f.owner.name, f.owner.phoneMasked, f.owner.emailMasked].filter(Boolean).join(' · ') : '—'}</td>
                  <td>{f.hasAccount ? t('completeness.hasAccount') : t('completeness.noAccount')}</td>
                  <td>{f.lastRemindedAt ? formatDateTime(lang, f.lastRemindedAt) : t('common.never')}</td>
                </tr>
              )}
            />
            {next ? (
              <div className="list-footer">
                <button type="button" className="button button-secondary" disabled={loading} onClick={() => void loadMore()}>
                  {t('common.loadMore')}
                </button>
              </div>
            ) : null}
          </section>
        </>
      ) : null}
    </>
  )
}
