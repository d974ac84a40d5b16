import { Fragment, useCallback, useEffect, useState, type FormEvent } from 'react'
import { api, ROLES, type AuditEntry, type AuditQuery } from '../../../lib/api-client.ts'
import { formatDateTime } from '../../../lib/i18n.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { ErrorAlert, Loading, PageHeader, TextField } from '../../../components/ui.tsx'
import { TableRegion } from '../../../components/DataTable.tsx'
import { diffRows } from '../audit-diff.ts'

const PAGE_SIZE = 50

type Filters = Pick<AuditQuery, 'entityType' | 'action' | 'actorUserId' | 'entityId' | 'from' | 'to'>
const EMPTY: Required<Filters> = { entityType: '', action: '', actorUserId: '', entityId: '', from: '', to: '' }

/** Date inputs give local calendar days; the API takes instants (the whole `to` day is included). */
function toQuery(filters: Required<Filters>): AuditQuery {
  const query: AuditQuery = {}
  for (const key of ['entityType', 'action', 'actorUserId', 'entityId'] as const) {
    if (filters[key].trim()) query[key] = filters[key].trim()
  }
  if (filters.from) query.from = new Date(`${filters.from}T00:00:00`).toISOString()
  if (filters.to) {
    const end = new Date(`${filters.to}T00:00:00`)
    end.setDate(end.getDate() + 1)
    query.to = end.toISOString()
  }
  return query
}

export function AuditPage() {
  const { t, lang } = useI18n()
  useTitle(t('audit.title'))
  const [draft, setDraft] = useState<Required<Filters>>(EMPTY)
  const [filters, setFilters] = useState<Required<Filters>>(EMPTY)
  const [entries, setEntries] = useState<AuditEntry[]>([])
  const [nextCursor, setNextCursor] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<unknown>(undefined)
  const [open, setOpen] = useState<Set<string>>(new Set())

  const load = useCallback(
    async (cursor: string | null, reset: boolean) => {
      setLoading(true)
      setError(undefined)
      try {
        const page = await api.audit.list({ ...toQuery(filters), limit: PAGE_SIZE, cursor: cursor ?? undefined })
        setEntries((current) => (reset ? page.items : [...current, ...page.items]))
        setNextCursor(page.nextCursor)
      } catch (reason) {
        setError(reason)
      } finally {
        setLoading(false)
      }
    },
    [filters],
  )

  useEffect(() => {
    setOpen(new Set())
    void load(null, true)
  }, [load])

  function submit(event: FormEvent) {
    event.preventDefault()
    setFilters({ ...draft })
  }

  function reset() {
    setDraft(EMPTY)
    setFilters(EMPTY)
  }

  function toggle(seq: string) {
    setOpen((current) => {
      const next = new Set(current)
      if (next.has(seq)) next.delete(seq)
      else next.add(seq)
      return next
    })
  }

  const roleLabel = (role: string) => ((ROLES as readonly string[]).includes(role) ? t(`role.${role as (typeof ROLES)[number]}`) : role)

  const field = (key: keyof Filters, label: string, type = 'text') => (
    <TextField label={label} type={type} value={draft[key]} onChange={(event) => setDraft((current) => ({ ...current, [key]: event.target.value }))} />
  )

  return (
    <>
      <PageHeader title={t('audit.title')} intro={t('audit.intro')} />
      <section className="panel">
        <form className="filters" role="search" aria-label={t('audit.filter')} onSubmit={submit}>
          {field('entityType', t('audit.entityType'))}
          {field('action', t('audit.action'))}
          {field('entityId', t('audit.entityId'))}
          {field('actorUserId', t('audit.actorUserId'))}
          {field('from', t('audit.from'), 'date')}
          {field('to', t('audit.to'), 'date')}
          <div className="filter-actions">
            <button type="submit" className="button">
              {t('common.search')}
            </button>
            <button type="button" className="button button-secondary" onClick={reset}>
              {t('common.reset')}
            </button>
          </div>
        </form>
        <ErrorAlert error={error} />
        <TableRegion
          label={t('audit.table')}
          className="table audit-table"
          columns={['#', t('audit.when'), t('audit.actor'), t('audit.action'), t('audit.entity'), t('audit.details')]}
        >
          {entries.map((entry) => {
            const expanded = open.has(entry.seq)
            const detailsId = `audit-details-${entry.seq}`
            return (
              <Fragment key={entry.seq}>
                <tr>
                  <td className="mono">{entry.seq}</td>
                  <td className="nowrap">{formatDateTime(lang, entry.occurredAt)}</td>
                  <td>
                    {entry.actor ? (
                      <>
                        {entry.actor.name}
                        <br />
                        <span className="muted small">{entry.actor.role ? roleLabel(entry.actor.role) : ''}</span>
                      </>
                    ) : (
                      <span className="muted">{t('audit.system')}</span>
                    )}
                  </td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td>
                    {entry.entityType}
                    <br />
                    <span className="muted small mono">{entry.entityId}</span>
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button button-small button-secondary"
                      aria-expanded={expanded}
                      aria-controls={detailsId}
                      onClick={() => toggle(entry.seq)}
                    >
                      {t('audit.details')}
                      <span className="sr-only"> #{entry.seq}</span>
                    </button>
                  </td>
                </tr>
                {expanded ? (
                  <tr id={detailsId} className="audit-details">
                    <td colSpan={6}>
                      <AuditDiff entry={entry} />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            )
          })}
          {!loading && entries.length === 0 ? (
            <tr>
              <td colSpan={6}>{t('common.empty')}</td>
            </tr>
          ) : null}
        </TableRegion>
        {loading ? <Loading /> : null}
        <div className="actions">
          {nextCursor ? (
            <button type="button" className="button button-secondary" disabled={loading} onClick={() => void load(nextCursor, false)}>
              {t('common.loadMore')}
            </button>
          ) : entries.length > 0 && !loading ? (
            <p className="muted">{t('audit.end')}</p>
          ) : null}
        </div>
      </section>
    </>
  )
}

/** before/after are JSON objects or absent; anything else is shown as no fields. */
function asRecord(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null
}

function AuditDiff({ entry }: { entry: AuditEntry }) {
  const { t } = useI18n()
  const rows = diffRows(asRecord(entry.before), asRecord(entry.after))
  return (
    <div className="diff">
      <p className="small">
        {t('audit.requestId')}: <code>{entry.requestId}</code>
      </p>
      {rows.length === 0 ? (
        <p className="muted">{t('audit.noChanges')}</p>
      ) : (
        <table className="table diff-table">
          <thead>
            <tr>
              <th scope="col">{t('audit.field')}</th>
              <th scope="col">{t('audit.before')}</th>
              <th scope="col">{t('audit.after')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.field} className={row.changed ? 'diff-changed' : undefined}>
                <th scope="row">{row.field}</th>
                <td>
                  <pre>{row.before}</pre>
                </td>
                <td>
                  <pre>{row.after}</pre>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
