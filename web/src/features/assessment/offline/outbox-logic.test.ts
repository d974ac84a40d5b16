import { describe, expect, test } from 'vitest'
import { answers } from '../../../../../server/modules/assessment/test-fixtures.ts'
import type { Answers } from '../../../../../server/modules/assessment/rules.ts'
import {
  afterAttempt,
  dueItems,
  expiredSent,
  failureAction,
  KEEP_SENT_MS,
  latestUnsent,
  markSending,
  needingSignIn,
  newItem,
  retryDelay,
  uuidV4,
  type OutboxItem,
} from './outbox-logic.ts'

const submission = (overrides: Partial<OutboxItem> = {}, now = 1_000): OutboxItem => ({
  ...newItem({ userId: 'u1', roundId: 'r1', roundName: 'April', firmId: 'f1', firmName: 'Batik', answers: answers() as Answers }, uuidV4(), now),
  ...overrides,
})

describe('outbox', () => {
  test('a submission keeps its one id through every attempt', () => {
    const item = submission()
    expect(item.submissionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    const lost = afterAttempt(markSending(item, 2_000), { kind: 'error', status: 0, code: 'NETWORK_ERROR', message: 'offline' }, 2_000)
    expect(lost).toMatchObject({ state: 'waiting', attempts: 1, submissionId: item.submissionId, nextAttemptAt: 2_000 + 5_000 })
    const sent = afterAttempt(markSending(lost, 9_000), { kind: 'ok', responseId: 'resp', version: 1, outcome: 'replayed' }, 9_000)
    expect(sent).toMatchObject({ state: 'sent', attempts: 2, submissionId: item.submissionId, version: 1, outcome: 'replayed', lastError: null })
  })

  test('decides from the status: retry, wait for a sign-in, or keep as refused', () => {
    expect([0, 408, 429, 500, 503].map((status) => failureAction(status))).toEqual(['retry', 'retry', 'retry', 'retry', 'retry'])
    expect(failureAction(401)).toBe('signIn')
    expect(failureAction(403, 'CSRF_TOKEN_INVALID')).toBe('retry')
    expect([400, 403, 404, 409].map((status) => failureAction(status))).toEqual(['reject', 'reject', 'reject', 'reject'])
  })

  test('a refusal is kept with its message and field; an expired session waits flagged', () => {
    const refused = afterAttempt(markSending(submission(), 5), { kind: 'error', status: 400, code: 'ANSWER_WORKERS_EXCEED', message: 'melebihi', field: 'answers.workersWorking' }, 5)
    expect(refused).toMatchObject({ state: 'rejected', lastError: { status: 400, message: 'melebihi', field: 'answers.workersWorking' } })
    expect(dueItems([refused], { userId: 'u1', now: 10, force: true })).toEqual([])
    const expired = afterAttempt(markSending(submission(), 5), { kind: 'error', status: 401, code: 'UNAUTHENTICATED', message: 'x' }, 5)
    expect(expired).toMatchObject({ state: 'waiting', needsSignIn: true })
    expect(needingSignIn([submission(), refused], 'u1')).toHaveLength(1)
  })

  test('retries back off to at most five minutes', () => {
    expect([1, 2, 3, 4].map(retryDelay)).toEqual([5_000, 10_000, 20_000, 40_000])
    expect(retryDelay(30)).toBe(300_000)
  })

  test('due items: the user\'s pending ones, oldest first, respecting the delay unless forced', () => {
    const older = submission({ createdAt: 1, nextAttemptAt: 100 })
    const newer = submission({ createdAt: 2, nextAttemptAt: 0 })
    const cutOff = submission({ createdAt: 3, state: 'sending', nextAttemptAt: 0 })
    const other = submission({ userId: 'u2' })
    const sent = submission({ state: 'sent' })
    const all = [newer, sent, other, cutOff, older]
    expect(dueItems(all, { userId: 'u1', now: 50 }).map((i) => i.createdAt)).toEqual([2, 3])
    expect(dueItems(all, { userId: 'u1', now: 50, force: true }).map((i) => i.createdAt)).toEqual([1, 2, 3])
  })

  test('forgets sent items after a week and brings back the newest unsent answers', () => {
    const old = submission({ state: 'sent', sentAt: 0 })
    const recent = submission({ state: 'sent', sentAt: KEEP_SENT_MS })
    expect(expiredSent([old, recent], KEEP_SENT_MS + 1)).toEqual([old.submissionId])
    const rejected = submission({ state: 'rejected', createdAt: 5 })
    const waiting = submission({ createdAt: 9 })
    expect(latestUnsent([rejected, waiting, submission({ state: 'sent', createdAt: 20 })], 'r1', 'f1')).toBe(waiting)
    expect(latestUnsent([waiting], 'r1', 'f2')).toBeUndefined()
  })
})
