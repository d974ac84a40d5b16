// The sign-in guard of the survey pages, which must open on a phone without a connection: when
// the session cannot be checked because the device is offline, the pages run with the user
// remembered on this device (answers wait in the outbox until a session sends them); an expired
// or absent session (401) goes to sign-in as everywhere else.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react'
import { Navigate, useLocation } from 'react-router'
import { api, ApiError, type Permission } from '../../../lib/api-client.ts'
import { useI18n } from '../../../lib/i18n-react.tsx'
import { loginPath } from '../../../lib/navigation.ts'
import { useSession } from '../../../app/session.tsx'
import { NotAllowedPage } from '../../../app/pages.tsx'
import { Loading } from '../../../components/ui.tsx'
import { offlineCache, type CachedUser } from '../offline/store.ts'

export interface SurveyUser {
  user: CachedUser
  /** The session could not be checked: no connection. */
  offline: boolean
}

const SurveyUserContext = createContext<SurveyUser | null>(null)

export function useSurveyUser(): SurveyUser {
  const value = useContext(SurveyUserContext)
  if (!value) throw new Error('useSurveyUser outside AssessmentAuth')
  return value
}

type Probe = { state: 'idle' | 'checking' | 'signedOut' } | { state: 'offline'; user: CachedUser | null }

export function AssessmentAuth({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { t } = useI18n()
  const { session, reload } = useSession()
  const location = useLocation()
  const here = `${location.pathname}${location.search}`
  const [probe, setProbe] = useState<Probe>({ state: 'idle' })
  const signedInUser = session.status === 'signedIn' && session.stage === 'full' ? session.user : null
  const unexplained = session.status === 'anonymous' && !session.reason

  // Remember who is signed in, for a later start without a connection.
  useEffect(() => {
    if (signedInUser) void offlineCache.saveUser(signedInUser)
  }, [signedInUser])

  // Anonymous without a reason: the start-up check failed, for want of a session or of a connection.
  useEffect(() => {
    if (!unexplained) return
    let live = true
    setProbe({ state: 'checking' })
    api.auth
      .me()
      .then(() => reload())
      .catch(async (error: unknown) => {
        if (!live) return
        if (error instanceof ApiError && error.status === 0) setProbe({ state: 'offline', user: (await offlineCache.user()) ?? null })
        else setProbe({ state: 'signedOut' })
      })
    return () => {
      live = false
    }
  }, [unexplained, reload])

  // Back online: check the session again, so the page continues signed in.
  useEffect(() => {
    if (probe.state !== 'offline') return
    const retry = () => void reload().catch(() => undefined)
    window.addEventListener('online', retry)
    return () => window.removeEventListener('online', retry)
  }, [probe.state, reload])

  let value: SurveyUser | null = null
  if (signedInUser) value = { user: { id: signedInUser.id, name: signedInUser.name, role: signedInUser.role, permissions: signedInUser.permissions }, offline: false }
  else if (unexplained && probe.state === 'offline' && probe.user) value = { user: probe.user, offline: true }

  if (!value) {
    if (session.status === 'loading' || (unexplained && (probe.state === 'idle' || probe.state === 'checking'))) return <Loading />
    if (session.status === 'signedIn' && session.stage === 'enrol') return <Navigate to={`/enrol?next=${encodeURIComponent(here)}`} replace />
    if (session.status === 'anonymous' && session.reason === 'signedOut') return <Navigate to="/login" replace />
    if (unexplained && probe.state === 'offline') {
      return (
        <div className="alert alert-error" role="alert">
          {t('survey.offline.noUser')}
        </div>
      )
    }
    return <Navigate to={loginPath(here)} replace />
  }
  if (!value.user.permissions.includes(permission)) return <NotAllowedPage />
  return <SurveyUserContext.Provider value={value}>{children}</SurveyUserContext.Provider>
}
