import { useRef, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { api } from '../../../lib/api-client.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { useLoad } from '../../../lib/use-load.ts'
import { useMe } from '../../../app/session.tsx'
import { ErrorAlert, Loading, Notice, PageHeader, SelectField } from '../../../components/ui.tsx'
import { RegionFields } from '../components/RegionFields.tsx'
import { useRegionNames } from '../components/regions.ts'
import { DuplicatePair } from '../components/DuplicatePair.tsx'
import type { DuplicateCandidate } from '../components/MergeFields.tsx'

const MIN_SCORES = [50, 60, 70, 80, 90] as const
const DEFAULT_MIN_SCORE = 60
const LIMIT = 50

const pairKey = (pair: DuplicateCandidate) => `${pair.firmA.id}/${pair.firmB.id}`

/** Proposed duplicate pairs, best first, with filters in the address so a view can be shared. */
export function DuplicatesPage() {
  const { t } = useI18n()
  useTitle(t('duplicates.title'))
  const me = useMe()
  const [params, setParams] = useSearchParams()
  const province = params.get('province') ?? ''
  const regency = params.get('regency') ?? ''
  const asked = Number(params.get('minScore'))
  const minScore = (MIN_SCORES as readonly number[]).includes(asked) ? asked : DEFAULT_MIN_SCORE
  const regionalProvince = me.role === 'regional_officer' && me.organisation.provinceCode ? [me.organisation.provinceCode] : undefined
  const [done, setDone] = useState<string | null>(null)
  const listHeading = useRef<HTMLHeadingElement>(null)

  const pairs = useLoad(
    () =>
      api.firms.duplicates({
        province: province || undefined,
        regency: regency || undefined,
        minScore: minScore / 100,
        limit: LIMIT,
      }),
    `${province}|${regency}|${minScore}`,
  )
  const items = pairs.data?.items ?? []
  const regionName = useRegionNames(items.flatMap((pair) => [pair.firmA, pair.firmB]))

  function update(patch: Record<string, string>) {
    setDone(null)
    setParams(
      (current) => {
        const next = new URLSearchParams(current)
        for (const [key, value] of Object.entries(patch)) {
          if (value) next.set(key, value)
          else next.delete(key)
        }
        return next
      },
      { replace: true },
    )
  }

  async function markDistinct(pair: DuplicateCandidate, note: string) {
    await api.firms.decideDistinct({ firmA: pair.firmA.id, firmB: pair.firmB.id, decision: 'distinct', ...(note ? { note } : {}) })
    pairs.setData((current) => current && { ...current, items: current.items.filter((item) => pairKey(item) !== pairKey(pair)) })
    setDone(t('duplicates.distinctDone', { a: pair.firmA.name, b: pair.firmB.name }))
    // The pair's controls are gone: keyboard and screen-reader users continue from the list.
    requestAnimationFrame(() => listHeading.current?.focus())
  }

  return (
    <>
      <PageHeader title={t('duplicates.title')} intro={t('duplicates.intro')}>
        <div className="actions">
          <Link className="button button-secondary" to="/duplicates/merges">
            {t('duplicates.mergesLink')}
          </Link>
        </div>
      </PageHeader>
      <section className="panel" aria-labelledby="duplicates-list">
        <div className="dup-list-head">
          <h2 id="duplicates-list" ref={listHeading} tabIndex={-1}>
            {t('duplicates.list')}
          </h2>
          <button
            type="button"
            className="button button-secondary button-small"
            disabled={pairs.loading}
            onClick={() => {
              setDone(null)
              pairs.reload()
            }}
          >
            {t('duplicates.refresh')}
          </button>
        </div>
        <form className="filters" role="search" aria-label={t('duplicates.filter')} onSubmit={(event) => event.preventDefault()}>
          <RegionFields
            withDistrict={false}
            anyLabel={t('common.all')}
            provinces={regionalProvince}
            value={{ provinceCode: province, regencyCode: regency, districtCode: '' }}
            onChange={(region) => update({ province: region.provinceCode, regency: region.regencyCode })}
          />
          <SelectField
            label={t('duplicates.minScore')}
            value={String(minScore)}
            onChange={(event) => update({ minScore: event.target.value === String(DEFAULT_MIN_SCORE) ? '' : event.target.value })}
          >
            {MIN_SCORES.map((score) => (
              <option key={score} value={score}>
                {t('duplicates.minScoreOption', { percent: score })}
              </option>
            ))}
          </SelectField>
          <div className="filter-actions">
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setDone(null)
                setParams(new URLSearchParams(), { replace: true })
              }}
            >
              {t('common.reset')}
            </button>
          </div>
        </form>
        {done ? <Notice>{done}</Notice> : null}
        <ErrorAlert error={pairs.error} />
        {pairs.data ? (
          <>
            {pairs.data.pending > 0 ? (
              <div className="alert alert-info" role="status">
                {t('duplicates.pending', { count: pairs.data.pending })}
              </div>
            ) : null}
            <p className="muted" aria-live="polite">
              {items.length === 0
                ? t('duplicates.empty')
                : items.length >= LIMIT
                  ? t('duplicates.countMore', { count: items.length })
                  : t('duplicates.count', { count: items.length })}
            </p>
            {items.length ? (
              <ol className="dup-list">
                {items.map((pair, index) => (
                  <li key={pairKey(pair)}>
                    <DuplicatePair pair={pair} number={index + 1} regionName={regionName} onDistinct={(note) => markDistinct(pair, note)} />
                  </li>
                ))}
              </ol>
            ) : null}
          </>
        ) : pairs.loading ? (
          <Loading />
        ) : null}
      </section>
    </>
  )
}
