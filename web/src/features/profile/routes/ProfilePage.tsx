import { useState, type FormEvent } from 'react'
import { api } from '../../../lib/api-client.ts'
import { LANGUAGES, isLang } from '../../../lib/i18n.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { CheckboxField, ErrorAlert, FormActions, Notice, PageHeader, SelectField, TextField } from '../../../components/ui.tsx'
import { NewPasswordFields, useNewPassword } from '../../../components/auth-fields.tsx'
import { useMe } from '../../../app/session.tsx'
import { PASSWORD_MAX } from '../../../lib/passwords.ts'

export function ProfilePage() {
  const { t, lang, setLang } = useI18n()
  const me = useMe()
  useTitle(t('profile.title'))

  return (
    <>
      <PageHeader title={t('profile.title')} />
      <div className="two-columns">
        <section className="panel" aria-labelledby="profile-details">
          <h2 id="profile-details">{t('profile.details')}</h2>
          <dl className="details">
            <div><dt>{t('profile.name')}</dt><dd>{me.name}</dd></div>
            <div><dt>{t('profile.email')}</dt><dd>{me.email}</dd></div>
            <div><dt>{t('profile.role')}</dt><dd>{t(`role.${me.role}`)}</dd></div>
            <div><dt>{t('profile.organisation')}</dt><dd>{me.organisation.name}</dd></div>
            <div><dt>{t('profile.totp')}</dt><dd>{me.totpEnrolled ? t('profile.totpOn') : t('profile.totpOff')}</dd></div>
          </dl>
          <SelectField
            label={t('profile.language')}
            hint={t('profile.languageHint')}
            value={lang}
            onChange={(event) => {
              if (isLang(event.target.value)) setLang(event.target.value)
            }}
          >
            {LANGUAGES.map((code) => (
              <option key={code} value={code} lang={code}>
                {t(`lang.${code}`)}
              </option>
            ))}
          </SelectField>
        </section>
        <ChangePasswordForm email={me.email} />
      </div>
    </>
  )
}

function ChangePasswordForm({ email }: { email: string }) {
  const { t } = useI18n()
  const [currentPassword, setCurrentPassword] = useState('')
  const newPassword = useNewPassword()
  const [endOtherSessions, setEndOtherSessions] = useState(true)
  const [currentError, setCurrentError] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(undefined)
  const [done, setDone] = useState(false)
  const [busy, setBusy] = useState(false)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setDone(false)
    setCurrentError(currentPassword ? null : t('field.required'))
    const passwordOk = newPassword.validate()
    if (!passwordOk || !currentPassword) return
    setBusy(true)
    setError(undefined)
    try {
      await api.auth.changePassword({ currentPassword, newPassword: newPassword.password, endOtherSessions })
      setDone(true)
      setCurrentPassword('')
      newPassword.clear()
    } catch (reason) {
      setError(reason)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="panel" aria-labelledby="profile-password">
      <h2 id="profile-password">{t('profile.passwordTitle')}</h2>
      {done ? <Notice>{t('profile.passwordChanged')}</Notice> : null}
      <ErrorAlert error={error} />
      <form onSubmit={submit} noValidate>
        <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
        <TextField
          label={t('profile.currentPassword')}
          type="password"
          name="current-password"
          autoComplete="current-password"
          required
          value={currentPassword}
          error={currentError}
          onChange={(event) => setCurrentPassword(event.target.value)}
        />
        <NewPasswordFields label={t('profile.newPassword')} confirmLabel={t('profile.newPasswordConfirm')} maxLength={PASSWORD_MAX * 4} {...newPassword.fields} />
        <CheckboxField
          label={t('profile.endOtherSessions')}
          checked={endOtherSessions}
          onChange={(event) => setEndOtherSessions(event.target.checked)}
        />
        <FormActions submit={t('profile.passwordSubmit')} disabled={busy} />
      </form>
    </section>
  )
}
