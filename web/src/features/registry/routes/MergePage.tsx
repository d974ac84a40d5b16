import { useRef, useState, type FormEvent } from 'react'
import { Link, useLocation, useParams } from 'react-router'
import { api, ApiError, type Firm } from '../../../lib/api-client.ts'
import { formatDateTime } from '../../../lib/i18n.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { useLoad } from '../../../lib/use-load.ts'
import { ErrorAlert, Loading, Notice, PageHeader } from '../../../components/ui.tsx'
import { TableRegion } from '../../../components/DataTable.tsx'
import { useRegionNames } from '../components/regions.ts'
import { VerificationBadge } from '../components/badges.tsx'
import { formatNumber } from '../components/format.ts'
import { percentOf, reasonText } from '../components/DuplicatePair.tsx'
import {
  MERGE_FIELDS,
  MERGE_FIELD_LABELS,
  defaultSide,
  fieldText,
  sameField,
  type DuplicateReason,
  type FirmMerge,
  type MergeField,
  type MergeSide,
  type ValueContext,
} from '../components/MergeFields.tsx'

type Column = 'a' | 'b'
const other = (column: Column): Column => (column === 'a' ? 'b' : 'a')

/** What the duplicates list passes along, to show why the pair was proposed. */
interface Proposal {
  score?: number
  reasons?: DuplicateReason[]
}

/** A hint under an API error that says what a 404 or 409 most likely means here. */
function ErrorHint({ error, withLink = true }: { error: unknown; withLink?: boolean }) {
  const { t } = useI18n()
  if (!(error instanceof ApiError) || (error.status !== 404 && error.status !== 409)) return null
  return (
    <p>
      {error.status === 404 ? t('merges.notFoundHint') : t('merges.conflictHint')}{' '}
      {withLink ? <Link to="/duplicates">{t('merges.backToDuplicates')}</Link> : null}
    </p>
  )
}

/** Compares two firms field by field and merges one into the other. */
export function MergePage() {
  const { a = '', b = '' } = useParams()
  const { t } = useI18n()
  const location = useLocation()
  const firms = useLoad(() => Promise.all([api.firms.get(a), api.firms.get(b)]), `${a}/${b}`)
  const proposal = (location.state ?? null) as Proposal | null

  if (a.toLowerCase() === b.toLowerCase() || firms.error) {
    return (
      <>
        <PageHeader title={t('merges.compareTitle')} />
        <ErrorAlert error={firms.error ?? t('merges.samePair')} />
        <ErrorHint error={firms.error} withLink={false} />
        <p>
          <Link to="/duplicates">{t('merges.backToDuplicates')}</Link>
        </p>
      </>
    )
  }
  if (!firms.data) return <Loading />
  return <MergeForm key={`${a}/${b}`} firmA={firms.data[0]} firmB={firms.data[1]} proposal={proposal} />
}

/** The survivor proposed at first: the only verified firm, else the one recorded first. */
function initialSurvivor(firmA: Firm, firmB: Firm): Column {
  if (firmA.verificationStatus !== firmB.verificationStatus) return firmA.verificationStatus === 'verified' ? 'a' : 'b'
  return firmA.createdAt <= firmB.createdAt ? 'a' : 'b'
}

