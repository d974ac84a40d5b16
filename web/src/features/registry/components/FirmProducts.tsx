import { Link, useLocation } from 'react-router'
import { api, type Firm } from '../../../lib/api-client.ts'
import { useI18n } from '../../../lib/i18n-react.tsx'
import { useLoad } from '../../../lib/use-load.ts'
import { useMe } from '../../../app/session.tsx'
import { ErrorAlert, Loading, Notice } from '../../../components/ui.tsx'
import { DataTable } from '../../../components/DataTable.tsx'
import { formatIdr, formatNumber } from './format.ts'
import { hsLabel } from './ProductHsField.tsx'
import { mayEditProducts, thumbnailUrl } from './ProductApi.ts'

/** The products panel of a firm's profile: each product links to its page; editors may add one. */
export function FirmProducts({ firm }: { firm: Firm }) {
  const { t, lang } = useI18n()
  const me = useMe()
  const location = useLocation()
  const deleted = (location.state as { productDeleted?: string } | null)?.productDeleted
  const products = useLoad(() => api.products.list(firm.id), firm.id)
  return (
    <section className="panel" aria-labelledby="firm-products">
      <div className="panel-heading">
        <h2 id="firm-products">{t('products.title')}</h2>
        {mayEditProducts(me) ? (
          <Link className="button button-small" to={`/firms/${firm.id}/products/new`}>
            {t('products.add')}
          </Link>
        ) : null}
      </div>
      {deleted ? <Notice>{t('products.deleted', { name: deleted })}</Notice> : null}
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
                  {product.photos[0] ? (
                    <img className="product-thumb" src={thumbnailUrl(product.photos[0])} alt="" width={48} height={48} loading="lazy" />
                  ) : (
                    <span className="product-thumb product-thumb-empty" aria-hidden="true" />
                  )}
                  <span>
                    <Link className="strong-link" to={`/products/${product.id}`}>
                      {product.name}
                    </Link>
                    {product.hsCode || product.kbliCode ? (
                      <span className="muted block mono">
                        {[product.kbliCode && `KBLI ${product.kbliCode}`, product.hsCode && `HS ${hsLabel(product.hsCode)}`].filter(Boolean).join(' · ')}
                      </span>
                    ) : null}
                    {product.photos.length ? <span className="muted block small">{t('products.photoCount', { count: product.photos.length })}</span> : null}
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
