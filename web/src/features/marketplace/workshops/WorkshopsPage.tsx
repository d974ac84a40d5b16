import { useEffect, useState, type FormEvent } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { api, hasPermission, type Province, type Regency } from '../../../lib/api-client.ts'
import type { components } from '../../../lib/api.gen.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { useMe } from '../../../app/session.tsx'
import { DataTable } from '../../../components/DataTable.tsx'
import { ErrorAlert, FormActions, PageHeader, SelectField, TextField } from '../../../components/ui.tsx'
import { MarketplaceNav } from '../MarketplaceNav.tsx'
import { useMarketplaces, useParamUpdate, useProvinces, type Marketplace } from '../hooks.ts'
import { PROVINCE_ZONES, ZONES } from '../../../../../server/modules/marketplace/workshops/time-zones.ts'

type Schemas = components['schemas']
type Workshop = Schemas['MarketplaceWorkshop']
const PAGE = 50

/** "10-03-2031 09.00–12.00 WIB": the workshop's own local time with the zone label. */
export function whenLabel(w: Pick<Workshop, 'localDate' | 'localStart' | 'localEnd' | 'zoneLabel'>): string {
  const [y, m, d] = w.localDate.split('-')
  return `${d}-${m}-${y} ${w.localStart.replace(':', '.')}–${w.localEnd.replace(':', '.')} ${w.zoneLabel}`
}

/** Workshops in the viewer's scope with filters (in the URL) and, for planners, the plan form. */
export function WorkshopsPage() {
  const { t, lang } = useI18n()
  useTitle(t('workshops.title'))
  const me = useMe()
  const number = new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-GB')
  const [params] = useSearchParams()
  const marketplaces = useMarketplaces()
  const provinces = useProvinces()
  const setParam = useParamUpdate()
  const [planning, setPlanning] = useState(false)
  const filter = {
    marketplace: params.get('marketplace') || undefined,
    province: params.get('province') || undefined,
    when: (params.get('when') as 'upcoming' | 'past' | null) || undefined,
  }
  const key = JSON.stringify(filter)
  const [items, setItems] = useState<Workshop[]>([])
  const [total, setTotal] = useState<number | null>(null)
  const [error, setError] = useState<unknown>(undefined)

  useEffect(() => {
    let current = true
    setError(undefined)
    api.workshops
      .list({ ...filter, limit: PAGE })
      .then((page) => {
        if (!current) return
        setItems(page.items)
        setTotal(page.total)
      })
      .catch((e: unknown) => current && setError(e))
    return () => {
      current = false
    }
    // The key holds every input of the request.
  }, [key])

  const update = (name: string, value: string) => setParam({ [name]: value })

  async function more() {
    try {
      const page = await api.workshops.list({ ...filter, limit: PAGE, offset: items.length })
      setItems((list) => [...list, ...page.items])
    } catch (e) {
      setError(e)
    }
  }

  const canPlan = hasPermission(me, 'marketplace.workshops.manage')
  return (
    <>
      <PageHeader title={t('workshops.title')} intro={me.role === 'firm_owner' ? t('workshops.introOwner') : t('workshops.intro')}>
        {canPlan && !planning ? (
          <button type="button" className="button" onClick={() => setPlanning(true)}>
            {t('workshops.plan')}
          </button>
        ) : null}
      </PageHeader>
      {/* While the plan form is open the tabs and filters step aside, so each label names one control. */}
      {planning ? null : <MarketplaceNav />}
      {canPlan && planning ? <PlanForm marketplaces={marketplaces} provinces={provinces} onClose={() => setPlanning(false)} /> : null}
      {planning ? null : <form className="filters" onSubmit={(event: FormEvent) => event.preventDefault()}>
        {me.role !== 'marketplace_partner' ? (
          <SelectField label={t('workshops.field.marketplace')} value={filter.marketplace ?? ''} onChange={(e) => update('marketplace', e.target.value)}>
            <option value="">{t('marketplace.allMarketplaces')}</option>
            {marketplaces.map((m) => (
              <option key={m.code} value={m.code}>
                {m.name}
              </option>
            ))}
          </SelectField>
        ) : null}
        <SelectField label={t('workshops.field.province')} value={filter.province ?? ''} onChange={(e) => update('province', e.target.value)}>
          <option value="">{t('marketplace.allProvinces')}</option>
          {provinces.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('workshops.filter.when')} value={filter.when ?? ''} onChange={(e) => update('when', e.target.value)}>
          <option value="">{t('workshops.filter.all')}</option>
          <option value="upcoming">{t('workshops.filter.upcoming')}</option>
          <option value="past">{t('workshops.filter.past')}</option>
        </SelectField>
      </form>}
      <ErrorAlert error={error} />
      <DataTable
        label={t('workshops.list')}
        count={total === null ? t('app.loading') : t('workshops.count', { n: number.format(total) })}
        columns={[t('workshops.col.workshop'), t('workshops.col.when'), t('workshops.col.place'), t('workshops.col.seats'), t('workshops.col.status')]}
        rows={items}
        empty={total === null ? undefined : t('workshops.empty')}
        renderRow={(w) => (
          <tr key={w.id}>
            <td>
              <Link to={`/marketplace/workshops/${w.id}`}>{w.title}</Link>
              <br />
              <span className="muted">{w.marketplaceName}</span>
            </td>
            <td>{whenLabel(w)}</td>
            <td>
              {w.venue}
              <br />
              <span className="muted">
                {w.regencyName}, {w.provinceName}
              </span>
            </td>
            <td>{t('workshops.seats', { registered: number.format(w.registered), capacity: number.format(w.capacity), waitlisted: number.format(w.waitlisted) })}</td>
            <td>{t(`workshops.status.${w.status}`)}</td>
          </tr>
        )}
      />
      {total !== null && items.length < total ? (
        <button type="button" className="button button-secondary" onClick={more}>
          {t('workshops.more')}
        </button>
      ) : null}
    </>
  )
}

