import { useEffect, useRef, useState, type FormEvent } from 'react'
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router'
import { api, type AuthState } from '../../../lib/api-client.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { ErrorAlert, FormActions, Loading, Notice, PageHeader, TextField } from '../../../components/ui.tsx'
import { TotpCodeField, useTotpCode } from '../../../components/auth-fields.tsx'
import { useSession } from '../../../app/session.tsx'
import { safeNext } from '../../../lib/navigation.ts'

export function LoginPage() {
  const { t } = useI18n()
  const { session, signedIn } = useSession()
  const [params] = useSearchParams()
  const navigate = useNavigate()
  const next = safeNext(params.get('next'))
  const signedOut = session.status === 'anonymous' && session.reason === 'signedOut'
  const expired = session.status === 'anonymous' && session.reason === 'expired'

  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const totpCode = useTotpCode()
  const [error, setError] = useState<unknown>(undefined)
  const [busy, setBusy] = useState(false)
  const [setupNeeded, setSetupNeeded] = useState(false)
  const codeRef = useRef<HTMLInputElement>(null)

  const codeStep = session.status === 'signedIn' && session.stage === 'totp'
  useTitle(codeStep ? t('login.codeTitle') : t('login.title'))

  useEffect(() => {
    api.setup
      .status()
      .then((status) => setSetupNeeded(status.needed))
      .catch(() => undefined)
  }, [])

  useEffect(() => {
    if (codeStep) codeRef.current?.focus()
  }, [codeStep])

  if (session.status === 'loading') return <Loading />
  if (session.status === 'signedIn' && session.stage === 'full') return <Navigate to={next} replace />
  if (session.status === 'signedIn' && session.stage === 'enrol') {
    return <Navigate to={next === '/' ? '/enrol' : `/enrol?next=${encodeURIComponent(next)}`} replace />
  }

  function proceed(state: AuthState) {
    signedIn(state)
    setError(undefined)
    if (state.stage === 'full') navigate(next, { replace: true })
  }

  async function submitPassword(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      proceed(await api.auth.login(email.trim(), password))
      setPassword('')
    } catch (reason) {
      setError(reason)
    } finally {
      setBusy(false)
    }
  }

  async function submitCode(event: FormEvent) {
    event.preventDefault()
    const value = totpCode.read()
    if (value === null) return
    setBusy(true)
    setError(undefined)
    try {
      proceed(await api.auth.totp(value))
    } catch (reason) {
      setError(reason)
      totpCode.clear()
      codeRef.current?.focus()
    } finally {
      setBusy(false)
    }
  }

  async function startOver() {
    setError(undefined)
    totpCode.clear()
    await api.auth.logout().catch(() => undefined)
    window.location.reload()
  }

  if (codeStep) {
    return (
      <section className="panel narrow auth-panel">
        <PageHeader title={t('login.codeTitle')} intro={t('login.codeIntro')} />
        <p className="muted">{session.user.email}</p>
        <ErrorAlert error={error} />
        <form onSubmit={submitCode} noValidate>
          <TotpCodeField ref={codeRef} label={t('login.code')} {...totpCode.field} />
          <FormActions submit={t('login.codeSubmit')} disabled={busy}>
            <button type="button" className="button button-link" onClick={startOver}>
              {t('login.startOver')}
            </button>
          </FormActions>
        </form>
      </section>
    )
  }

  return (
    <section className="panel narrow auth-panel">
      <PageHeader title={t('login.title')} intro={t('login.intro')} />
      {signedOut ? <Notice>{t('login.signedOut')}</Notice> : null}
      {expired ? <div className="alert alert-info" role="status">{t('login.expired')}</div> : null}
      {setupNeeded ? <div className="alert alert-info">{t('login.setupHint')}</div> : null}
      <ErrorAlert error={error} />
      <form onSubmit={submitPassword}>
        <TextField
          label={t('login.email')}
          name="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <TextField
          label={t('login.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <FormActions submit={t('login.submit')} disabled={busy} />
      </form>
      <p className="register-link">
        {t('register.linkIntro')} <Link to="/register">{t('register.link')}</Link>
      </p>
    </section>
  )
}
