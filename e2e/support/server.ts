// Starts the real Pulih server (buildApp on a fresh test database) serving the built web app,
// for end-to-end tests in a real browser.
import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import { buildApp, WEB_DIST } from '../../server/app.ts'
import { loadConfig, type Config } from '../../server/config.ts'
import type { Database } from '../../server/db/database.ts'
import { keysFromMaster } from '../../server/platform/secrets.ts'
import { createSetupLink } from '../../server/modules/identity/index.ts'
import { createTestDatabase } from '../../test/database.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const WEB_SOURCES = ['web/src', 'web/public', 'web/index.html', 'vite.config.ts', 'package-lock.json']

function newestMtime(target: string): number {
  if (!fs.existsSync(target)) return 0
  const stat = fs.statSync(target)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)))
  return newest
}

/** Builds the web app (npx vite build) when web/dist is missing or older than its sources. */
export function ensureWebBuild(): void {
  const index = path.join(WEB_DIST, 'index.html')
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0
  const sources = Math.max(...WEB_SOURCES.map((source) => newestMtime(path.join(ROOT, source))))
  if (built > sources) return
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'pipe', timeout: 180_000 })
}

export interface PulihServer {
  /** Origin of the running server, e.g. http://127.0.0.1:41234 */
  url: string
  app: FastifyInstance
  db: Database
  config: Config
  /** A fresh first-start setup link on this server (path and fragment kept, origin replaced). */
  setupLink(): Promise<string>
  /** Any link the server printed, moved onto this server's origin. */
  local(link: string): string
  close(): Promise<void>
}

export async function startPulih(): Promise<PulihServer> {
  ensureWebBuild()
  const database = await createTestDatabase()
  // Journeys sign in many times within a minute: lift the per-minute limits (they are tested elsewhere).
  const config: Config = {
    ...loadConfig({ LOG_LEVEL: 'silent', PORT: '0', PULIH_API_DOCS: 'false' }),
    rateLimit: { apiPerMinute: 100_000, loginPerMinute: 10_000 },
  }
  const keys = keysFromMaster(crypto.randomBytes(32))
  const app = await buildApp({ config, db: database.db, keys, logger: false })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  if (!address || typeof address === 'string') throw new Error('server has no TCP address')
  const url = `http://127.0.0.1:${address.port}`
  // Links the server makes (setup, invitations) name its public origin, known only now.
  config.publicUrl = url
  config.port = address.port

  const local = (link: string) => {
    const parsed = new URL(link)
    return `${url}${parsed.pathname}${parsed.search}${parsed.hash}`
  }

  return {
    url,
    app,
    db: database.db,
    config,
    local,
    setupLink: async () => local((await createSetupLink(database.db, config)).link),
    close: async () => {
      await app.close()
      await database.close()
    },
  }
}
