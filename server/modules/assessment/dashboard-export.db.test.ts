// The dashboard's downloads: the XLSX workbook holds the same figures as the JSON dashboard (and
// one Data row per assessed firm in scope), the PDF brief is a numbered A4 document with the
// headline figures and source line, both are audited, and a regional officer's downloads hold
// only their province.
import crypto from 'node:crypto'
import zlib from 'node:zlib'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, type TestClient } from '../../../test/app.ts'
import { applyAllRollupEvents } from './rollups.ts'
import { answers } from './test-fixtures.ts'

let t: TestApp
let officer: TestClient
let regional: TestClient
let roundId: string
const firms: Record<string, string> = {}

beforeAll(async () => {
  t = await createTestApp({ rateLimit: { apiPerMinute: 100_000, loginPerMinute: 100_000 } })
  ;({ client: officer } = await t.signInAs('officer'))
  ;({ client: regional } = await t.signInAs('regional_officer', { organisation: { provinceCode: '32' } }))
  const before = (await officer.post('/api/rounds', { name: 'Survei Maret', referenceMonth: '2020-03', opensOn: '2020-04-01', closesOn: '2099-12-31' })).json()
  const round = (await officer.post('/api/rounds', { name: 'Survei April', referenceMonth: '2020-04', opensOn: '2020-05-01', closesOn: '2099-12-31' })).json()
  roundId = round.id
  const specs = [
    { name: 'Batik Cirebon Jaya', regencyCode: '32.09', kbliMain: '13134', drop: 8_000_000 },
    { name: 'Kerajinan Bambu Tasik', regencyCode: '32.06', kbliMain: '16291', drop: 15_000_000 },
    { name: 'Mebel Jepara Indah', regencyCode: '33.20', kbliMain: '31001', drop: 4_000_000 },
  ]
  for (const spec of specs) {
    const r = await officer.post('/api/firms', { name: spec.name, regencyCode: spec.regencyCode, kbliMain: spec.kbliMain, workersTotal: 12, investmentIdr: 300_000_000 })
    expect(r.statusCode, r.body).toBe(201)
    firms[spec.name] = r.json().id
    const submit = await officer.post(`/api/rounds/${roundId}/responses`, {
      submissionId: crypto.randomUUID(),
      firmId: r.json().id,
      answers: answers({ referenceTurnoverIdr: spec.drop }),
    })
    expect(submit.statusCode, submit.body).toBe(201)
    const old = await officer.post(`/api/rounds/${before.id}/responses`, { submissionId: crypto.randomUUID(), firmId: r.json().id, answers: answers({ referenceTurnoverIdr: 18_000_000 }) })
    expect(old.statusCode, old.body).toBe(201)
  }
  await applyAllRollupEvents(t.db)
}, 120_000)
afterAll(async () => t?.close())

async function workbookOf(client: TestClient, query = '') {
  const response = await client.get(`/api/rounds/${roundId}/dashboard.xlsx${query}`)
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200)
  expect(response.headers['content-type']).toContain('spreadsheetml')
  expect(response.headers['content-disposition']).toMatch(/attachment; filename="dasbor-ikm-2020-04.*\.xlsx"/)
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer)
  return workbook
}

/** Label → value of the Ringkasan sheet's figure rows. */
function figuresOf(workbook: ExcelJS.Workbook): Map<string, unknown> {
  const sheet = workbook.getWorksheet('Ringkasan')!
  const figures = new Map<string, unknown>()
  sheet.eachRow((row) => figures.set(String(row.getCell(1).value), row.getCell(2).value))
  return figures
}

/** The text drawn in a PDF: inflates its content streams and decodes the hex strings of TJ operators. */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1')
  const parts: string[] = []
  const streams = /stream\r?\n([\s\S]*?)\r?\nendstream/g
  let match: RegExpExecArray | null
  while ((match = streams.exec(raw))) {
    let body = Buffer.from(match[1], 'latin1')
    try {
      body = zlib.inflateSync(body)
    } catch {
      // not deflated
    }
    const text = body.toString('latin1')
    for (const tj of text.matchAll(/\[(.*?)\]\s*TJ/g)) {
      parts.push([...tj[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => Buffer.from(h[1], 'hex').toString('latin1')).join(''))
    }
  }
  return parts.join('\n')
}

