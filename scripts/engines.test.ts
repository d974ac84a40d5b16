// Every installed package must run on the machines' Node.js 20 (the project's floor is 20.19).
import fs from 'node:fs'
import path from 'node:path'
import semver from 'semver'
import { expect, it } from 'vitest'

const NODE_FLOOR = '20.19.0'

function packagesUnder(dir: string): Array<{ name: string; version: string; engines?: { node?: string } }> {
  if (!fs.existsSync(dir)) return []
  const found = []
  for (const entry of fs.readdirSync(dir)) {
    if (entry.startsWith('.')) continue
    const full = path.join(dir, entry)
    if (entry.startsWith('@')) {
      found.push(...packagesUnder(full))
      continue
    }
    const manifest = path.join(full, 'package.json')
    if (!fs.existsSync(manifest)) continue
    found.push(JSON.parse(fs.readFileSync(manifest, 'utf8')))
    found.push(...packagesUnder(path.join(full, 'node_modules')))
  }
  return found
}

it(`every dependency declares support for Node ${NODE_FLOOR} (or declares nothing)`, () => {
  const offenders = packagesUnder(path.resolve(import.meta.dirname, '../node_modules'))
    .filter((p) => p.engines?.node && semver.validRange(p.engines.node) && !semver.satisfies(NODE_FLOOR, p.engines.node))
    .map((p) => `${p.name}@${p.version} needs node ${p.engines!.node}`)
  expect(offenders).toEqual([])
})
