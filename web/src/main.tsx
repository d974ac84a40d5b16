import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { RouterProvider } from 'react-router'
import { I18nProvider } from './lib/i18n-react.tsx'
import { SessionProvider } from './app/session.tsx'
import { createRouter } from './app/router.tsx'
import { startOffline } from './features/assessment/offline/register.ts'
import './styles.css'

const router = createRouter()
// The service worker (app shell offline) and the sending of survey answers kept on the device.
startOffline()
const root = document.getElementById('root')
if (!root) throw new Error('#root missing from index.html')

createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <SessionProvider>
        <RouterProvider router={router} />
      </SessionProvider>
    </I18nProvider>
  </StrictMode>,
)
