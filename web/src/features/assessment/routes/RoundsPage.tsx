import { useEffect, useRef, useState, type FormEvent } from 'react'
import { Link } from 'react-router'
import { api, ApiError, type Firm, type Province } from '../../../lib/api-client.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { useLoad } from '../../../lib/use-load.ts'
import { ErrorAlert, FormActions, Loading, Notice, PageHeader, SelectField, TextField } from '../../../components/ui.tsx'
import { TableRegion } from '../../../components/DataTable.tsx'
import { FormSection } from '../../registry/components/fields.tsx'
import { focusFirstInvalid } from '../../registry/components/field-errors.ts'
import { useSurveyUser } from '../components/AssessmentAuth.tsx'
import { OutboxPanel, formPath } from '../components/OutboxPanel.tsx'
import { formatDay, formatMonth } from '../components/format.ts'
import { formFieldOf } from '../components/answers-draft.ts'
import type { RoundCreate, SurveyRound } from '../components/types.ts'
import { offlineCache, type CachedFirm } from '../offline/store.ts'
import { syncOutbox } from '../offline/sync.ts'
import { useOnline, useOutbox } from '../offline/use-outbox.ts'

const firmRef = (firm: Firm): CachedFirm => ({ id: firm.id, name: firm.name, regencyCode: firm.regencyCode })

async function loadRounds(): Promise<{ rounds: SurveyRound[]; cached: boolean }> {
  try {
    const { items } = await api.assessment.rounds()
    void offlineCache.saveRounds(items)
    return { rounds: items, cached: false }
  } catch (error) {
    if (error instanceof ApiError && error.status === 0) {
      const cached = await offlineCache.rounds()
      if (cached) return { rounds: cached, cached: true }
    }
    throw error
  }
}

/** /rounds */
export function RoundsPage() {
  const { t } = useI18n()
  const { user, offline } = useSurveyUser()
  const items = useOutbox()
  const online = useOnline()
  useTitle(t('survey.rounds.title'))
  const rounds = useLoad(loadRounds, offline ? 'offline' : 'online')
  const [created, setCreated] = useState<string | null>(null)

  useEffect(() => {
    if (!offline) void syncOutbox()
  }, [offline])

  return (
    <>
      <PageHeader title={t('survey.rounds.title')} intro={t('survey.rounds.intro')} />
      {!online || offline ? <p className="alert alert-info">{t('survey.form.offline')}</p> : null}
      <OutboxPanel items={items} userId={user.id} />
      {created ? <Notice>{t('survey.rounds.created', { name: created })}</Notice> : null}
      <ErrorAlert error={rounds.error} />
      {rounds.loading && !rounds.data ? <Loading /> : null}
      {rounds.data ? (
        <>
          <RoundTable rounds={rounds.data.rounds} cached={rounds.data.cached} />
          <FirmPicker rounds={rounds.data.rounds} />
        </>
      ) : null}
      {user.permissions.includes('assessment.rounds.manage') && !offline ? (
        <NewRoundForm
          onCreated={(round) => {
            setCreated(round.name)
            rounds.reload()
          }}
        />
      ) : null}
    </>
  )
}

function RoundTable({ rounds, cached }: { rounds: SurveyRound[]; cached: boolean }) {
  const { t, lang } = useI18n()
  return (
    <section className="panel" aria-labelledby="rounds-title">
      <h2 id="rounds-title">{t('survey.rounds.list')}</h2>
      {cached ? <p className="hint">{t('survey.rounds.cached')}</p> : null}
      {rounds.length === 0 ? (
        <p>{t('survey.rounds.empty')}</p>
      ) : (
        <TableRegion
          label={t('survey.rounds.list')}
          columns={[t('survey.rounds.name'), t('survey.rounds.referenceMonth'), t('survey.rounds.period'), t('survey.rounds.provinces'), t('common.status')]}
        >
          {rounds.map((round) => (
            <tr key={round.id}>
              <td>{round.name}</td>
              <td>{formatMonth(lang, round.referenceMonth)}</td>
              <td>{t('survey.rounds.periodValue', { opens: formatDay(lang, round.opensOn), closes: formatDay(lang, round.closesOn) })}</td>
              <td>{round.provinceCodes ? round.provinceCodes.join(', ') : t('survey.rounds.allProvinces')}</td>
              <td>
                <span className={`badge ${round.status === 'open' ? 'badge-ok' : round.status === 'upcoming' ? 'badge-soon' : 'badge-muted'}`}>
                  {t(`survey.rounds.status.${round.status}`)}
                </span>
              </td>
            </tr>
          ))}
        </TableRegion>
      )}
    </section>
  )
}

