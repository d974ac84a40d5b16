import { useEffect, useState } from 'react'
import { api, type Sentra } from '../../../lib/api-client.ts'
import { useI18n } from '../../../lib/i18n-react.tsx'
import { CheckboxField, SelectField, TextField } from '../../../components/ui.tsx'
import { LEGAL_FORMS, isLegalForm, type FirmDraft } from './firm-draft.ts'
import type { FieldErrors } from './field-errors.ts'
import { KbliField } from './KbliField.tsx'
import { RegionFields } from './RegionFields.tsx'
import { FormSection, TextAreaField } from './fields.tsx'
import { useRegionListsAvailable } from './regions.ts'

/** The firm part of the firm form and of self-registration; `errors` are keyed by firm field name. */
export function FirmFields({
  draft,
  onChange,
  errors,
  withSentra,
  provinces,
}: {
  draft: FirmDraft
  onChange(patch: Partial<FirmDraft>): void
  errors: FieldErrors
  /** Sentra can be listed only when signed in. */
  withSentra: boolean
  /** Only these province codes (a regional officer records firms of their own province). */
  provinces?: readonly string[]
}) {
  const { t } = useI18n()
  const [sentra, setSentra] = useState<Sentra[]>([])
  const regionLists = useRegionListsAvailable()

  useEffect(() => {
    if (!withSentra || !draft.regencyCode) return
    let current = true
    api.sentra
      .list({ regency: draft.regencyCode })
      .then((list) => current && setSentra(list.items))
      .catch(() => current && setSentra([]))
    return () => {
      current = false
    }
  }, [withSentra, draft.regencyCode])

  return (
    <>
      <FormSection legend={t('firms.section.identity')}>
        <TextField label={t('firms.name')} name="firm-name" required minLength={2} maxLength={200} value={draft.name} error={errors.name} onChange={(e) => onChange({ name: e.target.value })} />
        <TextField
          label={t('firms.nib')}
          hint={t('firms.nibHint')}
          name="nib"
          inputMode="numeric"
          maxLength={40}
          value={draft.nib}
          error={errors.nib}
          onChange={(e) => onChange({ nib: e.target.value })}
        />
        <SelectField label={t('firms.legalForm')} value={draft.legalForm} error={errors.legalForm} onChange={(e) => isLegalForm(e.target.value) && onChange({ legalForm: e.target.value })}>
          {LEGAL_FORMS.map((form) => (
            <option key={form} value={form}>
              {t(`legal.${form}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t('firms.yearFounded')}
          inputMode="numeric"
          maxLength={4}
          value={draft.yearFounded}
          error={errors.yearFounded}
          onChange={(e) => onChange({ yearFounded: e.target.value })}
        />
      </FormSection>
      <FormSection legend={t('firms.section.location')}>
        {regionLists === false ? (
          <>
            <TextField
              label={t('firms.regencyCode')}
              hint={t('firms.regencyCodeHint')}
              name="regency-code"
              required
              inputMode="decimal"
              maxLength={5}
              value={draft.regencyCode}
              error={errors.regencyCode ?? errors.provinceCode}
              onChange={(e) => onChange({ regencyCode: e.target.value.trim(), provinceCode: '', districtCode: '' })}
            />
            <TextField
              label={t('firms.districtCode')}
              hint={t('firms.districtCodeHint')}
              name="district-code"
              inputMode="decimal"
              maxLength={8}
              value={draft.districtCode}
              error={errors.districtCode}
              onChange={(e) => onChange({ districtCode: e.target.value.trim() })}
            />
          </>
        ) : (
          <RegionFields
            required
            provinces={provinces}
            value={draft}
            errors={{ provinceCode: errors.provinceCode, regencyCode: errors.regencyCode, districtCode: errors.districtCode }}
            onChange={(region) => onChange({ ...region, sentraId: region.regencyCode === draft.regencyCode ? draft.sentraId : '' })}
          />
        )}
        <TextAreaField label={t('firms.address')} maxLength={500} value={draft.address} error={errors.address} onChange={(e) => onChange({ address: e.target.value })} />
        {withSentra ? (
          <SelectField label={t('firms.sentra')} disabled={!draft.regencyCode} value={draft.sentraId} error={errors.sentraId} onChange={(e) => onChange({ sentraId: e.target.value })}>
            <option value="">{t('firms.noSentra')}</option>
            {sentra.map((item) => (
              <option key={item.id} value={item.id}>
                {item.name}
              </option>
            ))}
          </SelectField>
        ) : null}
      </FormSection>
      <FormSection legend={t('firms.section.business')}>
        <KbliField label={t('firms.kbliMain')} hint={t('firms.kbliHint')} name="kbli-main" value={draft.kbliMain} error={errors.kbliMain} onChange={(kbliMain) => onChange({ kbliMain })} />
        <TextField label={t('firms.kbliOthers')} hint={t('firms.listHint')} value={draft.kbliOthers} error={errors.kbliOthers} onChange={(e) => onChange({ kbliOthers: e.target.value })} />
        <TextField label={t('firms.workersTotal')} inputMode="numeric" value={draft.workersTotal} error={errors.workersTotal} onChange={(e) => onChange({ workersTotal: e.target.value })} />
        <TextField label={t('firms.workersWomen')} inputMode="numeric" value={draft.workersWomen} error={errors.workersWomen} onChange={(e) => onChange({ workersWomen: e.target.value })} />
        <TextField
          label={t('firms.investment')}
          hint={t('firms.investmentHint')}
          inputMode="numeric"
          value={draft.investmentIdr}
          error={errors.investmentIdr}
          onChange={(e) => onChange({ investmentIdr: e.target.value })}
        />
        <TextField label={t('firms.turnover')} hint={t('firms.rupiahHint')} inputMode="numeric" value={draft.annualTurnoverIdr} error={errors.annualTurnoverIdr} onChange={(e) => onChange({ annualTurnoverIdr: e.target.value })} />
        <TextField label={t('firms.certifications')} hint={t('firms.certificationsHint')} value={draft.certifications} error={errors.certifications} onChange={(e) => onChange({ certifications: e.target.value })} />
        <TextAreaField label={t('firms.storeLinks')} hint={t('firms.storeLinksHint')} value={draft.storeLinks} error={errors.storeLinks} onChange={(e) => onChange({ storeLinks: e.target.value })} />
        <CheckboxField label={t('firms.exportExperience')} checked={draft.exportExperience} onChange={(e) => onChange({ exportExperience: e.target.checked })} />
      </FormSection>
    </>
  )
}
