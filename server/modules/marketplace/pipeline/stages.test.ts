import { describe, expect, it } from 'vitest'
import { moveProblem, STAGES, storeUrlProblem } from './stages.ts'

describe('pipeline stages', () => {
  it('lets each role make only its moves, in order, with training optional', () => {
    expect(moveProblem('marketplace_partner', 'consented', 'trained')).toBeNull()
    expect(moveProblem('marketplace_partner', 'consented', 'store_opened')).toBeNull()
    expect(moveProblem('firm_owner', 'trained', 'store_opened')).toBeNull()
    expect(moveProblem('firm_owner', 'store_opened', 'products_listed')).toBeNull()
    expect(moveProblem('firm_owner', 'consented', 'trained')).toBe('STAGE_NOT_ALLOWED_FOR_ROLE')
    expect(moveProblem('firm_owner', 'products_listed', 'first_sale')).toBe('STAGE_NOT_ALLOWED_FOR_ROLE')
    expect(moveProblem('officer', 'nominated', 'consented')).toBe('STAGE_NOT_ALLOWED_FOR_ROLE')
    expect(moveProblem('officer', 'nominated', 'trained')).toBe('STAGE_ORDER')
    expect(moveProblem('officer', 'consented', 'products_listed')).toBe('STAGE_ORDER')
    expect(moveProblem('officer', 'store_opened', 'first_sale')).toBe('STAGE_ORDER')
    expect(moveProblem('officer', 'first_sale', 'store_opened')).toBe('STAGE_ORDER')
    expect(moveProblem('officer', 'first_sale', 'active')).toBeNull()
    expect(moveProblem('admin', 'first_sale', 'active')).toBe('STAGE_NOT_ALLOWED_FOR_ROLE')
    // Every stage but the first two can be reached by hand from somewhere.
    for (const stage of STAGES.slice(2)) expect(STAGES.some((from) => moveProblem('officer', from, stage) === null), stage).toBe(true)
  })

  it("checks a store URL against the marketplace's domains", () => {
    const tokopedia = ['tokopedia.com', 'tokopedia.link']
    expect(storeUrlProblem('https://www.tokopedia.com/batiksari', tokopedia)).toBeNull()
    expect(storeUrlProblem('https://tokopedia.com/batiksari', tokopedia)).toBeNull()
    expect(storeUrlProblem(' http://TOKOPEDIA.LINK/abc ', tokopedia)).toBeNull()
    expect(storeUrlProblem('https://tokopedia.com.evil.id/batiksari', tokopedia)).toBe('STORE_URL_DOMAIN')
    expect(storeUrlProblem('https://faketokopedia.com/batiksari', tokopedia)).toBe('STORE_URL_DOMAIN')
    expect(storeUrlProblem('https://shopee.co.id/batiksari', tokopedia)).toBe('STORE_URL_DOMAIN')
    expect(storeUrlProblem('ftp://tokopedia.com/x', tokopedia)).toBe('STORE_URL_INVALID')
    expect(storeUrlProblem('https://user:pw@tokopedia.com/x', tokopedia)).toBe('STORE_URL_INVALID')
    expect(storeUrlProblem('tokopedia.com/batiksari', tokopedia)).toBe('STORE_URL_INVALID')
  })
})
