// Shared machinery of the contract servers: a real node:http server on an ephemeral port that
// hands each handler the RAW received bytes (signatures are recomputed from them, never from a
// re-serialised body), can be told to answer 429 (with Retry-After) or 500 a number of times,
// and records what it received (method, path, body length) for the tests.
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ContractRequest {
  method: string
  url: URL
  headers: http.IncomingHttpHeaders
  raw: Buffer
}

export interface ContractAnswer {
  status: number
  json?: unknown
  headers?: Record<string, string>
}

export interface ContractOrder {
  shopId: string
  id: string
  at: Date
  totalIdr: number
  units: number
  cancelled?: boolean
}

export interface ContractServer {
  url: string
  /** Answer the next `times` requests with this status (429 with Retry-After seconds when given). */
  failNext(status: 429 | 500 | 502 | 503, times: number, retryAfterSeconds?: number): void
  received: Array<{ method: string; path: string; bytes: number }>
  /** The contract server's clock (tests move it to make tokens expire). */
  clock: { offsetMs: number; now(): Date }
  orders: ContractOrder[]
  close(): Promise<void>
}

export async function startContractServer(handle: (request: ContractRequest, now: Date) => ContractAnswer | Promise<ContractAnswer>): Promise<ContractServer> {
  const failures: Array<{ status: number; retryAfter?: number }> = []
  const received: ContractServer['received'] = []
  const clock = {
    offsetMs: 0,
    now() {
      return new Date(Date.now() + this.offsetMs)
    },
  }
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', async () => {
      const raw = Buffer.concat(chunks)
      const url = new URL(req.url ?? '/', 'http://contract.local')
      received.push({ method: req.method ?? 'GET', path: url.pathname, bytes: raw.length })
      let answer: ContractAnswer
      const failure = failures.shift()
      if (failure) {
        answer = { status: failure.status, json: { error: 'injected', status: failure.status }, headers: failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {} }
      } else {
        try {
          answer = await handle({ method: req.method ?? 'GET', url, headers: req.headers, raw }, clock.now())
        } catch (error) {
          answer = { status: 500, json: { error: 'contract_server_bug', message: String(error) } }
        }
      }
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers })
      res.end(answer.json === undefined ? '' : JSON.stringify(answer.json))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    failNext(status, times, retryAfterSeconds) {
      for (let i = 0; i < times; i++) failures.push({ status, retryAfter: retryAfterSeconds })
    },
    received,
    clock,
    orders: [],
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  }
}

/** Reads one part of a multipart/form-data body (enough for the image uploads). */
export function multipartParts(raw: Buffer, contentType: string | undefined): Map<string, { filename: string | null; data: Buffer }> {
  const parts = new Map<string, { filename: string | null; data: Buffer }>()
  const boundary = /boundary=([^;]+)/.exec(contentType ?? '')?.[1]
  if (!boundary) return parts
  const text = raw.toString('latin1')
  for (const chunk of text.split(`--${boundary}`)) {
    const headerEnd = chunk.indexOf('\r\n\r\n')
    if (headerEnd < 0) continue
    const head = chunk.slice(0, headerEnd)
    const name = /name="([^"]+)"/.exec(head)?.[1]
    if (!name) continue
    const filename = /filename="([^"]*)"/.exec(head)?.[1] ?? null
    const body = chunk.slice(headerEnd + 4, chunk.endsWith('\r\n') ? -2 : undefined)
    parts.set(name, { filename, data: Buffer.from(body, 'latin1') })
  }
  return parts
}

export const chars = (text: unknown): number => (typeof text === 'string' ? Array.from(text).length : -1)

let counter = 0
export const token = (prefix: string): string => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 10)}`

/** Access and refresh tokens of one shop on a contract server; refresh tokens are single-use. */
export class TokenBook {
  access = new Map<string, { shopId: string; expiresAt: number }>()
  refresh = new Map<string, { shopId: string; expiresAt: number; used: boolean }>()
  refreshCalls = 0

  issue(shopId: string, now: Date, accessTtlSeconds: number, refreshTtlSeconds: number) {
    const accessToken = token('at')
    const refreshToken = token('rt')
    this.access.set(accessToken, { shopId, expiresAt: now.getTime() + accessTtlSeconds * 1000 })
    this.refresh.set(refreshToken, { shopId, expiresAt: now.getTime() + refreshTtlSeconds * 1000, used: false })
    return { accessToken, refreshToken, accessExpiresAt: new Date(now.getTime() + accessTtlSeconds * 1000), refreshExpiresAt: new Date(now.getTime() + refreshTtlSeconds * 1000) }
  }

  /** 'ok' | 'expired' | 'invalid' for an access token used for a shop. */
  check(accessToken: string | undefined, shopId: string | undefined, now: Date): 'ok' | 'expired' | 'invalid' {
    const entry = accessToken ? this.access.get(accessToken) : undefined
    if (!entry || (shopId !== undefined && entry.shopId !== shopId)) return 'invalid'
    return entry.expiresAt <= now.getTime() ? 'expired' : 'ok'
  }

  /** Spends a refresh token: a second use is refused. */
  spend(refreshToken: string | undefined, shopId: string | undefined, now: Date): 'ok' | 'used' | 'invalid' | 'expired' {
    this.refreshCalls++
    const entry = refreshToken ? this.refresh.get(refreshToken) : undefined
    if (!entry || (shopId !== undefined && entry.shopId !== shopId)) return 'invalid'
    if (entry.used) return 'used'
    if (entry.expiresAt <= now.getTime()) return 'expired'
    entry.used = true
    return 'ok'
  }
}
