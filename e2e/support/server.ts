// Starts the real Pulih server (buildApp on a fresh test database) serving the built web app,
// for end-to-end tests in a real browser.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../server/app.ts'
import { ensureWebBuilt } from '../../server/web-build.ts'
import { loadConfig, type Config } from '../../server/config.ts'
import type { Database } from '../../server/db/database.ts'
import { keysFromMaster } from '../../server/platform/secrets.ts'
import { createSetupLink } from '../../server/modules/identity/index.ts'
import { createTestDatabase } from '../../test/database.ts'

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
  ensureWebBuilt(() => {})
  const database = await createTestDatabase()
  // Journeys sign in many times within a minute: lift the per-minute limits (they are tested elsewhere).
  // Uploads and photos go to a data directory of this server alone, removed when it closes.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulih-e2e-data-'))
  const config: Config = {
    ...loadConfig({ LOG_LEVEL: 'silent', PORT: '0', PULIH_API_DOCS: 'false', PULIH_DATA_DIR: dataDir }),
    rateLimit: { apiPerMinute: 100_000, loginPerMinute: 10_000 },
  }
  const keys = keysFromMaster(crypto.randomBytes(32))
  // PULIH_E2E_LOG=error (or debug…) shows the server's log while a journey runs.
  const app = await buildApp({ config, db: database.db, keys, logger: process.env.PULIH_E2E_LOG ? { level: process.env.PULIH_E2E_LOG } : false })
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
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
