import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { api, ApiError, onUnauthenticated, refreshCsrf, type AuthState } from '../lib/api-client.ts'
import { storedLang } from '../lib/i18n.ts'
import { useI18n } from '../lib/i18n-react.tsx'

export type Session =
  | { status: 'loading' }
  | { status: 'anonymous'; reason?: 'signedOut' | 'expired' }
  | ({ status: 'signedIn' } & AuthState)

interface SessionValue {
  session: Session
  /** Stores the answer of a sign-in step (login, code, enrolment, invitation). */
  signedIn(state: AuthState): void
  signOut(): Promise<void>
  reload(): Promise<void>
}

const SessionContext = createContext<SessionValue | null>(null)

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session>({ status: 'loading' })
  const { lang, setLang } = useI18n()
  const user = session.status === 'signedIn' ? session.user : null

  // A browser without a chosen language follows the user's saved preference.
  useEffect(() => {
    if (user && storedLang() === null && user.locale !== lang) setLang(user.locale)
  }, [user, lang, setLang])

  const reload = useCallback(async () => {
    try {
      const state = await api.auth.me()
      setSession({ status: 'signedIn', ...state })
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setSession({ status: 'anonymous' })
      else throw error
    }
  }, [])

  useEffect(() => {
    refreshCsrf().catch(() => undefined)
    reload().catch(() => setSession({ status: 'anonymous' }))
  }, [reload])

  useEffect(
    () =>
      onUnauthenticated(() => {
        setSession((current) => (current.status === 'signedIn' ? { status: 'anonymous', reason: 'expired' } : current))
      }),
    [],
  )

  const signedIn = useCallback((state: AuthState) => setSession({ status: 'signedIn', ...state }), [])

  const signOut = useCallback(async () => {
    try {
      await api.auth.logout()
    } finally {
      setSession({ status: 'anonymous', reason: 'signedOut' })
    }
  }, [])

  const value = useMemo(() => ({ session, signedIn, signOut, reload }), [session, signedIn, signOut, reload])
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext)
  if (!value) throw new Error('useSession outside SessionProvider')
  return value
}

/** The signed-in user; only for components rendered behind RequireAuth. */
export function useMe() {
  const { session } = useSession()
  if (session.status !== 'signedIn') throw new Error('useMe without a signed-in session')
  return session.user
}
