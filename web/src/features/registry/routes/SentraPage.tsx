import { useEffect, useRef, useState, type FormEvent } from 'react'
import { Link } from 'react-router'
import { api, hasPermission, type Sentra } from '../../../lib/api-client.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { useLoad } from '../../../lib/use-load.ts'
import { useMe } from '../../../app/session.tsx'
import { ErrorAlert, Loading, Notice, PageHeader, TextField } from '../../../components/ui.tsx'
import { DataTable } from '../../../components/DataTable.tsx'
import { RegionFields, type RegionValue } from '../components/RegionFields.tsx'
import { KbliField } from '../components/KbliField.tsx'
import { useRegionNames } from '../components/regions.ts'
import { fieldErrorsOf, focusFirstInvalid, type FieldErrors } from '../components/field-errors.ts'
import { formatNumber } from '../components/format.ts'

const NO_REGION: RegionValue = { provinceCode: '', regencyCode: '', districtCode: '' }

export function SentraPage() {
  const { t, lang } = useI18n()
  useTitle(t('sentra.title'))
  const me = useMe()
  const [region, setRegion] = useState<RegionValue>(NO_REGION)
  const [q, setQ] = useState('')
  const [query, setQuery] = useState({ province: '', regency: '', q: '' })
  const list = useLoad(
    () => api.sentra.list({ province: query.province || undefined, regency: query.regency || undefined, q: query.q || undefined }),
    JSON.stringify(query),
  )
  const regionName = useRegionNames(list.data?.items ?? [])
  const [notice, setNotice] = useState<string | null>(null)
  const regionalProvince = me.role === 'regional_officer' && me.organisation.provinceCode ? [me.organisation.provinceCode] : undefined

  useEffect(() => {
    const timer = setTimeout(() => setQuery({ province: region.provinceCode, regency: region.regencyCode, q: q.trim() }), 300)
    return () => clearTimeout(timer)
  }, [region, q])

  return (
    <>
      <PageHeader title={t('sentra.title')} intro={t('sentra.intro')} />
      {hasPermission(me, 'firms.create') ? (
        <CreateSentraForm
          provinces={regionalProvince}
          onCreated={(created) => {
            setNotice(t('sentra.created', { name: created.name }))
            list.setData((current) => current && { items: [created, ...current.items.filter((item) => item.id !== created.id)] })
          }}
        />
      ) : null}
      <section className="panel" aria-labelledby="sentra-list">
        <h2 id="sentra-list">{t('sentra.table')}</h2>
        <form className="filters" role="search" aria-label={t('sentra.filter')} onSubmit={(event) => event.preventDefault()}>
          <TextField label={t('sentra.search')} type="search" maxLength={100} value={q} onChange={(e) => setQ(e.target.value)} />
          <RegionFields withDistrict={false} anyLabel={t('common.all')} provinces={regionalProvince} value={region} onChange={setRegion} />
        </form>
        {notice ? <Notice>{notice}</Notice> : null}
        <ErrorAlert error={list.error} />
        {list.loading && !list.data ? <Loading /> : null}
        {list.data ? (
          <DataTable
            label={t('sentra.table')}
            count={t('sentra.count', { count: list.data.items.length })}
            columns={[t('sentra.name'), t('sentra.trade'), t('firms.region'), t('sentra.village'), t('sentra.members')]}
            rows={list.data.items}
            empty={t('common.empty')}
            renderRow={(item) => (
              <tr key={item.id}>
                <td>
                  <strong>{item.name}</strong>
                  {item.kbliCode ? <span className="muted block mono">KBLI {item.kbliCode}</span> : null}
                </td>
                <td>{item.trade}</td>
                <td>
                  {regionName(item.regencyCode)}
                  <span className="muted block">{regionName(item.provinceCode)}</span>
                </td>
                <td>{item.village ?? t('common.none')}</td>
                <td className="numeric">
                  <Link to={`/firms?sentra=${encodeURIComponent(item.id)}`} aria-label={t('sentra.membersOf', { name: item.name, count: item.memberCount })}>
                    {formatNumber(lang, item.memberCount)}
                  </Link>
                </td>
              </tr>
            )}
          />
        ) : null}
      </section>
    </>
  )
}

function CreateSentraForm({ provinces, onCreated }: { provinces?: readonly string[]; onCreated(sentra: Sentra): void }) {
  const { t } = useI18n()
  const [name, setName] = useState('')
  const [trade, setTrade] = useState('')
  const [kbli, setKbli] = useState('')
  const [region, setRegion] = useState<RegionValue>(NO_REGION)
  const [village, setVillage] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [error, setError] = useState<unknown>(undefined)
  const [busy, setBusy] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)

  useEffect(() => {
    if (Object.keys(errors).length) focusFirstInvalid(formRef.current)
  }, [errors])

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    setErrors({})
    try {
      const kbliCode = kbli.trim().match(/^\d{5}/)?.[0] ?? kbli.trim()
      const created = await api.sentra.create({
        name: name.trim(),
        trade: trade.trim(),
        regencyCode: region.regencyCode,
        ...(kbliCode ? { kbliCode } : {}),
        ...(region.districtCode ? { districtCode: region.districtCode } : {}),
        ...(village.trim() ? { village: village.trim() } : {}),
      })
      onCreated(created)
      setName('')
      setTrade('')
      setKbli('')
      setVillage('')
    } catch (reason) {
      setError(reason)
      setErrors(fieldErrorsOf(reason))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="panel" aria-labelledby="sentra-create">
      <h2 id="sentra-create">{t('sentra.createTitle')}</h2>
      <ErrorAlert error={error} />
      <form ref={formRef} className="form-grid" onSubmit={submit} noValidate>
        <TextField label={t('sentra.name')} required minLength={2} maxLength={200} value={name} error={errors.name} onChange={(e) => setName(e.target.value)} />
        <TextField label={t('sentra.trade')} hint={t('sentra.tradeHint')} required minLength={2} maxLength={200} value={trade} error={errors.trade} onChange={(e) => setTrade(e.target.value)} />
        <KbliField label={t('sentra.kbli')} hint={t('firms.kbliHint')} value={kbli} error={errors.kbliCode} onChange={setKbli} />
        <RegionFields required provinces={provinces} value={region} errors={{ regencyCode: errors.regencyCode, districtCode: errors.districtCode }} onChange={setRegion} />
        <TextField label={t('sentra.village')} maxLength={200} value={village} error={errors.village} onChange={(e) => setVillage(e.target.value)} />
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            {t('sentra.create')}
          </button>
        </div>
      </form>
    </section>
  )
}
