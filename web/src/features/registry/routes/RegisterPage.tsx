import { useEffect, useRef, useState, type FormEvent } from 'react'
import { Link, Navigate, useNavigate } from 'react-router'
import { api, ApiError } from '../../../lib/api-client.ts'
import { PASSWORD_MAX } from '../../../lib/passwords.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { useSession } from '../../../app/session.tsx'
import { ErrorAlert, FormActions, Loading, PageHeader, TextField } from '../../../components/ui.tsx'
import { NewPasswordFields, useNewPassword } from '../../../components/auth-fields.tsx'
import { FirmFields } from '../components/FirmFields.tsx'
import { EMPTY_DRAFT, firmBodyOf, type FirmDraft } from '../components/firm-draft.ts'
import { fieldErrorsOf, focusFirstInvalid, type FieldErrors } from '../components/field-errors.ts'
import { FormSection } from '../components/fields.tsx'
import { registrationField } from '../components/registration-fields.ts'

interface AccountDraft {
  name: string
  email: string
  nik: string
  phone: string
}

/** /register: a firm owner creates an account and the firm's record (awaiting verification). */
export function RegisterPage() {
  const { t } = useI18n()
  useTitle(t('register.title'))
  const { session, signedIn } = useSession()
  const navigate = useNavigate()
  const [account, setAccount] = useState<AccountDraft>({ name: '', email: '', nik: '', phone: '' })
  const newPassword = useNewPassword()
  const [draft, setDraft] = useState<FirmDraft>(EMPTY_DRAFT)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [error, setError] = useState<unknown>(undefined)
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)

  useEffect(() => {
    if (Object.keys(errors).length) focusFirstInvalid(formRef.current)
  }, [errors])

  if (session.status === 'loading') return <Loading />
  if (session.status === 'signedIn' && !done) return <Navigate to="/" replace />

  async function submit(event: FormEvent) {
    event.preventDefault()
    const passwordOk = newPassword.validate()
    const converted = firmBodyOf(draft)
    if ('invalid' in converted || !passwordOk) {
      setErrors('invalid' in converted ? Object.fromEntries(converted.invalid.map((field) => [field, t('firms.numberInvalid')])) : {})
      setError(t('firms.fixErrors'))
      if (!('invalid' in converted)) focusFirstInvalid(formRef.current)
      return
    }
    setBusy(true)
    setError(undefined)
    setErrors({})
    try {
      const result = await api.registrations.create({
        account: {
          name: account.name.trim(),
          email: account.email.trim(),
          password: newPassword.password,
          ...(account.nik.trim() ? { nik: account.nik.trim() } : {}),
          ...(account.phone.trim() ? { phone: account.phone.trim() } : {}),
        },
        firm: converted.body,
      })
      setDone(true)
      signedIn({ stage: result.stage, user: result.user })
      navigate(`/firms/${result.firm.id}`, { replace: true, state: { registered: true } })
    } catch (reason) {
      setError(reason)
      const fields = fieldErrorsOf(reason, registrationField)
      if (reason instanceof ApiError && reason.code === 'EMAIL_TAKEN') fields['account.email'] = reason.message
      setErrors(fields)
    } finally {
      setBusy(false)
    }
  }

  const firmErrors = Object.fromEntries(Object.entries(errors).filter(([key]) => !key.startsWith('account.')))
  return (
    <>
      <PageHeader title={t('register.title')} intro={t('register.intro')} />
      <form ref={formRef} className="panel firm-form" onSubmit={submit} noValidate>
        <ErrorAlert error={error} />
        <FormSection legend={t('register.account')}>
          <TextField
            label={t('register.name')}
            name="name"
            autoComplete="name"
            required
            maxLength={200}
            value={account.name}
            error={errors['account.name']}
            onChange={(e) => setAccount({ ...account, name: e.target.value })}
          />
          <TextField
            label={t('register.email')}
            name="email"
            type="email"
            autoComplete="email"
            required
            maxLength={254}
            value={account.email}
            error={errors['account.email']}
            onChange={(e) => setAccount({ ...account, email: e.target.value })}
          />
          <TextField
            label={t('firms.ownerNik')}
            hint={t('firms.ownerNikHint')}
            name="nik"
            inputMode="numeric"
            autoComplete="off"
            maxLength={40}
            value={account.nik}
            error={errors['account.nik']}
            onChange={(e) => setAccount({ ...account, nik: e.target.value })}
          />
          <TextField
            label={t('firms.ownerPhone')}
            hint={t('firms.ownerPhoneHint')}
            name="phone"
            type="tel"
            autoComplete="tel"
            maxLength={40}
            value={account.phone}
            error={errors['account.phone']}
            onChange={(e) => setAccount({ ...account, phone: e.target.value })}
          />
          <NewPasswordFields
            label={t('register.password')}
            confirmLabel={t('register.passwordConfirm')}
            maxLength={PASSWORD_MAX}
            {...newPassword.fields}
            passwordError={errors['account.password'] ?? newPassword.fields.passwordError}
          />
        </FormSection>
        <FirmFields draft={draft} errors={firmErrors} withSentra={false} onChange={(patch) => setDraft((current) => ({ ...current, ...patch }))} />
        <p className="muted">{t('register.pending')}</p>
        <FormActions submit={t('register.submit')} disabled={busy}>
          <Link className="button button-link" to="/login">
            {t('register.haveAccount')}
          </Link>
        </FormActions>
      </form>
    </>
  )
}
