import { useEffect, useState, type FormEvent } from 'react'
import { Link, useParams } from 'react-router'
import { api } from '../../../lib/api-client.ts'
import type { components } from '../../../lib/api.gen.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { useMe } from '../../../app/session.tsx'
import { ErrorAlert, FormActions, Loading, Notice, PageHeader, SelectField, TextField } from '../../../components/ui.tsx'
import { TableRegion } from '../../../components/DataTable.tsx'
import { MarketplaceNav } from '../MarketplaceNav.tsx'
import { moveProblem, STAGES, type Stage } from '../../../../../server/modules/marketplace/pipeline/stages.ts'

type Detail = components['schemas']['MarketplaceNominationDetail']

/** One nomination: where the firm stands, its history, the owner contact where shared, and the next stage to record. */
export function NominationPage() {
  const { id = '' } = useParams()
  const { t, lang } = useI18n()
  const me = useMe()
  const [detail, setDetail] = useState<Detail | null>(null)
  const [error, setError] = useState<unknown>(undefined)
  const [saved, setSaved] = useState<string | null>(null)
  useTitle(detail ? t('marketplace.detail.title', { firm: detail.firmName, marketplace: detail.marketplaceName }) : t('marketplace.title'))

  useEffect(() => {
    api.pipeline.nomination(id).then(setDetail).catch(setError)
  }, [id])

  const when = (iso: string) => new Date(iso).toLocaleString(lang === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' })
  if (!detail) return error ? <ErrorAlert error={error} /> : <Loading />
  const next = STAGES.filter((stage) => moveProblem(me.role, detail.stage, stage) === null)

  return (
    <>
      <PageHeader title={t('marketplace.detail.title', { firm: detail.firmName, marketplace: detail.marketplaceName })} />
      <MarketplaceNav />
      <section className="panel" aria-labelledby="nomination-facts">
        <h2 id="nomination-facts">{t(`marketplace.stage.${detail.stage}`)}</h2>
        <dl className="details">
          <div>
            <dt>{t('marketplace.region')}</dt>
            <dd>{detail.regencyName ?? detail.regencyCode}</dd>
          </div>
          <div>
            <dt>{t('marketplace.daysInStage')}</dt>
            <dd>{detail.daysInStage}</dd>
          </div>
          <div>
            <dt>{t('marketplace.detail.storeUrl')}</dt>
            <dd>{detail.storeUrl ? <a href={detail.storeUrl} rel="noreferrer noopener" target="_blank">{detail.storeUrl}</a> : '—'}</dd>
          </div>
          <div>
            <dt>{t('marketplace.detail.productsListed')}</dt>
            <dd>{detail.productsListed ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('marketplace.consent')}</dt>
            <dd>{detail.consent ? t('marketplace.consentYes') : t('marketplace.consentNo')}</dd>
          </div>
        </dl>
        {me.role !== 'marketplace_partner' ? <Link to={`/firms/${detail.firmId}`}>{t('marketplace.detail.firmPage')}</Link> : null}
      </section>
      <section className="panel" aria-labelledby="nomination-contact">
        <h2 id="nomination-contact">{t('marketplace.detail.contact')}</h2>
        {detail.contact ? (
          <p>
            {detail.contact.name}
            {detail.contact.phone ? ` · ${detail.contact.phone}` : ''}
            {detail.contact.email ? ` · ${detail.contact.email}` : ''}
          </p>
        ) : (
          <p className="muted">{t('marketplace.detail.noContact')}</p>
        )}
      </section>
      <MoveForm
        detail={detail}
        next={next}
        onSaved={(updated) => {
          setSaved(t('marketplace.move.saved', { stage: t(`marketplace.stage.${updated.stage}`) }))
          api.pipeline.nomination(id).then(setDetail).catch(setError)
        }}
      />
      {saved ? <Notice>{saved}</Notice> : null}
      <FirmSales firmId={detail.firmId} marketplaceCode={detail.marketplaceCode} />
      <section className="panel" aria-labelledby="nomination-history">
        <h2 id="nomination-history">{t('marketplace.detail.history')}</h2>
        <ol className="timeline">
          {detail.events.map((e, index) => (
            <li key={index}>
              <strong>{t(`marketplace.stage.${e.to}`)}</strong> — {when(e.at)}
              {e.actorName ? ` · ${t('marketplace.detail.by', { who: e.actorName })}` : ''}
            </li>
          ))}
        </ol>
      </section>
    </>
  )
}

function MoveForm({ detail, next, onSaved }: { detail: Detail; next: Stage[]; onSaved(n: components['schemas']['MarketplaceNomination']): void }) {
  const { t } = useI18n()
  const [stage, setStage] = useState<Stage | ''>('')
  const [storeUrl, setStoreUrl] = useState('')
  const [count, setCount] = useState('')
  const [note, setNote] = useState('')
  const [error, setError] = useState<unknown>(undefined)
  const chosen = stage && next.includes(stage) ? stage : next[0]
  if (!detail.consent || next.length === 0) {
    return (
      <section className="panel" aria-labelledby="move-title">
        <h2 id="move-title">{t('marketplace.move.title')}</h2>
        <p className="muted">{t('marketplace.move.none')}</p>
      </section>
    )
  }
  async function submit(event: FormEvent) {
    event.preventDefault()
    setError(undefined)
    try {
      const updated = await api.pipeline.move(detail.id, {
        stage: chosen,
        ...(chosen === 'store_opened' ? { storeUrl: storeUrl.trim() } : {}),
        ...(chosen === 'products_listed' ? { productsListed: Number(count) } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      })
      onSaved(updated)
    } catch (e) {
      setError(e)
    }
  }
  return (
    <section className="panel" aria-labelledby="move-title">
      <h2 id="move-title">{t('marketplace.move.title')}</h2>
      <form onSubmit={submit}>
        <SelectField label={t('marketplace.move.stage')} value={chosen} onChange={(e) => setStage(e.target.value as Stage)}>
          {next.map((s) => (
            <option key={s} value={s}>
              {t(`marketplace.stage.${s}`)}
            </option>
          ))}
        </SelectField>
        {chosen === 'store_opened' ? (
          <TextField label={t('marketplace.move.storeUrl')} hint={t('marketplace.move.storeUrlHint')} type="url" required value={storeUrl} onChange={(e) => setStoreUrl(e.target.value)} />
        ) : null}
        {chosen === 'products_listed' ? (
          <TextField label={t('marketplace.move.productsListed')} type="number" min={1} inputMode="numeric" required value={count} onChange={(e) => setCount(e.target.value)} />
        ) : null}
        <TextField label={t('marketplace.move.note')} value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} />
        <ErrorAlert error={error} />
        <FormActions submit={t('marketplace.move.submit')} />
      </form>
    </section>
  )
}

/** The firm's monthly sales on this marketplace against its pre-crisis monthly turnover (from its latest survey answer). */
function FirmSales({ firmId, marketplaceCode }: { firmId: string; marketplaceCode: string }) {
  const { t, lang } = useI18n()
  const [sales, setSales] = useState<components['schemas']['FirmMarketplaceSales'] | null>(null)
  const [error, setError] = useState<unknown>(undefined)
  useEffect(() => {
    api.marketplaceSales.firm(firmId).then(setSales).catch(setError)
  }, [firmId])
  const idr = new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-GB', { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 })
  const number = new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-GB', { maximumFractionDigits: 1 })
  const rows = sales?.items.filter((r) => r.marketplaceCode === marketplaceCode) ?? []
  return (
    <section className="panel" aria-labelledby="nomination-sales">
      <h2 id="nomination-sales">{t('marketplace.sales.title')}</h2>
      <ErrorAlert error={error} />
      {sales ? (
        <p className="muted">
          {sales.baseline
            ? t('marketplace.sales.baseline', { amount: idr.format(sales.baseline.baselineIdr), round: sales.baseline.roundName })
            : t('marketplace.sales.noBaseline')}
        </p>
      ) : null}
      {sales && rows.length === 0 ? <p>{t('marketplace.sales.none')}</p> : null}
      {rows.length ? (
        <TableRegion label={t('marketplace.sales.title')} columns={[t('marketplace.sales.month'), t('marketplace.sales.gmv'), t('marketplace.sales.orders'), t('marketplace.sales.recovery')]}>
          {rows.map((r) => (
            <tr key={r.month}>
              <td>{r.month}</td>
              <td className="numeric">{idr.format(r.gmvIdr)}</td>
              <td className="numeric">{number.format(r.orders)}</td>
              <td className="numeric">{r.recoveryPct === null ? '—' : `${number.format(r.recoveryPct)} %`}</td>
            </tr>
          ))}
        </TableRegion>
      ) : null}
    </section>
  )
}
