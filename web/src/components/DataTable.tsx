import type { ReactNode } from 'react'

/** A scrollable, keyboard-focusable table region with column headers; the body rows come from the caller. */
export function TableRegion({
  label,
  columns,
  className = 'table',
  children,
}: {
  /** Accessible name of the scrollable region. */
  label: string
  columns: readonly ReactNode[]
  className?: string
  children: ReactNode
}) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      <table className={className}>
        <thead>
          <tr>
            {columns.map((column, index) => (
              <th key={index} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  )
}

/**
 * A table of items: an optional live count above it, one row per item (renderRow gives each `<tr>` its key)
 * and, when `empty` is given and there are no items, a full-width row with that text.
 */
export function DataTable<T>({
  label,
  count,
  columns,
  rows,
  renderRow,
  empty,
}: {
  label: string
  count?: ReactNode
  columns: readonly ReactNode[]
  rows: readonly T[]
  renderRow(row: T): ReactNode
  empty?: ReactNode
}) {
  return (
    <>
      {count !== undefined ? (
        <p className="muted" aria-live="polite">
          {count}
        </p>
      ) : null}
      <TableRegion label={label} columns={columns}>
        {rows.map((row) => renderRow(row))}
        {empty !== undefined && rows.length === 0 ? (
          <tr>
            <td colSpan={columns.length}>{empty}</td>
          </tr>
        ) : null}
      </TableRegion>
    </>
  )
}
