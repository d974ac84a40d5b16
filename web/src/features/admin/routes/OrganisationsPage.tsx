import { useEffect, useState, type FormEvent } from 'react'
import { api, ORGANISATION_KINDS, type Organisation, type OrganisationCreate, type OrganisationKind, type Province, type Regency } from '../../../lib/api-client.ts'
import { formatDateTime } from '../../../lib/i18n.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { useLoad } from '../../../lib/use-load.ts'
import { ConfirmButton, ErrorAlert, Loading, Notice, PageHeader, SelectField, StatusBadge, TextField } from '../../../components/ui.tsx'
import { DataTable } from '../../../components/DataTable.tsx'
import { useRegionNames } from '../components/regions.ts'
import { parseCountries } from '../components/countries.ts'

const COUNTRY_KINDS: ReadonlySet<OrganisationKind> = new Set(['embassy', 'buyer'])

function isOrganisationKind(value: string): value is OrganisationKind {
  return (ORGANISATION_KINDS as readonly string[]).includes(value)
}

export function OrganisationsPage() {
  const { t, lang } = useI18n()
  useTitle(t('orgs.title'))
  const [kind, setKind] = useState<OrganisationKind | ''>('')
  const [q, setQ] = useState('')
  const [filters, setFilters] = useState<{ kind: OrganisationKind | ''; q: string }>({ kind: '', q: '' })
  const list = useLoad(() => api.organisations.list(filters), JSON.stringify(filters))
  const provinces = useLoad(() => api.regions.provinces(), 'provinces')
  const regionName = useRegionNames(provinces.data ?? [], list.data?.items ?? [])
  const [rowError, setRowError] = useState<unknown>(undefined)
  const [notice, setNotice] = useState<string | null>(null)

  function applyFilters(event: FormEvent) {
    event.preventDefault()
    setFilters({ kind, q: q.trim() })
  }

  function replace(updated: Organisation) {
    list.setData((current) => current && { items: current.items.map((item) => (item.id === updated.id ? updated : item)) })
  }

  async function toggle(org: Organisation) {
    setRowError(undefined)
    try {
      replace(await api.organisations.update(org.id, { disabled: !org.disabled }))
    } catch (error) {
      setRowError(error)
    }
  }

  return (
    <>
      <PageHeader title={t('orgs.title')} intro={t('orgs.intro')} />
      <CreateOrganisationForm
        provinces={provinces.data ?? []}
        onCreated={(org) => {
          setNotice(t('orgs.created.notice', { name: org.name }))
          list.setData((current) => current && { items: [org, ...current.items.filter((item) => item.id !== org.id)] })
        }}
      />
      <section className="panel" aria-labelledby="orgs-list">
        <h2 id="orgs-list">{t('orgs.table')}</h2>
        <form className="filters" onSubmit={applyFilters} role="search" aria-label={t('orgs.filter')}>
          <SelectField label={t('orgs.kind')} value={kind} onChange={(event) => setKind(isOrganisationKind(event.target.value) ? event.target.value : '')}>
            <option value="">{t('common.all')}</option>
            {ORGANISATION_KINDS.map((value) => (
              <option key={value} value={value}>
                {t(`kind.${value}`)}
              </option>
            ))}
          </SelectField>
          <TextField label={t('orgs.name')} type="search" value={q} onChange={(event) => setQ(event.target.value)} />
          <div className="filter-actions">
            <button type="submit" className="button">
              {t('common.search')}
            </button>
          </div>
        </form>
        {notice ? <Notice>{notice}</Notice> : null}
        <ErrorAlert error={list.error ?? rowError} />
        {list.loading && !list.data ? <Loading /> : null}
        {list.data ? (
          <DataTable
            label={t('orgs.table')}
            count={t('orgs.count', { count: list.data.items.length })}
            columns={[t('orgs.name'), t('orgs.kind'), t('orgs.region'), t('orgs.countries'), t('common.status'), t('orgs.created'), t('common.actions')]}
            rows={list.data.items}
            renderRow={(org) => (
              <OrganisationRow
                key={org.id}
                org={org}
                region={regionName(org)}
                created={formatDateTime(lang, org.createdAt)}
                onToggle={() => toggle(org)}
                onRenamed={replace}
                onError={setRowError}
              />
            )}
            empty={t('common.empty')}
          />
        ) : null}
      </section>
    </>
  )
}

