import { useEffect, useState, type FormEvent } from 'react'
import { Link, useSearchParams } from 'react-router'
import { api, hasPermission } from '../../../lib/api-client.ts'
import type { components } from '../../../lib/api.gen.ts'
import { formatDateTime } from '../../../lib/i18n.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { useMe } from '../../../app/session.tsx'
import { ConfirmButton, ErrorAlert, Loading, Notice, PageHeader, SelectField, TextField } from '../../../components/ui.tsx'
import { DataTable } from '../../../components/DataTable.tsx'
import { MarketplaceNav } from '../MarketplaceNav.tsx'

type Schemas = components['schemas']
type Mapping = Schemas['CategoryMapping']
type Marketplace = Schemas['Marketplace']
type Rules = Schemas['ListingRulesList']['items'][number]

interface Draft {
  hsPrefix: string
  kbliPrefix: string
  categoryId: string
  categoryName: string
  requiredAttributes: string
  note: string
}
const EMPTY: Draft = { hsPrefix: '', kbliPrefix: '', categoryId: '', categoryName: '', requiredAttributes: '', note: '' }
const draftOf = (m: Mapping): Draft => ({
  hsPrefix: m.hsPrefix ?? '',
  kbliPrefix: m.kbliPrefix ?? '',
  categoryId: m.categoryId,
  categoryName: m.categoryName,
  requiredAttributes: m.requiredAttributes.join(', '),
  note: m.note ?? '',
})
const range = (r: { min: number | null; max: number | null }) => `${r.min ?? 0}–${r.max ?? '∞'}`

/**
 * Category mapping maintenance: HS/KBLI prefixes → a marketplace's category id, name and
 * required attributes. Officers maintain every marketplace, partners their own; others read.
 */
