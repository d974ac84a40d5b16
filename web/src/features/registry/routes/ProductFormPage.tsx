import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { api, type Product, type ProductCreate } from '../../../lib/api-client.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { useLoad } from '../../../lib/use-load.ts'
import { useMe } from '../../../app/session.tsx'
import { CheckboxField, ErrorAlert, FormActions, Loading, PageHeader, TextField } from '../../../components/ui.tsx'
import { fieldErrorsOf, focusFirstInvalid, type FieldErrors } from '../components/field-errors.ts'
import { FormSection, TextAreaField } from '../components/fields.tsx'
import { KbliField } from '../components/KbliField.tsx'
import { ProductHsField, hsLabel } from '../components/ProductHsField.tsx'
import { mayEditProducts } from '../components/ProductApi.ts'
import { parseList, parseWholeNumber } from '../components/format.ts'

/** A product as typed into the form: text as typed, converted on submit. */
interface ProductDraft {
  name: string
  description: string
  kbliCode: string
  hsCode: string
  priceIdr: string
  unit: string
  weightGrams: string
  lengthMm: string
  widthMm: string
  heightMm: string
  minOrder: string
  monthlyCapacity: string
  stock: string
  certifications: string
  exportReady: boolean
}

const EMPTY_DRAFT: ProductDraft = {
  name: '',
  description: '',
  kbliCode: '',
  hsCode: '',
  priceIdr: '',
  unit: 'pcs',
  weightGrams: '',
  lengthMm: '',
  widthMm: '',
  heightMm: '',
  minOrder: '1',
  monthlyCapacity: '0',
  stock: '0',
  certifications: '',
  exportReady: false,
}

const text = (value: number | string | null | undefined) => (value === null || value === undefined ? '' : String(value))

function draftOf(product: Product): ProductDraft {
  return {
    name: product.name,
    description: text(product.description),
    kbliCode: text(product.kbliCode),
    hsCode: product.hsCode ? hsLabel(product.hsCode) : '',
    priceIdr: text(product.priceIdr),
    unit: product.unit,
    weightGrams: text(product.weightGrams),
    lengthMm: text(product.lengthMm),
    widthMm: text(product.widthMm),
    heightMm: text(product.heightMm),
    minOrder: text(product.minOrder),
    monthlyCapacity: text(product.monthlyCapacity),
    stock: text(product.stock),
    certifications: product.certifications.join(', '),
    exportReady: product.exportReady,
  }
}

const NUMBER_FIELDS = ['priceIdr', 'weightGrams', 'lengthMm', 'widthMm', 'heightMm', 'minOrder', 'monthlyCapacity', 'stock'] as const
type NumberField = (typeof NUMBER_FIELDS)[number]
const REQUIRED_FIELDS = ['name', 'priceIdr', 'unit', 'weightGrams'] as const

/**
 * The API body of a draft, or the fields to fix first (empty required fields, numbers that do not
 * parse). Cleared counts fall back to the API's defaults (minimum order 1, capacity and stock 0),
 * cleared sizes become null. The server checks everything else and names the field it refuses.
 */
function productBodyOf(draft: ProductDraft): { body: ProductCreate } | { missing: string[]; invalid: NumberField[] } {
  const numbers = Object.fromEntries(NUMBER_FIELDS.map((field) => [field, parseWholeNumber(draft[field])])) as Record<NumberField, number | null>
  const missing = REQUIRED_FIELDS.filter((field) => draft[field].trim() === '')
  const invalid = NUMBER_FIELDS.filter((field) => Number.isNaN(numbers[field]))
  if (missing.length || invalid.length) return { missing, invalid }
  const kbliCode = draft.kbliCode.trim().match(/^\d{5}/)?.[0] ?? draft.kbliCode.trim()
  const hsCode = draft.hsCode.trim().match(/^\d{4}(\.?\d{2})?(?=\s|$)/)?.[0] ?? draft.hsCode.trim()
  return {
    body: {
      name: draft.name.trim(),
      description: draft.description.trim() || null,
      kbliCode: kbliCode || null,
      hsCode: hsCode || null,
      priceIdr: numbers.priceIdr ?? 0,
      unit: draft.unit.trim(),
      weightGrams: numbers.weightGrams ?? 0,
      lengthMm: numbers.lengthMm,
      widthMm: numbers.widthMm,
      heightMm: numbers.heightMm,
      minOrder: numbers.minOrder ?? 1,
      monthlyCapacity: numbers.monthlyCapacity ?? 0,
      stock: numbers.stock ?? 0,
      certifications: parseList(draft.certifications),
      exportReady: draft.exportReady,
    },
  }
}

const UNIT_SUGGESTIONS = ['pcs', 'kg', 'gram', 'lusin', 'kodi', 'meter', 'lembar', 'set', 'pasang', 'botol', 'bungkus', 'liter']

/** /firms/:id/products/new and /products/:productId/edit */
export function ProductFormPage() {
  const { id: firmParam, productId } = useParams()
  const { t } = useI18n()
  const product = useLoad(() => (productId ? api.products.get(productId) : Promise.resolve(null)), productId ?? 'new')
  const firmId = productId ? product.data?.firmId : firmParam
  const firm = useLoad(() => (firmId ? api.firms.get(firmId) : Promise.resolve(null)), firmId ?? '')
  const title = productId ? t('products.editTitle') : t('products.newTitle')
  const error = product.error ?? firm.error
  if (error) {
    return (
      <>
        <PageHeader title={title} />
        <ErrorAlert error={error} />
        <p>
          <Link to={firmId ? `/firms/${firmId}` : '/firms'}>{firmId ? t('products.backToFirm') : t('firms.backToList')}</Link>
        </p>
      </>
    )
  }
  if (product.data === undefined || !firm.data) return <Loading />
  return <ProductForm key={productId ?? 'new'} product={product.data} firmId={firm.data.id} firmName={firm.data.name} />
}

