import { Type, type TSchema } from '@sinclair/typebox'

export const Marketplace = Type.Object(
  {
    code: Type.String({ description: 'tokopedia, tiktok_shop, shopee, blibli, bukalapak, …' }),
    name: Type.String(),
    organisationId: Type.String(),
    status: Type.Union([Type.Literal('active'), Type.Literal('migrating'), Type.Literal('closed')], {
      description: 'active: takes new firms; migrating: its seller API moves elsewhere; closed: no new physical-goods listings',
    }),
    statusNote: Type.Union([Type.String(), Type.Null()]),
    storeDomains: Type.Array(Type.String()),
    weightUnit: Type.Union([Type.Literal('g'), Type.Literal('kg')]),
  },
  { $id: 'Marketplace' },
)

export const MarketplaceList = Type.Object({ items: Type.Array(Type.Ref('Marketplace')) }, { $id: 'MarketplaceList' })

export const marketplaceSchemas: TSchema[] = [Marketplace, MarketplaceList]
