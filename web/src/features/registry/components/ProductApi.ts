// Product helpers shared by the product screens (the calls themselves are api.products).
import type { Me, ProductPhoto } from '../../../lib/api-client.ts'

/** Who may change a firm's products: the same rule as the firm's record (the server decides per firm). */
export function mayEditProducts(me: Me): boolean {
  return me.role === 'officer' || me.role === 'regional_officer' || me.role === 'firm_owner'
}

/** The thumbnail address of a photo. */
export function thumbnailUrl(photo: ProductPhoto): string {
  return `${photo.url}?size=thumb`
}
