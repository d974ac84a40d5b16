export interface DiffRow {
  field: string
  before: string
  after: string
  changed: boolean
}

function show(value: unknown): string {
  if (value === undefined) return ''
  if (typeof value === 'string') return value
  return JSON.stringify(value, null, 1)
}

/** Field-by-field comparison of an entry's before and after snapshots. */
export function diffRows(before: Record<string, unknown> | null, after: Record<string, unknown> | null): DiffRow[] {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort()
  return fields.map((field) => {
    const a = show(before?.[field])
    const b = show(after?.[field])
    return { field, before: a, after: b, changed: a !== b }
  })
}
