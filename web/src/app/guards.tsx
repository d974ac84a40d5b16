import type { ReactNode } from 'react'
import { Navigate, Outlet, useLocation } from 'react-router'
import { hasPermission, type Permission } from '../lib/api-client.ts'
import { Loading } from '../components/ui.tsx'
import { useSession } from './session.tsx'
import { NotAllowedPage } from './pages.tsx'
import { loginPath } from '../lib/navigation.ts'

/** Protected pages: anonymous visitors go to /login and come back after signing in. */
export function RequireAuth() {
  const { session } = useSession()
  const location = useLocation()
  const here = `${location.pathname}${location.search}`
  if (session.status === 'loading') return <Loading />
  // After signing out, the sign-in page starts afresh rather than leading back here.
  if (session.status === 'anonymous') return <Navigate to={session.reason === 'signedOut' ? '/login' : loginPath(here)} replace />
  if (session.stage === 'enrol') return <Navigate to={here === '/' ? '/enrol' : `/enrol?next=${encodeURIComponent(here)}`} replace />
  if (session.stage === 'totp') return <Navigate to={loginPath(here)} replace />
  return <Outlet />
}

export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { session } = useSession()
  if (session.status !== 'signedIn' || !hasPermission(session.user, permission)) return <NotAllowedPage />
  return <>{children}</>
}
