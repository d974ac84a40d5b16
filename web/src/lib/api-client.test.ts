import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { api, ApiError, onUnauthenticated, refreshCsrf, setApiLanguage } from './api-client.ts'

interface Call {
  url: string
  method: string
  headers: Record<string, string>
  body: unknown
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

let calls: Call[] = []
let answers: Array<(call: Call) => Response>

beforeEach(() => {
  calls = []
  answers = []
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const call = {
      url,
      method: init.method ?? 'GET',
      headers: init.headers as Record<string, string>,
      body: init.body ? JSON.parse(String(init.body)) : undefined,
    }
    calls.push(call)
    const answer = answers.shift()
    if (!answer) throw new Error(`unexpected request ${call.method} ${url}`)
    return answer(call)
  })
  setApiLanguage('id')
})

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('api client', () => {
  test('sends the language, the CSRF token, and retries once when the token went stale', async () => {
    setApiLanguage('en')
    answers.push(
      () => json(200, { token: 'first' }),
      () => json(403, { code: 'CSRF_TOKEN_INVALID', message: 'stale', requestId: 'r1' }),
      () => json(200, { token: 'second' }),
      () => json(201, { id: 'o1', name: 'Bank' }),
    )
    const created = await api.organisations.create({ kind: 'bank', name: 'Bank' })
    expect(created).toEqual({ id: 'o1', name: 'Bank' })
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /api/auth/csrf',
      'POST /api/organisations',
      'GET /api/auth/csrf',
      'POST /api/organisations',
    ])
    expect(calls[1].headers['X-CSRF-Token']).toBe('first')
    expect(calls[3].headers['X-CSRF-Token']).toBe('second')
    expect(calls.every((c) => c.headers['Accept-Language'] === 'en')).toBe(true)
    expect(calls[3].body).toEqual({ kind: 'bank', name: 'Bank' })
  })

  test('throws the server’s localised message with its code and request id', async () => {
    answers.push(() => json(200, { token: 't' }))
    await refreshCsrf()
    answers.push(() => json(409, { code: 'EMAIL_TAKEN', message: 'Email sudah dipakai.', requestId: 'req-9', details: { field: 'email' } }))
    const error = await api.invitations.create({ email: 'a@b.id', name: 'A', role: 'buyer', organisationId: 'x' }).catch((e) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 409, code: 'EMAIL_TAKEN', message: 'Email sudah dipakai.', requestId: 'req-9', details: { field: 'email' } })
  })

  test('builds query strings without empty filters, and answers 204 with undefined', async () => {
    answers.push(() => json(200, { items: [] }), () => new Response(null, { status: 204 }))
    await api.users.list({ q: 'sari dewi', role: '', status: 'active' })
    expect(calls[0].url).toBe('/api/users?q=sari+dewi&status=active')
    expect(await api.tokens.revoke('t/1')).toBeUndefined()
    expect(calls[1].url).toBe('/api/tokens/t%2F1')
  })

  test('tells listeners about a 401 outside the sign-in calls only', async () => {
    const listener = vi.fn()
    const stop = onUnauthenticated(listener)
    answers.push(
      () => json(401, { code: 'SESSION_EXPIRED', message: 'Sesi berakhir.', requestId: 'r' }),
      () => json(401, { code: 'UNAUTHENTICATED', message: 'Masuk dulu.', requestId: 'r' }),
    )
    await expect(api.audit.list()).rejects.toMatchObject({ code: 'SESSION_EXPIRED' })
    await expect(api.auth.me()).rejects.toMatchObject({ status: 401 })
    expect(listener).toHaveBeenCalledTimes(1)
    stop()
  })

  test('a network failure becomes a localised error', async () => {
    answers.push(() => {
      throw new TypeError('Failed to fetch')
    })
    await expect(api.setup.status()).rejects.toMatchObject({ code: 'NETWORK_ERROR', message: expect.stringContaining('Tidak dapat menghubungi server') })
  })
})
