// The outbox of survey submissions kept on the device: pure state transitions and retry
// decisions (no IndexedDB, no network), so they are unit tested. A submission gets its
// submissionId once, when the user presses submit; every retry sends that same id, so the
// idempotent server stores it exactly once however often the answer to a send is lost.
import type { Answers } from '../../../../../server/modules/assessment/rules.ts'

export type OutboxState = 'waiting' | 'sending' | 'sent' | 'rejected'
export type SubmitOutcome = 'created' | 'revised' | 'unchanged' | 'replayed'

export interface OutboxItem {
  submissionId: string
  /** Who entered it: only that user's session sends it. */
  userId: string
  roundId: string
  roundName: string
  firmId: string
  firmName: string
  answers: Answers
  createdAt: number
  state: OutboxState
  attempts: number
  /** Earliest time of the next automatic attempt (ms); a forced sync ignores it. */
  nextAttemptAt: number
  /** The session had expired at the last attempt: the user must sign in again. */
  needsSignIn?: boolean
  lastError?: { status: number; code: string; message: string; field?: string } | null
  sentAt?: number
  version?: number
  outcome?: SubmitOutcome
  responseId?: string
}

export interface NewSubmission {
  userId: string
  roundId: string
  roundName: string
  firmId: string
  firmName: string
  answers: Answers
}

export type AttemptResult =
  | { kind: 'ok'; responseId: string; version: number; outcome: SubmitOutcome }
  | { kind: 'error'; status: number; code: string; message: string; field?: string }

/** What to do after a failed attempt, from the HTTP status (0: no answer at all). */
export type FailureAction = 'retry' | 'signIn' | 'reject'

const BASE_DELAY_MS = 5_000
const MAX_DELAY_MS = 5 * 60_000
/** Sent items stay listed this long, then are removed. */
export const KEEP_SENT_MS = 7 * 24 * 60 * 60_000

/** A UUID v4 from the platform's random source (randomUUID needs a secure context). */
export function uuidV4(random: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes)): string {
  const bytes = random(new Uint8Array(16))
  bytes[6] = (bytes[6] & 0x0f) | 0x40
  bytes[8] = (bytes[8] & 0x3f) | 0x80
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export function newItem(input: NewSubmission, submissionId: string, now: number): OutboxItem {
  return { ...input, submissionId, createdAt: now, state: 'waiting', attempts: 0, nextAttemptAt: now, lastError: null }
}

/**
 * Lost connections, timeouts, rate limits and server faults are retried with the same
 * submissionId; an expired session waits for a new sign-in; any other refusal (4xx) is kept as
 * rejected for the user to fix — never retried blindly, never dropped.
 */
export function failureAction(status: number, code = ''): FailureAction {
  if (status === 0 || status === 408 || status === 425 || status === 429 || status >= 500) return 'retry'
  if (status === 401) return 'signIn'
  if (status === 403 && code === 'CSRF_TOKEN_INVALID') return 'retry'
  return 'reject'
}

/** Wait before the n-th automatic retry: 5 s, 10 s, 20 s … at most 5 minutes. */
export function retryDelay(attempts: number): number {
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1))
}

export function markSending(item: OutboxItem, now: number): OutboxItem {
  return { ...item, state: 'sending', attempts: item.attempts + 1, nextAttemptAt: now }
}

export function afterAttempt(item: OutboxItem, result: AttemptResult, now: number): OutboxItem {
  if (result.kind === 'ok') {
    return {
      ...item,
      state: 'sent',
      needsSignIn: false,
      lastError: null,
      sentAt: now,
      version: result.version,
      outcome: result.outcome,
      responseId: result.responseId,
    }
  }
  const { kind: _kind, ...error } = result
  const action = failureAction(result.status, result.code)
  if (action === 'reject') return { ...item, state: 'rejected', needsSignIn: false, lastError: error }
  if (action === 'signIn') return { ...item, state: 'waiting', needsSignIn: true, lastError: error, nextAttemptAt: now }
  return { ...item, state: 'waiting', needsSignIn: false, lastError: error, nextAttemptAt: now + retryDelay(item.attempts) }
}

/** Items that still need sending (a `sending` one was cut off, e.g. the tab closed mid-request). */
export const isPending = (item: OutboxItem) => item.state === 'waiting' || item.state === 'sending'

/** The user's items to send now, oldest first (so versions keep the order of entry). */
export function dueItems(items: readonly OutboxItem[], options: { userId: string; now: number; force?: boolean }): OutboxItem[] {
  return items
    .filter((item) => item.userId === options.userId && isPending(item) && (options.force || item.nextAttemptAt <= options.now))
    .sort((a, b) => a.createdAt - b.createdAt)
}

/** Marks the user's pending items as waiting for a new sign-in. */
export function needingSignIn(items: readonly OutboxItem[], userId: string | null): OutboxItem[] {
  return items.filter((item) => isPending(item) && (userId === null || item.userId === userId)).map((item) => ({ ...item, state: 'waiting' as const, needsSignIn: true }))
}

/** Ids of sent items old enough to forget. */
export function expiredSent(items: readonly OutboxItem[], now: number): string[] {
  return items.filter((item) => item.state === 'sent' && (item.sentAt ?? item.createdAt) + KEEP_SENT_MS < now).map((item) => item.submissionId)
}

/** The newest unsent (pending or rejected) item of a firm in a round: its answers come back into the form. */
export function latestUnsent(items: readonly OutboxItem[], roundId: string, firmId: string): OutboxItem | undefined {
  return items
    .filter((item) => item.roundId === roundId && item.firmId === firmId && item.state !== 'sent')
    .sort((a, b) => b.createdAt - a.createdAt)[0]
}

/** The user's items for listing, newest first. */
export function listFor(items: readonly OutboxItem[], userId: string): OutboxItem[] {
  return items.filter((item) => item.userId === userId).sort((a, b) => b.createdAt - a.createdAt)
}
