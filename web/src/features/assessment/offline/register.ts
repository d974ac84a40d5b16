// Offline support of the web app: the service worker that keeps the app shell on the device, and
// the background sending of survey submissions kept in the outbox.
import { startOutboxSync } from './sync.ts'

/**
 * The build's version: the main bundle's content-hashed file name. A new deploy has a new name,
 * so the worker is registered under a new URL, installs afresh and drops the old cache.
 */
function buildVersion(): string {
  const file = new URL(import.meta.url).pathname.split('/').pop() ?? 'dev'
  return file.replace(/\.js$/, '')
}

export function startOffline(): void {
  startOutboxSync()
  // Not under Vite's dev server (import.meta.hot), whose modules are not content-hashed files.
  // (Not import.meta.env.PROD: a build run with NODE_ENV=test, as the tests do, is not "PROD".)
  if (import.meta.hot || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return
  const register = () =>
    navigator.serviceWorker.register(`/sw.js?v=${encodeURIComponent(buildVersion())}`, { scope: '/' }).catch(() => {
      // No worker (e.g. not a secure context): everything works online, only the offline start is lost.
    })
  if (document.readyState === 'complete') void register()
  else window.addEventListener('load', () => void register(), { once: true })
}