function ProductForm({ product, firmId, firmName }: { product: Product | null; firmId: string; firmName: string }) {
  const { t } = useI18n()
  const navigate = useNavigate()
  const me = useMe()
  const title = product ? t('products.editTitle') : t('products.newTitle')
  useTitle(product ? `${title}: ${product.name}` : title)
  const [draft, setDraft] = useState<ProductDraft>(product ? draftOf(product) : EMPTY_DRAFT)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [error, setError] = useState<unknown>(undefined)
  const [busy, setBusy] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)
  const unitListId = useId()
  const back = product ? `/products/${product.id}` : `/firms/${firmId}`

  useEffect(() => {
    if (Object.keys(errors).length) focusFirstInvalid(formRef.current)
  }, [errors])

  const change = (patch: Partial<ProductDraft>) => setDraft((current) => ({ ...current, ...patch }))

  async function submit(event: FormEvent) {
    event.preventDefault()
    const converted = productBodyOf(draft)
    if (!('body' in converted)) {
      setErrors({
        ...Object.fromEntries(converted.invalid.map((field) => [field, t('firms.numberInvalid')])),
        ...Object.fromEntries(converted.missing.map((field) => [field, t('products.required')])),
      })
      setError(t('firms.fixErrors'))
      return
    }
    setBusy(true)
    setError(undefined)
    setErrors({})
    try {
      const saved = product ? await api.products.update(product.id, converted.body) : await api.products.create(firmId, converted.body)
      navigate(`/products/${saved.id}`, { state: { saved: true } })
    } catch (reason) {
      setError(reason)
      setErrors(fieldErrorsOf(reason))
    } finally {
      setBusy(false)
    }
  }

  const intro = (
    <>
      {t('products.ofFirm')} <Link to={`/firms/${firmId}`}>{firmName}</Link>
    </>
  )

  if (!mayEditProducts(me)) {
    return (
      <>
        <PageHeader title={title} intro={intro} />
        <ErrorAlert error={t('products.notAllowed')} />
      </>
    )
  }

  const numberField = (field: NumberField, label: string, hint?: string, required = false) => (
    <TextField
      label={label}
      hint={hint}
      name={field}
      inputMode="numeric"
      autoComplete="off"
      required={required}
      value={draft[field]}
      error={errors[field]}
      onChange={(e) => change({ [field]: e.target.value })}
    />
  )

  return (
    <>
      <PageHeader title={title} intro={intro} />
      <form ref={formRef} className="panel product-form" onSubmit={submit} noValidate>
        <ErrorAlert error={error} />
        <FormSection legend={t('products.section.product')}>
          <TextField
            label={t('products.name')}
            name="name"
            required
            minLength={2}
            maxLength={200}
            autoComplete="off"
            value={draft.name}
            error={errors.name}
            onChange={(e) => change({ name: e.target.value })}
          />
          <TextAreaField
            className="field-wide"
            label={t('products.description')}
            hint={t('products.descriptionHint')}
            maxLength={5000}
            rows={4}
            value={draft.description}
            error={errors.description}
            onChange={(e) => change({ description: e.target.value })}
          />
          <TextField
            label={t('products.certifications')}
            hint={t('products.certificationsHint')}
            name="certifications"
            autoComplete="off"
            value={draft.certifications}
            error={errors.certifications}
            onChange={(e) => change({ certifications: e.target.value })}
          />
        </FormSection>
        <FormSection legend={t('products.section.classification')}>
          <KbliField label={t('products.kbli')} hint={t('products.kbliHint')} name="kbli-code" value={draft.kbliCode} error={errors.kbliCode} onChange={(kbliCode) => change({ kbliCode })} />
          <ProductHsField label={t('products.hs')} hint={t('products.hsHint')} name="hs-code" value={draft.hsCode} error={errors.hsCode} onChange={(hsCode) => change({ hsCode })} />
          <div className="field-wide">
            <CheckboxField label={t('products.exportReadyLabel')} name="export-ready" checked={draft.exportReady} onChange={(e) => change({ exportReady: e.target.checked })} />
            {errors.exportReady ? (
              <p className="field-error" role="alert">
                {errors.exportReady}
              </p>
            ) : null}
          </div>
        </FormSection>
        <FormSection legend={t('products.section.trade')}>
          {numberField('priceIdr', t('products.priceIdr'), t('products.priceHint'), true)}
          <TextField
            label={t('products.unit')}
            hint={t('products.unitHint')}
            name="unit"
            required
            maxLength={30}
            autoComplete="off"
            list={unitListId}
            value={draft.unit}
            error={errors.unit}
            onChange={(e) => change({ unit: e.target.value })}
          />
          <datalist id={unitListId}>
            {UNIT_SUGGESTIONS.map((unit) => (
              <option key={unit} value={unit} />
            ))}
          </datalist>
          {numberField('minOrder', t('products.minOrder'), t('products.countHint'))}
          {numberField('monthlyCapacity', t('products.capacity'), t('products.countHint'))}
          {numberField('stock', t('products.stock'), t('products.countHint'))}
        </FormSection>
        <FormSection legend={t('products.section.size')}>
          {numberField('weightGrams', t('products.weight'), undefined, true)}
          {numberField('lengthMm', t('products.length'), t('products.dimensionsHint'))}
          {numberField('widthMm', t('products.width'))}
          {numberField('heightMm', t('products.height'))}
        </FormSection>
        <FormActions submit={product ? t('common.save') : t('products.create')} disabled={busy}>
          <Link className="button button-secondary" to={back}>
            {t('common.cancel')}
          </Link>
        </FormActions>
      </form>
    </>
  )
}
