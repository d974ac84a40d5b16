import { useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { api } from '../../../lib/api-client.ts'
import { formatDateTime } from '../../../lib/i18n.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { useLoad } from '../../../lib/use-load.ts'
import { ConfirmButton, ErrorAlert, Loading, Notice, PageHeader } from '../../../components/ui.tsx'
import { DataTable } from '../../../components/DataTable.tsx'
import { MERGE_FIELDS, MERGE_FIELD_LABELS, type FirmMerge } from '../components/MergeFields.tsx'

const LIMIT = 100

/** Merges of firms, newest first, each revertible once. `?firm=<id>` shows the merges of one firm. */
export function MergesPage() {
  const { t, lang } = useI18n()
  useTitle(t('merges.historyTitle'))
  const [params] = useSearchParams()
  const firmId = params.get('firm') ?? ''
  const merges = useLoad(() => api.firms.merges({ firmId: firmId || undefined, limit: LIMIT }), firmId)
  const [done, setDone] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(undefined)
  const items = merges.data?.items ?? []

  async function revert(merge: FirmMerge) {
    setDone(null)
    setError(undefined)
    try {
      const reverted = await api.firms.revertMerge(merge.id)
      merges.setData((current) => current && { ...current, items: current.items.map((item) => (item.id === reverted.id ? reverted : item)) })
      setDone(t('merges.revertDone', { merged: reverted.mergedName, survivor: reverted.survivorName }))
    } catch (reason) {
      setError(reason)
    }
  }

  const userName = (user: FirmMerge['mergedBy']) => user?.name ?? t('merges.unknownUser')

  return (
    <>
      <PageHeader title={t('merges.historyTitle')} intro={t('merges.historyIntro')}>
        <div className="actions">
          <Link className="button button-secondary" to="/duplicates">
            {t('merges.backToDuplicates')}
          </Link>
        </div>
      </PageHeader>
      <section className="panel" aria-labelledby="merges-list">
        <h2 id="merges-list">{t('merges.table')}</h2>
        {firmId ? (
          <p>
            {t('merges.historyOfFirm')} <Link to="/duplicates/merges">{t('merges.historyAll')}</Link>
          </p>
        ) : null}
        {done ? <Notice>{done}</Notice> : null}
        <ErrorAlert error={error ?? merges.error} />
        {merges.data ? (
          <DataTable
            label={t('merges.table')}
            count={t('merges.count', { count: items.length })}
            columns={[t('merges.when'), t('merges.survivorColumn'), t('merges.mergedColumn'), t('merges.fieldsColumn'), t('merges.by'), t('merges.status')]}
            rows={items}
            empty={t('merges.empty')}
            renderRow={(merge) => {
              const reverted = merge.revertedAt !== null
              const taken = MERGE_FIELDS.filter((field) => merge.fields[field] === 'merged').map((field) => t(MERGE_FIELD_LABELS[field]))
              return (
                <tr key={merge.id} className={reverted ? 'row-disabled' : undefined}>
                  <td>{formatDateTime(lang, merge.mergedAt)}</td>
                  <td>
                    <Link to={`/firms/${merge.survivorId}`} className="strong-link">
                      {merge.survivorName}
                    </Link>
                  </td>
                  <td>{reverted ? <Link to={`/firms/${merge.mergedId}`}>{merge.mergedName}</Link> : merge.mergedName}</td>
                  <td>{taken.length ? taken.join(', ') : t('merges.noFields')}</td>
                  <td>{userName(merge.mergedBy)}</td>
                  <td>
                    {reverted ? (
                      <>
                        <span className="badge badge-muted">{t('merges.reverted')}</span>
                        <span className="muted block small">
                          {t('merges.revertedBy', { when: formatDateTime(lang, merge.revertedAt), name: userName(merge.revertedBy) })}
                        </span>
                      </>
                    ) : (
                      <span className="merge-status">
                        <span className="badge badge-ok">{t('merges.active')}</span>
                        <ConfirmButton
                          className="button button-small button-danger"
                          label={t('merges.revertLabel', { merged: merge.mergedName, survivor: merge.survivorName })}
                          onConfirm={() => revert(merge)}
                        >
                          {t('merges.revert')}
                        </ConfirmButton>
                      </span>
                    )}
                  </td>
                </tr>
              )
            }}
          />
        ) : merges.loading ? (
          <Loading />
        ) : null}
      </section>
    </>
  )
}
