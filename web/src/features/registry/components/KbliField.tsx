import { useEffect, useId, useState } from 'react'
import { api, type KbliCode } from '../../../lib/api-client.ts'
import { TextField } from '../../../components/ui.tsx'

/**
 * A KBLI 2020 code typed directly or found by words: suggestions come from the reference
 * search as the person types, and the chosen code's title is shown under the field.
 */
export function KbliField({
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
  const listId = useId()
  const [options, setOptions] = useState<KbliCode[]>([])
  const query = value.trim()

  useEffect(() => {
    if (query.length < 2) return
    let current = true
    const timer = setTimeout(() => {
      api.reference
        .kbli(query, 15)
        .then((items) => current && setOptions(items))
        .catch(() => undefined)
    }, 250)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [query])

  const chosen = options.find((option) => option.code === query)
  return (
    <>
      <TextField
        label={label}
        hint={chosen ? `${chosen.code} — ${chosen.title}` : hint}
        name={name}
        list={listId}
        autoComplete="off"
        spellCheck={false}
        value={value}
        error={error}
        onChange={(event) => onChange(event.target.value)}
      />
      <datalist id={listId}>
        {options.map((option) => (
          <option key={option.code} value={option.code}>
            {`${option.code} — ${option.title}`}
          </option>
        ))}
      </datalist>
    </>
  )
}