function FirmLinks({ firms, roundId, label }: { firms: CachedFirm[]; roundId: string; label: string }) {
  const { t } = useI18n()
  return (
    <ul className="survey-firms" aria-label={label}>
      {firms.map((firm) => (
        <li key={firm.id}>
          <span className="survey-firm-name">{firm.name}</span>
          <Link className="button button-small" to={formPath({ roundId, firmId: firm.id })} aria-label={t('survey.pick.openFor', { name: firm.name })}>
            {t('survey.pick.open')}
          </Link>
        </li>
      ))}
    </ul>
  )
}

function FirmPicker({ rounds }: { rounds: SurveyRound[] }) {
  const { t } = useI18n()
  const { user, offline } = useSurveyUser()
  const online = useOnline() && !offline
  const owner = user.role === 'firm_owner'
  // Owners answer only while a round is open; officers may also enter late answers in a closed round.
  const choices = rounds.filter((round) => round.status === 'open' || (!owner && round.status === 'closed'))
  const [roundId, setRoundId] = useState(choices.find((round) => round.status === 'open')?.id ?? choices[0]?.id ?? '')
  const [query, setQuery] = useState('')
  const [results, setResults] = useState<CachedFirm[] | null>(null)
  const [searchError, setSearchError] = useState<unknown>(undefined)
  const [recent, setRecent] = useState<CachedFirm[]>([])
  const ownFirms = useLoad(
    async () => {
      if (!owner) return []
      try {
        const firms = (await api.firms.list({ limit: 50 })).items.map(firmRef)
        void offlineCache.saveFirms(user.id, firms)
        return firms
      } catch (error) {
        if (error instanceof ApiError && error.status === 0) return (await offlineCache.recentFirms(user.id)) ?? []
        throw error
      }
    },
    `${owner}-${online}`,
  )

  useEffect(() => {
    if (!owner) void offlineCache.recentFirms(user.id).then((firms) => setRecent(firms ?? []))
  }, [owner, user.id])

  useEffect(() => {
    if (choices.length && !choices.some((round) => round.id === roundId)) setRoundId(choices[0].id)
  }, [choices, roundId])

  async function search(event: FormEvent) {
    event.preventDefault()
    setSearchError(undefined)
    if (query.trim().length < 2) {
      setSearchError(t('survey.pick.searchHint'))
      return
    }
    try {
      const page = await api.firms.list({ q: query.trim(), limit: 20 })
      setResults(page.items.map(firmRef))
    } catch (error) {
      setSearchError(error)
    }
  }

  const round = choices.find((r) => r.id === roundId)
  // Remember the round, so the form opens offline.
  useEffect(() => {
    if (round) void offlineCache.saveRound(round)
  }, [round])

  return (
    <section className="panel" aria-labelledby="pick-title">
      <h2 id="pick-title">{t('survey.pick.title')}</h2>
      {choices.length === 0 ? (
        <p>{t('survey.pick.noOpen')}</p>
      ) : (
        <>
          <SelectField label={t('survey.pick.round')} value={roundId} onChange={(e) => setRoundId(e.target.value)}>
            {choices.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name} ({t(`survey.rounds.status.${r.status}`)})
              </option>
            ))}
          </SelectField>
          {owner ? (
            <>
              <h3>{t('survey.pick.ownFirms')}</h3>
              <ErrorAlert error={ownFirms.error} />
              {ownFirms.data?.length ? (
                <FirmLinks firms={ownFirms.data} roundId={roundId} label={t('survey.pick.ownFirms')} />
              ) : ownFirms.data ? (
                <p>{t('survey.pick.noOwnFirms')}</p>
              ) : null}
            </>
          ) : (
            <>
              {online ? (
                <form className="survey-search" role="search" onSubmit={search} noValidate>
                  <TextField label={t('survey.pick.search')} hint={t('survey.pick.searchHint')} type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
                  <button type="submit" className="button">
                    {t('common.search')}
                  </button>
                </form>
              ) : (
                <p className="hint">{t('survey.pick.offlineSearch')}</p>
              )}
              <ErrorAlert error={searchError} />
              {results ? (
                <>
                  <h3>{t('survey.pick.results')}</h3>
                  {results.length ? <FirmLinks firms={results} roundId={roundId} label={t('survey.pick.results')} /> : <p>{t('survey.pick.noResults')}</p>}
                </>
              ) : null}
              {recent.length ? (
                <>
                  <h3>{t('survey.pick.recent')}</h3>
                  <FirmLinks firms={recent} roundId={roundId} label={t('survey.pick.recent')} />
                </>
              ) : null}
            </>
          )}
        </>
      )}
    </section>
  )
}

