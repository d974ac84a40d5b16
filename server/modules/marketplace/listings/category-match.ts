// Which marketplace category a product goes to: pure matching of the mappings maintained by
// partners and officers (marketplace_categories) against the product's HS 2022 and KBLI 2020 codes.

export interface CategoryKey {
  /** HS 2022 prefix: chapter (2 digits), heading (4) or subheading (6). */
  hsPrefix: string | null
  /** KBLI 2020 prefix, 2 to 5 digits. */
  kbliPrefix: string | null
}

/**
 * How specific a mapping is: the HS prefix counts first (a product category is an HS notion),
 * the KBLI prefix (the firm's activity) breaks ties, so subheading > heading > chapter > KBLI only,
 * and at equal HS length a mapping that also names the KBLI wins.
 */
export function specificity(key: CategoryKey): number {
  return (key.hsPrefix?.length ?? 0) * 10 + (key.kbliPrefix?.length ?? 0)
}

export function mappingMatches(key: CategoryKey, product: { hsCode: string | null; kbliCode: string | null }): boolean {
  if (key.hsPrefix === null && key.kbliPrefix === null) return false
  if (key.hsPrefix !== null && !(product.hsCode ?? '').startsWith(key.hsPrefix)) return false
  if (key.kbliPrefix !== null && !(product.kbliCode ?? '').startsWith(key.kbliPrefix)) return false
  return true
}

/**
 * The most specific mapping that matches the product, or null.
 * Example: with mappings for HS '61' and HS '6109', a product with HS '610910' gets the '6109' one;
 * a product with HS '620520' gets neither.
 */
export function matchCategory<T extends CategoryKey>(mappings: readonly T[], product: { hsCode: string | null; kbliCode: string | null }): T | null {
  let best: T | null = null
  for (const mapping of mappings) {
    if (!mappingMatches(mapping, product)) continue
    if (best === null || specificity(mapping) > specificity(best)) best = mapping
  }
  return best
}
