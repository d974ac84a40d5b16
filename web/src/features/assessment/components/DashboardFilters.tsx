import { useEffect, useState } from 'react'
import type { Province, Regency } from '../../../lib/api-client.ts'
import { useI18n } from '../../../lib/i18n-react.tsx'
import { SelectField } from '../../../components/ui.tsx'
import { loadProvinces, loadRegencies } from '../../registry/components/regions.ts'

/** The dashboard's state, all of it in the URL so a view can be shared and reloaded. */
export interface DashboardState {
  round: string
  province: string
  regency: string
  kbli: string
  size: string
  measure: Measure
}

export const MEASURES = ['median', 'responseRate', 'sentHome'] as const
export type Measure = (typeof MEASURES)[number]
export const SIZES = ['small', 'medium', 'large', 'unknown'] as const
/** KBLI 2020 golongan pokok of manufacturing (section C). */
export const KBLI_DIVISIONS = Array.from({ length: 24 }, (_, i) => String(10 + i))

export function stateOf(params: URLSearchParams): DashboardState {
  const get = (key: string) => params.get(key) ?? ''
  const measure = get('measure') as Measure
  const province = /^\d{2}$/.test(get('province')) ? get('province') : ''
  const regency = /^\d{2}\.\d{2}$/.test(get('regency')) && get('regency').startsWith(province) && province ? get('regency') : ''
  return {
    round: /^[0-9a-f-]{36}$/.test(get('round')) ? get('round') : '',
    province,
    regency,
    kbli: /^(\d{2}|--)$/.test(get('kbli')) ? get('kbli') : '',
    size: (SIZES as readonly string[]).includes(get('size')) ? get('size') : '',
    measure: MEASURES.includes(measure) ? measure : 'median',
  }
}

export function paramsOfState(state: Partial<DashboardState>, extra: Record<string, string | number | undefined> = {}): URLSearchParams {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries({ ...state, ...extra })) {
    if (value === undefined || value === '' || (key === 'measure' && value === 'median')) continue
    params.set(key, String(value))
  }
  return params
}

/** The API's filter of a dashboard state. */
export function apiFilterOf(state: DashboardState) {
  return {
    province: state.province || undefined,
    regency: state.regency || undefined,
    kbliDivision: state.kbli || undefined,
    sizeClass: (state.size || undefined) as (typeof SIZES)[number] | undefined,
  }
}

/** Names of provinces and of the chosen province's regencies. */
export function useAreaNames(province: string) {
  const [provinces, setProvinces] = useState<Province[]>([])
  const [regencies, setRegencies] = useState<Regency[]>([])
  useEffect(() => {
    loadProvinces()
      .then(setProvinces)
      .catch(() => setProvinces([]))
  }, [])
  useEffect(() => {
    if (!province) {
      setRegencies([])
      return
    }
    let current = true
    loadRegencies(province)
      .then((list) => current && setRegencies(list))
      .catch(() => current && setRegencies([]))
    return () => {
      current = false
    }
  }, [province])
  return { provinces, regencies }
}

export function useNumberFormat() {
  const { lang } = useI18n()
  const nf = new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-GB', { maximumFractionDigits: 1 })
  return (n: number | null | undefined) => (n === null || n === undefined ? '—' : nf.format(n))
}

export function DashboardFilters({
  state,
  rounds,
  provinces,
  regencies,
  lockedProvince,
  lockedRegency,
  onChange,
  hideRound,
}: {
  state: DashboardState
  rounds: Array<{ id: string; name: string; referenceMonth: string }>
  provinces: Province[]
  regencies: Regency[]
  lockedProvince: string | null
  lockedRegency: string | null
  onChange(patch: Partial<DashboardState>): void
  /** The triage page has no round (candidates come from each firm's latest response). */
  hideRound?: boolean
}) {
  const { t } = useI18n()
  return (
    <form className="filters dashboard-filters" role="search" aria-label={t('dashboard.filters')} onSubmit={(e) => e.preventDefault()}>
      {hideRound ? null : (
        <SelectField label={t('dashboard.round')} value={state.round} onChange={(e) => onChange({ round: e.target.value })}>
          {rounds.map((r) => (
            <option key={r.id} value={r.id}>
              {t('dashboard.roundOption', { name: r.name, month: r.referenceMonth })}
            </option>
          ))}
        </SelectField>
      )}
      <SelectField
        label={t('dashboard.province')}
        value={state.province}
        disabled={!!lockedProvince}
        onChange={(e) => onChange({ province: e.target.value, regency: '' })}
      >
        {lockedProvince ? null : <option value="">{t('dashboard.all')}</option>}
        {provinces
          .filter((p) => !lockedProvince || p.code === lockedProvince)
          .map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
      </SelectField>
      <SelectField
        label={t('dashboard.regency')}
        value={state.regency}
        disabled={!state.province || !!lockedRegency}
        onChange={(e) => onChange({ regency: e.target.value })}
      >
        {lockedRegency ? null : <option value="">{t('dashboard.all')}</option>}
        {regencies
          .filter((r) => !lockedRegency || r.code === lockedRegency)
          .map((r) => (
            <option key={r.code} value={r.code}>
              {r.name}
            </option>
          ))}
      </SelectField>
      <SelectField label={t('dashboard.kbli')} value={state.kbli} onChange={(e) => onChange({ kbli: e.target.value })}>
        <option value="">{t('dashboard.all')}</option>
        {KBLI_DIVISIONS.map((d) => (
          <option key={d} value={d}>
            {d}
          </option>
        ))}
        <option value="--">{t('dashboard.kbliNone')}</option>
      </SelectField>
      <SelectField label={t('dashboard.size')} value={state.size} onChange={(e) => onChange({ size: e.target.value })}>
        <option value="">{t('dashboard.all')}</option>
        {SIZES.map((s) => (
          <option key={s} value={s}>
            {t(`dashboard.size.${s}`)}
          </option>
        ))}
      </SelectField>
      <div className="filter-actions">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => onChange({ province: lockedProvince ?? '', regency: lockedRegency ?? '', kbli: '', size: '' })}
        >
          {t('dashboard.reset')}
        </button>
      </div>
    </form>
  )
}
