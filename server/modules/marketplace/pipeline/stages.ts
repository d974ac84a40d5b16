import type { Role } from '../../../platform/access/roles.ts'

/** The onboarding pipeline of a firm on one marketplace, in order. */
export const STAGES = ['nominated', 'consented', 'trained', 'store_opened', 'products_listed', 'first_sale', 'active'] as const
export type Stage = (typeof STAGES)[number]

export const stageIndex = (stage: Stage): number => STAGES.indexOf(stage)

export const isStage = (value: string): value is Stage => (STAGES as readonly string[]).includes(value)

/**
 * Who may move a nomination to a stage by hand. `nominated` comes only from a nomination and
 * `consented` only from the owner's consent; workshop attendance and sales reports also move
 * firms (through advanceNomination), whoever reported them.
 */
export const MOVERS: Record<Stage, readonly Role[]> = {
  nominated: [],
  consented: [],
  trained: ['officer', 'regional_officer', 'marketplace_partner'],
  store_opened: ['firm_owner', 'officer', 'regional_officer', 'marketplace_partner'],
  products_listed: ['firm_owner', 'officer', 'regional_officer', 'marketplace_partner'],
  first_sale: ['officer', 'regional_officer', 'marketplace_partner'],
  active: ['officer', 'regional_officer', 'marketplace_partner'],
}

/**
 * The stages a nomination must be at for a move by hand to this stage. Training is optional (a
 * firm may open a store without it), nothing else may be skipped: a store before products, products
 * before a first sale, a first sale before active.
 * Example: `PREDECESSORS.store_opened` → `['consented', 'trained']`.
 */
export const PREDECESSORS: Record<Stage, readonly Stage[]> = {
  nominated: [],
  consented: ['nominated'],
  trained: ['consented'],
  store_opened: ['consented', 'trained'],
  products_listed: ['store_opened'],
  first_sale: ['products_listed'],
  active: ['first_sale'],
}

/** Why a hand move is refused, or null when it is allowed (role and order only; scope is checked by the service). */
export function moveProblem(role: Role, from: Stage, to: Stage): 'STAGE_NOT_ALLOWED_FOR_ROLE' | 'STAGE_ORDER' | null {
  if (!MOVERS[to].includes(role)) return 'STAGE_NOT_ALLOWED_FOR_ROLE'
  if (!PREDECESSORS[to].includes(from)) return 'STAGE_ORDER'
  return null
}

/**
 * Checks a store URL against the marketplace's domains: http(s), and the host is one of them or
 * a subdomain. Example: `storeUrlProblem('https://www.tokopedia.com/batiksari', ['tokopedia.com'])` → null.
 */
export function storeUrlProblem(url: string, domains: readonly string[]): 'STORE_URL_INVALID' | 'STORE_URL_DOMAIN' | null {
  let parsed: URL
  try {
    parsed = new URL(url.trim())
  } catch {
    return 'STORE_URL_INVALID'
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'STORE_URL_INVALID'
  if (parsed.username || parsed.password) return 'STORE_URL_INVALID'
  const host = parsed.hostname.toLowerCase().replace(/\.$/, '')
  return domains.some((domain) => host === domain || host.endsWith(`.${domain}`)) ? null : 'STORE_URL_DOMAIN'
}