function OrganisationRow({
  org,
  region,
  created,
  onToggle,
  onRenamed,
  onError,
}: {
  org: Organisation
  region: string
  created: string
  onToggle(): Promise<void>
  onRenamed(org: Organisation): void
  onError(error: unknown): void
}) {
  const { t } = useI18n()
  const [editing, setEditing] = useState(false)
  const [name, setName] = useState(org.name)

  async function rename(event: FormEvent) {
    event.preventDefault()
    try {
      onRenamed(await api.organisations.update(org.id, { name: name.trim() }))
      setEditing(false)
    } catch (error) {
      onError(error)
    }
  }

  return (
    <tr className={org.disabled ? 'row-disabled' : undefined}>
      <td>
        {editing ? (
          <form className="inline-form" onSubmit={rename}>
            <TextField label={t('orgs.newName', { name: org.name })} className="sr-label" value={name} required minLength={2} maxLength={200} onChange={(event) => setName(event.target.value)} />
            <button type="submit" className="button button-small">
              {t('common.save')}
            </button>
            <button type="button" className="button button-small button-secondary" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </button>
          </form>
        ) : (
          <strong>{org.name}</strong>
        )}
      </td>
      <td>{t(`kind.${org.kind}`)}</td>
      <td>{region || t('common.none')}</td>
      <td>{org.countries.length ? org.countries.join(', ') : t('common.none')}</td>
      <td>
        <StatusBadge disabled={org.disabled} />
      </td>
      <td className="nowrap">{created}</td>
      <td>
        <div className="row-actions">
          {editing ? null : (
            <button type="button" className="button button-small button-secondary" aria-label={`${t('orgs.rename')}: ${org.name}`} onClick={() => { setName(org.name); setEditing(true) }}>
              {t('orgs.rename')}
            </button>
          )}
          {org.disabled ? (
            <button type="button" className="button button-small button-secondary" aria-label={`${t('common.enable')}: ${org.name}`} onClick={onToggle}>
              {t('common.enable')}
            </button>
          ) : (
            <ConfirmButton label={`${t('common.disable')}: ${org.name}`} onConfirm={onToggle}>
              {t('common.disable')}
            </ConfirmButton>
          )}
        </div>
      </td>
    </tr>
  )
}

function CreateOrganisationForm({ provinces, onCreated }: { provinces: Province[]; onCreated(org: Organisation): void }) {
  const { t } = useI18n()
  const [kind, setKind] = useState<OrganisationKind | ''>('')
  const [name, setName] = useState('')
  const [provinceCode, setProvinceCode] = useState('')
  const [regencyCode, setRegencyCode] = useState('')
  const [regencies, setRegencies] = useState<Regency[]>([])
  const [countries, setCountries] = useState('')
  const [countriesError, setCountriesError] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(undefined)
  const [busy, setBusy] = useState(false)
  const needsRegion = kind === 'regional_office'
  const needsCountries = kind !== '' && COUNTRY_KINDS.has(kind)

  useEffect(() => {
    setRegencyCode('')
    setRegencies([])
    if (!provinceCode) return
    let current = true
    api.regions
      .regencies(provinceCode)
      .then((items) => current && setRegencies(items))
      .catch((reason) => current && setError(reason))
    return () => {
      current = false
    }
  }, [provinceCode])

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!kind) return
    const body: OrganisationCreate = { kind, name: name.trim() }
    if (needsRegion) {
      body.provinceCode = provinceCode
      if (regencyCode) body.regencyCode = regencyCode
    }
    if (needsCountries) {
      const parsed = parseCountries(countries)
      setCountriesError(parsed ? null : t('orgs.countriesInvalid'))
      if (!parsed) return
      body.countries = parsed
    }
    setBusy(true)
    setError(undefined)
    try {
      const org = await api.organisations.create(body)
      onCreated(org)
      setName('')
      setCountries('')
      setProvinceCode('')
    } catch (reason) {
      setError(reason)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="panel" aria-labelledby="orgs-create">
      <h2 id="orgs-create">{t('orgs.createTitle')}</h2>
      <ErrorAlert error={error} />
      <form className="form-grid" onSubmit={submit}>
        <SelectField label={t('orgs.kind')} required value={kind} onChange={(event) => setKind(isOrganisationKind(event.target.value) ? event.target.value : '')}>
          <option value="">{t('orgs.choose')}</option>
          {ORGANISATION_KINDS.map((value) => (
            <option key={value} value={value}>
              {t(`kind.${value}`)}
            </option>
          ))}
        </SelectField>
        <TextField label={t('orgs.name')} required minLength={2} maxLength={200} value={name} onChange={(event) => setName(event.target.value)} />
        {needsRegion ? (
          <>
            <SelectField label={t('orgs.province')} required value={provinceCode} onChange={(event) => setProvinceCode(event.target.value)}>
              <option value="">{t('orgs.choose')}</option>
              {provinces.map((province) => (
                <option key={province.code} value={province.code}>
                  {province.name}
                </option>
              ))}
            </SelectField>
            <SelectField label={t('orgs.regency')} value={regencyCode} disabled={!provinceCode} onChange={(event) => setRegencyCode(event.target.value)}>
              <option value="">{t('orgs.regencyAll')}</option>
              {regencies.map((regency) => (
                <option key={regency.code} value={regency.code}>
                  {regency.name}
                </option>
              ))}
            </SelectField>
          </>
        ) : null}
        {needsCountries ? (
          <TextField
            label={t('orgs.countriesInput')}
            hint={t('orgs.countriesHint')}
            required
            value={countries}
            error={countriesError}
            autoCapitalize="characters"
            onChange={(event) => setCountries(event.target.value)}
          />
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy || !kind}>
            {t('orgs.create')}
          </button>
        </div>
      </form>
    </section>
  )
}
