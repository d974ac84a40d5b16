import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { Link, useLocation, useParams } from 'react-router'
import { api, hasPermission, type Firm, type Me } from '../../../lib/api-client.ts'
import { formatDateTime } from '../../../lib/i18n.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { useLoad } from '../../../lib/use-load.ts'
import { useMe } from '../../../app/session.tsx'
import { ErrorAlert, Loading, Notice, PageHeader } from '../../../components/ui.tsx'
import { SizeClassLabel, VerificationBadge } from '../components/badges.tsx'
import { formatIdr, formatNumber } from '../components/format.ts'
import { FirmProducts } from '../components/FirmProducts.tsx'
import { FirmHistory } from '../components/FirmHistory.tsx'
import { useRegionNames } from '../components/regions.ts'
import { TextAreaField } from '../components/fields.tsx'

export function FirmDetailPage() {
  const { id = '' } = useParams()
  const { t } = useI18n()
  const firm = useLoad(() => api.firms.get(id), id)
  if (firm.error) {
    return (
      <>
        <PageHeader title={t('firms.detailTitle')} />
        <ErrorAlert error={firm.error} />
        <p>
          <Link to="/firms">{t('firms.backToList')}</Link>
        </p>
      </>
    )
  }
  if (!firm.data) return <Loading />
  return <FirmDetail firm={firm.data} onChange={(updated) => firm.setData(() => updated)} />
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  const { t } = useI18n()
  const empty = children === null || children === undefined || children === '' || (Array.isArray(children) && children.length === 0)
  return (
    <div>
      <dt>{label}</dt>
      <dd>{empty ? t('common.none') : children}</dd>
    </div>
  )
}

/** Who may change a record: national officers, regional officers (in scope), the firm's owners; not admins. */
function canEdit(me: Me) {
  return me.role === 'officer' || me.role === 'regional_officer' || me.role === 'firm_owner'
}

function FirmDetail({ firm, onChange }: { firm: Firm; onChange(firm: Firm): void }) {
  const { t, lang } = useI18n()
  useTitle(firm.name)
  const me = useMe()
  const location = useLocation()
  const state = location.state as { saved?: boolean; registered?: boolean } | null
  const saved = state?.saved === true
  const registered = state?.registered === true
  const regionName = useRegionNames([firm])
  const sentra = useLoad(() => (firm.sentraId ? api.sentra.get(firm.sentraId) : Promise.resolve(null)), firm.sentraId ?? '')
  const [verifyError, setVerifyError] = useState<unknown>(undefined)
  const [verifying, setVerifying] = useState(false)
  const [verified, setVerified] = useState(false)

  async function verify() {
    setVerifying(true)
    setVerifyError(undefined)
    try {
      onChange(await api.firms.verify(firm.id))
      setVerified(true)
    } catch (reason) {
      setVerifyError(reason)
    } finally {
      setVerifying(false)
    }
  }

  const yesNo = (value: boolean) => (value ? t('common.yes') : t('common.no'))
  return (
    <>
      <PageHeader title={firm.name}>
        <p className="badges">
          <VerificationBadge status={firm.verificationStatus} />
          <span className="badge badge-muted">
            <SizeClassLabel sizeClass={firm.sizeClass} />
          </span>
        </p>
        <div className="actions">
          {canEdit(me) ? (
            <Link className="button" to={`/firms/${firm.id}/edit`}>
              {t('firms.edit')}
            </Link>
          ) : null}
          {hasPermission(me, 'firms.verify') && firm.verificationStatus === 'unverified' ? (
            <button type="button" className="button button-secondary" disabled={verifying} onClick={verify}>
              {t('firms.verify')}
            </button>
          ) : null}
          <Link className="button button-link" to="/firms">
            {t('firms.backToList')}
          </Link>
        </div>
      </PageHeader>
      {saved ? <Notice>{t('common.saved')}</Notice> : null}
      {registered ? <Notice>{t('register.done')}</Notice> : null}
      {verified ? <Notice>{t('firms.verifiedNotice')}</Notice> : null}
      <ErrorAlert error={verifyError} />
      <div className="two-columns">
        <section className="panel" aria-labelledby="firm-profile">
          <h2 id="firm-profile">{t('firms.profile')}</h2>
          <dl className="details firm-details">
            <Row label={t('firms.nib')}>{firm.nib ? <span className="mono">{firm.nib}</span> : null}</Row>
            <Row label={t('firms.legalForm')}>{t(`legal.${firm.legalForm}`)}</Row>
            <Row label={t('firms.address')}>{firm.address}</Row>
            <Row label={t('firms.district')}>{regionName(firm.districtCode)}</Row>
            <Row label={t('firms.regency')}>{regionName(firm.regencyCode)}</Row>
            <Row label={t('firms.province')}>{regionName(firm.provinceCode)}</Row>
            <Row label={t('firms.sentra')}>
              {firm.sentraId ? <Link to={`/firms?sentra=${encodeURIComponent(firm.sentraId)}`}>{sentra.data?.name ?? t('firms.sentraMembers')}</Link> : null}
            </Row>
            <Row label={t('firms.kbliMain')}>{firm.kbliMain ? <span className="mono">{firm.kbliMain}</span> : null}</Row>
            <Row label={t('firms.kbliOthers')}>{firm.kbliOthers.length ? <span className="mono">{firm.kbliOthers.join(', ')}</span> : null}</Row>
            <Row label={t('firms.workersTotal')}>{formatNumber(lang, firm.workersTotal)}</Row>
            <Row label={t('firms.workersWomen')}>{formatNumber(lang, firm.workersWomen)}</Row>
            <Row label={t('firms.investment')}>{formatIdr(lang, firm.investmentIdr)}</Row>
            <Row label={t('firms.turnover')}>{formatIdr(lang, firm.annualTurnoverIdr)}</Row>
            <Row label={t('firms.sizeClass')}>
              <SizeClassLabel sizeClass={firm.sizeClass} />
            </Row>
            <Row label={t('firms.yearFounded')}>{firm.yearFounded === null ? null : String(firm.yearFounded)}</Row>
            <Row label={t('firms.certifications')}>{firm.certifications.join(', ')}</Row>
            <Row label={t('firms.exportExperience')}>{yesNo(firm.exportExperience)}</Row>
            <Row label={t('firms.storeLinks')}>
              {firm.storeLinks.length ? (
                <ul className="plain-list">
                  {firm.storeLinks.map((link) => (
                    <li key={link}>
                      <a href={link} rel="noopener noreferrer nofollow" target="_blank">
                        {link}
                      </a>
                    </li>
                  ))}
                </ul>
              ) : null}
            </Row>
            <Row label={t('firms.source')}>{t(`firms.source.${firm.source}`)}</Row>
            <Row label={t('firms.verification')}>
              {firm.verifiedAt ? t('firms.verifiedAt', { when: formatDateTime(lang, firm.verifiedAt) }) : t('firms.status.unverified')}
            </Row>
            <Row label={t('firms.updated')}>{formatDateTime(lang, firm.updatedAt)}</Row>
          </dl>
        </section>
        <OwnerPanel firm={firm} me={me} />
      </div>
      <FirmProducts firm={firm} />
      <FirmHistory firm={firm} />
    </>
  )
}

