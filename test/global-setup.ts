// Starts one PostgreSQL server for the whole run (embedded in a temporary directory, or the
// server named by TEST_DATABASE_URL) and prepares a migrated template database that every
// test file clones (test/database.ts).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { startDatabaseServer, type DatabaseServer } from '../server/db/database.ts'
import { prepareDatabase } from '../server/db/prepare.ts'

export const TEMPLATE_DATABASE = 'pulih_test_template'

let server: DatabaseServer | undefined
let dataDir: string | undefined

export default async function setup(project: TestProject) {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulih-test-'))
  server = await startDatabaseServer({ dataDir, databaseUrl: process.env.TEST_DATABASE_URL })
  try {
    await prepareTemplate(project, server)
  } catch (error) {
    // Stop the server we started, or the test run could never exit.
    await server.stop()
    throw error
  }
  return async () => {
    await server?.stop()
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

async function prepareTemplate(project: TestProject, server: DatabaseServer) {
  const adminUrl = new URL(server.url)
  adminUrl.pathname = '/postgres'
  const admin = new pg.Client({ connectionString: adminUrl.toString() })
  await admin.connect()
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE}`)
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`)
  } finally {
    await admin.end()
  }
  const templateUrl = new URL(server.url)
  templateUrl.pathname = `/${TEMPLATE_DATABASE}`
  await prepareDatabase(templateUrl.toString())
  project.provide('adminDatabaseUrl', adminUrl.toString())
  project.provide('testDataDir', dataDir!)
}

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string
    testDataDir: string
  }
}
