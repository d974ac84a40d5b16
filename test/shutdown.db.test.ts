// Graceful shutdown: requests in flight finish, new ones are refused, and the CLI's `start`
// stops its embedded PostgreSQL cleanly on SIGTERM.
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import type { AddressInfo } from 'node:net'
import { buildApp } from '../server/app.ts'
import { loadConfig } from '../server/config.ts'
import { keysFromMaster } from '../server/platform/secrets.ts'
import { SYSTEM_CONTEXT } from '../server/platform/audit/audit.service.ts'
import { createOrganisation, createUserWithPassword } from '../server/modules/identity/index.ts'
import { createTestDatabase, type TestDatabase } from './database.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const PASSWORD = 'correct horse battery staple 42'

function deferred<T = void>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

/** The session/CSRF cookies of a Set-Cookie list as one Cookie header. */
function cookieHeader(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
}

describe('graceful shutdown of the HTTP server', () => {
  let database: TestDatabase | undefined
  afterAll(async () => database?.close())

  it('finishes a request in flight, refuses new ones, then resolves close()', async () => {
    database = await createTestDatabase()
    const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), rateLimit: { apiPerMinute: 100_000, loginPerMinute: 100_000 } }
    const keys = keysFromMaster(crypto.randomBytes(32))
    const org = await createOrganisation(database.db, null, SYSTEM_CONTEXT, { kind: 'firm', name: 'CV Shutdown', provinceCode: '32' }, { trusted: true })
    const email = 'owner.shutdown@test.pulih.id'
    await createUserWithPassword(database.db, keys, SYSTEM_CONTEXT, { email, name: 'Owner', role: 'firm_owner', organisationId: org.id, password: PASSWORD })

    const app = await buildApp({ config, db: database.db, keys, logger: false, webDist: fs.mkdtempSync(path.join(os.tmpdir(), 'pulih-web-')) })
    // The login (an Argon2 verification, so slow by nature) is held at its handler until the
    // test has started closing the server: it is then certainly in flight, whatever the machine's speed.
    const arrived = deferred()
    const gate = deferred()
    app.addHook('preHandler', async (request) => {
      if (request.url === '/api/auth/login') {
        arrived.resolve()
        await gate.promise
      }
    })
    await app.listen({ host: '127.0.0.1', port: 0 })
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`

    const csrf = await fetch(`${base}/api/auth/csrf`)
    const { token } = (await csrf.json()) as { token: string }
    const cookie = cookieHeader(csrf)
    const inflight = fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': token, cookie },
      body: JSON.stringify({ email, password: PASSWORD }),
    })
    await arrived.promise

    let closed = false
    const closing = app.close().then(() => {
      closed = true
    })

    // A request started after close(): refused, either at the socket or with 503.
    const late = await fetch(`${base}/api/health`).then(
      (response) => response.status,
      (error: Error) => (error.cause as NodeJS.ErrnoException | undefined)?.code ?? error.message,
    )
    expect([503, 'ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET']).toContain(late)
    // close() waits for the request in flight.
    expect(closed).toBe(false)

    gate.resolve()
    const response = await inflight
    expect(response.status).toBe(200)
    expect(((await response.json()) as { stage: string }).stage).toBe('full')
    expect(response.headers.getSetCookie().some((c) => c.startsWith('pulih_session='))).toBe(true)

    // close() must then finish on its own. The client (like any browser) keeps its connection
    // alive; if the server left it open, close() would wait for the keep-alive timeout (72 s)
    // and the CLI's 10-second grace period would end in exit code 1. Bounded wait, not a timing.
    const finished = await Promise.race([closing.then(() => 'closed'), new Promise((r) => setTimeout(() => r('still open'), 15_000).unref())])
    try {
      expect(finished).toBe('closed')
      expect(app.server.listening).toBe(false)
      await expect(fetch(`${base}/api/health`)).rejects.toThrow()
    } finally {
      // Let a failed run end without waiting out the keep-alive timeout.
      app.server.closeAllConnections()
      await closing
    }
  })
})

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`pulih start exited early with ${child.exitCode}:\n${output()}`)
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) })
      if (response.status === 200) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`pulih start did not become healthy within ${limitMs / 1000} s:\n${output()}`)
}

function waitForExit(child: ChildProcess, limitMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve({ code: child.exitCode, signal: child.signalCode })
    const timer = setTimeout(() => reject(new Error(`no exit within ${limitMs / 1000} s`)), limitMs)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal })
    })
  })
}

/** Pid of the embedded PostgreSQL server of a data directory, while its pid file exists. */
function postmasterPid(dataDir: string): number | null {
  const file = path.join(dataDir, 'postgres', 'postmaster.pid')
  if (!fs.existsSync(file)) return null
  const pid = Number(fs.readFileSync(file, 'utf8').split('\n')[0])
  return Number.isInteger(pid) && pid > 0 ? pid : null
}

interface Started {
  child: ChildProcess
  port: number
  dataDir: string
  output(): string
  cleanup(): Promise<void>
}

/** Spawns `pulih start` on its own data directory and port, and waits until it is healthy. */
async function startPulih(): Promise<Started> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulih-shutdown-'))
  const port = await freePort()
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PULIH_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  }
  // The spawned server must use its own embedded database, not one named by the environment.
  delete env.DATABASE_URL
  delete env.PULIH_SECRET_KEY
  delete env.PULIH_PUBLIC_URL
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/pulih.js'), 'start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))

  const cleanup = async () => {
    // Only what this test started: the CLI process and, if it left it behind, its PostgreSQL.
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL')
      await waitForExit(child, 10_000).catch(() => {})
    }
    const orphan = postmasterPid(dataDir)
    if (orphan) {
      try {
        process.kill(orphan, 'SIGTERM')
      } catch {
        // already gone
      }
      for (let i = 0; i < 40 && fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid')); i++) {
        await new Promise((r) => setTimeout(r, 250))
      }
    }
    fs.rmSync(dataDir, { recursive: true, force: true })
  }

  try {
    // Bounded: a first start runs initdb, migrations and the reference data (and may build web/).
    await waitForHealth(`http://127.0.0.1:${port}/api/health`, child, () => output, 120_000)
    // The one-time setup link is printed just after the server starts listening: wait for it too.
    for (let waited = 0; !output.includes('/setup#token='); waited += 100) {
      if (waited >= 30_000) throw new Error(`no setup link printed within 30 s; output:\n${output}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  } catch (error) {
    await cleanup()
    throw error
  }
  return { child, port, dataDir, output: () => output, cleanup }
}

/** Reads from a raw socket until the text received so far matches. */
function readUntil(socket: net.Socket, pattern: RegExp, received: { text: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (pattern.test(received.text)) {
        socket.off('data', onData)
        socket.off('close', onClose)
        resolve(received.text)
      }
    }
    const onData = (chunk: Buffer) => {
      received.text += chunk.toString('latin1')
      check()
    }
    const onClose = () => reject(new Error(`connection closed before ${pattern}; got: ${received.text}`))
    socket.on('data', onData)
    socket.on('close', onClose)
    check()
  })
}

/** Exit code 0 and PostgreSQL stopped; on failure the message carries the server's output. */
function expectCleanExit(exit: { code: number | null; signal: NodeJS.Signals | null }, pulih: Started) {
  const postgresStopped = !fs.existsSync(path.join(pulih.dataDir, 'postgres', 'postmaster.pid'))
  expect({ ...exit, postgresStopped }, pulih.output()).toEqual({ code: 0, signal: null, postgresStopped: true })
}

describe('pulih start', () => {
  it('shuts down on SIGTERM with exit code 0 and stops its PostgreSQL', { timeout: 180_000 }, async () => {
    const pulih = await startPulih()
    try {
      expect(postmasterPid(pulih.dataDir)).not.toBeNull()
      // No account yet: the start printed the one-time setup link.
      expect(pulih.output()).toContain('/setup#token=')

      pulih.child.kill('SIGTERM')
      const exit = await waitForExit(pulih.child, 30_000)
      // PostgreSQL was stopped (not orphaned): its pid file is gone.
      expectCleanExit(exit, pulih)
      await expect(fetch(`http://127.0.0.1:${pulih.port}/api/health`)).rejects.toThrow()
    } finally {
      await pulih.cleanup()
    }
  })

  it('on SIGTERM finishes a request in flight, then still exits 0 and stops PostgreSQL', { timeout: 180_000 }, async () => {
    const pulih = await startPulih()
    const socket = new net.Socket()
    try {
      const base = `http://127.0.0.1:${pulih.port}`
      const setupToken = /\/setup#token=([A-Za-z0-9_-]+)/.exec(pulih.output())![1]
      const csrf = await fetch(`${base}/api/auth/csrf`)
      const { token } = (await csrf.json()) as { token: string }
      const body = JSON.stringify({ token: setupToken })

      // A browser-like keep-alive connection with a request whose body is still on its way.
      await new Promise<void>((resolve, reject) => socket.connect(pulih.port, '127.0.0.1', resolve).once('error', reject))
      const received = { text: '' }
      socket.write(
        [
          'POST /api/invitations/inspect HTTP/1.1',
          `Host: 127.0.0.1:${pulih.port}`,
          'Connection: keep-alive',
          'Content-Type: application/json',
          `Content-Length: ${Buffer.byteLength(body)}`,
          `X-CSRF-Token: ${token}`,
          `Cookie: ${cookieHeader(csrf)}`,
          'Expect: 100-continue',
          '',
          '',
        ].join('\r\n'),
      )
      // "100 Continue" proves the server has taken the request in: it is in flight from here on.
      await readUntil(socket, /^HTTP\/1\.1 100 Continue\r\n\r\n/, received)
      received.text = ''

      pulih.child.kill('SIGTERM')
      const exited = waitForExit(pulih.child, 60_000)
      // Give the signal a moment to reach the server before the body completes (ordering only).
      await new Promise((r) => setTimeout(r, 500))
      socket.write(body)
      const response = await readUntil(socket, /\r\n\r\n[\s\S]*\}$/, received)
      expect(response).toMatch(/^HTTP\/1\.1 200 /)
      expect(response).toContain('"kind":"setup"')

      // The client keeps its end open, as browsers do; the server must still finish shutting down.
      expectCleanExit(await exited, pulih)
    } finally {
      socket.destroy()
      await pulih.cleanup()
    }
  })
})
