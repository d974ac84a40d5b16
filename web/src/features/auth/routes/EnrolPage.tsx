import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react'
import { Navigate, useNavigate, useSearchParams } from 'react-router'
import QRCode from 'qrcode'
import { api, type TotpEnrolment } from '../../../lib/api-client.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { ErrorAlert, FormActions, Loading, PageHeader } from '../../../components/ui.tsx'
import { TotpCodeField, useTotpCode } from '../../../components/auth-fields.tsx'
import { useSession } from '../../../app/session.tsx'
import { loginPath, safeNext } from '../../../lib/navigation.ts'

/** Groups a base32 secret in fours so it is easier to type by hand. */
function groupSecret(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim()
}

export function EnrolPage() {
  const { t } = useI18n()
  const { session, signedIn } = useSession()
  const [params] = useSearchParams()
  const navigate = useNavigate()
  const next = safeNext(params.get('next'))
  useTitle(t('enrol.title'))

  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null)
  const [qr, setQr] = useState<string | null>(null)
  const totpCode = useTotpCode()
  const [error, setError] = useState<unknown>(undefined)
  const [busy, setBusy] = useState(false)
  const started = useRef(false)
  const inEnrolStage = session.status === 'signedIn' && session.stage === 'enrol'

  const start = useCallback(async () => {
    setError(undefined)
    setEnrolment(null)
    setQr(null)
    try {
      const fresh = await api.auth.startEnrolment()
      const svg = await QRCode.toString(fresh.otpauthUri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' })
      setEnrolment(fresh)
      setQr(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`)
    } catch (reason) {
      setError(reason)
    }
  }, [])

  // Starting an enrolment makes a new seed on the server: do it once per visit.
  useEffect(() => {
    if (!inEnrolStage || started.current) return
    started.current = true
    void start()
  }, [inEnrolStage, start])

  if (session.status === 'loading') return <Loading />
  if (session.status === 'anonymous') return <Navigate to={loginPath('/')} replace />
  if (session.stage === 'full') return <Navigate to={next} replace />
  if (session.stage === 'totp') return <Navigate to={loginPath(next)} replace />

  async function submit(event: FormEvent) {
    event.preventDefault()
    const value = totpCode.read()
    if (value === null) return
    setBusy(true)
    setError(undefined)
    try {
      const state = await api.auth.confirmEnrolment(value)
      signedIn(state)
      navigate(next, { replace: true })
    } catch (reason) {
      setError(reason)
      totpCode.clear()
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="panel narrow auth-panel">
      <PageHeader title={t('enrol.title')} intro={t('enrol.intro')} />
      <ErrorAlert error={error} />
      {!enrolment && !error ? <Loading /> : null}
      {enrolment && qr ? (
        <div className="enrol">
          <img className="qr" src={qr} alt={t('enrol.qrAlt')} width={220} height={220} />
          <div className="enrol-secret">
            <p>{t('enrol.secret')}</p>
            <p>
              <code className="secret" data-testid="totp-secret" data-secret={enrolment.secret}>
                {groupSecret(enrolment.secret)}
              </code>
            </p>
          </div>
        </div>
      ) : null}
      <form onSubmit={submit} noValidate>
        <TotpCodeField label={t('enrol.code')} {...totpCode.field} />
        <FormActions submit={t('enrol.submit')} disabled={busy || !enrolment}>
          <button type="button" className="button button-secondary" onClick={() => void start()} disabled={busy}>
            {t('enrol.restart')}
          </button>
        </FormActions>
      </form>
    </section>
  )
}
