import fs from 'node:fs'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

function newestMtime(entry: string): number {
  if (!fs.existsSync(entry)) return 0
  const stat = fs.statSync(entry)
  if (!stat.isDirectory()) return stat.mtimeMs
  return fs.readdirSync(entry).reduce((max, name) => Math.max(max, newestMtime(path.join(entry, name))), stat.mtimeMs)
}

/** True when web/dist is missing or older than any web source or the Vite config. */
export function webBuildStale(root = ROOT): boolean {
  const built = path.join(root, 'web/dist/index.html')
  if (!fs.existsSync(built)) return true
  const sources = Math.max(
    newestMtime(path.join(root, 'web/src')),
    newestMtime(path.join(root, 'web/index.html')),
    newestMtime(path.join(root, 'web/public')),
    newestMtime(path.join(root, 'vite.config.ts')),
  )
  return sources > fs.statSync(built).mtimeMs
}

/** Builds the web app with Vite when it is stale; returns whether it built. */
export function ensureWebBuilt(log: (message: string) => void, root = ROOT): boolean {
  if (!webBuildStale(root)) return false
  log('building the web app (web/dist is missing or older than its sources)…')
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  })
  if (result.status !== 0) throw new Error('building the web app failed (see the Vite output above)')
  return true
}
