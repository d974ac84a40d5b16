// Test data for the marketplace programme's database tests.
import type { Database } from '../../db/database.ts'
import type { TestApp } from '../../../test/app.ts'

export const MARKETPLACE_CODES = ['tokopedia', 'tiktok_shop', 'shopee', 'blibli', 'bukalapak'] as const

/** The organisation of a seeded marketplace (partners of it are users of this organisation). */
export async function marketplaceOrganisationId(db: Database, code: string): Promise<string> {
  const row = await db.selectFrom('marketplaces').select('organisation_id').where('code', '=', code).executeTakeFirstOrThrow()
  return row.organisation_id
}

/** A signed-in marketplace_partner of the given marketplace. */
export async function signInAsPartner(t: TestApp, code: string) {
  return t.signInAs('marketplace_partner', { organisationId: await marketplaceOrganisationId(t.db, code) })
}

/**
 * Shares a firm with a marketplace for tests of other parts of the programme: a nomination at
 * the given stage and the owner's live consent, written directly (the pipeline's own tests go
 * through the API instead).
 */
export async function shareFirmForTest(
  t: TestApp,
  input: { firmId: string; marketplaceCode: string; byUserId: string; stage?: string; storeUrl?: string },
): Promise<string> {
  const firm = await t.db.selectFrom('firms').select(['province_code', 'regency_code']).where('id', '=', input.firmId).executeTakeFirstOrThrow()
  const nomination = await t.db
    .insertInto('marketplace_nominations')
    .values({
      firm_id: input.firmId,
      marketplace_code: input.marketplaceCode,
      stage: input.stage ?? 'consented',
      source: 'manual',
      nominated_by: input.byUserId,
      store_url: input.storeUrl ?? null,
      province_code: firm.province_code,
      regency_code: firm.regency_code,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await t.db
    .insertInto('marketplace_consents')
    .values({ firm_id: input.firmId, marketplace_code: input.marketplaceCode, granted_by: input.byUserId })
    .execute()
  return nomination.id
}
