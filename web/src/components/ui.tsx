import { useEffect, useId, useRef, useState, type ComponentPropsWithRef, type ReactNode } from 'react'
import { messageOf } from '../lib/api-client.ts'
import { useI18n } from '../lib/i18n-react.tsx'

/** An error announced to screen readers; shows the server's localised message for API errors. */
export function ErrorAlert({ error }: { error: unknown }) {
  const { lang } = useI18n()
  if (error === undefined || error === null || error === false) return null
  const text = typeof error === 'string' ? error : messageOf(error, lang)
  return (
    <div className="alert alert-error" role="alert">
      {text}
    </div>
  )
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="alert alert-success" role="status">
      {children}
    </div>
  )
}

export function Loading() {
  const { t } = useI18n()
  return (
    <p className="loading" role="status">
      {t('app.loading')}
    </p>
  )
}

/** The page's heading; it takes focus after in-app navigation so screen readers announce the new page. */
export function PageHeader({ title, intro, children }: { title: string; intro?: ReactNode; children?: ReactNode }) {
  return (
    <div className="page-header">
      <h1 tabIndex={-1} data-page-title>
        {title}
      </h1>
      {intro ? <p className="lead">{intro}</p> : null}
      {children}
    </div>
  )
}

interface FieldProps {
  label: string
  hint?: string
  error?: string | null
}

/** Ids and ARIA attributes linking a field's control to its hint and error. */
function useFieldControl({ hint, error }: FieldProps) {
  const id = useId()
  const describedBy = [hint ? `${id}-hint` : undefined, error ? `${id}-error` : undefined].filter(Boolean).join(' ') || undefined
  return { id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined }
}

/** The label, hint and error around one form control. */
function FieldFrame({ id, label, hint, error, className, children }: FieldProps & { id: string; className?: string; children: ReactNode }) {
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children}
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  )
}

export function TextField({ label, hint, error, className, ...input }: FieldProps & ComponentPropsWithRef<'input'>) {
  const control = useFieldControl({ label, hint, error })
  return (
    <FieldFrame id={control.id} label={label} hint={hint} error={error} className={className}>
      <input {...control} {...input} />
    </FieldFrame>
  )
}

export function SelectField({
  label,
  hint,
  error,
  className,
  children,
  ...select
}: FieldProps & ComponentPropsWithRef<'select'> & { children: ReactNode }) {
  const control = useFieldControl({ label, hint, error })
  return (
    <FieldFrame id={control.id} label={label} hint={hint} error={error} className={className}>
      <select {...control} {...select}>
        {children}
      </select>
    </FieldFrame>
  )
}

export function CheckboxField({ label, ...input }: { label: string } & ComponentPropsWithRef<'input'>) {
  const id = useId()
  return (
    <div className="field field-checkbox">
      <input id={id} type="checkbox" {...input} />
      <label htmlFor={id}>{label}</label>
    </div>
  )
}

/** A form's action row: the submit button first, then any secondary buttons. */
export function FormActions({ submit, disabled, children }: { submit: ReactNode; disabled?: boolean; children?: ReactNode }) {
  return (
    <div className="actions">
      <button type="submit" className="button" disabled={disabled}>
        {submit}
      </button>
      {children}
    </div>
  )
}

/** A secret or link shown once, read-only, with a copy button. */
export function CopyField({ label, value }: { label: string; value: string }) {
  const { t } = useI18n()
  const id = useId()
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  const inputRef = useRef<HTMLInputElement>(null)

  async function copy() {
    try {
      await navigator.clipboard.writeText(value)
      setState('copied')
    } catch {
      inputRef.current?.select()
      setState('failed')
    }
  }

  return (
    <div className="field copy-field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-row">
        <input id={id} ref={inputRef} readOnly value={value} className="mono" onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="button button-secondary" onClick={copy}>
          {t('common.copy')}
        </button>
      </div>
      <p className="hint" role="status">
        {state === 'copied' ? t('common.copied') : state === 'failed' ? t('common.copyFailed') : ''}
      </p>
    </div>
  )
}

/** A button that asks for a second click before acting (no browser dialogs). */
export function ConfirmButton({
  children,
  onConfirm,
  className = 'button button-small button-danger',
  disabled,
  label,
}: {
  children: ReactNode
  onConfirm(): void | Promise<void>
  className?: string
  disabled?: boolean
  /** Accessible name when the visible text alone is ambiguous in a table. */
  label?: string
}) {
  const { t } = useI18n()
  const [asking, setAsking] = useState(false)
  const [busy, setBusy] = useState(false)
  const yesRef = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    if (asking) yesRef.current?.focus()
  }, [asking])

  if (!asking) {
    return (
      <button type="button" className={className} disabled={disabled} aria-label={label} onClick={() => setAsking(true)}>
        {children}
      </button>
    )
  }
  return (
    <span className="confirm" role="group" aria-label={label}>
      <span className="confirm-text">{t('common.confirm')}</span>
      <button
        ref={yesRef}
        type="button"
        className="button button-small button-danger"
        disabled={busy}
        onClick={async () => {
          setBusy(true)
          try {
            await onConfirm()
          } finally {
            setBusy(false)
            setAsking(false)
          }
        }}
      >
        {t('common.yes')}
      </button>
      <button type="button" className="button button-small button-secondary" onClick={() => setAsking(false)}>
        {t('common.no')}
      </button>
    </span>
  )
}

export function StatusBadge({ disabled }: { disabled: boolean }) {
  const { t } = useI18n()
  return <span className={`badge ${disabled ? 'badge-muted' : 'badge-ok'}`}>{disabled ? t('common.disabled') : t('common.active')}</span>
}
