import { useCallback, useEffect, useState, type FormEvent } from 'react'
import { Link, useParams } from 'react-router'
import { api } from '../../../lib/api-client.ts'
import type { components } from '../../../lib/api.gen.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { useMe } from '../../../app/session.tsx'
import { DataTable } from '../../../components/DataTable.tsx'
import { CheckboxField, ConfirmButton, ErrorAlert, Loading, Notice, PageHeader, TextField } from '../../../components/ui.tsx'
import { MarketplaceNav } from '../MarketplaceNav.tsx'
import { whenLabel } from './WorkshopsPage.tsx'

type Schemas = components['schemas']
type Workshop = Schemas['MarketplaceWorkshop']
type Participant = Schemas['MarketplaceWorkshopParticipants']['items'][number]

/** One workshop: details, ICS download, the owner's registration, and for planners invitations, participants, attendance and outcomes. */
export function WorkshopPage() {
  const { id = '' } = useParams()
  const { t } = useI18n()
  const me = useMe()
  const [workshop, setWorkshop] = useState<Workshop | null>(null)
  const [participants, setParticipants] = useState<Participant[]>([])
  const [error, setError] = useState<unknown>(undefined)
  const [notice, setNotice] = useState<string | null>(null)
  const [reason, setReason] = useState('')
  useTitle(workshop?.title ?? t('workshops.title'))

  const load = useCallback(async () => {
    try {
      const [w, p] = await Promise.all([api.workshops.get(id), api.workshops.participants(id)])
      setWorkshop(w)
      setParticipants(p.items)
    } catch (e) {
      setError(e)
    }
  }, [id])
  useEffect(() => {
    void load()
  }, [load])

  async function act(action: () => Promise<string | null>) {
    setError(undefined)
    setNotice(null)
    try {
      setNotice(await action())
      await load()
    } catch (e) {
      setError(e)
    }
  }

  const register = (firmId: string, firmName: string) =>
    act(async () => {
      const r = await api.workshops.register(id, firmId)
      return r.status === 'registered' ? t('workshops.reg.done', { firm: firmName }) : t('workshops.reg.doneWaitlisted', { firm: firmName, position: r.position ?? 0 })
    })
  const unregister = (firmId: string) =>
    act(async () => {
      await api.workshops.unregister(id, firmId)
      return null
    })

  if (!workshop) return error ? <ErrorAlert error={error} /> : <Loading />
  const planned = workshop.status === 'planned'
  const started = new Date(workshop.startsAt).getTime() <= Date.now()
  const registrationLabel = (p: { status: string | null; position: number | null }) =>
    p.status === 'registered' ? t('workshops.reg.registered') : p.status === 'waitlisted' ? t('workshops.reg.waitlisted', { position: p.position ?? 0 }) : t('workshops.reg.invited')

  return (
    <>
      <p>
        <Link to="/marketplace/workshops">{t('workshops.detail.back')}</Link>
      </p>
      <PageHeader title={workshop.title} intro={workshop.description ?? undefined} />
      <MarketplaceNav />
      <dl className="facts">
        <dt>{t('workshops.field.marketplace')}</dt>
        <dd>{workshop.marketplaceName}</dd>
        <dt>{t('workshops.detail.when')}</dt>
        <dd>{whenLabel(workshop)}</dd>
        <dt>{t('workshops.detail.place')}</dt>
        <dd>{[workshop.venue, workshop.address, workshop.regencyName, workshop.provinceName].filter(Boolean).join(', ')}</dd>
        <dt>{t('workshops.detail.trainers')}</dt>
        <dd>{workshop.trainers.join(', ') || '—'}</dd>
        <dt>{t('workshops.detail.capacity')}</dt>
        <dd>{t('workshops.seats', { registered: workshop.registered, capacity: workshop.capacity, waitlisted: workshop.waitlisted })}</dd>
        <dt>{t('workshops.col.status')}</dt>
        <dd>{t(`workshops.status.${workshop.status}`)}</dd>
      </dl>
      <p>
        <a className="button button-secondary button-small" href={api.workshops.icsUrl(workshop.id)} download>
          {t('workshops.detail.ics')}
        </a>
      </p>
      {!planned ? <Notice>{t('workshops.detail.cancelled', { reason: workshop.cancelReason ?? '' })}</Notice> : null}
      {notice ? <Notice>{notice}</Notice> : null}
      <ErrorAlert error={error} />

      {me.role === 'firm_owner' && workshop.mine.length > 0 ? (
        <section className="panel" aria-labelledby="mine-title">
          <h2 id="mine-title">{t('workshops.mine.title')}</h2>
          <ul className="plain-list">
            {workshop.mine.map((m) => (
              <li key={m.firmId}>
                <strong>{m.firmName}</strong>: {registrationLabel(m)}{' '}
                {planned && !started && m.status === null && m.invited ? (
                  <button type="button" className="button button-small" aria-label={t('workshops.reg.registerFirm', { firm: m.firmName })} onClick={() => register(m.firmId, m.firmName)}>
                    {t('workshops.reg.register')}
                  </button>
                ) : null}
                {planned && !started && m.status !== null ? (
                  <ConfirmButton label={t('workshops.reg.cancelFirm', { firm: m.firmName })} onConfirm={() => unregister(m.firmId)}>
                    {t('workshops.reg.cancel')}
                  </ConfirmButton>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {workshop.canManage && planned && !started ? <InvitePanel workshop={workshop} onDone={(message) => act(async () => message)} /> : null}

      {me.role !== 'firm_owner' ? (
        <section aria-labelledby="participants-title">
          <h2 id="participants-title">{t('workshops.participants.title')}</h2>
          <DataTable
            label={t('workshops.participants.title')}
            columns={[t('workshops.col.firm'), t('workshops.col.stage'), t('workshops.col.registration'), t('workshops.col.attended'), t('workshops.col.actions')]}
            rows={participants}
            empty={t('workshops.participants.empty')}
            renderRow={(p) => (
              <tr key={p.firmId}>
                <td>
                  {p.firmName}
                  <br />
                  <span className="muted">{p.regencyName}</span>
                </td>
                <td>{p.stage ? t(`marketplace.stage.${p.stage}` as Parameters<typeof t>[0]) : '—'}</td>
                <td>{registrationLabel(p)}</td>
                <td>{p.attended === null ? '—' : p.attended ? t('workshops.yes') : t('workshops.no')}</td>
                <td>
                  {workshop.canManage && planned && !started && p.status === null ? (
                    <button type="button" className="button button-small" aria-label={t('workshops.reg.registerFirm', { firm: p.firmName })} onClick={() => register(p.firmId, p.firmName)}>
                      {t('workshops.reg.register')}
                    </button>
                  ) : null}
                  {workshop.canManage && planned && !started && p.status !== null ? (
                    <ConfirmButton label={t('workshops.reg.cancelFirm', { firm: p.firmName })} onConfirm={() => unregister(p.firmId)}>
                      {t('workshops.reg.cancel')}
                    </ConfirmButton>
                  ) : null}
                </td>
              </tr>
            )}
          />
        </section>
      ) : null}

      {workshop.canManage && planned && started ? <AttendancePanel workshop={workshop} participants={participants} onDone={(message) => act(async () => message)} /> : null}
      {me.role !== 'firm_owner' && started ? <OutcomesPanel workshopId={workshop.id} /> : null}

      {workshop.canManage && planned && !started ? (
        <section className="panel" aria-labelledby="cancel-title">
          <h2 id="cancel-title">{t('workshops.detail.cancel')}</h2>
          <TextField label={t('workshops.detail.cancelReason')} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} />
          <ConfirmButton
            onConfirm={() =>
              act(async () => {
                await api.workshops.cancel(workshop.id, reason.trim() || undefined)
                return null
              })
            }
          >
            {t('workshops.detail.cancel')}
          </ConfirmButton>
        </section>
      ) : null}
    </>
  )
}

function InvitePanel({ workshop, onDone }: { workshop: Workshop; onDone(message: string): void }) {
  const { t } = useI18n()
  const [q, setQ] = useState('')
  const [firms, setFirms] = useState<Schemas['MarketplaceWorkshopInvitableFirms']['items']>([])
  const [chosen, setChosen] = useState<Set<string>>(new Set())
  const [error, setError] = useState<unknown>(undefined)
  const [reload, setReload] = useState(0)

  useEffect(() => {
    let current = true
    const timer = setTimeout(() => {
      api.workshops
        .invitable(workshop.id, { q: q.trim() || undefined, limit: 200 })
        .then((list) => current && setFirms(list.items))
        .catch((e: unknown) => current && setError(e))
    }, 200)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [workshop.id, q, reload])

  async function invite(body: Schemas['MarketplaceWorkshopInviteBody']) {
    setError(undefined)
    try {
      const r = await api.workshops.invite(workshop.id, body)
      setChosen(new Set())
      setReload((n) => n + 1)
      onDone(t('workshops.invite.result', { invited: r.invited, already: r.alreadyInvited, refused: r.refused }))
    } catch (e) {
      setError(e)
    }
  }

  return (
    <section className="panel" aria-labelledby="invite-title">
      <h2 id="invite-title">{t('workshops.invite.title')}</h2>
      <p className="muted">{t('workshops.invite.intro')}</p>
      <p>
        <button type="button" className="button button-secondary" onClick={() => invite({ allNominatedInRegency: true })}>
          {t('workshops.invite.all')}
        </button>
      </p>
      <form
        onSubmit={(event: FormEvent) => {
          event.preventDefault()
          if (chosen.size) void invite({ firmIds: [...chosen] })
        }}
      >
        <TextField label={t('workshops.invite.search')} type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        {firms.length === 0 ? <p className="muted">{t('workshops.invite.none')}</p> : null}
        <ul className="plain-list">
          {firms.map((f) => (
            <li key={f.firmId}>
              {f.invited ? (
                <span>
                  {f.firmName} <span className="muted">({f.regencyName}) — {t('workshops.invite.invited')}</span>
                </span>
              ) : (
                <CheckboxField
                  label={`${f.firmName} (${f.regencyName})`}
                  aria-label={t('workshops.invite.choose', { firm: f.firmName })}
                  checked={chosen.has(f.firmId)}
                  onChange={(e) =>
                    setChosen((set) => {
                      const next = new Set(set)
                      if (e.target.checked) next.add(f.firmId)
                      else next.delete(f.firmId)
                      return next
                    })
                  }
                />
              )}
            </li>
          ))}
        </ul>
        <ErrorAlert error={error} />
        <div className="actions">
          <button type="submit" className="button" disabled={chosen.size === 0}>
            {t('workshops.invite.selected')}
          </button>
        </div>
      </form>
    </section>
  )
}

function AttendancePanel({ workshop, participants, onDone }: { workshop: Workshop; participants: Participant[]; onDone(message: string): void }) {
  const { t } = useI18n()
  const registered = participants.filter((p) => p.status === 'registered')
  const [marks, setMarks] = useState<Record<string, boolean>>(() => Object.fromEntries(registered.map((p) => [p.firmId, p.attended === true])))
  const [error, setError] = useState<unknown>(undefined)
  if (registered.length === 0) return null

  async function save(event: FormEvent) {
    event.preventDefault()
    setError(undefined)
    try {
      const r = await api.workshops.attendance(
        workshop.id,
        registered.map((p) => ({ firmId: p.firmId, attended: marks[p.firmId] === true })),
      )
      onDone(t('workshops.attendance.saved', { recorded: r.recorded, trained: r.trained }))
    } catch (e) {
      setError(e)
    }
  }

  return (
    <section className="panel" aria-labelledby="attendance-title">
      <h2 id="attendance-title">{t('workshops.attendance.title')}</h2>
      <p className="muted">{t('workshops.attendance.intro')}</p>
      <form onSubmit={save}>
        {registered.map((p) => (
          <CheckboxField
            key={p.firmId}
            label={t('workshops.attendance.mark', { firm: p.firmName })}
            checked={marks[p.firmId] === true}
            onChange={(e) => setMarks((m) => ({ ...m, [p.firmId]: e.target.checked }))}
          />
        ))}
        <ErrorAlert error={error} />
        <div className="actions">
          <button type="submit" className="button">
            {t('workshops.attendance.save')}
          </button>
        </div>
      </form>
    </section>
  )
}

function OutcomesPanel({ workshopId }: { workshopId: string }) {
  const { t, lang } = useI18n()
  const number = new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-GB')
  const [outcomes, setOutcomes] = useState<Schemas['MarketplaceWorkshopOutcomes'] | null>(null)
  const [error, setError] = useState<unknown>(undefined)
  useEffect(() => {
    api.workshops.outcomes(workshopId).then(setOutcomes).catch(setError)
  }, [workshopId])
  const date = (iso: string | null) => (iso ? iso.slice(0, 10) : '—')
  return (
    <section aria-labelledby="outcomes-title">
      <h2 id="outcomes-title">{t('workshops.outcomes.title')}</h2>
      <ErrorAlert error={error} />
      {outcomes ? (
        <DataTable
          label={t('workshops.outcomes.title')}
          count={t('workshops.outcomes.summary', { attendees: outcomes.attendees, storeOpened: outcomes.storeOpened, sold: outcomes.sold })}
          columns={[t('workshops.col.firm'), t('workshops.col.stage'), t('workshops.outcomes.storeOpened'), t('workshops.outcomes.sold')]}
          rows={outcomes.items}
          empty={t('workshops.outcomes.empty')}
          renderRow={(o) => (
            <tr key={o.firmId}>
              <td>{o.firmName}</td>
              <td>{o.stage ? t(`marketplace.stage.${o.stage}` as Parameters<typeof t>[0]) : '—'}</td>
              <td>{date(o.storeOpenedAt)}</td>
              <td>{o.firstSaleAt || o.firstSalesMonth ? `${o.firstSalesMonth ?? date(o.firstSaleAt)} · Rp ${number.format(o.gmvIdr)} · ${number.format(o.orders)}` : '—'}</td>
            </tr>
          )}
        />
      ) : null}
    </section>
  )
}
