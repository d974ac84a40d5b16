import { useState, type ReactNode } from 'react'
import { Link, useLocation, useNavigate, useParams } from 'react-router'
import { api, type Product } from '../../../lib/api-client.ts'
import { formatDateTime } from '../../../lib/i18n.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { useLoad } from '../../../lib/use-load.ts'
import { useMe } from '../../../app/session.tsx'
import { ConfirmButton, ErrorAlert, Loading, Notice, PageHeader } from '../../../components/ui.tsx'
import { formatIdr, formatNumber } from '../components/format.ts'
import { hsLabel } from '../components/ProductHsField.tsx'
import { ProductPhotos } from '../components/ProductPhotos.tsx'
import { mayEditProducts } from '../components/ProductApi.ts'

/** /products/:productId — a product's details and photos. */
export function ProductPage() {
  const { productId = '' } = useParams()
  const { t } = useI18n()
  const product = useLoad(() => api.products.get(productId), productId)
  if (product.error) {
    return (
      <>
        <PageHeader title={t('products.detailTitle')} />
        <ErrorAlert error={product.error} />
        <p>
          <Link to="/firms">{t('firms.backToList')}</Link>
        </p>
      </>
    )
  }
  if (!product.data) return <Loading />
  return <ProductView product={product.data} onChange={(updated) => product.setData(() => updated)} />
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  const { t } = useI18n()
  const empty = children === null || children === undefined || children === ''
  return (
    <div>
      <dt>{label}</dt>
      <dd>{empty ? t('common.none') : children}</dd>
    </div>
  )
}

function ProductView({ product, onChange }: { product: Product; onChange(product: Product): void }) {
  const { t, lang } = useI18n()
  useTitle(product.name)
  const me = useMe()
  const navigate = useNavigate()
  const location = useLocation()
  const saved = (location.state as { saved?: boolean } | null)?.saved === true
  const firm = useLoad(() => api.firms.get(product.firmId), product.firmId)
  const canEdit = mayEditProducts(me)
  const [deleteError, setDeleteError] = useState<unknown>(undefined)

  async function remove() {
    setDeleteError(undefined)
    try {
      await api.products.remove(product.id)
      navigate(`/firms/${product.firmId}`, { state: { productDeleted: product.name } })
    } catch (reason) {
      setDeleteError(reason)
    }
  }

  const count = (value: number) => `${formatNumber(lang, value)} ${product.unit}`
  const sized = product.lengthMm !== null || product.widthMm !== null || product.heightMm !== null
  const mm = (value: number | null) => (value === null ? '?' : formatNumber(lang, value))
  return (
    <>
      <PageHeader
        title={product.name}
        intro={
          <>
            {t('products.ofFirm')} <Link to={`/firms/${product.firmId}`}>{firm.data?.name ?? t('products.backToFirm')}</Link>
          </>
        }
      >
        {product.exportReady ? (
          <p className="badges">
            <span className="badge badge-ok">{t('products.exportReady')}</span>
          </p>
        ) : null}
        <div className="actions">
          {canEdit ? (
            <>
              <Link className="button" to={`/products/${product.id}/edit`}>
                {t('products.edit')}
              </Link>
              <ConfirmButton className="button button-danger" label={t('products.deleteLabel', { name: product.name })} onConfirm={remove}>
                {t('products.delete')}
              </ConfirmButton>
            </>
          ) : null}
          <Link className="button button-link" to={`/firms/${product.firmId}`}>
            {t('products.backToFirm')}
          </Link>
        </div>
      </PageHeader>
      {saved ? <Notice>{t('common.saved')}</Notice> : null}
      <ErrorAlert error={deleteError} />
      <div className="two-columns">
        <section className="panel" aria-labelledby="product-details">
          <h2 id="product-details">{t('products.details')}</h2>
          <dl className="details firm-details">
            <Row label={t('products.description')}>{product.description ? <span className="product-description">{product.description}</span> : null}</Row>
            <Row label={t('products.price')}>
              {formatIdr(lang, product.priceIdr)} <span className="muted">{t('products.perUnit', { unit: product.unit })}</span>
            </Row>
            <Row label={t('products.minOrder')}>{count(product.minOrder)}</Row>
            <Row label={t('products.capacity')}>{count(product.monthlyCapacity)}</Row>
            <Row label={t('products.stock')}>{count(product.stock)}</Row>
            <Row label={t('products.weight')}>{t('products.weightValue', { grams: formatNumber(lang, product.weightGrams) })}</Row>
            <Row label={t('products.dimensions')}>
              {sized ? t('products.dimensionsValue', { length: mm(product.lengthMm), width: mm(product.widthMm), height: mm(product.heightMm) }) : null}
            </Row>
            <Row label={t('products.kbli')}>{product.kbliCode ? <span className="mono">{product.kbliCode}</span> : null}</Row>
            <Row label={t('products.hs')}>{product.hsCode ? <span className="mono">{hsLabel(product.hsCode)}</span> : null}</Row>
            <Row label={t('products.certifications')}>{product.certifications.join(', ')}</Row>
            <Row label={t('products.exportReady')}>{product.exportReady ? t('common.yes') : t('common.no')}</Row>
            <Row label={t('products.updated')}>{formatDateTime(lang, product.updatedAt)}</Row>
          </dl>
        </section>
        <ProductPhotos product={product} canEdit={canEdit} onChange={(photos) => onChange({ ...product, photos })} />
      </div>
    </>
  )
}
