#!/usr/bin/env node
// `npm test`: type-checks, then runs every Vitest project (unit, db, e2e) and prints one closing
// line `N passed, N failed, N skipped`. Without Chromium the browser tests are skipped, said so.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawnSync } from 'node:child_process'

const root = path.resolve(import.meta.dirname, '..')
const chromium = process.env.PULIH_CHROMIUM || '/usr/bin/chromium'
const projects = ['unit', 'db']
if (fs.existsSync(chromium)) {
  projects.push('e2e')
} else {
  console.log(`\nChromium was not found at ${chromium}: the browser (e2e) tests are skipped.`)
  console.log('Install it to run them (Debian: apt-get install chromium) or set PULIH_CHROMIUM.\n')
}

const typecheck = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json'], {
  cwd: root,
  stdio: 'inherit',
})
if (typecheck.status !== 0) {
  console.log('\nType check failed.')
  console.log('0 passed, 1 failed')
  process.exit(1)
}

const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pulih-vitest-')), 'report.json')
const args = [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', ...projects.map((p) => `--project=${p}`)]
args.push('--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2))
const run = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, PULIH_CHROMIUM: chromium } })

let passed = 0
let failed = run.status === 0 ? 0 : 1
let skipped = 0
if (fs.existsSync(report)) {
  const result = JSON.parse(fs.readFileSync(report, 'utf8'))
  passed = result.numPassedTests
  // A file that fails to load has no failed test of its own: count the file then.
  failed = result.numFailedTests || (result.numFailedTestSuites ?? 0)
  skipped = result.numPendingTests + result.numTodoTests
  if (run.status !== 0 && failed === 0) failed = 1
}
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(run.status === 0 && failed === 0 ? 0 : 1)
