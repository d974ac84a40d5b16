import { Type, type TSchema } from '@sinclair/typebox'
import { ref } from '../../../platform/http/common.schemas.ts'
import { ImportSummary } from '../../registry/imports/imports.schemas.ts'

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' })

export const SalesImport = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    kind: Type.Literal('sales'),
    marketplaceCode: Type.String(),
    fileName: Type.String(),
    fileSha256: Type.String(),
    format: Nullable(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')])),
    sheet: Nullable(Type.String()),
    status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
    dryRun: Type.Boolean({ description: 'Validated and counted, nothing saved' }),
    totalRows: Nullable(Type.Integer({ description: 'Known when the import has ended' })),
    processedRows: Type.Integer(),
    progress: Type.Number({ minimum: 0, maximum: 1, description: 'Share of the file read so far' }),
    summary: ref(ImportSummary),
    error: Nullable(Type.Object({ code: Type.String(), message: Type.String() })),
    createdBy: Nullable(Type.String({ format: 'uuid' })),
    createdAt: Type.String({ format: 'date-time' }),
    startedAt: Nullable(Type.String({ format: 'date-time' })),
    finishedAt: Nullable(Type.String({ format: 'date-time' })),
  },
  { $id: 'MarketplaceSalesImport' },
)

/** The multipart form of POST /api/marketplace/sales/imports (documented; the handler reads the parts as a stream). */
export const SalesImportUpload = Type.Object(
  {
    file: Type.String({ format: 'binary', description: 'CSV or XLSX: nib or url_toko, bulan, omzet, jumlah_pesanan, unit_terjual (optional)' }),
    marketplace: Type.Optional(Type.String({ description: 'The marketplace the file reports for (officers; a partner reports for its own)' })),
    dryRun: Type.Optional(Type.Boolean({ description: 'Validate and count without saving' })),
    sheet: Type.Optional(Type.String({ description: 'XLSX: sheet name (default: the first sheet)' })),
  },
  { $id: 'MarketplaceSalesImportUpload' },
)

const FigureFields = {
  month: Month,
  gmvIdr: Type.Number({ description: 'Gross merchandise value, IDR' }),
  orders: Type.Integer(),
  units: Type.Integer(),
  storesReporting: Type.Integer({ description: 'Stores (firm × marketplace) with a report for the month' }),
  storesSelling: Type.Integer({ description: 'Stores with orders > 0 in the month' }),
  storesOnboarded: Type.Integer({ description: 'Stores at store_opened or later (or with orders) by the month' }),
  sellingSharePct: Nullable(Type.Number({ description: 'storesSelling / storesOnboarded × 100, one decimal' })),
}

export const SalesFigureRow = Type.Object(
  { marketplaceCode: Type.String(), provinceCode: Type.String({ description: 'Empty in totals over provinces' }), ...FigureFields },
  { $id: 'MarketplaceSalesFigureRow' },
)

export const SalesSummary = Type.Object(
  {
    from: Month,
    to: Month,
    marketplace: Nullable(Type.String()),
    province: Nullable(Type.String()),
    rows: Type.Array(ref(SalesFigureRow), { description: 'Per marketplace, province and month' }),
    byMarketplace: Type.Array(ref(SalesFigureRow), { description: 'Per marketplace and month, over provinces' }),
    byMonth: Type.Array(
      Type.Object({
        ...FigureFields,
        firmsWithBaseline: Type.Integer({ description: 'Firms with sales reported that month and a pre-crisis baseline > 0' }),
        firmsRecovered: Type.Integer({ description: 'Of those, firms whose marketplace GMV reached the baseline' }),
        recoveryPctMedian: Nullable(Type.Number({ description: 'Median of marketplace GMV / baseline × 100 over those firms, one decimal' })),
      }),
    ),
  },
  { $id: 'MarketplaceSalesSummary' },
)

export const SalesSummaryQuery = Type.Object(
  {
    marketplace: Type.Optional(Type.String({ maxLength: 40 })),
    province: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
    from: Type.Optional(Month),
    to: Type.Optional(Month),
  },
  { additionalProperties: false, $id: 'MarketplaceSalesSummaryQuery' },
)

export const FirmMarketplaceSales = Type.Object(
  {
    firmId: Type.String({ format: 'uuid' }),
    baseline: Nullable(
      Type.Object({
        baselineIdr: Type.Number({ description: 'Pre-crisis monthly turnover from the latest survey response' }),
        roundId: Type.String({ format: 'uuid' }),
        roundName: Type.String(),
        referenceMonth: Month,
      }),
    ),
    items: Type.Array(
      Type.Object({
        marketplaceCode: Type.String(),
        month: Month,
        gmvIdr: Type.Number(),
        orders: Type.Integer(),
        units: Nullable(Type.Integer()),
        source: Type.String(),
        recoveryPct: Nullable(Type.Number({ description: 'gmvIdr / baseline × 100, one decimal' })),
      }),
    ),
    byMonth: Type.Array(Type.Object({ month: Month, gmvIdr: Type.Number(), orders: Type.Integer(), recoveryPct: Nullable(Type.Number()) })),
  },
  { $id: 'FirmMarketplaceSales' },
)

export const salesSchemas: TSchema[] = [SalesImport, SalesImportUpload, SalesFigureRow, SalesSummary, SalesSummaryQuery, FirmMarketplaceSales]
