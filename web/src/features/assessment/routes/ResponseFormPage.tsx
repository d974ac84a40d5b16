import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react'
import { Link, useParams } from 'react-router'
import { api, ApiError } from '../../../lib/api-client.ts'
import { formatDateTime, isMessageKey, type MessageKey } from '../../../lib/i18n.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { useLoad } from '../../../lib/use-load.ts'
import { ErrorAlert, FormActions, Loading, PageHeader } from '../../../components/ui.tsx'
import { TableRegion } from '../../../components/DataTable.tsx'
import { focusFirstInvalid } from '../../registry/components/field-errors.ts'
import type { RuleProblem } from '../../../../../server/modules/assessment/rules.ts'
import { useSurveyUser } from '../components/AssessmentAuth.tsx'
import { AnswerSections } from '../components/AnswerSections.tsx'
import { OutboxPanel, OutboxStateText } from '../components/OutboxPanel.tsx'
import { answersOf, COUNT_FIELDS, draftOfAnswers, emptyDraft, formatId, formFieldOf, type AnswersDraft } from '../components/answers-draft.ts'
import { formatMonth } from '../components/format.ts'
import { latestUnsent, newItem, uuidV4, type OutboxItem } from '../offline/outbox-logic.ts'
import { offlineCache, outbox, type CachedFirm, type CachedResponse, type CachedRound } from '../offline/store.ts'
import { enqueue, syncOutbox } from '../offline/sync.ts'
import { useOnline, useOutbox } from '../offline/use-outbox.ts'

interface FormData {
  round: CachedRound
  firm: CachedFirm
  response: CachedResponse | null
  /** From the device: the server could not be reached. */
  cached: boolean
}

class NotCached extends Error {}

async function loadForm(roundId: string, firmId: string, userId: string): Promise<FormData> {
  try {
    const [round, firm, response] = await Promise.all([
      api.assessment.round(roundId),
      api.firms.get(firmId),
      api.assessment.response(roundId, firmId).catch((error: unknown) => {
        if (error instanceof ApiError && error.code === 'RESPONSE_NOT_FOUND') return null
        throw error
      }),
    ])
    const current: CachedResponse | null = response
      ? { id: response.id, version: response.version, mode: response.mode, submittedAt: response.updatedAt, answers: response.answers }
      : null
    const ref: CachedFirm = { id: firm.id, name: firm.name, regencyCode: firm.regencyCode }
    // Everything the form needs, kept for a start without a connection.
    await Promise.all([offlineCache.saveRound(round), offlineCache.saveFirms(userId, [ref]), offlineCache.saveResponse(roundId, firmId, current)])
    return { round, firm: ref, response: current, cached: false }
  } catch (error) {
    if (error instanceof ApiError && error.status === 0) {
      const [round, firm, response] = await Promise.all([offlineCache.round(roundId), offlineCache.firm(firmId), offlineCache.response(roundId, firmId)])
      if (round && firm) return { round, firm, response: response ?? null, cached: true }
      throw new NotCached()
    }
    throw error
  }
}

/** /rounds/:id/respond/:firmId */
export function ResponseFormPage() {
  const { id = '', firmId = '' } = useParams()
  const { t } = useI18n()
  const { user, offline } = useSurveyUser()
  const items = useOutbox()
  const data = useLoad(() => loadForm(id, firmId, user.id), `${id}/${firmId}/${offline}`)
  useTitle(data.data ? t('survey.form.title', { firm: data.data.firm.name }) : t('survey.rounds.title'))

  if (data.error) {
    return (
      <>
        <PageHeader title={t('survey.rounds.title')} />
        <ErrorAlert error={data.error instanceof NotCached ? t('survey.form.notCached') : data.error} />
        <p>
          <Link to="/rounds">{t('survey.form.back')}</Link>
        </p>
      </>
    )
  }
  // The form starts from the device's unsent answers when there are any, so wait for both.
  if (!data.data || items === undefined) return <Loading />
  return <ResponseForm key={`${id}/${firmId}`} data={data.data} items={items} />
}

