import { useEffect, useState, type FormEvent } from 'react'
import { Link, useNavigate } from 'react-router'
import { api, type InvitationPreview } from '../../../lib/api-client.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { ErrorAlert, FormActions, Loading, PageHeader, TextField } from '../../../components/ui.tsx'
import { NewPasswordFields, useNewPassword } from '../../../components/auth-fields.tsx'
import { useSession } from '../../../app/session.tsx'

/** Reads `token` from the URL fragment (`#token=…`), which browsers never send to the server. */
function tokenFromFragment(): string {
  const hash = window.location.hash.replace(/^#/, '')
  return new URLSearchParams(hash).get('token') ?? ''
}

/** One flow for invitation links (/invite#token=…) and the first-start setup link (/setup#token=…). */
export function AcceptInvitationPage({ mode }: { mode: 'invite' | 'setup' }) {
  const { t } = useI18n()
  const { signedIn } = useSession()
  const navigate = useNavigate()
  const [token] = useState(tokenFromFragment)
  const [preview, setPreview] = useState<InvitationPreview | null>(null)
  const [setupNeeded, setSetupNeeded] = useState<boolean | null>(null)
  const [loadError, setLoadError] = useState<unknown>(undefined)
  const [email, setEmail] = useState('')
  const [name, setName] = useState('')
  const [emailError, setEmailError] = useState<string | null>(null)
  const [nameError, setNameError] = useState<string | null>(null)
  const newPassword = useNewPassword()
  const [error, setError] = useState<unknown>(undefined)
  const [busy, setBusy] = useState(false)
  const [loading, setLoading] = useState(true)
  useTitle(mode === 'setup' ? t('setup.title') : t('invite.title'))

  useEffect(() => {
    let current = true
    async function load() {
      if (mode === 'setup') {
        const status = await api.setup.status()
        if (!current) return
        setSetupNeeded(status.needed)
        if (!status.needed) return
      }
      if (!token) return
      const inspected = await api.invitations.inspect(token)
      if (current) setPreview(inspected)
    }
    load()
      .catch((reason) => current && setLoadError(reason))
      .finally(() => current && setLoading(false))
    return () => {
      current = false
    }
  }, [mode, token])

  async function submit(event: FormEvent) {
    event.preventDefault()
    const ownDetails = preview?.kind === 'setup'
    const emailMissing = ownDetails && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email.trim())
    const nameMissing = ownDetails && !name.trim()
    setEmailError(emailMissing ? t('field.required') : null)
    setNameError(nameMissing ? t('field.required') : null)
    const passwordOk = newPassword.validate()
    if (!passwordOk || emailMissing || nameMissing) return
    setBusy(true)
    setError(undefined)
    const password = newPassword.password
    try {
      const state = await api.invitations.accept(ownDetails ? { token, password, email: email.trim(), name: name.trim() } : { token, password })
      signedIn(state)
      // The fragment holds a now-spent secret: drop it from the address bar and history.
      window.history.replaceState(null, '', window.location.pathname)
      navigate(state.stage === 'enrol' ? '/enrol' : state.stage === 'totp' ? '/login' : '/', { replace: true })
    } catch (reason) {
      setError(reason)
    } finally {
      setBusy(false)
    }
  }

  const title = mode === 'setup' ? t('setup.title') : t('invite.title')
  const intro = mode === 'setup' ? t('setup.intro') : t('invite.intro')

  let body
  if (loading) body = <Loading />
  else if (loadError) body = <><ErrorAlert error={loadError} /><p><Link to="/login">{t('invite.goToLogin')}</Link></p></>
  else if (mode === 'setup' && setupNeeded === false) {
    body = (
      <>
        <div className="alert alert-info" role="status">{t('setup.notNeeded')}</div>
        <p><Link to="/login">{t('invite.goToLogin')}</Link></p>
      </>
    )
  } else if (!token) body = <div className="alert alert-error" role="alert">{mode === 'setup' ? t('setup.noToken') : t('invite.noToken')}</div>
  else if (preview) {
    body = (
      <>
        <dl className="details">
          {preview.kind === 'invite' ? (
            <>
              <div><dt>{t('invite.name')}</dt><dd>{preview.name}</dd></div>
              <div><dt>{t('invite.email')}</dt><dd>{preview.email}</dd></div>
            </>
          ) : null}
          <div><dt>{t('invite.role')}</dt><dd>{t(`role.${preview.role}`)}</dd></div>
          <div><dt>{t('invite.organisation')}</dt><dd>{preview.organisationName}</dd></div>
        </dl>
        {preview.needsTotp ? <div className="alert alert-info">{t('invite.needsTotp')}</div> : null}
        <ErrorAlert error={error} />
        <form onSubmit={submit} noValidate>
          {preview.kind === 'setup' ? (
            <>
              <TextField
                label={t('setup.email')}
                name="email"
                type="email"
                autoComplete="username"
                required
                maxLength={254}
                value={email}
                error={emailError}
                onChange={(event) => setEmail(event.target.value)}
              />
              <TextField
                label={t('setup.name')}
                name="name"
                autoComplete="name"
                required
                maxLength={200}
                value={name}
                error={nameError}
                onChange={(event) => setName(event.target.value)}
              />
            </>
          ) : (
            // Lets password managers store the new credential under the right account.
            <input type="email" name="username" autoComplete="username" value={preview.email ?? ''} readOnly hidden />
          )}
          <NewPasswordFields label={t('invite.password')} confirmLabel={t('invite.passwordConfirm')} maxLength={1024} {...newPassword.fields} />
          <FormActions submit={t('invite.submit')} disabled={busy} />
        </form>
      </>
    )
  }

  return (
    <section className="panel narrow auth-panel">
      <PageHeader title={title} intro={intro} />
      {body}
    </section>
  )
}
