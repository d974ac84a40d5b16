import { useState, type ChangeEvent, type ComponentPropsWithRef } from 'react'
import { useI18n } from '../lib/i18n-react.tsx'
import { PASSWORD_MIN, passwordProblem } from '../lib/passwords.ts'
import { parseTotpCode } from '../lib/totp-code.ts'
import { TextField } from './ui.tsx'

/** The six-digit authenticator code input used at sign-in and enrolment. */
export function TotpCodeField(props: { label: string; error?: string | null } & ComponentPropsWithRef<'input'>) {
  return (
    <TextField
      name="code"
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9]{6}"
      maxLength={6}
      required
      className="code-field"
      {...props}
    />
  )
}

/** State of a TotpCodeField; `read()` gives the code's six digits, or shows the format error and gives null. */
export function useTotpCode() {
  const { t } = useI18n()
  const [code, setCode] = useState('')
  const [codeError, setCodeError] = useState<string | null>(null)

  return {
    read(): string | null {
      const value = parseTotpCode(code)
      setCodeError(value === null ? t('code.invalid') : null)
      return value
    },
    clear() {
      setCode('')
    },
    field: { value: code, error: codeError, onChange: (event: ChangeEvent<HTMLInputElement>) => setCode(event.target.value) },
  }
}

/** State and client-side checks for a new password typed twice. */
export function useNewPassword() {
  const { t } = useI18n()
  const [password, setPassword] = useState('')
  const [confirm, setConfirm] = useState('')
  const [passwordError, setPasswordError] = useState<string | null>(null)
  const [confirmError, setConfirmError] = useState<string | null>(null)

  return {
    password,
    /** Shows any length or mismatch problem next to its field; true when the pair may be sent. */
    validate(): boolean {
      const problem = passwordProblem(password, confirm)
      setPasswordError(problem && problem !== 'password.mismatch' ? t(problem) : null)
      setConfirmError(problem === 'password.mismatch' ? t(problem) : null)
      return problem === null
    },
    clear() {
      setPassword('')
      setConfirm('')
    },
    fields: { password, confirm, passwordError, confirmError, onPasswordChange: setPassword, onConfirmChange: setConfirm },
  }
}

/** The new-password and confirmation inputs, wired to `useNewPassword().fields`. */
export function NewPasswordFields({
  label,
  confirmLabel,
  maxLength,
  password,
  confirm,
  passwordError,
  confirmError,
  onPasswordChange,
  onConfirmChange,
}: {
  label: string
  confirmLabel: string
  maxLength: number
  password: string
  confirm: string
  passwordError: string | null
  confirmError: string | null
  onPasswordChange(value: string): void
  onConfirmChange(value: string): void
}) {
  const { t } = useI18n()
  return (
    <>
      <TextField
        label={label}
        hint={t('invite.passwordHint')}
        name="new-password"
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN}
        maxLength={maxLength}
        value={password}
        error={passwordError}
        onChange={(event) => onPasswordChange(event.target.value)}
      />
      <TextField
        label={confirmLabel}
        name="confirm-password"
        type="password"
        autoComplete="new-password"
        required
        value={confirm}
        error={confirmError}
        onChange={(event) => onConfirmChange(event.target.value)}
      />
    </>
  )
}
