import { SelectField } from '../../../components/ui.tsx'
import { useI18n } from '../../../lib/i18n-react.tsx'
import { useDistricts, useProvinces, useRegencies } from './regions.ts'

export interface RegionValue {
  provinceCode: string
  regencyCode: string
  districtCode: string
}

/** Province → regency (→ district) pickers; choosing a parent clears its children. */
export function RegionFields({
  value,
  onChange,
  errors = {},
  required = false,
  withDistrict = true,
  anyLabel,
  provinces: allowedProvinces,
}: {
  value: RegionValue
  onChange(value: RegionValue): void
  errors?: Partial<Record<keyof RegionValue, string>>
  required?: boolean
  withDistrict?: boolean
  /** Text of the empty choice (e.g. "All" in filters). */
  anyLabel?: string
  /** Only these province codes (e.g. a regional officer's own). */
  provinces?: readonly string[]
}) {
  const { t } = useI18n()
  const provinces = useProvinces().filter((province) => !allowedProvinces || allowedProvinces.includes(province.code))
  const regencies = useRegencies(value.provinceCode)
  const districts = useDistricts(withDistrict ? value.regencyCode : '')
  const empty = anyLabel ?? t('firms.choose')

  return (
    <>
      <SelectField
        label={t('firms.province')}
        required={required}
        value={value.provinceCode}
        error={errors.provinceCode}
        onChange={(event) => onChange({ provinceCode: event.target.value, regencyCode: '', districtCode: '' })}
      >
        <option value="">{empty}</option>
        {provinces.map((province) => (
          <option key={province.code} value={province.code}>
            {province.name}
          </option>
        ))}
      </SelectField>
      <SelectField
        label={t('firms.regency')}
        required={required}
        disabled={!value.provinceCode}
        value={value.regencyCode}
        error={errors.regencyCode}
        onChange={(event) => onChange({ ...value, regencyCode: event.target.value, districtCode: '' })}
      >
        <option value="">{empty}</option>
        {regencies.map((regency) => (
          <option key={regency.code} value={regency.code}>
            {regency.name}
          </option>
        ))}
      </SelectField>
      {withDistrict ? (
        <SelectField
          label={t('firms.district')}
          disabled={!value.regencyCode}
          value={value.districtCode}
          error={errors.districtCode}
          onChange={(event) => onChange({ ...value, districtCode: event.target.value })}
        >
          <option value="">{anyLabel ?? t('firms.chooseOptional')}</option>
          {districts.map((district) => (
            <option key={district.code} value={district.code}>
              {district.name}
            </option>
          ))}
        </SelectField>
      ) : null}
    </>
  )
}
