import { api, type AuditEntry, type Firm } from '../../../lib/api-client.ts'
import { formatDateTime } from '../../../lib/i18n.ts'
import { useI18n } from '../../../lib/i18n-react.tsx'
import { useLoad } from '../../../lib/use-load.ts'
import { ErrorAlert, Loading } from '../../../components/ui.tsx'
import { DataTable } from '../../../components/DataTable.tsx'

/** Fields whose value differs between the audit entry's before and after. */
function changedFields(entry: AuditEntry): string[] {
  const before = (entry.before ?? {}) as Record<string, unknown>
  const after = (entry.after ?? {}) as Record<string, unknown>
  if (typeof before !== 'object' || typeof after !== 'object') return []
  if (!entry.before) return []
  const keys = new Set([...Object.keys(before), ...Object.keys(after)])
  keys.delete('updatedAt')
  return [...keys].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key])).sort()
}

/** The history panel of a firm's profile: every audited change, newest first. */
export function FirmHistory({ firm }: { firm: Firm }) {
  const { t, lang } = useI18n()
  const history = useLoad(() => api.audit.list({ entityType: 'firm', entityId: firm.id, limit: 100 }), `${firm.id}:${firm.updatedAt}`)
  return (
    <section className="panel" aria-labelledby="firm-history">
      <h2 id="firm-history">{t('firms.history')}</h2>
      <ErrorAlert error={history.error} />
      {history.data ? (
        <DataTable
          label={t('firms.history')}
          columns={[t('audit.when'), t('audit.actor'), t('audit.action'), t('firms.historyChanges')]}
          rows={history.data.items}
          empty={t('common.empty')}
          renderRow={(entry) => (
            <tr key={entry.seq}>
              <td className="nowrap">{formatDateTime(lang, entry.occurredAt)}</td>
              <td>{entry.actor?.name ?? t('audit.system')}</td>
              <td className="mono">{entry.action}</td>
              <td>{changedFields(entry).join(', ') || t('common.none')}</td>
            </tr>
          )}
        />
      ) : (
        <Loading />
      )}
    </section>
  )
}
