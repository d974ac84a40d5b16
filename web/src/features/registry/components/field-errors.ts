import { ApiError } from '../../../lib/api-client.ts'

export type FieldErrors = Partial<Record<string, string>>

/**
 * The form field an API error is about, from `details.field` (`owner.nik`, `regencyCode`, or for
 * schema errors `body.owner.nik`), passed through `rename` to the form's own field names.
 */
export function fieldErrorsOf(error: unknown, rename: (field: string) => string = (field) => field): FieldErrors {
  if (!(error instanceof ApiError) || error.status !== 400 && error.status !== 409) return {}
  const field = error.details?.field
  if (typeof field !== 'string' || !field || field === 'body') return {}
  // Array items (`storeLinks.1`) belong to their list's field.
  return { [rename(field.replace(/^body\./, '').replace(/\.\d+(?=\.|$)/g, ''))]: error.message }
}

/** Moves focus to the first field marked invalid (after the errors have rendered). */
export function focusFirstInvalid(root: HTMLElement | null) {
  requestAnimationFrame(() => root?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus())
}
