// Pulih's service worker: keeps the app shell (index.html and the built, content-hashed assets)
// on the device so that the survey form opens without a connection. It never touches /api:
// answers carry personal data and must come fresh from the server (the form keeps its own
// offline data in IndexedDB). The page registers it as /sw.js?v=<build>: a new deploy installs
// a new worker under a new cache name and the old caches are deleted.
const VERSION = new URL(self.location.href).searchParams.get('v') || 'dev'
const PREFIX = 'pulih-shell-'
const CACHE = PREFIX + VERSION
const SHELL = '/index.html'

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE)
      const response = await fetch('/', { cache: 'no-store', credentials: 'same-origin' })
      if (!response.ok) throw new Error('index.html answered ' + response.status)
      const html = await response.clone().text()
      const assets = [...html.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((match) => match[1]).filter((url) => !url.startsWith('/api/'))
      await cache.put(SHELL, response)
      await cache.addAll([...new Set(assets)])
      await self.skipWaiting()
    })(),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name)
      await self.clients.claim()
    })(),
  )
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/') || url.pathname === '/sw.js') return

  if (request.mode === 'navigate') {
    // The page from the network when there is one (fresh deploys), else the kept shell.
    event.respondWith(
      fetch(request).catch(async () => (await caches.match(SHELL, { cacheName: CACHE })) || Response.error()),
    )
    return
  }

  if (url.pathname.startsWith('/assets/') || url.pathname === '/favicon.svg') {
    // Content-hashed files never change: the kept copy, else fetch and keep it.
    event.respondWith(
      (async () => {
        const cache = await caches.open(CACHE)
        const kept = await cache.match(request)
        if (kept) return kept
        const response = await fetch(request)
        if (response.ok) await cache.put(request, response.clone())
        return response
      })(),
    )
  }
})
