// `npm run bench`: throughput of the platform's hot paths on this machine, each printed beside
// the peer or limit measured in the same run:
// - GET /api/health (one SQL round trip) vs a bare Fastify route on the same machine;
// - an authenticated read (session lookup + access check + SQL) vs the same health peer;
// - POST /api/auth/login vs raw argon2id verifications per second (the CPU limit of sign-in).
// Bounded: each measurement runs a fixed number of requests on loopback. Client and servers share
// one process and the 2 cores with PostgreSQL, so the figures are conservative.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Fastify from 'fastify'
import argon2 from 'argon2'
import { buildApp } from '../server/app.ts'
import { loadConfig } from '../server/config.ts'
import { openRuntime } from '../server/runtime.ts'
import { ARGON2_OPTIONS } from '../server/platform/auth/passwords.ts'
import { seedDemo } from '../server/demo/seed.ts'

async function measure(label: string, total: number, concurrency: number, send: () => Promise<Response>) {
  const latencies: number[] = []
  let errors = 0
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next++
        const t0 = performance.now()
        const response = await send()
        await response.arrayBuffer()
        if (!response.ok) errors++
        latencies.push(performance.now() - t0)
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1)
  return { label, perSecond: Math.round(latencies.length / seconds), p50: pct(50), p99: pct(99), errors }
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulih-bench-'))
const config = { ...loadConfig({ PULIH_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), rateLimit: { apiPerMinute: 1_000_000, loginPerMinute: 1_000_000 } }
const runtime = await openRuntime(config)
const logins = await seedDemo(runtime.db, runtime.keys, undefined, { firms: 0 })
const app = await buildApp({ config, db: runtime.db, keys: runtime.keys, webDist: '/nonexistent' })
const address = await app.listen({ host: '127.0.0.1', port: 0 })

const bare = Fastify()
bare.get('/hello', async () => ({ status: 'ok' }))
const bareAddress = await bare.listen({ host: '127.0.0.1', port: 0 })

// A signed-in firm owner (password only) for the authenticated read.
const csrf = await fetch(`${address}/api/auth/csrf`)
const csrfCookie = csrf.headers.getSetCookie()[0].split(';')[0]
const csrfToken = ((await csrf.json()) as { token: string }).token
const owner = logins.find((l) => l.role === 'firm_owner')!
const loginBody = JSON.stringify({ email: owner.email, password: owner.password })
const loginHeaders = { 'content-type': 'application/json', cookie: csrfCookie, 'x-csrf-token': csrfToken }
const login = await fetch(`${address}/api/auth/login`, { method: 'POST', headers: loginHeaders, body: loginBody })
const sessionCookie = login.headers.getSetCookie().find((c) => c.startsWith('pulih_session='))!.split(';')[0]

const rows = []
rows.push(await measure('peer: bare Fastify GET /hello', 4000, 20, () => fetch(`${bareAddress}/hello`)))
rows.push(await measure('GET /api/health', 4000, 20, () => fetch(`${address}/api/health`)))
rows.push(await measure('GET /api/regions/provinces (signed in)', 4000, 20, () => fetch(`${address}/api/regions/provinces`, { headers: { cookie: sessionCookie } })))

const hash = await argon2.hash('benchmark password 1', ARGON2_OPTIONS)
const argonStarted = performance.now()
let verified = 0
await Promise.all(Array.from({ length: 4 }, async () => {
  for (let i = 0; i < 15; i++) {
    await argon2.verify(hash, 'benchmark password 1')
    verified++
  }
}))
const argonPerSecond = Math.round(verified / ((performance.now() - argonStarted) / 1000))
rows.push({ label: 'limit: argon2id verify (m=19456,t=2,p=1)', perSecond: argonPerSecond, p50: '-', p99: '-', errors: 0 })
rows.push(await measure('POST /api/auth/login', 60, 4, () => fetch(`${address}/api/auth/login`, { method: 'POST', headers: loginHeaders, body: loginBody })))

console.log(`\nPulih platform benchmark (${os.cpus().length} cores, Node ${process.version})\n`)
console.log('| measurement | req/s | p50 ms | p99 ms | errors |')
console.log('|---|---:|---:|---:|---:|')
for (const row of rows) console.log(`| ${row.label} | ${row.perSecond} | ${row.p50} | ${row.p99} | ${row.errors} |`)

await bare.close()
await app.close()
await runtime.close()
fs.rmSync(dataDir, { recursive: true, force: true })
