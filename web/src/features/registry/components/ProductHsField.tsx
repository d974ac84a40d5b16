import { useEffect, useId, useState } from 'react'
import { TextField } from '../../../components/ui.tsx'
import { useI18n } from '../../../lib/i18n-react.tsx'
import { api, type HsCode } from '../../../lib/api-client.ts'

/** "630491" → "6304.91"; headings stay as they are. */
export function hsLabel(code: string): string {
  return code.length === 6 ? `${code.slice(0, 4)}.${code.slice(4)}` : code
}

/**
 * An HS 2022 heading or subheading typed directly or found by (English) words, like KbliField:
 * suggestions from the reference search as the person types, the chosen code's description
 * under the field. Chapters (2 digits) are not offered: the server accepts only 4 or 6 digits.
 */
export function ProductHsField({
  label,
  hint,
  value,
  error,
  onChange,
  name,
}: {
  label: string
  hint?: string
  value: string
  error?: string | null
  onChange(value: string): void
  name?: string
}) {
  const { lang } = useI18n()
  const listId = useId()
  const [options, setOptions] = useState<HsCode[]>([])
  const query = value.trim()

  useEffect(() => {
    if (query.length < 2) return
    let current = true
    const timer = setTimeout(() => {
      api.products.hs(query, 20)
        .then((items) => current && setOptions(items.filter((item) => item.level === 4 || item.level === 6)))
        .catch(() => undefined)
    }, 250)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [query, lang])

  const digits = query.replace(/\./g, '')
  const chosen = options.find((option) => option.code === digits)
  return (
    <>
      <TextField
        label={label}
        hint={chosen ? `${hsLabel(chosen.code)} — ${chosen.description}` : hint}
        name={name}
        list={listId}
        autoComplete="off"
        spellCheck={false}
        maxLength={60}
        value={value}
        error={error}
        onChange={(event) => onChange(event.target.value)}
      />
      <datalist id={listId}>
        {options.map((option) => (
          <option key={option.code} value={hsLabel(option.code)}>
            {`${hsLabel(option.code)} — ${option.description}`}
          </option>
        ))}
      </datalist>
    </>
  )
}
