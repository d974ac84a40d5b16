import { useId, type ComponentPropsWithRef, type ReactNode } from 'react'

/** A multi-line text field with the same label, hint and error wiring as the shared TextField. */
export function TextAreaField({
  label,
  hint,
  error,
  className,
  ...textarea
}: { label: string; hint?: string; error?: string | null } & ComponentPropsWithRef<'textarea'>) {
  const id = useId()
  const describedBy = [hint ? `${id}-hint` : undefined, error ? `${id}-error` : undefined].filter(Boolean).join(' ') || undefined
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <textarea id={id} aria-describedby={describedBy} aria-invalid={error ? true : undefined} rows={3} {...textarea} />
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  )
}

/** A titled group of form fields laid out in the form grid. */
export function FormSection({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <fieldset className="form-section">
      <legend>{legend}</legend>
      <div className="form-grid">{children}</div>
    </fieldset>
  )
}
