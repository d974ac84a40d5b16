// A user's own in-app notifications: newest first with the unread count, marked read one by one
// or all at once. Titles and bodies are rendered in the caller's language (Accept-Language).
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { sql } from 'kysely'
import type { Database } from '../../db/database.ts'
import { requireActor } from '../auth/auth.plugin.ts'
import { badRequest, notFound } from '../errors.ts'
import { errorResponses, IdParams } from '../http/common.schemas.ts'
import { localeFrom, localize, type Locale } from '../i18n/messages.ts'

const tags = ['notifications']
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])

const Notification = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.String(),
  title: Type.String({ description: "In the caller's language" }),
  body: Type.String({ description: "In the caller's language" }),
  link: Nullable(Type.String({ description: 'A path inside the web app' })),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Nullable(Type.String({ format: 'date-time' })),
})
const NotificationPage = Type.Object({ items: Type.Array(Notification), unreadCount: Type.Integer(), nextCursor: Nullable(Type.String()) })
const UnreadCount = Type.Object({ unreadCount: Type.Integer(), marked: Type.Integer() })

type NotificationRow = { id: string; kind: string; title_code: string; body_code: string; params: unknown; link: string | null; created_at: Date; read_at: Date | null }

export function renderNotification(row: NotificationRow, locale: Locale) {
  const params = (row.params && typeof row.params === 'object' ? row.params : {}) as Record<string, string | number>
  return {
    id: row.id,
    kind: row.kind,
    title: localize(row.title_code, locale, params),
    body: localize(row.body_code, locale, params),
    link: row.link,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at ? row.read_at.toISOString() : null,
  }
}

const unreadCountOf = async (db: Database, userId: string) =>
  Number(
    (
      await db
        .selectFrom('notifications')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('user_id', '=', userId)
        .where('read_at', 'is', null)
        .executeTakeFirstOrThrow()
    ).n,
  )

// Keyset cursor: the last item's creation time (microseconds kept as text) and id.
const encodeCursor = (createdAt: string, id: string) => Buffer.from(JSON.stringify([createdAt, id])).toString('base64url')
function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && /^[0-9a-f-]{36}$/.test(value[1]) && !Number.isNaN(Date.parse(value[0]))) {
      return [value[0], value[1]]
    }
  } catch {
    // fall through
  }
  throw badRequest('CURSOR_INVALID', {}, { field: 'cursor' })
}

export const notificationsRoutes: FastifyPluginAsyncTypebox<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/notifications',
    {
      schema: {
        tags,
        summary: 'Your in-app notifications, newest first, with how many are unread',
        querystring: Type.Object(
          {
            unread: Type.Optional(Type.Boolean({ description: 'Only unread ones' })),
            cursor: Type.Optional(Type.String({ maxLength: 200 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: NotificationPage, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const actor = requireActor(request)
      const locale = localeFrom(request.headers['accept-language'])
      const limit = request.query.limit ?? 20
      let query = db
        .selectFrom('notifications')
        .select(['id', 'kind', 'title_code', 'body_code', 'params', 'link', 'created_at', 'read_at', sql<string>`created_at::text`.as('created_text')])
        .where('user_id', '=', actor.userId)
      if (request.query.unread) query = query.where('read_at', 'is', null)
      if (request.query.cursor) {
        const [createdAt, id] = decodeCursor(request.query.cursor)
        query = query.where(sql<boolean>`(created_at, id) < (${createdAt}::timestamptz, ${id}::uuid)`)
      }
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute()
      const page = rows.slice(0, limit)
      const last = page[page.length - 1]
      return {
        items: page.map((row) => renderNotification(row, locale)),
        unreadCount: await unreadCountOf(db, actor.userId),
        nextCursor: rows.length > limit && last ? encodeCursor(last.created_text, last.id) : null,
      }
    },
  )

  app.post(
    '/notifications/:id/read',
    {
      schema: {
        tags,
        summary: 'Marks one of your notifications read',
        params: IdParams,
        response: { 200: UnreadCount, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request)
      const found = await db
        .updateTable('notifications')
        .set({ read_at: sql`coalesce(read_at, now())` })
        .where('id', '=', request.params.id)
        .where('user_id', '=', actor.userId)
        .returning('id')
        .executeTakeFirst()
      if (!found) throw notFound('NOTIFICATION_NOT_FOUND')
      return { unreadCount: await unreadCountOf(db, actor.userId), marked: 1 }
    },
  )

  app.post(
    '/notifications/read-all',
    { schema: { tags, summary: 'Marks all your notifications read', response: { 200: UnreadCount, ...errorResponses(401, 403) } } },
    async (request) => {
      const actor = requireActor(request)
      const result = await db
        .updateTable('notifications')
        .set({ read_at: sql`now()` })
        .where('user_id', '=', actor.userId)
        .where('read_at', 'is', null)
        .executeTakeFirst()
      return { unreadCount: 0, marked: Number(result.numUpdatedRows) }
    },
  )
}
