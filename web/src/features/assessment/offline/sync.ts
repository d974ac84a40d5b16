// Sends the outbox when there is a connection: at app start, on the browser's `online` event,
// every 30 seconds, and when the user submits or asks. One sync at a time (across tabs too, with
// a Web Lock); each item is sent with its own submissionId, so a retry after a lost answer stores
// nothing twice. A 401 keeps the items and flags them until the user signs in again.
import { api, ApiError } from '../../../lib/api-client.ts'
import { afterAttempt, dueItems, expiredSent, markSending, needingSignIn, type AttemptResult, type OutboxItem } from './outbox-logic.ts'
import { outbox } from './store.ts'

const PERIOD_MS = 30_000
let running: Promise<void> | null = null
let again = false

const online = () => typeof navigator === 'undefined' || navigator.onLine !== false

function resultOf(error: unknown): AttemptResult {
  if (error instanceof ApiError) {
    const field = typeof error.details?.field === 'string' ? error.details.field : undefined
    return { kind: 'error', status: error.status, code: error.code, message: error.message, field }
  }
  return { kind: 'error', status: 0, code: 'NETWORK_ERROR', message: String(error) }
}

async function pass(force: boolean): Promise<void> {
  const items = await outbox.all()
  const now = Date.now()
  await outbox.remove(expiredSent(items, now))
  if (!items.some((item) => item.state === 'waiting' || item.state === 'sending') || !online()) return
  let userId: string
  try {
    const state = await api.auth.me()
    if (state.stage !== 'full') {
      for (const item of needingSignIn(items, state.user.id)) await outbox.put(item)
      return
    }
    userId = state.user.id
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) for (const item of needingSignIn(items, null)) await outbox.put(item)
    return
  }
  for (const due of dueItems(items, { userId, now, force })) {
    // Read again: another tab may have sent or removed it meanwhile.
    const current = await outbox.get(due.submissionId)
    if (!current || (current.state !== 'waiting' && current.state !== 'sending')) continue
    const sending = markSending(current, Date.now())
    await outbox.put(sending)
    let result: AttemptResult
    try {
      const answer = await api.assessment.submit(sending.roundId, { submissionId: sending.submissionId, firmId: sending.firmId, answers: sending.answers })
      result = { kind: 'ok', responseId: answer.response.id, version: answer.response.version, outcome: answer.outcome }
    } catch (error) {
      result = resultOf(error)
    }
    const after = afterAttempt(sending, result, Date.now())
    await outbox.put(after)
    // No connection or no session: the rest would fail the same way.
    if (after.state === 'waiting') break
  }
}

function locked(task: () => Promise<void>): Promise<void> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined
  return locks ? locks.request('pulih-outbox-sync', () => task()).then(() => undefined) : task()
}

/** Sends what is due now (`force`: also items waiting out a retry delay). Never throws. */
export function syncOutbox(options: { force?: boolean } = {}): Promise<void> {
  if (running) {
    again = true
    return running
  }
  running = locked(() => pass(options.force ?? false))
    .catch(() => undefined)
    .finally(() => {
      running = null
      if (again) {
        again = false
        void syncOutbox(options)
      }
    })
  return running
}

/** Queues a submission and tries to send it at once. */
export async function enqueue(item: OutboxItem): Promise<void> {
  await outbox.put(item)
  void syncOutbox({ force: true })
}

let started = false

/** Starts the background sending (once per page). */
export function startOutboxSync(): void {
  if (started || typeof window === 'undefined') return
  started = true
  window.addEventListener('online', () => void syncOutbox({ force: true }))
  window.setInterval(() => void syncOutbox(), PERIOD_MS)
  void syncOutbox({ force: true })
}
