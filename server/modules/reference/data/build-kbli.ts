// Maintenance script, not used at run time: rebuilds kbli-2020-manufacturing.json from the
// upstream KBLI 2020 dump (UserGhost411/KBLI-2020-Dataset, see PROVENANCE.md), so the copy in
// the repository can be reproduced and reviewed.
//
//   npx tsx server/modules/reference/data/build-kbli.ts <folder with kbli_lengkap.json and kbli_kategori.json>
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

interface UpstreamKbli {
  code: string
  title: string
  desc: string
  cat_id: string
}

interface UpstreamCategory {
  code: string
  title: string
  golongan_pokok_range: string
  cat_id: string
}

const CATEGORY = 'C'

/** Titles upstream carry double spaces and trailing newlines; they are one-line labels. */
export function cleanTitle(title: string): string {
  return title.replace(/\s+/g, ' ').trim()
}

/** Descriptions keep their line structure (bullets); only stray spacing is removed. */
export function cleanDescription(description: string): string {
  return description
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

function main(sourceDir: string) {
  const all = JSON.parse(fs.readFileSync(path.join(sourceDir, 'kbli_lengkap.json'), 'utf8')) as UpstreamKbli[]
  const categories = JSON.parse(fs.readFileSync(path.join(sourceDir, 'kbli_kategori.json'), 'utf8')) as UpstreamCategory[]
  const category = categories.find((c) => c.code === CATEGORY)
  if (!category) throw new Error(`kategori ${CATEGORY} not found`)
  const [from, to] = category.golongan_pokok_range.split('-').map(Number)

  const codes = all
    .filter((row) => {
      const division = Number(row.code.slice(0, 2))
      return division >= from && division <= to
    })
    .map((row) => {
      // Selecting by division and by the kategori id must agree, or the upstream data moved.
      if (row.cat_id !== category.cat_id) throw new Error(`${row.code} is in divisions ${from}-${to} but not in kategori ${CATEGORY}`)
      return { code: row.code, title: cleanTitle(row.title), description: cleanDescription(row.desc) }
    })
    .sort((a, b) => a.code.length - b.code.length || a.code.localeCompare(b.code))

  const output = {
    dataset: 'KBLI 2020 (Peraturan BPS 2/2020), codes and titles as published through OSS',
    edition: 2020,
    source: 'https://github.com/UserGhost411/KBLI-2020-Dataset (kbli_lengkap.json, see PROVENANCE.md)',
    categories: [{ code: category.code, title: category.title, divisions: category.golongan_pokok_range }],
    knownGaps: ['11020 (kelompok) is missing upstream; its subgolongan 1102 is present without children'],
    codes,
  }
  const target = path.join(path.dirname(fileURLToPath(import.meta.url)), 'kbli-2020-manufacturing.json')
  fs.writeFileSync(target, JSON.stringify(output, null, 1) + '\n')
  console.log(`${codes.length} codes written to ${target}`)
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const sourceDir = process.argv[2]
  if (!sourceDir) {
    console.error('usage: build-kbli.ts <upstream folder>')
    process.exit(2)
  }
  main(sourceDir)
}
