import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { Link } from 'react-router'
import type { Firm } from '../../../lib/api-client.ts'
import { formatDateTime, isMessageKey, type MessageKey, type Params } from '../../../lib/i18n.ts'
import { useI18n } from '../../../lib/i18n-react.tsx'
import { ErrorAlert } from '../../../components/ui.tsx'
import { TextAreaField } from './fields.tsx'
import { VerificationBadge } from './badges.tsx'
import type { DuplicateCandidate, DuplicateFirm, DuplicateReason } from './MergeFields.tsx'

export const percentOf = (score: number) => Math.round(score * 100)

/** A reason a pair was proposed, in words. */
export function reasonText(t: (key: MessageKey, params?: Params) => string, reason: DuplicateReason): string {
  const key = `duplicates.reason.${reason.code}`
  if (!isMessageKey(key)) return reason.code
  return t(key, { percent: percentOf(reason.similarity ?? 0) })
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  const { t } = useI18n()
  const empty = children === null || children === undefined || children === ''
  return (
    <div>
      <dt>{label}</dt>
      <dd>{empty ? t('common.none') : children}</dd>
    </div>
  )
}

/** One firm of a proposed pair, with what an officer needs to tell the two apart. */
export function DuplicateFirmCard({
  firm,
  side,
  regionName,
}: {
  firm: DuplicateFirm
  side: string
  regionName(code: string | null | undefined): string
}) {
  const { t, lang } = useI18n()
  const sourceKey = `firms.source.${firm.source}`
  return (
    <div className="dup-firm">
      <h4>
        <span className="dup-firm-side">{side}</span>
        <Link to={`/firms/${firm.id}`}>{firm.name}</Link>
      </h4>
      <dl className="details firm-details">
        <Row label={t('firms.nib')}>{firm.nib ? <span className="mono">{firm.nib}</span> : null}</Row>
        <Row label={t('firms.legalForm')}>{t(`legal.${firm.legalForm}`)}</Row>
        <Row label={t('duplicates.owner')}>
          {firm.ownerName ? (
            firm.ownerNikMasked ? (
              <>
                {firm.ownerName}
                <span className="muted block">
                  NIK <span className="mono">{firm.ownerNikMasked}</span>
                </span>
              </>
            ) : (
              firm.ownerName
            )
          ) : null}
        </Row>
        <Row label={t('firms.region')}>
          <span className="block">{regionName(firm.regencyCode)}</span>
          <span className="muted block">{regionName(firm.provinceCode)}</span>
        </Row>
        <Row label={t('firms.address')}>{firm.address}</Row>
        <Row label={t('firms.source')}>{isMessageKey(sourceKey) ? t(sourceKey) : firm.source}</Row>
        <Row label={t('firms.verification')}>
          <VerificationBadge status={firm.verificationStatus as Firm['verificationStatus']} />
        </Row>
        <Row label={t('duplicates.recorded')}>{formatDateTime(lang, firm.createdAt)}</Row>
      </dl>
    </div>
  )
}

/** A proposed pair: score, reasons, both firms side by side, and what to do with it. */
export function DuplicatePair({
  pair,
  number,
  regionName,
  onDistinct,
}: {
  pair: DuplicateCandidate
  number: number
  regionName(code: string | null | undefined): string
  /** Records the pair as distinct; throws the API's error. */
  onDistinct(note: string): Promise<void>
}) {
  const { t } = useI18n()
  const headingId = useId()
  const [asking, setAsking] = useState(false)
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  const noteRef = useRef<HTMLTextAreaElement>(null)
  const toggleRef = useRef<HTMLButtonElement>(null)
  const names = { a: pair.firmA.name, b: pair.firmB.name }
  const score = t('duplicates.percent', { percent: percentOf(pair.score) })

  useEffect(() => {
    if (asking) noteRef.current?.focus()
  }, [asking])

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      await onDistinct(note.trim())
    } catch (reason) {
      setError(reason)
      setBusy(false)
    }
  }

  function cancel() {
    setAsking(false)
    setError(undefined)
    requestAnimationFrame(() => toggleRef.current?.focus())
  }

  return (
    <article className="dup-pair" aria-labelledby={headingId} aria-describedby={`${headingId}-names`}>
      <div className="dup-pair-head">
        <h3 id={headingId}>{t('duplicates.pairHeading', { number, score })}</h3>
        <p className="sr-only" id={`${headingId}-names`}>
          {t('duplicates.pairLabel', names)}
        </p>
        <meter className="dup-meter" min={0} max={1} value={pair.score} aria-label={t('duplicates.score')}>
          {score}
        </meter>
      </div>
      <div className="dup-reasons">
        <span className="dup-reasons-label">{t('duplicates.reasons')}:</span>
        <ul>
          {pair.reasons.map((reason) => (
            <li key={reason.code} className="badge badge-pending">
              {reasonText(t, reason)}
            </li>
          ))}
        </ul>
      </div>
      <div className="dup-firms">
        <DuplicateFirmCard firm={pair.firmA} side={t('duplicates.firmA')} regionName={regionName} />
        <DuplicateFirmCard firm={pair.firmB} side={t('duplicates.firmB')} regionName={regionName} />
      </div>
      <div className="actions">
        <Link
          className="button"
          to={`/duplicates/compare/${pair.firmA.id}/${pair.firmB.id}`}
          state={{ score: pair.score, reasons: pair.reasons }}
          aria-label={t('duplicates.compareLabel', names)}
        >
          {t('duplicates.compare')}
        </Link>
        {asking ? null : (
          <button
            ref={toggleRef}
            type="button"
            className="button button-secondary"
            aria-label={t('duplicates.markDistinctLabel', names)}
            onClick={() => setAsking(true)}
          >
            {t('duplicates.markDistinct')}
          </button>
        )}
      </div>
      {asking ? (
        <form className="dup-distinct" onSubmit={submit} aria-label={t('duplicates.markDistinctLabel', names)}>
          <TextAreaField
            ref={noteRef}
            label={t('duplicates.distinctNote')}
            hint={t('duplicates.distinctNoteHint')}
            maxLength={1000}
            value={note}
            onChange={(event) => setNote(event.target.value)}
          />
          <ErrorAlert error={error} />
          <div className="actions">
            <button type="submit" className="button" disabled={busy}>
              {t('duplicates.distinctSubmit')}
            </button>
            <button type="button" className="button button-secondary" onClick={cancel}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
    </article>
  )
}