/** The plan form: local date and times in the zone of the chosen regency's province. */
function PlanForm({ marketplaces, provinces, onClose }: { marketplaces: Marketplace[]; provinces: Province[]; onClose(): void }) {
  const { t } = useI18n()
  const me = useMe()
  const navigate = useNavigate()
  const open = marketplaces.filter((m) => m.status !== 'closed')
  const lockedProvince = me.role === 'regional_officer' ? (me.organisation.provinceCode ?? '') : ''
  const [form, setForm] = useState({
    marketplaceCode: '',
    title: '',
    description: '',
    province: lockedProvince,
    regencyCode: '',
    venue: '',
    address: '',
    date: '',
    startTime: '09:00',
    endTime: '12:00',
    capacity: '30',
    trainers: '',
  })
  const [regencies, setRegencies] = useState<Regency[]>([])
  const [error, setError] = useState<unknown>(undefined)
  const [busy, setBusy] = useState(false)
  const marketplaceCode = form.marketplaceCode || open[0]?.code || ''

  useEffect(() => {
    if (!form.province) return setRegencies([])
    let current = true
    api.regions
      .regencies(form.province)
      .then((list) => current && setRegencies(list))
      .catch(() => current && setRegencies([]))
    return () => {
      current = false
    }
  }, [form.province])

  const set = (name: keyof typeof form) => (event: { target: { value: string } }) => setForm((f) => ({ ...f, [name]: event.target.value }))
  const zone = form.province ? PROVINCE_ZONES[form.province] : undefined

  async function submit(event: FormEvent) {
    event.preventDefault()
    setError(undefined)
    setBusy(true)
    try {
      const created = await api.workshops.plan({
        marketplaceCode,
        title: form.title.trim(),
        description: form.description.trim() || null,
        venue: form.venue.trim(),
        address: form.address.trim() || null,
        regencyCode: form.regencyCode,
        date: form.date,
        startTime: form.startTime,
        endTime: form.endTime,
        capacity: Number(form.capacity),
        trainers: form.trainers
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      })
      navigate(`/marketplace/workshops/${created.id}`)
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="panel" aria-labelledby="plan-title">
      <h2 id="plan-title">{t('workshops.plan.title')}</h2>
      <p className="muted">{t('workshops.plan.intro')}</p>
      <form onSubmit={submit}>
        <SelectField label={t('workshops.field.marketplace')} value={marketplaceCode} onChange={set('marketplaceCode')} required>
          {open.map((m) => (
            <option key={m.code} value={m.code}>
              {m.name}
            </option>
          ))}
        </SelectField>
        <TextField label={t('workshops.field.title')} value={form.title} onChange={set('title')} required minLength={3} maxLength={200} />
        <TextField label={t('workshops.field.description')} value={form.description} onChange={set('description')} maxLength={4000} />
        <SelectField label={t('workshops.field.province')} value={form.province} disabled={!!lockedProvince} onChange={(e) => setForm((f) => ({ ...f, province: e.target.value, regencyCode: '' }))} required>
          <option value="">—</option>
          {provinces.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('workshops.field.regency')} value={form.regencyCode} onChange={set('regencyCode')} required disabled={regencies.length === 0}>
          <option value="">—</option>
          {regencies.map((r) => (
            <option key={r.code} value={r.code}>
              {r.name}
            </option>
          ))}
        </SelectField>
        <TextField label={t('workshops.field.venue')} value={form.venue} onChange={set('venue')} required minLength={2} maxLength={200} />
        <TextField label={t('workshops.field.address')} value={form.address} onChange={set('address')} maxLength={500} />
        <TextField
          label={t('workshops.field.date')}
          type="date"
          value={form.date}
          onChange={set('date')}
          required
          hint={zone ? t('workshops.field.zoneHint', { zone: `${ZONES[zone].label} (UTC+${ZONES[zone].offsetMinutes / 60})` }) : undefined}
        />
        <TextField label={t('workshops.field.start')} type="time" value={form.startTime} onChange={set('startTime')} required />
        <TextField label={t('workshops.field.end')} type="time" value={form.endTime} onChange={set('endTime')} required />
        <TextField label={t('workshops.field.capacity')} type="number" min={1} max={1000} inputMode="numeric" value={form.capacity} onChange={set('capacity')} required />
        <TextField label={t('workshops.field.trainers')} hint={t('workshops.field.trainersHint')} value={form.trainers} onChange={set('trainers')} />
        <ErrorAlert error={error} />
        <FormActions submit={t('workshops.plan.save')} disabled={busy}>
          <button type="button" className="button button-secondary" onClick={onClose}>
            {t('workshops.plan.close')}
          </button>
        </FormActions>
      </form>
    </section>
  )
}
