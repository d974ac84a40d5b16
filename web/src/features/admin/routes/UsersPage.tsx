import { useEffect, useState, type FormEvent } from 'react'
import {
  api,
  ROLE_ORGANISATION_KIND,
  ROLES,
  type Invitation,
  type Me,
  type Organisation,
  type Role,
  type User,
} from '../../../lib/api-client.ts'
import { formatDateTime } from '../../../lib/i18n.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { useLoad } from '../../../lib/use-load.ts'
import { ConfirmButton, CopyField, ErrorAlert, Loading, Notice, PageHeader, SelectField, StatusBadge, TextField } from '../../../components/ui.tsx'
import { DataTable } from '../../../components/DataTable.tsx'
import { useMe } from '../../../app/session.tsx'

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value)
}

/** Roles the signed-in user may give (mirrors the server's policy: only admins make admins). */
export function assignableRoles(me: Me): Role[] {
  if (me.role === 'admin') return [...ROLES]
  if (me.role === 'officer') return ROLES.filter((role) => role !== 'admin')
  return []
}

function canManage(me: Me, user: User): boolean {
  return user.id !== me.id && assignableRoles(me).includes(user.role)
}

type StatusFilter = 'active' | 'disabled' | ''

export function UsersPage() {
  const { t } = useI18n()
  const me = useMe()
  useTitle(t('users.title'))
  const [q, setQ] = useState('')
  const [role, setRole] = useState<Role | ''>('')
  const [status, setStatus] = useState<StatusFilter>('')
  const [filters, setFilters] = useState<{ q: string; role: Role | ''; status: StatusFilter }>({ q: '', role: '', status: '' })
  const users = useLoad(() => api.users.list(filters), JSON.stringify(filters))
  const invitations = useLoad(() => api.invitations.list(), 'invitations')

  function applyFilters(event: FormEvent) {
    event.preventDefault()
    setFilters({ q: q.trim(), role, status })
  }

  return (
    <>
      <PageHeader title={t('users.title')} intro={t('users.intro')} />
      <InviteForm me={me} onCreated={() => invitations.reload()} />
      <PendingInvitations
        items={invitations.data?.items}
        error={invitations.error}
        onRevoked={(id) => invitations.setData((current) => current && { items: current.items.filter((item) => item.id !== id) })}
      />
      <section className="panel" aria-labelledby="users-list">
        <h2 id="users-list">{t('users.table')}</h2>
        <form className="filters" role="search" aria-label={t('users.filter')} onSubmit={applyFilters}>
          <TextField label={t('users.search')} type="search" value={q} onChange={(event) => setQ(event.target.value)} />
          <SelectField label={t('users.role')} value={role} onChange={(event) => setRole(isRole(event.target.value) ? event.target.value : '')}>
            <option value="">{t('common.all')}</option>
            {ROLES.map((value) => (
              <option key={value} value={value}>
                {t(`role.${value}`)}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={t('common.status')}
            value={status}
            onChange={(event) => setStatus(event.target.value === 'active' || event.target.value === 'disabled' ? event.target.value : '')}
          >
            <option value="">{t('common.all')}</option>
            <option value="active">{t('common.active')}</option>
            <option value="disabled">{t('common.disabled')}</option>
          </SelectField>
          <div className="filter-actions">
            <button type="submit" className="button">
              {t('common.search')}
            </button>
          </div>
        </form>
        <ErrorAlert error={users.error} />
        {users.loading && !users.data ? <Loading /> : null}
        {users.data ? (
          <UserTable
            me={me}
            users={users.data.items}
            onChanged={(updated) =>
              users.setData((current) => current && { items: current.items.map((item) => (item.id === updated.id ? updated : item)) })
            }
          />
        ) : null}
      </section>
    </>
  )
}

function UserTable({ me, users, onChanged }: { me: Me; users: User[]; onChanged(user: User): void }) {
  const { t } = useI18n()
  const [error, setError] = useState<unknown>(undefined)
  return (
    <>
      <ErrorAlert error={error} />
      <DataTable
        label={t('users.table')}
        count={t('users.count', { count: users.length })}
        columns={[t('invite.name'), t('users.role'), t('users.organisation'), t('users.totp'), t('users.lastLogin'), t('common.status'), t('common.actions')]}
        rows={users}
        renderRow={(user) => <UserRow key={user.id} me={me} user={user} onChanged={onChanged} onError={setError} />}
        empty={t('common.empty')}
      />
    </>
  )
}

function UserRow({ me, user, onChanged, onError }: { me: Me; user: User; onChanged(user: User): void; onError(error: unknown): void }) {
  const { t, lang } = useI18n()
  const manageable = canManage(me, user)
  const roleChoices = assignableRoles(me).filter((role) => ROLE_ORGANISATION_KIND[role] === user.organisation.kind)
  const [role, setRole] = useState<Role>(user.role)
  const [busy, setBusy] = useState(false)

  useEffect(() => setRole(user.role), [user.role])

  async function update(body: { role?: Role; disabled?: boolean }) {
    setBusy(true)
    onError(undefined)
    try {
      onChanged(await api.users.update(user.id, body))
    } catch (error) {
      onError(error)
      setRole(user.role)
    } finally {
      setBusy(false)
    }
  }

  return (
    <tr className={user.disabled ? 'row-disabled' : undefined}>
      <td>
        <strong>{user.name}</strong> {user.id === me.id ? <span className="muted">{t('users.you')}</span> : null}
        <br />
        <span className="muted small">{user.email}</span>
      </td>
      <td>
        {manageable && roleChoices.length > 1 ? (
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault()
              void update({ role })
            }}
          >
            <SelectField
              label={t('users.changeRole', { name: user.name })}
              className="sr-label"
              value={role}
              onChange={(event) => isRole(event.target.value) && setRole(event.target.value)}
            >
              {roleChoices.map((value) => (
                <option key={value} value={value}>
                  {t(`role.${value}`)}
                </option>
              ))}
            </SelectField>
            {role !== user.role ? (
              <button type="submit" className="button button-small" disabled={busy}>
                {t('common.save')}
              </button>
            ) : null}
          </form>
        ) : (
          t(`role.${user.role}`)
        )}
      </td>
      <td>
        {user.organisation.name}
        <br />
        <span className="muted small">{t(`kind.${user.organisation.kind}`)}</span>
      </td>
      <td>{user.totpEnrolled ? t('common.yes') : t('common.no')}</td>
      <td className="nowrap">{user.lastLoginAt ? formatDateTime(lang, user.lastLoginAt) : t('common.never')}</td>
      <td>
        <StatusBadge disabled={user.disabled} />
      </td>
      <td>
        {manageable ? (
          user.disabled ? (
            <button
              type="button"
              className="button button-small button-secondary"
              aria-label={`${t('common.enable')}: ${user.name}`}
              disabled={busy}
              onClick={() => void update({ disabled: false })}
            >
              {t('common.enable')}
            </button>
          ) : (
            <ConfirmButton label={`${t('common.disable')}: ${user.name}`} disabled={busy} onConfirm={() => update({ disabled: true })}>
              {t('common.disable')}
            </ConfirmButton>
          )
        ) : null}
      </td>
    </tr>
  )
}

function InviteForm({ me, onCreated }: { me: Me; onCreated(): void }) {
  const { t, lang } = useI18n()
  const [email, setEmail] = useState('')
  const [name, setName] = useState('')
  const [role, setRole] = useState<Role | ''>('')
  const [organisationId, setOrganisationId] = useState('')
  const [organisations, setOrganisations] = useState<Organisation[] | null>(null)
  const [error, setError] = useState<unknown>(undefined)
  const [created, setCreated] = useState<{ invitation: Invitation; link: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const kind = role ? ROLE_ORGANISATION_KIND[role] : null

  useEffect(() => {
    setOrganisationId('')
    setOrganisations(null)
    if (!kind) return
    let current = true
    api.organisations
      .list({ kind })
      .then(({ items }) => {
        if (!current) return
        const active = items.filter((org) => !org.disabled)
        setOrganisations(active)
        if (active.length === 1) setOrganisationId(active[0].id)
      })
      .catch((reason) => current && setError(reason))
    return () => {
      current = false
    }
  }, [kind])

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!role || !organisationId) return
    setBusy(true)
    setError(undefined)
    setCreated(null)
    try {
      const result = await api.invitations.create({ email: email.trim(), name: name.trim(), role, organisationId })
      setCreated(result)
      setEmail('')
      setName('')
      onCreated()
    } catch (reason) {
      setError(reason)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="panel" aria-labelledby="users-invite">
      <h2 id="users-invite">{t('users.inviteTitle')}</h2>
      <ErrorAlert error={error} />
      {created ? (
        <div className="created-secret" data-testid="invitation-created">
          <Notice>
            {t('users.inviteCreated', { email: created.invitation.email, expiresAt: formatDateTime(lang, created.invitation.expiresAt) })}
          </Notice>
          <CopyField label={t('users.inviteLink')} value={created.link} />
        </div>
      ) : null}
      <form className="form-grid" onSubmit={submit}>
        <TextField label={t('users.inviteEmail')} type="email" autoComplete="off" required value={email} onChange={(event) => setEmail(event.target.value)} />
        <TextField label={t('users.inviteName')} autoComplete="off" required maxLength={200} value={name} onChange={(event) => setName(event.target.value)} />
        <SelectField label={t('users.inviteRole')} required value={role} onChange={(event) => setRole(isRole(event.target.value) ? event.target.value : '')}>
          <option value="">{t('orgs.choose')}</option>
          {assignableRoles(me).map((value) => (
            <option key={value} value={value}>
              {t(`role.${value}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('users.inviteOrganisation')}
          required
          disabled={!organisations || organisations.length === 0}
          value={organisationId}
          error={organisations && organisations.length === 0 && kind ? t('users.inviteNoOrganisation', { kind: t(`kind.${kind}`) }) : null}
          onChange={(event) => setOrganisationId(event.target.value)}
        >
          <option value="">{t('orgs.choose')}</option>
          {(organisations ?? []).map((org) => (
            <option key={org.id} value={org.id}>
              {org.name}
            </option>
          ))}
        </SelectField>
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy || !role || !organisationId}>
            {t('users.inviteSubmit')}
          </button>
        </div>
      </form>
    </section>
  )
}

function PendingInvitations({ items, error, onRevoked }: { items: Invitation[] | undefined; error: unknown; onRevoked(id: string): void }) {
  const { t, lang } = useI18n()
  const [revokeError, setRevokeError] = useState<unknown>(undefined)
  const [notice, setNotice] = useState<string | null>(null)

  async function revoke(invitation: Invitation) {
    setRevokeError(undefined)
    setNotice(null)
    try {
      await api.invitations.revoke(invitation.id)
      onRevoked(invitation.id)
      setNotice(t('users.revoked'))
    } catch (reason) {
      setRevokeError(reason)
    }
  }

  return (
    <section className="panel" aria-labelledby="users-pending">
      <h2 id="users-pending">{t('users.pendingTitle')}</h2>
      <ErrorAlert error={error ?? revokeError} />
      {notice ? <Notice>{notice}</Notice> : null}
      {!items && !error ? <Loading /> : null}
      {items && items.length === 0 ? <p className="muted">{t('common.empty')}</p> : null}
      {items && items.length > 0 ? (
        <DataTable
          label={t('users.pendingTable')}
          columns={[t('invite.name'), t('users.role'), t('users.organisation'), t('users.invitedBy'), t('users.expires'), t('common.actions')]}
          rows={items}
          renderRow={(invitation) => (
            <tr key={invitation.id}>
              <td>
                <strong>{invitation.name}</strong>
                <br />
                <span className="muted small">{invitation.email}</span>
              </td>
              <td>{t(`role.${invitation.role}`)}</td>
              <td>{invitation.organisation.name}</td>
              <td>{invitation.invitedBy?.name ?? t('common.none')}</td>
              <td className="nowrap">{formatDateTime(lang, invitation.expiresAt)}</td>
              <td>
                <ConfirmButton label={`${t('users.revoke')}: ${invitation.email}`} onConfirm={() => revoke(invitation)}>
                  {t('users.revoke')}
                </ConfirmButton>
              </td>
            </tr>
          )}
        />
      ) : null}
    </section>
  )
}
