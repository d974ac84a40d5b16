import fs from 'node:fs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { DB_TYPES_FILE, generateDbTypes } from '../scripts/db-types.ts'
import { createTestDatabase, type TestDatabase } from './database.ts'

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(async () => database.close())

it('server/db/types.gen.ts matches the migrated schema (run `npm run gen:db-types` after a migration)', () => {
  expect(fs.readFileSync(DB_TYPES_FILE, 'utf8')).toBe(generateDbTypes(database.ownerUrl))
}, 60_000)