function ResponseForm({ data, items }: { data: FormData; items: OutboxItem[] }) {
  const { t, lang } = useI18n()
  const { user, offline } = useSurveyUser()
  const online = useOnline() && !offline
  const { round, firm } = data
  const mine = items.filter((item) => item.userId === user.id)
  const [initial] = useState(() => latestUnsent(mine, round.id, firm.id))
  const [draft, setDraft] = useState<AnswersDraft>(() =>
    initial ? draftOfAnswers(initial.answers) : data.response ? draftOfAnswers(data.response.answers) : emptyDraft(),
  )
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set())
  const [attempted, setAttempted] = useState(false)
  const [formError, setFormError] = useState<string | null>(null)
  const [lastId, setLastId] = useState<string | null>(initial?.submissionId ?? null)
  const [busy, setBusy] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)

  const { problems } = useMemo(() => answersOf(draft), [draft])
  const last = lastId ? items.find((item) => item.submissionId === lastId) : undefined
  const month = formatMonth(lang, round.referenceMonth)
  const mode = user.role === 'firm_owner' ? 'self' : 'assisted'

  // The newest version known: the one this form just sent, else the stored one.
  const current = last?.state === 'sent' && last.version && (!data.response || last.version >= data.response.version) ? { id: last.responseId ?? '', version: last.version, date: new Date(last.sentAt ?? Date.now()).toISOString() } : data.response ? { id: data.response.id, version: data.response.version, date: data.response.submittedAt } : null

  // A refusal from the server belongs to a field of the form.
  const serverErrors = useMemo(() => {
    if (last?.state !== 'rejected' || !last.lastError) return {} as Record<string, string>
    const field = formFieldOf(last.lastError.field)
    return field ? { [field]: last.lastError.message } : ({} as Record<string, string>)
  }, [last])

  useEffect(() => {
    if (last?.state === 'rejected' && Object.keys(serverErrors).length) focusFirstInvalid(formRef.current)
  }, [last?.state, serverErrors])

  function messageOf(problem: RuleProblem): string {
    const key = `survey.rule.${problem.code}`
    const params = Object.fromEntries(
      Object.entries(problem.params).map(([name, value]) => [
        name,
        name === 'need' && isMessageKey(`survey.need.${value}`) ? t(`survey.need.${value}` as MessageKey) : typeof value === 'number' ? formatId(value) : value,
      ]),
    )
    return isMessageKey(key) ? t(key, params) : problem.code
  }

  const workersTouched = COUNT_FIELDS.some((field) => touched.has(field))
  function errorOf(field: string): string | undefined {
    if (serverErrors[field]) return serverErrors[field]
    const problem = problems.find((p) => p.field === field)
    if (!problem) return undefined
    const shown = attempted || touched.has(field) || (field === 'workersWorking' && problem.code === 'ANSWER_WORKERS_EXCEED' && workersTouched) || field === 'needs'
    return shown ? messageOf(problem) : undefined
  }

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (busy) return
    setAttempted(true)
    const checked = answersOf(draft)
    if (checked.problems.length) {
      setFormError(t('survey.form.fixErrors'))
      focusFirstInvalid(formRef.current)
      return
    }
    setBusy(true)
    setFormError(null)
    try {
      // The submission's id is made once, here: every later send of it is the same submission.
      const item = newItem(
        { userId: user.id, roundId: round.id, roundName: round.name, firmId: firm.id, firmName: firm.name, answers: checked.answers },
        uuidV4(),
        Date.now(),
      )
      // Refused earlier submissions of this firm are replaced by the corrected one.
      const superseded = mine.filter((i) => i.roundId === round.id && i.firmId === firm.id && i.state === 'rejected').map((i) => i.submissionId)
      await outbox.remove(superseded)
      setLastId(item.submissionId)
      await enqueue(item)
    } catch (error) {
      setFormError(error instanceof Error ? error.message : String(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <PageHeader title={t('survey.form.title', { firm: firm.name })} intro={t('survey.form.intro', { round: round.name, month })}>
        <p className="survey-mode">
          <span className="badge badge-muted">{t('survey.form.mode', { mode: t(`survey.mode.${mode}`) })}</span>
          {!online ? <span className="badge badge-soon">{t('survey.offline.badge')}</span> : null}
        </p>
      </PageHeader>
      {!online ? <p className="alert alert-info">{t('survey.form.offline')}</p> : null}
      {round.status === 'upcoming' ? <p className="alert alert-info">{t('survey.form.roundUpcoming')}</p> : null}
      {round.status === 'closed' ? <p className="alert alert-info">{t('survey.form.roundClosed')}</p> : null}
      <form ref={formRef} className="panel survey-form" onSubmit={submit} noValidate onBlur={(e) => {
        const name = (e.target as unknown as { name?: string }).name
        if (name && !touched.has(name)) setTouched(new Set([...touched, name]))
      }}>
        <p className="hint">
          {current ? t('survey.form.current', { version: current.version, date: formatDateTime(lang, current.date) }) : t('survey.form.none')}
        </p>
        {initial && initial.submissionId === lastId ? (
          <p className="hint">
            {initial.state === 'rejected' ? t('survey.form.rejectedLoaded', { message: initial.lastError?.message ?? '' }) : t('survey.form.unsentLoaded')}
          </p>
        ) : null}
        <ErrorAlert error={formError} />
        <AnswerSections draft={draft} errorOf={errorOf} onChange={setDraft} referenceMonth={month} />
        <FormActions submit={t('survey.form.submit')} disabled={busy}>
          <Link className="button button-secondary" to="/rounds">
            {t('survey.form.back')}
          </Link>
        </FormActions>
        {last ? (
          <p className="survey-last-status" role="status">
            {t('survey.form.status', { state: '' })}
            <span className={`badge outbox-state outbox-state-${last.state}`}>
              <OutboxStateText item={last} />
            </span>
          </p>
        ) : null}
      </form>
      <OutboxPanel items={items} userId={user.id} />
      {current?.id ? <Versions responseId={current.id} refresh={current.version} online={online} /> : null}
    </>
  )
}

function Versions({ responseId, refresh, online }: { responseId: string; refresh: number; online: boolean }) {
  const { t, lang } = useI18n()
  const versions = useLoad(() => (online ? api.assessment.versions(responseId) : Promise.resolve(null)), `${responseId}/${refresh}/${online}`)
  useEffect(() => {
    if (online) void syncOutbox()
  }, [online])
  return (
    <section className="panel" aria-labelledby="versions-title">
      <h2 id="versions-title">{t('survey.versions.title')}</h2>
      {!online ? <p className="hint">{t('survey.versions.offline')}</p> : null}
      <ErrorAlert error={versions.error} />
      {versions.data ? (
        <TableRegion label={t('survey.versions.title')} columns={[t('survey.versions.version'), t('survey.versions.mode'), t('survey.versions.enteredBy'), t('survey.versions.submittedAt')]}>
          {versions.data.items.map((v) => (
            <tr key={v.version}>
              <td>{v.version}</td>
              <td>{isMessageKey(`survey.mode.${v.mode}`) ? t(`survey.mode.${v.mode}` as MessageKey) : v.mode}</td>
              <td>{v.enteredBy?.name ?? t('common.none')}</td>
              <td>{formatDateTime(lang, v.submittedAt)}</td>
            </tr>
          ))}
        </TableRegion>
      ) : null}
    </section>
  )
}
