// Shop tokens at rest and their refresh. Tokens are encrypted (AES-256-GCM, keys.encryption).
// `current()` refreshes ahead of expiry (REFRESH_MARGIN_MS); `renew()` after a token-expired
// answer. A refresh locks the shop row (SELECT … FOR UPDATE), and when another refresh has
// already replaced the tokens since we read them, it uses those instead of spending the (now
// spent) refresh token again: refresh tokens are single-use.
import type { Database } from '../../../db/database.ts'
import { recordAudit, type AuditContext } from '../../../platform/audit/audit.service.ts'
import { decrypt, encrypt } from '../../../platform/secrets.ts'
import type { Connector, ConnectorContext, NewTokens, ShopSession, TokenSource } from './connectors.ts'

/** Refresh when the access token has less than this left. */
export const REFRESH_MARGIN_MS = 10 * 60_000

export interface ShopTokenRow {
  id: string
  shop_id: string
  access_token_enc: string | null
  refresh_token_enc: string | null
  access_expires_at: Date | null
  token_version: number
}

export function needsRefresh(connector: Connector, row: Pick<ShopTokenRow, 'access_token_enc' | 'access_expires_at'>, now: Date, marginMs = REFRESH_MARGIN_MS): boolean {
  if (connector.shopTokens === 'seller_key') return false
  if (!row.access_token_enc) return true
  return row.access_expires_at !== null && row.access_expires_at.getTime() - now.getTime() < marginMs
}

export const sealOrNull = (key: Buffer, value: string | null | undefined): string | null => (value ? encrypt(key, value) : null)
const openOrNull = (key: Buffer, value: string | null): string | null => (value ? decrypt(key, value) : null)

export function sessionOf(key: Buffer, row: ShopTokenRow): ShopSession {
  return { shopId: row.shop_id, accessToken: openOrNull(key, row.access_token_enc), refreshToken: openOrNull(key, row.refresh_token_enc) }
}

const columns = ['id', 'shop_id', 'access_token_enc', 'refresh_token_enc', 'access_expires_at', 'token_version'] as const

export interface TokenStoreDeps {
  db: Database
  encryptionKey: Buffer
  connector: Connector
  ctx: ConnectorContext
  audit: AuditContext
  marginMs?: number
}

/** The database-backed token source of one linked shop (marketplace_api_shops.id). */
export function dbTokenSource(deps: TokenStoreDeps, shopRowId: string): TokenSource & { refreshes: number } {
  const { db, encryptionKey: key, connector, ctx } = deps
  let seenVersion = -1

  async function refresh(force: boolean): Promise<ShopSession> {
    return db.transaction().execute(async (trx) => {
      const row = (await trx.selectFrom('marketplace_api_shops').select(columns).where('id', '=', shopRowId).forUpdate().executeTakeFirstOrThrow()) as ShopTokenRow
      const replacedMeanwhile = row.token_version !== seenVersion
      if ((replacedMeanwhile || !force) && !needsRefresh(connector, row, ctx.now(), deps.marginMs)) {
        seenVersion = row.token_version
        return sessionOf(key, row)
      }
      const fresh: NewTokens = await connector.refreshTokens(ctx, sessionOf(key, row))
      const updated = await trx
        .updateTable('marketplace_api_shops')
        .set({
          access_token_enc: sealOrNull(key, fresh.accessToken),
          // Tokopedia's client-credentials grant has no refresh token: keep none.
          refresh_token_enc: sealOrNull(key, fresh.refreshToken),
          access_expires_at: fresh.accessExpiresAt,
          refresh_expires_at: fresh.refreshExpiresAt,
          token_version: row.token_version + 1,
          last_refreshed_at: ctx.now(),
          updated_at: ctx.now(),
        })
        .where('id', '=', shopRowId)
        .returning(columns)
        .executeTakeFirstOrThrow()
      await recordAudit(trx, deps.audit, {
        action: 'marketplace.api.tokens_refreshed',
        entityType: 'marketplace_api_shop',
        entityId: shopRowId,
        after: { tokenVersion: updated.token_version, accessExpiresAt: fresh.accessExpiresAt?.toISOString() ?? null, forced: force },
      })
      source.refreshes++
      seenVersion = updated.token_version
      return sessionOf(key, updated as ShopTokenRow)
    })
  }

  const source = {
    refreshes: 0,
    async current(): Promise<ShopSession> {
      const row = (await db.selectFrom('marketplace_api_shops').select(columns).where('id', '=', shopRowId).executeTakeFirstOrThrow()) as ShopTokenRow
      seenVersion = row.token_version
      if (needsRefresh(connector, row, ctx.now(), deps.marginMs)) return refresh(false)
      return sessionOf(key, row)
    },
    async renew(): Promise<ShopSession> {
      return refresh(true)
    },
  }
  return source
}
