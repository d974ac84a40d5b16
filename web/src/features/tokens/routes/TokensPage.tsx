import { useState, type FormEvent } from 'react'
import { api, type ApiToken } from '../../../lib/api-client.ts'
import { formatDateTime } from '../../../lib/i18n.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { useLoad } from '../../../lib/use-load.ts'
import { DataTable } from '../../../components/DataTable.tsx'
import { ConfirmButton, CopyField, ErrorAlert, Loading, Notice, PageHeader, SelectField, TextField } from '../../../components/ui.tsx'

const EXPIRY_CHOICES = [30, 90, 180, 365] as const

export function TokensPage() {
  const { t, lang } = useI18n()
  useTitle(t('tokens.title'))
  const tokens = useLoad(() => api.tokens.list(), 'tokens')
  const [name, setName] = useState('')
  const [expiresInDays, setExpiresInDays] = useState<string>('90')
  const [created, setCreated] = useState<{ token: string; apiToken: ApiToken } | null>(null)
  const [error, setError] = useState<unknown>(undefined)
  const [busy, setBusy] = useState(false)

  async function create(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    setCreated(null)
    try {
      const result = await api.tokens.create({ name: name.trim(), ...(expiresInDays ? { expiresInDays: Number(expiresInDays) } : {}) })
      setCreated(result)
      setName('')
      tokens.setData((current) => current && { items: [result.apiToken, ...current.items] })
    } catch (reason) {
      setError(reason)
    } finally {
      setBusy(false)
    }
  }

  async function revoke(token: ApiToken) {
    setError(undefined)
    try {
      await api.tokens.revoke(token.id)
      tokens.setData((current) => current && { items: current.items.map((item) => (item.id === token.id ? { ...item, revoked: true } : item)) })
    } catch (reason) {
      setError(reason)
    }
  }

  return (
    <>
      <PageHeader title={t('tokens.title')} intro={t('tokens.intro')} />
      <section className="panel" aria-labelledby="tokens-create">
        <h2 id="tokens-create">{t('tokens.createTitle')}</h2>
        <ErrorAlert error={error} />
        {created ? (
          <div className="created-secret" data-testid="token-created">
            <Notice>{t('tokens.createdNotice', { name: created.apiToken.name })}</Notice>
            <CopyField label={t('tokens.secret')} value={created.token} />
          </div>
        ) : null}
        <form className="form-grid" onSubmit={create}>
          <TextField label={t('tokens.name')} required maxLength={100} value={name} onChange={(event) => setName(event.target.value)} />
          <SelectField label={t('tokens.expiresIn')} value={expiresInDays} onChange={(event) => setExpiresInDays(event.target.value)}>
            {EXPIRY_CHOICES.map((days) => (
              <option key={days} value={String(days)}>
                {t('tokens.days', { days })}
              </option>
            ))}
            <option value="">{t('tokens.noExpiry')}</option>
          </SelectField>
          <div className="form-actions">
            <button type="submit" className="button" disabled={busy}>
              {t('tokens.create')}
            </button>
          </div>
        </form>
      </section>
      <section className="panel" aria-labelledby="tokens-list">
        <h2 id="tokens-list">{t('tokens.table')}</h2>
        <ErrorAlert error={tokens.error} />
        {tokens.loading && !tokens.data ? <Loading /> : null}
        {tokens.data ? (
          <DataTable
            label={t('tokens.table')}
            columns={[t('tokens.name'), t('tokens.prefix'), t('tokens.created'), t('tokens.lastUsed'), t('tokens.expires'), t('common.status'), t('common.actions')]}
            rows={tokens.data.items}
            renderRow={(token) => (
              <tr key={token.id} className={token.revoked ? 'row-disabled' : undefined}>
                <td>
                  <strong>{token.name}</strong>
                </td>
                <td className="mono">{token.prefix}…</td>
                <td className="nowrap">{formatDateTime(lang, token.createdAt)}</td>
                <td className="nowrap">{token.lastUsedAt ? formatDateTime(lang, token.lastUsedAt) : t('common.never')}</td>
                <td className="nowrap">{token.expiresAt ? formatDateTime(lang, token.expiresAt) : t('tokens.noExpiry')}</td>
                <td>
                  <span className={`badge ${token.revoked ? 'badge-muted' : 'badge-ok'}`}>
                    {token.revoked ? t('tokens.revoked') : t('common.active')}
                  </span>
                </td>
                <td>
                  {token.revoked ? null : (
                    <ConfirmButton label={`${t('tokens.revoke')}: ${token.name}`} onConfirm={() => revoke(token)}>
                      {t('tokens.revoke')}
                    </ConfirmButton>
                  )}
                </td>
              </tr>
            )}
            empty={t('common.empty')}
          />
        ) : null}
      </section>
    </>
  )
}
