import { useEffect, useRef, useState, type FormEvent } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { api, type Firm, type FirmCreate } from '../../../lib/api-client.ts'
import { useI18n, useTitle } from '../../../lib/i18n-react.tsx'
import { useLoad } from '../../../lib/use-load.ts'
import { useMe } from '../../../app/session.tsx'
import { CheckboxField, ErrorAlert, FormActions, Loading, PageHeader, TextField } from '../../../components/ui.tsx'
import { FirmFields } from '../components/FirmFields.tsx'
import { EMPTY_DRAFT, draftOf, firmBodyOf, type FirmDraft } from '../components/firm-draft.ts'
import { fieldErrorsOf, focusFirstInvalid, type FieldErrors } from '../components/field-errors.ts'
import { FormSection } from '../components/fields.tsx'

interface OwnerDraft {
  name: string
  nik: string
  phone: string
  email: string
}

const EMPTY_OWNER: OwnerDraft = { name: '', nik: '', phone: '', email: '' }

/** /firms/new and /firms/:id/edit */
export function FirmFormPage() {
  const { id } = useParams()
  const firm = useLoad(() => (id ? api.firms.get(id) : Promise.resolve(null)), id ?? 'new')
  const { t } = useI18n()
  if (id && firm.error) {
    return (
      <>
        <PageHeader title={t('firms.editTitle')} />
        <ErrorAlert error={firm.error} />
      </>
    )
  }
  if (firm.loading || firm.data === undefined) return <Loading />
  return <FirmForm key={id ?? 'new'} firm={firm.data} />
}

function FirmForm({ firm }: { firm: Firm | null }) {
  const { t } = useI18n()
  const navigate = useNavigate()
  const me = useMe()
  const ownProvince = me.role === 'regional_officer' && me.organisation.provinceCode ? [me.organisation.provinceCode] : undefined
  const title = firm ? t('firms.editTitle') : t('firms.newTitle')
  useTitle(title)
  const [draft, setDraft] = useState<FirmDraft>(firm ? draftOf(firm) : EMPTY_DRAFT)
  // An existing owner's NIK and phone are stored encrypted and shown masked: they are replaced, never edited.
  const [replaceOwner, setReplaceOwner] = useState(!firm?.owner)
  const [owner, setOwner] = useState<OwnerDraft>(firm?.owner ? { ...EMPTY_OWNER, name: firm.owner.name, email: firm.owner.email ?? '' } : EMPTY_OWNER)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [error, setError] = useState<unknown>(undefined)
  const [busy, setBusy] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)

  useEffect(() => {
    if (Object.keys(errors).length) focusFirstInvalid(formRef.current)
  }, [errors])

  async function submit(event: FormEvent) {
    event.preventDefault()
    const converted = firmBodyOf(draft)
    if ('invalid' in converted) {
      setErrors(Object.fromEntries(converted.invalid.map((field) => [field, t('firms.numberInvalid')])))
      setError(t('firms.fixErrors'))
      return
    }
    const body: FirmCreate = { ...converted.body }
    const ownerGiven = Object.values(owner).some((value) => value.trim() !== '')
    if (replaceOwner && ownerGiven) {
      body.owner = { name: owner.name.trim() }
      if (owner.nik.trim()) body.owner.nik = owner.nik.trim()
      if (owner.phone.trim()) body.owner.phone = owner.phone.trim()
      if (owner.email.trim()) body.owner.email = owner.email.trim()
    }
    setBusy(true)
    setError(undefined)
    setErrors({})
    try {
      const saved = firm ? await api.firms.update(firm.id, body) : await api.firms.create(body)
      navigate(`/firms/${saved.id}`, { state: { saved: true } })
    } catch (reason) {
      setError(reason)
      setErrors(fieldErrorsOf(reason))
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <PageHeader title={title} intro={firm ? firm.name : t('firms.newIntro')} />
      <form ref={formRef} className="panel firm-form" onSubmit={submit} noValidate>
        <ErrorAlert error={error} />
        <FirmFields draft={draft} errors={errors} withSentra provinces={ownProvince} onChange={(patch) => setDraft((current) => ({ ...current, ...patch }))} />
        <FormSection legend={t('firms.section.owner')}>
          {firm?.owner ? (
            <div className="field-wide">
              <p className="muted">
                {t('firms.ownerCurrent', { name: firm.owner.name, nik: firm.owner.nikMasked ?? t('common.none'), phone: firm.owner.phoneMasked ?? t('common.none') })}
              </p>
              <CheckboxField label={t('firms.ownerReplace')} checked={replaceOwner} onChange={(e) => setReplaceOwner(e.target.checked)} />
            </div>
          ) : null}
          {replaceOwner ? (
            <>
              <TextField label={t('firms.ownerName')} name="owner-name" maxLength={200} autoComplete="off" value={owner.name} error={errors['owner.name']} onChange={(e) => setOwner({ ...owner, name: e.target.value })} />
              <TextField
                label={t('firms.ownerNik')}
                hint={t('firms.ownerNikHint')}
                name="owner-nik"
                inputMode="numeric"
                autoComplete="off"
                maxLength={40}
                value={owner.nik}
                error={errors['owner.nik']}
                onChange={(e) => setOwner({ ...owner, nik: e.target.value })}
              />
              <TextField
                label={t('firms.ownerPhone')}
                hint={t('firms.ownerPhoneHint')}
                name="owner-phone"
                type="tel"
                autoComplete="off"
                maxLength={40}
                value={owner.phone}
                error={errors['owner.phone']}
                onChange={(e) => setOwner({ ...owner, phone: e.target.value })}
              />
              <TextField label={t('firms.ownerEmail')} name="owner-email" type="email" autoComplete="off" maxLength={254} value={owner.email} error={errors['owner.email']} onChange={(e) => setOwner({ ...owner, email: e.target.value })} />
            </>
          ) : null}
        </FormSection>
        <FormActions submit={firm ? t('common.save') : t('firms.create')} disabled={busy}>
          <Link className="button button-secondary" to={firm ? `/firms/${firm.id}` : '/firms'}>
            {t('common.cancel')}
          </Link>
        </FormActions>
      </form>
    </>
  )
}