function OwnerPanel({ firm, me }: { firm: Firm; me: Me }) {
  const { t } = useI18n()
  const owner = firm.owner
  return (
    <section className="panel" aria-labelledby="firm-owner">
      <h2 id="firm-owner">{t('firms.section.owner')}</h2>
      {owner ? (
        <dl className="details firm-details">
          <Row label={t('firms.ownerName')}>{owner.name}</Row>
          <Row label={t('firms.ownerNik')}>
            {owner.nikMasked ? <NikReveal firm={firm} masked={owner.nikMasked} canReveal={hasPermission(me, 'firms.reveal_personal_data')} asksReason={me.role !== 'firm_owner'} /> : null}
          </Row>
          <Row label={t('firms.ownerPhone')}>{owner.phoneMasked ? <span className="mono">{owner.phoneMasked}</span> : null}</Row>
          <Row label={t('firms.ownerEmail')}>{owner.email}</Row>
        </dl>
      ) : (
        <p className="muted">{t('firms.noOwner')}</p>
      )}
    </section>
  )
}

/** The masked NIK, and on demand the full one (officers state a reason, which is audited); hidden again on request. */
function NikReveal({ firm, masked, canReveal, asksReason }: { firm: Firm; masked: string; canReveal: boolean; asksReason: boolean }) {
  const { t } = useI18n()
  const [nik, setNik] = useState<string | null>(null)
  const [asking, setAsking] = useState(false)
  const [reason, setReason] = useState('')
  const [reasonError, setReasonError] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(undefined)
  const [busy, setBusy] = useState(false)
  const reasonRef = useRef<HTMLTextAreaElement>(null)
  const toggleRef = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    if (asking) reasonRef.current?.focus()
  }, [asking])

  async function reveal(withReason?: string) {
    setBusy(true)
    setError(undefined)
    try {
      const answer = await api.firms.revealNik(firm.id, withReason)
      setNik(answer.nik)
      setAsking(false)
      setReason('')
    } catch (reason) {
      setError(reason)
    } finally {
      setBusy(false)
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    if (reason.trim().length < 10) {
      setReasonError(t('firms.nikReasonShort'))
      reasonRef.current?.focus()
      return
    }
    setReasonError(null)
    void reveal(reason.trim())
  }

  function hide() {
    setNik(null)
    requestAnimationFrame(() => toggleRef.current?.focus())
  }

  return (
    <div className="nik">
      <span className="mono" data-testid="owner-nik">
        {nik ?? masked}
      </span>
      {canReveal ? (
        nik ? (
          <button type="button" className="button button-small button-secondary" onClick={hide}>
            {t('firms.nikHide')}
          </button>
        ) : asking ? null : (
          <button
            ref={toggleRef}
            type="button"
            className="button button-small button-secondary"
            disabled={busy}
            onClick={() => (asksReason ? setAsking(true) : void reveal())}
          >
            {t('firms.nikShow')}
          </button>
        )
      ) : null}
      {asking ? (
        <form className="nik-form" onSubmit={submit} noValidate>
          <TextAreaField
            ref={reasonRef}
            label={t('firms.nikReason')}
            hint={t('firms.nikReasonHint')}
            minLength={10}
            maxLength={500}
            required
            value={reason}
            error={reasonError}
            onChange={(e) => setReason(e.target.value)}
          />
          <div className="actions">
            <button type="submit" className="button button-small" disabled={busy}>
              {t('firms.nikShowSubmit')}
            </button>
            <button type="button" className="button button-small button-secondary" onClick={() => setAsking(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      <ErrorAlert error={error} />
    </div>
  )
}