function MergeForm({ firmA, firmB, proposal }: { firmA: Firm; firmB: Firm; proposal: Proposal | null }) {
  const { t, lang } = useI18n()
  useTitle(t('merges.compareTitle'))
  const regionName = useRegionNames([firmA, firmB])
  const sentraIds = [...new Set([firmA.sentraId, firmB.sentraId].filter((id): id is string => !!id))]
  const sentra = useLoad(
    () => Promise.all(sentraIds.map((id) => api.sentra.get(id).catch(() => null))),
    sentraIds.join(','),
  )
  const [survivor, setSurvivor] = useState<Column>(() => initialSurvivor(firmA, firmB))
  // Fields the officer chose; the others follow the survivor (see defaultSide).
  const [chosen, setChosen] = useState<Partial<Record<MergeField, Column>>>({})
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  const [result, setResult] = useState<FirmMerge | null>(null)
  const resultRef = useRef<HTMLDivElement>(null)

  const firmOf = (column: Column) => (column === 'a' ? firmA : firmB)
  const survivorFirm = firmOf(survivor)
  const mergedFirm = firmOf(other(survivor))
  const sideName = (column: Column) => t(column === 'a' ? 'duplicates.firmA' : 'duplicates.firmB')
  const context: ValueContext = {
    t,
    lang,
    regionName,
    sentraName: (id) => sentra.data?.find((item) => item?.id === id)?.name ?? t('firms.sentraMembers'),
  }
  const keptColumn = (field: MergeField): Column =>
    chosen[field] ?? (defaultSide(survivorFirm, mergedFirm, field) === 'survivor' ? survivor : other(survivor))
  const sideOf = (field: MergeField): MergeSide => (keptColumn(field) === survivor ? 'survivor' : 'merged')
  const label = (field: MergeField) => t(MERGE_FIELD_LABELS[field])
  const text = (firm: Firm, field: MergeField) => fieldText(firm, field, context) || t('common.none')

  const changes = MERGE_FIELDS.filter((field) => sideOf(field) === 'merged' && !sameField(survivorFirm, mergedFirm, field))
  const workersTotal = firmOf(keptColumn('workersTotal')).workersTotal
  const workersWomen = firmOf(keptColumn('workersWomen')).workersWomen
  const workersInconsistent = workersTotal !== null && workersWomen !== null && workersWomen > workersTotal

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (workersInconsistent) return
    setBusy(true)
    setError(undefined)
    try {
      const fields = Object.fromEntries(MERGE_FIELDS.map((field) => [field, sideOf(field)])) as Record<MergeField, MergeSide>
      setResult(await api.firms.merge({ survivorId: survivorFirm.id, mergedId: mergedFirm.id, fields }))
      requestAnimationFrame(() => resultRef.current?.querySelector<HTMLElement>('[data-page-title]')?.focus())
    } catch (reason) {
      setError(reason)
    } finally {
      setBusy(false)
    }
  }

  if (result) {
    const taken = MERGE_FIELDS.filter((field) => result.fields[field] === 'merged')
    return (
      <div ref={resultRef}>
        <PageHeader title={t('merges.doneTitle')} />
        <Notice>{t('merges.done', { merged: result.mergedName, survivor: result.survivorName })}</Notice>
        <section className="panel" aria-label={t('merges.doneTitle')}>
          <p>
            {taken.length
              ? t('merges.doneFields', { merged: result.mergedName, fields: taken.map(label).join(', ') })
              : t('merges.doneNoFields', { survivor: result.survivorName })}
          </p>
          <p className="muted">{t('merges.summaryKept', { merged: result.mergedName })}</p>
          <div className="actions">
            <Link className="button" to={`/firms/${result.survivorId}`}>
              {t('merges.openSurvivor', { name: result.survivorName })}
            </Link>
            <Link className="button button-secondary" to="/duplicates/merges">
              {t('duplicates.mergesLink')}
            </Link>
            <Link className="button button-link" to="/duplicates">
              {t('merges.backToDuplicates')}
            </Link>
          </div>
        </section>
      </div>
    )
  }

  const columnHeader = (column: Column) => {
    const firm = firmOf(column)
    return (
      <>
        <span className="dup-firm-side">{sideName(column)}</span>
        <Link to={`/firms/${firm.id}`}>{firm.name}</Link>{' '}
        <span className={`badge ${column === survivor ? 'badge-ok' : 'badge-muted'}`}>
          {column === survivor ? t('merges.survivorBadge') : t('merges.mergedBadge')}
        </span>
      </>
    )
  }

  return (
    <>
      <PageHeader title={t('merges.compareTitle')} intro={t('merges.compareIntro')}>
        {proposal?.reasons?.length && proposal.score !== undefined ? (
          <p>
            {t('merges.pairReasons', {
              reasons: proposal.reasons.map((reason) => reasonText(t, reason)).join('; '),
              score: t('duplicates.percent', { percent: percentOf(proposal.score) }),
            })}
          </p>
        ) : null}
        <div className="actions">
          <Link className="button button-link" to="/duplicates">
            {t('merges.backToDuplicates')}
          </Link>
        </div>
      </PageHeader>
      <form onSubmit={submit} noValidate>
        <section className="panel" aria-labelledby="merge-survivor">
          <h2 id="merge-survivor">{t('merges.survivor')}</h2>
          <fieldset className="merge-survivor">
            <legend className="sr-only">{t('merges.survivor')}</legend>
            <p className="hint" id="merge-survivor-hint">
              {t('merges.survivorHint')}
            </p>
            {(['a', 'b'] as const).map((column) => {
              const firm = firmOf(column)
              return (
                <label key={column} className="merge-choice merge-survivor-choice">
                  <input
                    type="radio"
                    name="survivor"
                    value={column}
                    checked={survivor === column}
                    aria-describedby="merge-survivor-hint"
                    onChange={() => setSurvivor(column)}
                  />
                  <span>
                    {t('merges.survivorOption', { side: sideName(column), name: firm.name, when: formatDateTime(lang, firm.createdAt) })}{' '}
                    <VerificationBadge status={firm.verificationStatus} />
                  </span>
                </label>
              )
            })}
          </fieldset>
        </section>

        <section className="panel" aria-labelledby="merge-fields">
          <h2 id="merge-fields">{t('merges.fieldsTitle')}</h2>
          <p className="muted">{t('merges.fieldsIntro')}</p>
          <TableRegion label={t('merges.fieldsTable')} className="table merge-table" columns={[t('merges.field'), columnHeader('a'), columnHeader('b')]}>
            {MERGE_FIELDS.map((field) => {
              const differs = !sameField(firmA, firmB, field)
              const kept = keptColumn(field)
              return (
                <tr key={field} className={differs ? 'merge-differs' : undefined}>
                  <th scope="row">
                    {label(field)}
                    {differs ? <span className="badge badge-pending merge-differs-badge">{t('merges.differs')}</span> : null}
                  </th>
                  {(['a', 'b'] as const).map((column) => (
                    <td key={column} className={kept === column ? 'merge-kept' : undefined}>
                      <label className="merge-choice">
                        <input
                          type="radio"
                          name={`keep-${field}`}
                          value={column}
                          checked={kept === column}
                          onChange={() => setChosen((current) => ({ ...current, [field]: column }))}
                        />
                        <span>
                          <span className="sr-only">{t('merges.keepFrom', { field: label(field), side: sideName(column) })} </span>
                          {text(firmOf(column), field)}
                        </span>
                      </label>
                    </td>
                  ))}
                </tr>
              )
            })}
          </TableRegion>
        </section>

        <section className="panel" aria-labelledby="merge-summary">
          <h2 id="merge-summary">{t('merges.summaryTitle')}</h2>
          <ul className="merge-summary" data-testid="merge-summary">
            <li>{t('merges.summaryMerged', { merged: mergedFirm.name, survivor: survivorFirm.name })}</li>
            {changes.length ? (
              <li>
                {t('merges.summaryChanges', { survivor: survivorFirm.name })}
                <ul>
                  {changes.map((field) => (
                    <li key={field}>
                      {t('merges.summaryChange', { field: label(field), from: text(survivorFirm, field), to: text(mergedFirm, field) })}
                    </li>
                  ))}
                </ul>
              </li>
            ) : (
              <li>{t('merges.summaryNoChange', { survivor: survivorFirm.name })}</li>
            )}
            <li>{t('merges.summaryKept', { merged: mergedFirm.name })}</li>
          </ul>
          {workersInconsistent ? (
            <div className="alert alert-error" role="alert">
              {t('merges.workersInconsistent', { women: formatNumber(lang, workersWomen), total: formatNumber(lang, workersTotal) })}
            </div>
          ) : null}
          <ErrorAlert error={error} />
          <ErrorHint error={error} />
          <div className="actions">
            <button type="submit" className="button" disabled={busy || workersInconsistent}>
              {t('merges.confirm', { merged: mergedFirm.name, survivor: survivorFirm.name })}
            </button>
            <Link className="button button-secondary" to="/duplicates">
              {t('common.cancel')}
            </Link>
          </div>
        </section>
      </form>
    </>
  )
}
