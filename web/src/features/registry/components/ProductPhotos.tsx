import { useRef, useState, type FormEvent } from 'react'
import { api, messageOf, type Product, type ProductPhoto } from '../../../lib/api-client.ts'
import { useI18n } from '../../../lib/i18n-react.tsx'
import { ConfirmButton, ErrorAlert, Notice, TextField } from '../../../components/ui.tsx'
import { thumbnailUrl } from './ProductApi.ts'

// The server's limit (PHOTO_MAX_BYTES): checked here too so that a phone does not send megabytes
// only to be refused, and because a server that stops reading mid-upload may reach the browser
// as a dropped connection rather than as its message.
const MAX_BYTES = 5 * 1024 * 1024
const ACCEPT = 'image/jpeg,image/png,image/webp'

/** A product's photos: thumbnails linking to the full picture; upload and removal for those who may edit. */
export function ProductPhotos({ product, canEdit, onChange }: { product: Product; canEdit: boolean; onChange(photos: ProductPhoto[]): void }) {
  const { t, lang } = useI18n()
  const [file, setFile] = useState<File | null>(null)
  const [fileError, setFileError] = useState<string | null>(null)
  const [progress, setProgress] = useState<number | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [deleteError, setDeleteError] = useState<unknown>(undefined)
  const fileRef = useRef<HTMLInputElement>(null)
  const headingRef = useRef<HTMLHeadingElement>(null)
  const busy = progress !== null
  const percent = Math.round((progress ?? 0) * 100)

  function refuse(message: string) {
    setFileError(message)
    requestAnimationFrame(() => fileRef.current?.focus())
  }

  async function upload(event: FormEvent) {
    event.preventDefault()
    setNotice(null)
    setDeleteError(undefined)
    if (!file) return refuse(t('products.photoRequired'))
    if (file.size > MAX_BYTES) return refuse(t('products.photoTooLarge'))
    setFileError(null)
    setProgress(0)
    try {
      const photo = await api.products.uploadPhoto(product.id, file, setProgress)
      onChange([...product.photos, photo])
      setFile(null)
      if (fileRef.current) fileRef.current.value = ''
      setNotice(t('products.uploaded'))
    } catch (reason) {
      refuse(messageOf(reason, lang))
    } finally {
      setProgress(null)
    }
  }

  async function remove(photo: ProductPhoto) {
    setNotice(null)
    setDeleteError(undefined)
    try {
      await api.products.removePhoto(product.id, photo.id)
      onChange(product.photos.filter((p) => p.id !== photo.id))
      setNotice(t('products.photoDeleted'))
      // The removed photo's button is gone: keep keyboard focus in the panel.
      requestAnimationFrame(() => headingRef.current?.focus())
    } catch (reason) {
      setDeleteError(reason)
    }
  }

  return (
    <section className="panel" aria-labelledby="product-photos">
      <h2 id="product-photos" ref={headingRef} tabIndex={-1}>
        {t('products.photos')} <span className="muted small">({t('products.photoCount', { count: product.photos.length })})</span>
      </h2>
      {notice ? <Notice>{notice}</Notice> : null}
      <ErrorAlert error={deleteError} />
      {product.photos.length ? (
        <ul className="product-photos">
          {product.photos.map((photo, index) => {
            const n = index + 1
            return (
              <li key={photo.id} className="product-photo">
                <a href={photo.url} target="_blank" rel="noopener" aria-label={t('products.photoOpen', { n })}>
                  <img src={thumbnailUrl(photo)} alt={t('products.photoAlt', { n, name: product.name })} loading="lazy" />
                </a>
                <span className="muted small">{t('products.photoSize', { width: photo.width, height: photo.height })}</span>
                {canEdit ? (
                  <ConfirmButton label={t('products.photoDeleteLabel', { n })} onConfirm={() => remove(photo)}>
                    {t('products.photoDelete')}
                  </ConfirmButton>
                ) : null}
              </li>
            )
          })}
        </ul>
      ) : (
        <p className="muted">{t('products.noPhotos')}</p>
      )}
      {canEdit ? (
        <form className="product-upload" onSubmit={upload} noValidate aria-busy={busy}>
          <TextField
            ref={fileRef}
            label={t('products.photoFile')}
            hint={t('products.photosHint')}
            type="file"
            name="file"
            accept={ACCEPT}
            disabled={busy}
            error={fileError}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null)
              setFileError(null)
              setNotice(null)
            }}
          />
          <p className="progress-label" id="product-upload-progress" role="status">
            {busy ? t('products.uploading', { percent }) : ''}
          </p>
          {busy ? <progress className="progress" max={100} value={percent} aria-labelledby="product-upload-progress" /> : null}
          <div className="actions">
            <button type="submit" className="button" disabled={busy}>
              {t('products.upload')}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  )
}
