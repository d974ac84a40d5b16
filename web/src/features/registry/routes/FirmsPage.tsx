import { useCallback, useEffect, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { api, hasPermission, type Firm, type Sentra } from '../../../lib/api-client.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { useMe } from '../../../app/session.tsx'
import { ErrorAlert, Loading, PageHeader, SelectField, TextField } from '../../../components/ui.tsx'
import { DataTable } from '../../../components/DataTable.tsx'
import { RegionFields } from '../components/RegionFields.tsx'
import { KbliField } from '../components/KbliField.tsx'
import { useRegionNames } from '../components/regions.ts'
import { SizeClassLabel, VerificationBadge } from '../components/badges.tsx'
import { formatNumber } from '../components/format.ts'
import { SIZE_CLASSES, apiFiltersOf, filtersOf, listQueryOf, paramsOf, type FilterState } from '../components/firm-filters.ts'

const PAGE_SIZE = 50
const TYPING_DELAY_MS = 350

/** A text filter applied once the person pauses typing. */
function useDebouncedFilter(applied: string, apply: (value: string) => void): [string, (value: string) => void] {
  const [draft, setDraft] = useState(applied)
  useEffect(() => setDraft(applied), [applied])
  useEffect(() => {
    if (draft === applied) return
    const timer = setTimeout(() => apply(draft), TYPING_DELAY_MS)
    return () => clearTimeout(timer)
  }, [draft, applied, apply])
  return [draft, setDraft]
}

export function FirmsPage() {
  const { t, lang } = useI18n()
  useTitle(t('firms.title'))
  const me = useMe()
  const [params, setParams] = useSearchParams()
  const filters = filtersOf(params)
  const filterKey = paramsOf(filters).toString()
  const [items, setItems] = useState<Firm[]>([])
  const [nextCursor, setNextCursor] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const [loaded, setLoaded] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  const [sentra, setSentra] = useState<Sentra[]>([])
  // On a phone the filters other than the name search fold away behind a button.
  const [moreFilters, setMoreFilters] = useState(false)
  const activeFilters = (['province', 'regency', 'kbli', 'sizeClass', 'verified', 'sentra'] as const).filter((key) => filters[key]).length
  const regionName = useRegionNames(items)
  const ownFirmOnly = me.role === 'firm_owner'
  const regionalProvince = me.role === 'regional_officer' && me.organisation.provinceCode ? [me.organisation.provinceCode] : undefined

  const update = useCallback(
    (patch: Partial<FilterState>) => {
      setParams((current) => paramsOf({ ...filtersOf(current), ...patch }), { replace: true })
    },
    [setParams],
  )
  const [q, setQ] = useDebouncedFilter(filters.q, useCallback((value: string) => update({ q: value }), [update]))
  const [kbli, setKbli] = useDebouncedFilter(filters.kbli, useCallback((value: string) => update({ kbli: value }), [update]))

  useEffect(() => {
    let current = true
    setLoading(true)
    setError(undefined)
    api.firms
      .list(listQueryOf(filtersOf(new URLSearchParams(filterKey)), null, PAGE_SIZE))
      .then((page) => {
        if (!current) return
        setItems(page.items)
        setNextCursor(page.nextCursor)
        setLoaded(true)
      })
      .catch((reason: unknown) => current && setError(reason))
      .finally(() => current && setLoading(false))
    return () => {
      current = false
    }
  }, [filterKey])

  useEffect(() => {
    if (ownFirmOnly) return
    let current = true
    const { province, regency } = filtersOf(new URLSearchParams(filterKey))
    api.sentra
      .list({ province: province || undefined, regency: regency || undefined })
      .then((list) => current && setSentra(list.items))
      .catch(() => current && setSentra([]))
    return () => {
      current = false
    }
  }, [ownFirmOnly, filterKey])

  async function loadMore() {
    if (!nextCursor) return
    setLoading(true)
    setError(undefined)
    try {
      const page = await api.firms.list(listQueryOf(filters, nextCursor, PAGE_SIZE))
      setItems((current) => [...current, ...page.items])
      setNextCursor(page.nextCursor)
    } catch (reason) {
      setError(reason)
    } finally {
      setLoading(false)
    }
  }

  const exportFilters = apiFiltersOf(filters).filters
  const searching = apiFiltersOf(filters).q !== undefined

  return (
    <>
      <PageHeader title={t('firms.title')} intro={ownFirmOnly ? t('firms.introOwner') : t('firms.intro')}>
        {hasPermission(me, 'firms.create') ? (
          <div className="actions">
            <Link className="button" to="/firms/new">
              {t('firms.add')}
            </Link>
          </div>
        ) : null}
      </PageHeader>
      <section className="panel" aria-labelledby="firms-list">
        <h2 id="firms-list">{t('firms.table')}</h2>
        {ownFirmOnly ? null : (
          <form className="filters" role="search" aria-label={t('firms.filter')} onSubmit={(event) => event.preventDefault()}>
            <TextField label={t('firms.search')} hint={t('firms.searchHint')} type="search" name="q" maxLength={100} value={q} onChange={(e) => setQ(e.target.value)} />
            <div className="filter-toggle-row">
              <button type="button" className="button button-secondary filter-toggle" aria-expanded={moreFilters} aria-controls="firm-filters-more" onClick={() => setMoreFilters((open) => !open)}>
                {t('firms.moreFilters', { count: activeFilters })}
              </button>
            </div>
            <div id="firm-filters-more" className={`more-filters ${moreFilters ? 'open' : ''}`}>
              <RegionFields
                withDistrict={false}
                anyLabel={t('common.all')}
                provinces={regionalProvince}
                value={{ provinceCode: filters.province, regencyCode: filters.regency, districtCode: '' }}
                onChange={(region) => update({ province: region.provinceCode, regency: region.regencyCode, sentra: '' })}
              />
              <KbliField label={t('firms.kbliFilter')} hint={t('firms.kbliFilterHint')} name="kbli" value={kbli} onChange={setKbli} />
              <SelectField label={t('firms.sizeClass')} value={filters.sizeClass} onChange={(e) => update({ sizeClass: e.target.value })}>
                <option value="">{t('common.all')}</option>
                {SIZE_CLASSES.map((size) => (
                  <option key={size} value={size}>
                    {t(`size.${size}`)}
                  </option>
                ))}
              </SelectField>
              <SelectField label={t('firms.verification')} value={filters.verified} onChange={(e) => update({ verified: e.target.value })}>
                <option value="">{t('common.all')}</option>
                <option value="true">{t('firms.status.verified')}</option>
                <option value="false">{t('firms.status.unverified')}</option>
              </SelectField>
              <SelectField label={t('firms.sentra')} value={filters.sentra} onChange={(e) => update({ sentra: e.target.value })}>
                <option value="">{t('common.all')}</option>
                {filters.sentra && !sentra.some((item) => item.id === filters.sentra) ? <option value={filters.sentra}>{t('firms.sentraChosen')}</option> : null}
                {sentra.map((item) => (
                  <option key={item.id} value={item.id}>
                    {item.name}
                  </option>
                ))}
              </SelectField>
              <div className="filter-actions">
                <button type="button" className="button button-secondary" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
                  {t('common.reset')}
                </button>
              </div>
            </div>
          </form>
        )}
        <ErrorAlert error={error} />
        {loading && !loaded ? <Loading /> : null}
        {loaded ? (
          <>
            <DataTable
              label={t('firms.table')}
              count={nextCursor ? t('firms.countMore', { count: items.length }) : t('firms.count', { count: items.length })}
              columns={[t('firms.name'), t('firms.region'), t('firms.kbli'), t('firms.workers'), t('firms.sizeClass'), t('firms.verification')]}
              rows={items}
              empty={t('firms.empty')}
              renderRow={(firm) => (
                <tr key={firm.id}>
                  <td>
                    <Link to={`/firms/${firm.id}`} className="strong-link">
                      {firm.name}
                    </Link>
                    {firm.nib ? <span className="muted block mono">{firm.nib}</span> : null}
                  </td>
                  <td>
                    {regionName(firm.regencyCode)}
                    <span className="muted block">{regionName(firm.provinceCode)}</span>
                  </td>
                  <td className="mono">{firm.kbliMain ?? t('common.none')}</td>
                  <td className="numeric">{firm.workersTotal === null ? t('common.none') : formatNumber(lang, firm.workersTotal)}</td>
                  <td>
                    <SizeClassLabel sizeClass={firm.sizeClass} />
                  </td>
                  <td>
                    <VerificationBadge status={firm.verificationStatus} />
                  </td>
                </tr>
              )}
            />
            <div className="list-footer">
              {nextCursor ? (
                <button type="button" className="button button-secondary" disabled={loading} onClick={loadMore}>
                  {t('common.loadMore')}
                </button>
              ) : null}
              {ownFirmOnly ? null : (
                <div className="export-links">
                  <span className="export-label">{t('firms.export')}</span>
                  <a className="button button-secondary button-small" href={api.firms.exportUrl('xlsx', exportFilters)} download>
                    {t('firms.exportXlsx')}
                  </a>
                  <a className="button button-secondary button-small" href={api.firms.exportUrl('csv', exportFilters)} download>
                    {t('firms.exportCsv')}
                  </a>
                  {searching ? <p className="hint export-hint">{t('firms.exportNoSearch')}</p> : null}
                </div>
              )}
            </div>
          </>
        ) : null}
      </section>
    </>
  )
}
