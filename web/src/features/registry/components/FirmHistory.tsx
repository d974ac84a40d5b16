import { useState } from 'react'
import { api, type AuditEntry, type Firm } from '../../../lib/api-client.ts'
import { formatDateTime, isMessageKey } from '../../../lib/i18n.ts'
import { useI18n } from '../../../lib/i18n-react.tsx'
import { useLoad } from '../../../lib/use-load.ts'
import { ErrorAlert, Loading } from '../../../components/ui.tsx'
import { DataTable } from '../../../components/DataTable.tsx'

type Snapshot = Record<string, unknown>

const snapshotOf = (value: unknown): Snapshot | null => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Snapshot) : null)

/** Fields whose value differs between the entry's before and after (none for a creation). */
export function changedFields(entry: Pick<AuditEntry, 'before' | 'after'>): string[] {
  const before = snapshotOf(entry.before)
  const after = snapshotOf(entry.after)
  if (!before || !after) return []
  const keys = new Set([...Object.keys(before), ...Object.keys(after)])
  keys.delete('updatedAt')
  return [...keys].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key])).sort()
}

/** The history panel of a firm's profile: every audited change of it and its products, newest first. */
export function FirmHistory({ firm }: { firm: Firm }) {
  const { t, lang } = useI18n()
  const [older, setOlder] = useState<{ items: AuditEntry[]; nextCursor: string | null; error?: unknown; loading?: boolean }>({
    items: [],
    nextCursor: null,
  })
  const history = useLoad(async () => {
    const page = await api.firms.history(firm.id)
    setOlder({ items: [], nextCursor: page.nextCursor })
    return page
  }, `${firm.id}:${firm.updatedAt}`)

  const loadMore = async () => {
    if (!older.nextCursor) return
    setOlder((state) => ({ ...state, loading: true, error: undefined }))
    try {
      const page = await api.firms.history(firm.id, older.nextCursor)
      setOlder((state) => ({ items: [...state.items, ...page.items], nextCursor: page.nextCursor }))
    } catch (error) {
      setOlder((state) => ({ ...state, loading: false, error }))
    }
  }

  const fieldLabel = (entry: AuditEntry, field: string) => {
    const key = `${entry.entityType === 'product' ? 'products' : 'firms'}.${field}`
    return isMessageKey(key) ? t(key) : field
  }
  const actionLabel = (action: string) => {
    const key = `history.action.${action}`
    return isMessageKey(key) ? t(key) : action
  }
  const roleLabel = (role: string | null) => {
    const key = `role.${role}`
    return role && isMessageKey(key) ? <span className="muted block">{t(key)}</span> : null
  }
  const subject = (entry: AuditEntry) => {
    if (entry.entityType !== 'product') return t('history.subjectFirm')
    const snapshot = snapshotOf(entry.after) ?? snapshotOf(entry.before)
    // Product entries carry the product's name; photo entries carry it as productName.
    const name = snapshot?.name ?? snapshot?.productName
    return typeof name === 'string' ? t('history.subjectProduct', { name }) : t('history.subjectProductUnnamed')
  }
  const details = (entry: AuditEntry) => {
    const reason = entry.action === 'firm_owner.nik_revealed' ? snapshotOf(entry.after)?.reason : undefined
    if (typeof reason === 'string') return t('history.reason', { reason })
    return changedFields(entry).map((field) => fieldLabel(entry, field)).join(', ') || t('common.none')
  }

  const rows = history.data ? [...history.data.items, ...older.items] : []
  return (
    <section className="panel" aria-labelledby="firm-history">
      <h2 id="firm-history">{t('firms.history')}</h2>
      <p className="muted">{t('history.intro')}</p>
      <ErrorAlert error={history.error} />
      {history.data ? (
        <>
          <DataTable
            label={t('firms.history')}
            columns={[t('audit.when'), t('audit.actor'), t('audit.action'), t('history.subject'), t('firms.historyChanges')]}
            rows={rows}
            empty={t('common.empty')}
            renderRow={(entry) => (
              <tr key={entry.seq}>
                <td className="nowrap">{formatDateTime(lang, entry.occurredAt)}</td>
                <td>
                  {entry.actor?.name ?? t('audit.system')}
                  {roleLabel(entry.actorRole)}
                </td>
                <td>{actionLabel(entry.action)}</td>
                <td>{subject(entry)}</td>
                <td>{details(entry)}</td>
              </tr>
            )}
          />
          <ErrorAlert error={older.error} />
          <div className="actions">
            {older.nextCursor ? (
              <button type="button" className="button button-secondary" onClick={loadMore} disabled={older.loading}>
                {t('common.loadMore')}
              </button>
            ) : null}
          </div>
        </>
      ) : (
        <Loading />
      )}
    </section>
  )
}