interface RoundDraft {
  name: string
  referenceMonth: string
  opensOn: string
  closesOn: string
  provinceCodes: string[]
}

const EMPTY_ROUND: RoundDraft = { name: '', referenceMonth: '', opensOn: '', closesOn: '', provinceCodes: [] }

function NewRoundForm({ onCreated }: { onCreated(round: SurveyRound): void }) {
  const { t } = useI18n()
  const [draft, setDraft] = useState<RoundDraft>(EMPTY_ROUND)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState<unknown>(undefined)
  const [busy, setBusy] = useState(false)
  const [provinces, setProvinces] = useState<Province[] | null>(null)
  const formRef = useRef<HTMLFormElement>(null)

  useEffect(() => {
    if (Object.keys(errors).length) focusFirstInvalid(formRef.current)
  }, [errors])

  async function submit(event: FormEvent) {
    event.preventDefault()
    const body: RoundCreate = { name: draft.name.trim(), referenceMonth: draft.referenceMonth.trim() }
    if (draft.opensOn) body.opensOn = draft.opensOn
    if (draft.closesOn) body.closesOn = draft.closesOn
    if (draft.provinceCodes.length) body.provinceCodes = draft.provinceCodes
    setBusy(true)
    setError(undefined)
    setErrors({})
    try {
      const round = await api.assessment.createRound(body)
      setDraft(EMPTY_ROUND)
      onCreated(round)
    } catch (reason) {
      setError(reason)
      const field = reason instanceof ApiError ? formFieldOf(reason.details?.field) : null
      if (field && reason instanceof ApiError) setErrors({ [field.split('.')[0]]: reason.message })
    } finally {
      setBusy(false)
    }
  }

  const toggle = (code: string, on: boolean) =>
    setDraft((d) => ({ ...d, provinceCodes: on ? [...d.provinceCodes, code].sort() : d.provinceCodes.filter((c) => c !== code) }))

  return (
    <form ref={formRef} className="panel" onSubmit={submit} noValidate aria-labelledby="new-round-title">
      <h2 id="new-round-title">{t('survey.rounds.new')}</h2>
      <ErrorAlert error={error} />
      <FormSection legend={t('survey.rounds.new')}>
        <TextField label={t('survey.rounds.name')} name="name" maxLength={120} value={draft.name} error={errors.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        <TextField
          label={t('survey.rounds.referenceMonth')}
          hint={t('survey.rounds.monthHint')}
          name="referenceMonth"
          type="month"
          value={draft.referenceMonth}
          error={errors.referenceMonth}
          onChange={(e) => setDraft({ ...draft, referenceMonth: e.target.value })}
        />
        <TextField label={t('survey.rounds.opensOn')} hint={t('survey.rounds.opensOnHint')} name="opensOn" type="date" value={draft.opensOn} error={errors.opensOn} onChange={(e) => setDraft({ ...draft, opensOn: e.target.value })} />
        <TextField label={t('survey.rounds.closesOn')} hint={t('survey.rounds.closesOnHint')} name="closesOn" type="date" value={draft.closesOn} error={errors.closesOn} onChange={(e) => setDraft({ ...draft, closesOn: e.target.value })} />
      </FormSection>
      <details
        className="survey-provinces"
        onToggle={(e) => {
          if ((e.currentTarget as HTMLDetailsElement).open && !provinces) void api.regions.provinces().then(setProvinces, setError)
        }}
      >
        <summary>
          {t('survey.rounds.provincesLegend')}
          {draft.provinceCodes.length ? ` — ${t('survey.rounds.provincesChosen', { count: draft.provinceCodes.length })}` : ''}
        </summary>
        {errors.provinceCodes ? (
          <p className="field-error" role="alert">
            {errors.provinceCodes}
          </p>
        ) : null}
        {provinces ? (
          <ul className="survey-province-list">
            {provinces.map((p) => (
              <li key={p.code}>
                <label>
                  <input type="checkbox" checked={draft.provinceCodes.includes(p.code)} onChange={(e) => toggle(p.code, e.target.checked)} /> {p.name}
                </label>
              </li>
            ))}
          </ul>
        ) : (
          <Loading />
        )}
      </details>
      <FormActions submit={t('survey.rounds.create')} disabled={busy} />
    </form>
  )
}