describe('dashboard downloads', () => {
  it('the XLSX holds every figure of the JSON dashboard, per province, and the rows behind them', async () => {
    const json = (await officer.get(`/api/rounds/${roundId}/dashboard`)).json()
    const s = json.summary
    const workbook = await workbookOf(officer)
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Ringkasan', 'Per provinsi', 'Histogram', 'Bahan baku', 'Ekspor tertunda', 'Kebutuhan', 'Data'])
    const figures = figuresOf(workbook)
    expect(String(figures.get('Putaran survei'))).toContain('Survei April')
    expect(String(figures.get('Filter'))).toContain('Nasional')
    expect(String(figures.get('Dibuat'))).toMatch(/WIB$/)
    expect(figures.get('IKM yang disurvei')).toBe(s.firmsAssessed)
    expect(s.firmsAssessed).toBe(3)
    expect(figures.get('IKM dalam registri')).toBe(s.firmsInRegistry)
    expect(figures.get('Tingkat respons (%)')).toBe(s.responseRatePct)
    expect(figures.get('Median perubahan omzet (%)')).toBe(s.salesChangePct.median)
    expect(figures.get('Rata-rata perubahan omzet (%)')).toBe(s.salesChangePct.mean)
    expect(figures.get('IKM dengan omzet turun ≥ 50 %')).toBe(s.firmsWithSalesDrop50PctOrMore)
    expect(figures.get('IKM tanpa penurunan omzet')).toBe(s.firmsWithoutDrop)
    expect(figures.get('Pekerja dirumahkan')).toBe(s.workers.sentHome)
    expect(figures.get('Dirumahkan, tanpa upah')).toBe(s.workers.sentHomeUnpaid)
    expect(figures.get('Pekerja di-PHK')).toBe(s.workers.laidOff)
    expect(figures.get('IKM kekurangan bahan baku')).toBe(s.firmsMaterialShortfall)
    expect(figures.get('IKM dengan ekspor tertunda')).toBe(s.firmsExportHeld)
    expect(figures.get('Putaran sebelumnya')).toContain('Survei Maret')
    // The previous round's value and the change sit beside each figure.
    const summarySheet = workbook.getWorksheet('Ringkasan')!
    let medianRow: ExcelJS.Row | undefined
    summarySheet.eachRow((row) => {
      if (row.getCell(1).value === 'Median perubahan omzet (%)') medianRow = row
    })
    expect(medianRow!.getCell(3).value).toBe(json.previous.salesChangePct.median)
    expect(medianRow!.getCell(4).value).toBeCloseTo(s.salesChangePct.median - json.previous.salesChangePct.median, 2)

    const provinces = workbook.getWorksheet('Per provinsi')!
    const provinceRows = new Map<string, unknown[]>()
    provinces.eachRow((row) => {
      const values = (row.values as unknown[]).slice(1)
      if (/^\d{2}$/.test(String(values[0]))) provinceRows.set(String(values[0]), values)
    })
    for (const area of json.byProvince) {
      const row = provinceRows.get(area.code)!
      expect(row[3]).toBe(area.firmsAssessed)
      expect(row[5] ?? null).toBe(area.salesChangePctMedian)
    }
    expect(provinceRows.get('32')![1]).toBe('Jawa Barat')

    const histogram = workbook.getWorksheet('Histogram')!
    const bins: number[] = []
    histogram.eachRow((row) => {
      if (typeof row.getCell(1).value === 'number') bins.push(row.getCell(3).value as number)
    })
    expect(bins).toEqual(s.histogram.map((b: { firms: number }) => b.firms))

    const needs = workbook.getWorksheet('Kebutuhan')!
    const needRows: Array<[string, number]> = []
    needs.eachRow((row) => {
      if (typeof row.getCell(1).value === 'number') needRows.push([row.getCell(3).value as string, row.getCell(6).value as number])
    })
    expect(needRows).toEqual(s.needs.map((n: { need: string; points: number }) => [n.need, n.points]))

    const materials = workbook.getWorksheet('Bahan baku')!
    let shortfall = 0
    materials.eachRow((row) => {
      if (typeof row.getCell(6).value === 'number') shortfall += row.getCell(6).value as number
    })
    expect(shortfall).toBe(s.materials.reduce((sum: number, m: { shortfall: number }) => sum + m.shortfall, 0))

    const data = workbook.getWorksheet('Data')!
    const names: string[] = []
    data.eachRow((row, n) => {
      if (n > 1) names.push(String(row.getCell(1).value))
    })
    expect(names.sort()).toEqual(Object.keys(firms).sort())
  })

  it('the XLSX of a province has its regencies, and the export is audited', async () => {
    const json = (await officer.get(`/api/rounds/${roundId}/dashboard?province=32`)).json()
    const workbook = await workbookOf(officer, '?province=32')
    expect(workbook.worksheets.map((w) => w.name)).toContain('Per kabupaten-kota')
    expect(figuresOf(workbook).get('IKM yang disurvei')).toBe(json.summary.firmsAssessed)
    expect(json.summary.firmsAssessed).toBe(2)
    expect(String(figuresOf(workbook).get('Filter'))).toContain('Jawa Barat (32)')
    const audits = await t.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'dashboard.exported').execute()
    expect(audits.length).toBeGreaterThanOrEqual(2)
    expect(audits.every((a) => a.entity_id === roundId)).toBe(true)
  })

  it('the PDF is an A4 brief with page numbers, the figures and the source line', async () => {
    const response = await officer.get(`/api/rounds/${roundId}/dashboard.pdf`)
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200)
    expect(response.headers['content-type']).toBe('application/pdf')
    const pdf = response.rawPayload
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    const raw = pdf.toString('latin1')
    const pages = raw.match(/\/Type \/Page\b/g) ?? []
    expect(pages.length).toBeGreaterThanOrEqual(1)
    expect(raw).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/)
    const text = pdfText(pdf)
    expect(text).toContain('Sumber: Pulih, Kementerian Perindustrian')
    expect(text).toContain(`Halaman 1 dari ${pages.length}`)
    expect(text).toContain('Survei April')
    expect(text).toContain('Survei Maret')
    expect(text).toContain('Jawa Barat (32)')
    expect(text).toContain('Jawa Tengah (33)')
    expect(text).toContain('Pembiayaan')
    expect(text).toContain('kain mori')
  })

  it("a regional officer's downloads hold only their province", async () => {
    const workbook = await workbookOf(regional)
    const figures = figuresOf(workbook)
    expect(figures.get('IKM yang disurvei')).toBe(2)
    expect(String(figures.get('Filter'))).toContain('Jawa Barat (32)')
    const names: string[] = []
    workbook.getWorksheet('Data')!.eachRow((row, n) => {
      if (n > 1) names.push(String(row.getCell(1).value))
    })
    expect(names.sort()).toEqual(['Batik Cirebon Jaya', 'Kerajinan Bambu Tasik'])
    const provinceCodes: string[] = []
    workbook.getWorksheet('Per provinsi')!.eachRow((row) => {
      const code = String(row.getCell(1).value)
      if (/^\d{2}$/.test(code)) provinceCodes.push(code)
    })
    expect(provinceCodes).toEqual(['32'])
    const pdf = await regional.get(`/api/rounds/${roundId}/dashboard.pdf`)
    expect(pdf.statusCode).toBe(200)
    const text = pdfText(pdf.rawPayload)
    expect(text).toContain('Jawa Barat (32)')
    expect(text).not.toContain('Jawa Tengah')
    expect((await regional.get(`/api/rounds/${roundId}/dashboard.xlsx?province=33`)).statusCode).toBe(403)
    expect((await regional.get(`/api/rounds/${roundId}/dashboard.pdf?province=33`)).statusCode).toBe(403)
  })

  it('refuses roles without the dashboard and unknown rounds', async () => {
    const { client: owner } = await t.signInAs('firm_owner')
    expect((await owner.get(`/api/rounds/${roundId}/dashboard.xlsx`)).statusCode).toBe(403)
    expect((await t.client().get(`/api/rounds/${roundId}/dashboard.pdf`)).statusCode).toBe(401)
    expect((await officer.get(`/api/rounds/${crypto.randomUUID()}/dashboard.pdf`)).statusCode).toBe(404)
  })
})
