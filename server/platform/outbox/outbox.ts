// The outbox: in-app notifications and queued e-mails, written with the caller's executor (its
// transaction), and the worker that delivers the e-mails. Delivery is at least once: a message is
// claimed for a while before sending, and a worker that dies mid-send leaves it to be sent again.
import { sql } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { Executor } from '../audit/audit.repository.ts'
import { backoffMs, newMessageId, type MailAttachment } from './mail.ts'
import { PermanentMailError, type MailTransport } from './transport.ts'

export interface NotificationInput {
  userId: string
  /** What it is about, e.g. `assessment.reminder`. */
  kind: string
  /** Message codes (server/platform/i18n/messages.ts) rendered in the reader's language. */
  titleCode: string
  bodyCode: string
  params?: Record<string, string | number>
  /** A path inside the web app. */
  link?: string | null
  /** The same key is never notified twice. */
  dedupeKey?: string | null
}

export interface EmailInput {
  to: string
  subject: string
  text: string
  /** The same key is never queued twice. */
  dedupeKey?: string | null
  /** Files sent along (e.g. an ICS invitation); stored base64 in the outbox row. */
  attachments?: MailAttachment[]
}

interface StoredAttachment {
  filename: string
  contentType: string
  content: string
}

const storedAttachments = (items: MailAttachment[] | undefined): string =>
  JSON.stringify((items ?? []).map((a): StoredAttachment => ({ filename: a.filename, contentType: a.contentType, content: a.content.toString('base64') })))

const mailAttachments = (stored: unknown): MailAttachment[] =>
  Array.isArray(stored) ? (stored as StoredAttachment[]).map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.content, 'base64') })) : []

const CHUNK = 500

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK))
  return out
}

/** Creates in-app notifications; answers how many were new (a known dedupe key adds nothing). */
export async function notify(db: Executor, items: NotificationInput[]): Promise<number> {
  let created = 0
  for (const part of chunks(items)) {
    const rows = await db
      .insertInto('notifications')
      .values(
        part.map((n) => ({
          user_id: n.userId,
          kind: n.kind,
          title_code: n.titleCode,
          body_code: n.bodyCode,
          params: JSON.stringify(n.params ?? {}),
          link: n.link ?? null,
          dedupe_key: n.dedupeKey ?? null,
        })),
      )
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .execute()
    created += rows.length
  }
  return created
}

/** Queues e-mails for the delivery worker; answers how many were new (a known dedupe key adds nothing). */
export async function enqueueEmails(db: Executor, items: EmailInput[]): Promise<number> {
  let queued = 0
  for (const part of chunks(items)) {
    const rows = await db
      .insertInto('email_outbox')
      .values(
        part.map((e) => ({
          to_address: e.to.trim().toLowerCase(),
          subject: e.subject.replace(/[\r\n]+/g, ' ').trim().slice(0, 300),
          body_text: e.text,
          dedupe_key: e.dedupeKey ?? null,
          attachments: storedAttachments(e.attachments),
        })),
      )
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .execute()
    queued += rows.length
  }
  return queued
}

export interface DeliveryOptions {
  /** The sender (`Name <address>`). */
  from: string
  /** At most this many messages per call. */
  limit?: number
  /** After this many failed attempts a message is marked failed. */
  maxAttempts?: number
  /** The clock (tests move it forward to reach a retry). */
  now?: Date
  /** How long a claimed message is left alone before another worker may try it. */
  claimMs?: number
}

export interface DeliveryResult {
  sent: number
  retrying: number
  failed: number
}

export const MAX_ATTEMPTS = 8

/** Claims the due queued e-mails, sends them through the transport and records each outcome. */
export async function deliverDueEmails(db: Database, transport: MailTransport, options: DeliveryOptions): Promise<DeliveryResult> {
  const now = options.now ?? new Date()
  const limit = options.limit ?? 20
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS
  const claimedUntil = new Date(now.getTime() + (options.claimMs ?? 10 * 60_000))
  // Without a given time, due means due by the database's clock: queued rows carry its now(), which
  // has microseconds, and a JavaScript Date of the same millisecond would be earlier.
  const dueBy = options.now ? sql`${options.now}` : sql`now()`
  const claimed = await sql<{ id: string; to_address: string; subject: string; body_text: string; attachments: unknown; attempts: number; message_id: string | null; created_at: Date }>`
    UPDATE email_outbox SET attempts = attempts + 1, next_attempt_at = ${claimedUntil}
    WHERE id IN (
      SELECT id FROM email_outbox WHERE status = 'queued' AND next_attempt_at <= ${dueBy}
      ORDER BY next_attempt_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED
    )
    RETURNING id, to_address, subject, body_text, attachments, attempts, message_id, created_at
  `.execute(db)
  const result: DeliveryResult = { sent: 0, retrying: 0, failed: 0 }
  for (const row of claimed.rows) {
    // One Message-ID per e-mail, kept across attempts, so a resend is recognisably the same message.
    const messageId = row.message_id ?? newMessageId(options.from)
    try {
      await transport.send({ from: options.from, to: row.to_address, subject: row.subject, text: row.body_text, attachments: mailAttachments(row.attachments), messageId, date: now })
      await db
        .updateTable('email_outbox')
        .set({ status: 'sent', sent_at: new Date(), last_error: null, message_id: messageId })
        .where('id', '=', row.id)
        .execute()
      result.sent++
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000)
      const giveUp = error instanceof PermanentMailError || row.attempts >= maxAttempts
      await db
        .updateTable('email_outbox')
        .set({
          status: giveUp ? 'failed' : 'queued',
          last_error: message,
          message_id: messageId,
          next_attempt_at: new Date(now.getTime() + backoffMs(row.attempts)),
        })
        .where('id', '=', row.id)
        .execute()
      if (giveUp) result.failed++
      else result.retrying++
    }
  }
  return result
}

export interface EmailWorker {
  stop(): Promise<void>
}

/** Delivers queued e-mails in the background until stopped (started by the server process). */
export function startEmailWorker(
  db: Database,
  transport: MailTransport,
  options: { from: string; idleMs?: number; maxAttempts?: number; onError: (error: unknown) => void },
): EmailWorker {
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()
  const run = () => {
    running = (async () => {
      // Keep going while full batches come back.
      while (!stopped) {
        const { sent, retrying, failed } = await deliverDueEmails(db, transport, { from: options.from, maxAttempts: options.maxAttempts })
        if (sent + retrying + failed < 20) break
      }
    })()
      .catch(options.onError)
      .finally(() => {
        if (!stopped) timer = setTimeout(run, options.idleMs ?? 5000).unref()
      })
  }
  run()
  return {
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
    },
  }
}
