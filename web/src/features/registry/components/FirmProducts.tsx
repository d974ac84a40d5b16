import { api, type Firm } from '../../../lib/api-client.ts'
import { useI18n } from '../../../lib/i18n-react.tsx'
import { useLoad } from '../../../lib/use-load.ts'
import { ErrorAlert, Loading } from '../../../components/ui.tsx'
import { DataTable } from '../../../components/DataTable.tsx'
import { formatIdr, formatNumber } from './format.ts'

/** The products panel of a firm's profile. */
export function FirmProducts({ firm }: { firm: Firm }) {
  const { t, lang } = useI18n()
  const products = useLoad(() => api.products.list(firm.id), firm.id)
  return (
    <section className="panel" aria-labelledby="firm-products">
      <h2 id="firm-products">{t('products.title')}</h2>
      <ErrorAlert error={products.error} />
      {products.data ? (
        <DataTable
          label={t('products.table')}
          columns={[t('products.name'), t('products.price'), t('products.capacity'), t('products.exportReady')]}
          rows={products.data.items}
          empty={t('common.empty')}
          renderRow={(product) => (
            <tr key={product.id}>
              <td>
                <div className="product-name">
                  {product.photos[0] ? <img className="product-thumb" src={`${product.photos[0].url}?size=thumb`} alt="" width={48} height={48} /> : null}
                  <span>
                    <strong>{product.name}</strong>
                    {product.hsCode || product.kbliCode ? (
                      <span className="muted block mono">{[product.kbliCode && `KBLI ${product.kbliCode}`, product.hsCode && `HS ${product.hsCode}`].filter(Boolean).join(' · ')}</span>
                    ) : null}
                  </span>
                </div>
              </td>
              <td className="nowrap">
                {formatIdr(lang, product.priceIdr)} <span className="muted">{t('products.perUnit', { unit: product.unit })}</span>
              </td>
              <td>
                {formatNumber(lang, product.monthlyCapacity)} {product.unit}
              </td>
              <td>{product.exportReady ? t('common.yes') : t('common.no')}</td>
            </tr>
          )}
        />
      ) : products.loading ? (
        <Loading />
      ) : null}
    </section>
  )
}