export function CategoriesPage() {
  const { t, lang } = useI18n()
  useTitle(t('categories.title'))
  const me = useMe()
  const canManage = hasPermission(me, 'marketplace.categories.manage')
  const [params, setParams] = useSearchParams()
  const [marketplaces, setMarketplaces] = useState<Marketplace[] | null>(null)
  const [rules, setRules] = useState<Rules[]>([])
  const [mappings, setMappings] = useState<Mapping[] | null>(null)
  const [error, setError] = useState<unknown>(undefined)
  const [notice, setNotice] = useState<string | null>(null)
  const [editing, setEditing] = useState<Mapping | null>(null)
  const [draft, setDraft] = useState<Draft>(EMPTY)
  const [busy, setBusy] = useState(false)
  const [q, setQ] = useState('')

  useEffect(() => {
    api.listings
      .marketplaces()
      .then((list) => setMarketplaces(list.items))
      .catch((e: unknown) => {
        setMarketplaces([])
        setError(e)
      })
    api.listings.rules().then((r) => setRules(r.items)).catch(() => setRules([]))
  }, [])

  const marketplace = marketplaces?.find((m) => m.code === params.get('marketplace')) ?? marketplaces?.[0] ?? null
  const code = marketplace?.code ?? ''

  const reload = async (search = q) => {
    if (!code) return
    try {
      setMappings((await api.listings.categories({ marketplace: code, q: search.trim() || undefined })).items)
    } catch (e) {
      setError(e)
    }
  }
  useEffect(() => {
    setMappings(null)
    setEditing(null)
    setDraft(EMPTY)
    void reload('')
    setQ('')
    // Reload when the marketplace changes only.
  }, [code])

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!code) return
    setBusy(true)
    setError(undefined)
    setNotice(null)
    const body = {
      hsPrefix: draft.hsPrefix.trim() || null,
      kbliPrefix: draft.kbliPrefix.trim() || null,
      categoryId: draft.categoryId.trim(),
      categoryName: draft.categoryName.trim(),
      requiredAttributes: draft.requiredAttributes.split(',').map((s) => s.trim()).filter(Boolean),
      note: draft.note.trim() || null,
    }
    try {
      if (editing) await api.listings.updateCategory(editing.id, body)
      else await api.listings.createCategory({ marketplaceCode: code, ...body })
      setNotice(t('categories.saved'))
      setEditing(null)
      setDraft(EMPTY)
      await reload()
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  const remove = async (mapping: Mapping) => {
    setError(undefined)
    try {
      await api.listings.removeCategory(mapping.id)
      setNotice(t('categories.deleted'))
      await reload()
    } catch (e) {
      setError(e)
    }
  }

  if (marketplaces === null) return <Loading />
  const rule = rules.find((r) => r.code === code)
  const field = (name: keyof Draft) => ({ value: draft[name], onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [name]: e.target.value })) })

  return (
    <>
      <PageHeader title={t('categories.title')} intro={t('categories.intro')}>
        {hasPermission(me, 'marketplace.listings') ? <Link to="/marketplace/listings">{t('listings.nav')}</Link> : null}
      </PageHeader>
      <MarketplaceNav />
      <ErrorAlert error={error} />
      {notice ? <Notice>{notice}</Notice> : null}
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault()
          void reload()
        }}
      >
        <SelectField label={t('categories.marketplace')} value={code} onChange={(e) => setParams({ marketplace: e.target.value }, { replace: true })}>
          {marketplaces.map((m) => (
            <option key={m.code} value={m.code}>
              {m.name}
            </option>
          ))}
        </SelectField>
        <TextField label={t('categories.search')} type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        <div className="filter-actions">
          <button type="submit" className="button button-secondary">
            {t('common.search')}
          </button>
        </div>
      </form>
      {rule && marketplace ? (
        <p className="muted">
          <strong>{t('categories.rules', { name: marketplace.name })}: </strong>
          {t('categories.rulesSummary', {
            name: range(rule.name),
            description: rule.descriptionMax ?? '∞',
            price: range(rule.price),
            unit: rule.weightUnit,
            images: range(rule.images),
          })}
        </p>
      ) : null}

      {mappings === null ? (
        <Loading />
      ) : (
        <DataTable
          label={t('categories.table')}
          columns={[
            t('categories.hs'),
            t('categories.kbli'),
            t('categories.categoryId'),
            t('categories.categoryName'),
            t('categories.required'),
            t('categories.updated'),
            ...(canManage ? [t('common.actions')] : []),
          ]}
          rows={mappings}
          empty={t('categories.empty')}
          renderRow={(m) => (
            <tr key={m.id}>
              <td className="mono">{m.hsPrefix ?? '—'}</td>
              <td className="mono">{m.kbliPrefix ?? '—'}</td>
              <td className="mono">{m.categoryId}</td>
              <td>
                {m.categoryName}
                {m.note ? <div className="muted">{m.note}</div> : null}
              </td>
              <td>{m.requiredAttributes.join(', ') || '—'}</td>
              <td>
                {formatDateTime(lang, m.updatedAt)}
                {m.updatedBy ? <div className="muted">{m.updatedBy.name}</div> : null}
              </td>
              {canManage ? (
                <td>
                  <button
                    type="button"
                    className="button button-small button-secondary"
                    aria-label={t('categories.editTitle', { id: m.categoryId })}
                    onClick={() => {
                      setEditing(m)
                      setDraft(draftOf(m))
                    }}
                  >
                    {t('categories.edit')}
                  </button>{' '}
                  <ConfirmButton label={t('categories.deleteLabel', { id: m.categoryId })} onConfirm={() => remove(m)}>
                    {t('categories.delete')}
                  </ConfirmButton>
                </td>
              ) : null}
            </tr>
          )}
        />
      )}

      {canManage && marketplace ? (
        <section aria-labelledby="mapping-form-title" style={{ marginTop: '1.5rem' }}>
          <h2 id="mapping-form-title">{editing ? t('categories.editTitle', { id: editing.categoryId }) : t('categories.add')}</h2>
          <form className="form-grid" onSubmit={submit}>
            <TextField label={t('categories.hs')} inputMode="numeric" pattern="[0-9]{2}([0-9]{2}){0,2}" maxLength={6} {...field('hsPrefix')} />
            <TextField label={t('categories.kbli')} inputMode="numeric" pattern="[0-9]{2,5}" maxLength={5} {...field('kbliPrefix')} />
            <TextField label={t('categories.categoryId')} required maxLength={60} {...field('categoryId')} />
            <TextField label={t('categories.categoryName')} required minLength={2} maxLength={200} {...field('categoryName')} />
            <TextField label={t('categories.required')} hint={t('categories.requiredHint')} {...field('requiredAttributes')} />
            <TextField label={t('categories.note')} maxLength={500} {...field('note')} />
            <div className="form-actions actions">
              <button type="submit" className="button" disabled={busy}>
                {t('common.save')}
              </button>
              {editing ? (
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => {
                    setEditing(null)
                    setDraft(EMPTY)
                  }}
                >
                  {t('common.cancel')}
                </button>
              ) : null}
            </div>
          </form>
        </section>
      ) : null}
    </>
  )
}
