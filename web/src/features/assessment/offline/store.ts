// What the survey keeps on the device: the outbox (one record per submission) and the data the
// form needs offline. Changes are announced to this tab's listeners and to other tabs.
import type { Me } from '../../../lib/api-client.ts'
import type { Answers } from '../../../../../server/modules/assessment/rules.ts'
import { CACHE, idbAll, idbDelete, idbGet, idbPut, OUTBOX } from './idb.ts'
import type { OutboxItem } from './outbox-logic.ts'

/** The signed-in user as remembered for offline use (no personal data beyond the name). */
export interface CachedUser {
  id: string
  name: string
  role: Me['role']
  permissions: Me['permissions']
}

export interface CachedRound {
  id: string
  name: string
  referenceMonth: string
  opensOn: string
  closesOn: string
  provinceCodes: string[] | null
  status: 'upcoming' | 'open' | 'closed'
  createdAt: string
}

export interface CachedFirm {
  id: string
  name: string
  regencyCode: string
}

export interface CachedResponse {
  id: string
  version: number
  mode: string
  submittedAt: string
  answers: Answers
}

const listeners = new Set<() => void>()
const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('pulih-outbox')
if (channel) channel.onmessage = () => listeners.forEach((listener) => listener())

/** Calls `listener` whenever the outbox changes (here or in another tab). */
export function onOutboxChange(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

function changed() {
  listeners.forEach((listener) => listener())
  channel?.postMessage('changed')
}

export const outbox = {
  all: () => idbAll<OutboxItem>(OUTBOX),
  get: (submissionId: string) => idbGet<OutboxItem>(OUTBOX, submissionId),
  async put(item: OutboxItem) {
    await idbPut(OUTBOX, item)
    changed()
  },
  async remove(submissionIds: string[]) {
    for (const id of submissionIds) await idbDelete(OUTBOX, id)
    if (submissionIds.length) changed()
  },
}

const swallow = () => undefined

export const offlineCache = {
  user: () => idbGet<CachedUser>(CACHE, 'user').catch(swallow),
  saveUser: (user: Me) =>
    idbPut(CACHE, { id: user.id, name: user.name, role: user.role, permissions: user.permissions } satisfies CachedUser, 'user').catch(swallow),
  rounds: () => idbGet<CachedRound[]>(CACHE, 'rounds').catch(swallow),
  saveRounds: (rounds: CachedRound[]) => idbPut(CACHE, rounds, 'rounds').catch(swallow),
  round: (id: string) => idbGet<CachedRound>(CACHE, `round:${id}`).catch(swallow),
  saveRound: (round: CachedRound) => idbPut(CACHE, round, `round:${round.id}`).catch(swallow),
  firm: (id: string) => idbGet<CachedFirm>(CACHE, `firm:${id}`).catch(swallow),
  /** Remembers firms and keeps them (newest first, at most 50) as the user's recent firms. */
  async saveFirms(userId: string, firms: CachedFirm[]) {
    try {
      for (const firm of firms) await idbPut(CACHE, firm, `firm:${firm.id}`)
      const recent = (await idbGet<CachedFirm[]>(CACHE, `recentFirms:${userId}`)) ?? []
      const ids = new Set(firms.map((f) => f.id))
      await idbPut(CACHE, [...firms, ...recent.filter((f) => !ids.has(f.id))].slice(0, 50), `recentFirms:${userId}`)
    } catch {
      // Storage refused (private mode, quota): the form then needs a connection.
    }
  },
  recentFirms: (userId: string) => idbGet<CachedFirm[]>(CACHE, `recentFirms:${userId}`).catch(swallow),
  /** The firm's current response in a round; null: known to have none. */
  response: (roundId: string, firmId: string) => idbGet<CachedResponse | null>(CACHE, `response:${roundId}:${firmId}`).catch(swallow),
  saveResponse: (roundId: string, firmId: string, response: CachedResponse | null) => idbPut(CACHE, response, `response:${roundId}:${firmId}`).catch(swallow),
}
