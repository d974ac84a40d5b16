import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { api, type ImportJob } from '../../../lib/api-client.ts'
import { formatDateTime } from '../../../lib/i18n.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { useLoad } from '../../../lib/use-load.ts'
import { CheckboxField, ErrorAlert, Loading, PageHeader, TextField } from '../../../components/ui.tsx'
import { DataTable } from '../../../components/DataTable.tsx'
import { formatNumber } from '../components/format.ts'

const POLL_MS = 1000
const finished = (job: ImportJob) => job.status === 'done' || job.status === 'failed'

export function ImportsPage() {
  const { t } = useI18n()
  useTitle(t('imports.title'))
  const history = useLoad(() => api.imports.list(), 'imports')
  const [job, setJob] = useState<ImportJob | null>(null)

  // The import runs on the server: follow its progress until it ends.
  useEffect(() => {
    if (!job || finished(job)) return
    let current = true
    const timer = setTimeout(() => {
      api.imports
        .get(job.id)
        .then((next) => current && setJob(next))
        .catch(() => current && setJob({ ...job }))
    }, POLL_MS)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [job])

  useEffect(() => {
    if (job && finished(job)) history.setData((current) => current && { items: [job, ...current.items.filter((item) => item.id !== job.id)] })
  }, [job, history.setData])

  return (
    <>
      <PageHeader title={t('imports.title')} intro={t('imports.intro')}>
        <div className="actions">
          <span className="export-label">{t('imports.template')}</span>
          <a className="button button-secondary button-small" href={api.imports.templateUrl('xlsx')} download>
            {t('imports.templateXlsx')}
          </a>
          <a className="button button-secondary button-small" href={api.imports.templateUrl('csv')} download>
            {t('imports.templateCsv')}
          </a>
        </div>
      </PageHeader>
      <UploadForm busy={!!job && !finished(job)} onStarted={setJob} />
      {job ? <ImportProgress job={job} /> : null}
      <section className="panel" aria-labelledby="imports-history">
        <h2 id="imports-history">{t('imports.history')}</h2>
        <ErrorAlert error={history.error} />
        {history.loading && !history.data ? <Loading /> : null}
        {history.data ? <ImportTable items={history.data.items} /> : null}
      </section>
    </>
  )
}

function UploadForm({ busy, onStarted }: { busy: boolean; onStarted(job: ImportJob): void }) {
  const { t } = useI18n()
  const [file, setFile] = useState<File | null>(null)
  const [dryRun, setDryRun] = useState(false)
  const [sheet, setSheet] = useState('')
  const [fileError, setFileError] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(undefined)
  const [sending, setSending] = useState(false)
  const fileRef = useRef<HTMLInputElement>(null)

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!file) {
      setFileError(t('imports.fileRequired'))
      fileRef.current?.focus()
      return
    }
    setFileError(null)
    setSending(true)
    setError(undefined)
    try {
      onStarted(await api.imports.upload(file, { dryRun, sheet: sheet.trim() || undefined }))
    } catch (reason) {
      setError(reason)
    } finally {
      setSending(false)
    }
  }

  return (
    <section className="panel" aria-labelledby="imports-upload">
      <h2 id="imports-upload">{t('imports.upload')}</h2>
      <ErrorAlert error={error} />
      <form className="form-grid" onSubmit={submit} noValidate>
        <TextField
          ref={fileRef}
          label={t('imports.file')}
          hint={t('imports.fileHint')}
          type="file"
          name="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          error={fileError}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
        <TextField label={t('imports.sheet')} hint={t('imports.sheetHint')} maxLength={100} value={sheet} onChange={(e) => setSheet(e.target.value)} />
        <CheckboxField label={t('imports.dryRun')} checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} />
        <div className="form-actions">
          <button type="submit" className="button" disabled={sending || busy}>
            {t('imports.submit')}
          </button>
        </div>
      </form>
    </section>
  )
}

function summaryOf(t: ReturnType<typeof useI18n>['t'], job: ImportJob): string {
  return t('imports.summary', { ...job.summary })
}

function ImportProgress({ job }: { job: ImportJob }) {
  const { t, lang } = useI18n()
  const labelId = useId()
  const percent = Math.round((job.status === 'done' ? 1 : job.progress) * 100)
  return (
    <section className="panel" aria-labelledby={`${labelId}-title`} data-testid="import-progress">
      <h2 id={`${labelId}-title`}>{t('imports.current', { file: job.fileName })}</h2>
      <p id={labelId} className="progress-label">
        {t(`imports.status.${job.status}`)}
        {job.dryRun ? ` · ${t('imports.dryRunBadge')}` : ''}
        {' · '}
        {t('imports.rows', { count: formatNumber(lang, job.processedRows) })}
      </p>
      <progress className="progress" max={100} value={percent} aria-labelledby={labelId}>
        {percent}%
      </progress>
      <div role="status" className="import-result">
        {job.status === 'done' ? <p className="import-summary">{summaryOf(t, job)}</p> : null}
        {job.status === 'failed' && job.error ? (
          <div className="alert alert-error">{job.error.message}</div>
        ) : null}
      </div>
      {job.status === 'done' && job.summary.rejected > 0 ? (
        <p>
          <a href={api.imports.errorsUrl(job.id)} download>
            {t('imports.errorsLink', { count: job.summary.rejected })}
          </a>
        </p>
      ) : null}
    </section>
  )
}

function ImportTable({ items }: { items: ImportJob[] }) {
  const { t, lang } = useI18n()
  return (
    <DataTable
      label={t('imports.history')}
      columns={[t('imports.file'), t('common.status'), t('imports.result'), t('imports.started')]}
      rows={items}
      empty={t('common.empty')}
      renderRow={(job) => (
        <tr key={job.id}>
          <td>
            <strong>{job.fileName}</strong>
            {job.dryRun ? <span className="muted block">{t('imports.dryRunBadge')}</span> : null}
          </td>
          <td>{t(`imports.status.${job.status}`)}</td>
          <td>
            {job.status === 'done' ? summaryOf(t, job) : job.error?.message ?? t('common.none')}
            {job.status === 'done' && job.summary.rejected > 0 ? (
              <a className="block" href={api.imports.errorsUrl(job.id)} download aria-label={`${t('imports.errorsFile')}: ${job.fileName}`}>
                {t('imports.errorsFile')}
              </a>
            ) : null}
          </td>
          <td className="nowrap">{formatDateTime(lang, job.createdAt)}</td>
        </tr>
      )}
    />
  )
}
