// Writes openapi/openapi.json from the routes' TypeBox schemas (`npm run gen:openapi`), or with
// `--check` fails when the committed document has drifted. Needs no running database.
import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import { buildApp } from '../server/app.ts'
import { loadConfig } from '../server/config.ts'
import { createDb, createPool } from '../server/db/database.ts'
import { keysFromMaster } from '../server/platform/secrets.ts'

export const OPENAPI_FILE = path.resolve(import.meta.dirname, '../openapi/openapi.json')

/** The OpenAPI document as the server serves it at /api/openapi.json, pretty-printed. */
export async function generateOpenApi(): Promise<string> {
  // The pool never connects: building the app and its document touches no database.
  const pool = createPool('postgres://openapi@127.0.0.1:1/openapi')
  const app = await buildApp({ config: loadConfig({}), db: createDb(pool), keys: keysFromMaster(crypto.randomBytes(32)), webDist: '/nonexistent' })
  await app.ready()
  const document = JSON.stringify(app.swagger(), null, 2) + '\n'
  await app.close()
  await pool.end()
  return document
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const document = await generateOpenApi()
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(OPENAPI_FILE) ? fs.readFileSync(OPENAPI_FILE, 'utf8') : ''
    if (current !== document) {
      console.error('openapi/openapi.json is out of date: run `npm run gen:openapi`')
      process.exitCode = 1
    }
  } else {
    fs.mkdirSync(path.dirname(OPENAPI_FILE), { recursive: true })
    fs.writeFileSync(OPENAPI_FILE, document)
    console.log(`wrote ${path.relative(process.cwd(), OPENAPI_FILE)}`)
  }
}
