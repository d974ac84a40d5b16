// The instrument's sections (sales, workers, raw materials, held exports, ranked needs, notes),
// every field in the app's language with its error next to it.
import { useI18n } from '../../../lib/i18n-react.tsx'
import { CheckboxField, SelectField, TextField } from '../../../components/ui.tsx'
import { FormSection, TextAreaField } from '../../registry/components/fields.tsx'
import { CHANNELS, MATERIAL_CAUSES, NEEDS, type Need } from '../../../../../server/modules/assessment/rules.ts'
import {
  COUNT_FIELDS,
  emptyExport,
  emptyMaterial,
  formatId,
  parseWhole,
  salesChange,
  type AnswersDraft,
  type ExportDraft,
  type MaterialDraft,
} from './answers-draft.ts'

interface Props {
  draft: AnswersDraft
  errorOf(field: string): string | undefined
  onChange(update: (draft: AnswersDraft) => AnswersDraft): void
  referenceMonth: string
}

const numberInput = { inputMode: 'numeric' as const, autoComplete: 'off' }
const decimalInput = { inputMode: 'decimal' as const, autoComplete: 'off' }

export function AnswerSections({ draft, errorOf, onChange, referenceMonth }: Props) {
  const { t } = useI18n()
  const set = (patch: Partial<AnswersDraft>) => onChange((d) => ({ ...d, ...patch }))
  const baseline = parseWhole(draft.baselineTurnoverIdr)
  const reference = parseWhole(draft.referenceTurnoverIdr)
  const change = baseline !== null && reference !== null ? salesChange(baseline, reference) : null
  const counts = COUNT_FIELDS.map((field) => parseWhole(draft[field]) ?? 0)
  const accounted = counts.slice(1).reduce((sum, n) => sum + (Number.isFinite(n) ? n : 0), 0)
  const before = parseWhole(draft.workersBefore)

  const setMaterial = (index: number, patch: Partial<MaterialDraft>) =>
    onChange((d) => ({ ...d, materials: d.materials.map((m, i) => (i === index ? { ...m, ...patch } : m)) }))
  const setExport = (index: number, patch: Partial<ExportDraft>) =>
    onChange((d) => ({ ...d, exports: d.exports.map((e, i) => (i === index ? { ...e, ...patch } : e)) }))
  const moveNeed = (index: number, by: number) =>
    onChange((d) => {
      const needs = [...d.needs]
      const [need] = needs.splice(index, 1)
      needs.splice(index + by, 0, need)
      return { ...d, needs }
    })
  const needLabel = (need: Need) => t(`survey.need.${need}`)

  return (
    <>
      <FormSection legend={t('survey.section.sales')}>
        <TextField
          label={t('survey.field.baselineTurnoverIdr')}
          hint={t('survey.field.rupiahHint')}
          name="baselineTurnoverIdr"
          {...numberInput}
          value={draft.baselineTurnoverIdr}
          error={errorOf('baselineTurnoverIdr')}
          onChange={(e) => set({ baselineTurnoverIdr: e.target.value })}
        />
        <TextField
          label={t('survey.field.referenceTurnoverIdr', { month: referenceMonth })}
          hint={t('survey.field.rupiahHint')}
          name="referenceTurnoverIdr"
          {...numberInput}
          value={draft.referenceTurnoverIdr}
          error={errorOf('referenceTurnoverIdr')}
          onChange={(e) => set({ referenceTurnoverIdr: e.target.value })}
        />
        {change !== null ? (
          <p className="field-wide survey-computed" aria-live="polite">
            {t('survey.salesChange', { value: formatId(change) })}
          </p>
        ) : null}
        <fieldset className="field-wide survey-choices">
          <legend>{t('survey.field.channels')}</legend>
          {CHANNELS.map((channel) => (
            <CheckboxField
              key={channel}
              label={t(`survey.channel.${channel}`)}
              checked={draft.channels.includes(channel)}
              onChange={(e) => set({ channels: e.target.checked ? CHANNELS.filter((c) => c === channel || draft.channels.includes(c)) : draft.channels.filter((c) => c !== channel) })}
            />
          ))}
        </fieldset>
      </FormSection>

      <FormSection legend={t('survey.section.workers')}>
        {COUNT_FIELDS.map((field) => (
          <TextField
            key={field}
            label={t(`survey.field.${field}`)}
            name={field}
            {...numberInput}
            value={draft[field]}
            error={errorOf(field)}
            onChange={(e) => set({ [field]: e.target.value })}
          />
        ))}
        {before !== null && Number.isFinite(before) ? (
          <p className="field-wide survey-computed" aria-live="polite">
            {t('survey.workersAccounted', { accounted: formatId(accounted), before: formatId(before) })}
          </p>
        ) : null}
      </FormSection>

      <FormSection legend={t('survey.section.materials')}>
        <p className="field-wide hint">{draft.materials.length ? t('survey.materials.intro') : t('survey.materials.none')}</p>
        {draft.materials.map((m, i) => (
          <fieldset key={m.key} className="field-wide survey-row">
            <legend>{t('survey.materials.row', { n: i + 1 })}</legend>
            <div className="form-grid">
              <TextField label={t('survey.field.material')} name={`materials.${i}.material`} maxLength={120} value={m.material} error={errorOf(`materials.${i}.material`)} onChange={(e) => setMaterial(i, { material: e.target.value })} />
              <TextField label={t('survey.field.unit')} name={`materials.${i}.unit`} maxLength={20} value={m.unit} error={errorOf(`materials.${i}.unit`)} onChange={(e) => setMaterial(i, { unit: e.target.value })} />
              <TextField
                label={t('survey.field.neededPerMonth')}
                hint={t('survey.field.quantityHint')}
                name={`materials.${i}.neededPerMonth`}
                {...decimalInput}
                value={m.neededPerMonth}
                error={errorOf(`materials.${i}.neededPerMonth`)}
                onChange={(e) => setMaterial(i, { neededPerMonth: e.target.value })}
              />
              <TextField
                label={t('survey.field.obtained')}
                hint={t('survey.field.quantityHint')}
                name={`materials.${i}.obtained`}
                {...decimalInput}
                value={m.obtained}
                error={errorOf(`materials.${i}.obtained`)}
                onChange={(e) => setMaterial(i, { obtained: e.target.value })}
              />
              <SelectField label={t('survey.field.cause')} name={`materials.${i}.cause`} value={m.cause} error={errorOf(`materials.${i}.cause`)} onChange={(e) => setMaterial(i, { cause: e.target.value as MaterialDraft['cause'] })}>
                {MATERIAL_CAUSES.map((cause) => (
                  <option key={cause} value={cause}>
                    {t(`survey.cause.${cause}`)}
                  </option>
                ))}
              </SelectField>
            </div>
            <button type="button" className="button button-small button-secondary" onClick={() => onChange((d) => ({ ...d, materials: d.materials.filter((_, j) => j !== i) }))}>
              {t('survey.materials.remove', { n: i + 1 })}
            </button>
          </fieldset>
        ))}
        {draft.materials.length < 50 ? (
          <div className="field-wide">
            <button type="button" className="button button-small button-secondary" onClick={() => onChange((d) => ({ ...d, materials: [...d.materials, emptyMaterial()] }))}>
              {t('survey.materials.add')}
            </button>
          </div>
        ) : null}
      </FormSection>

      <FormSection legend={t('survey.section.exports')}>
        <p className="field-wide hint">{draft.exports.length ? t('survey.exports.intro') : t('survey.exports.none')}</p>
        {draft.exports.map((x, i) => (
          <fieldset key={x.key} className="field-wide survey-row">
            <legend>{t('survey.exports.row', { n: i + 1 })}</legend>
            <div className="form-grid">
              <TextField label={t('survey.field.contracts')} name={`exports.${i}.contracts`} {...numberInput} value={x.contracts} error={errorOf(`exports.${i}.contracts`)} onChange={(e) => setExport(i, { contracts: e.target.value })} />
              <TextField
                label={t('survey.field.currency')}
                hint={t('survey.field.currencyHint')}
                name={`exports.${i}.currency`}
                maxLength={3}
                autoCapitalize="characters"
                value={x.currency}
                error={errorOf(`exports.${i}.currency`)}
                onChange={(e) => setExport(i, { currency: e.target.value.toUpperCase() })}
              />
              <TextField label={t('survey.field.value')} hint={t('survey.field.quantityHint')} name={`exports.${i}.value`} {...decimalInput} value={x.value} error={errorOf(`exports.${i}.value`)} onChange={(e) => setExport(i, { value: e.target.value })} />
              <TextField
                label={t('survey.field.destinationCountries')}
                hint={t('survey.field.countriesHint')}
                name={`exports.${i}.destinationCountries`}
                autoCapitalize="characters"
                value={x.destinationCountries}
                error={errorOf(`exports.${i}.destinationCountries`)}
                onChange={(e) => setExport(i, { destinationCountries: e.target.value })}
              />
              <CheckboxField label={t('survey.field.goodsProduced')} checked={x.goodsProduced} onChange={(e) => setExport(i, { goodsProduced: e.target.checked })} />
            </div>
            <button type="button" className="button button-small button-secondary" onClick={() => onChange((d) => ({ ...d, exports: d.exports.filter((_, j) => j !== i) }))}>
              {t('survey.exports.remove', { n: i + 1 })}
            </button>
          </fieldset>
        ))}
        {draft.exports.length < 50 ? (
          <div className="field-wide">
            <button type="button" className="button button-small button-secondary" onClick={() => onChange((d) => ({ ...d, exports: [...d.exports, emptyExport()] }))}>
              {t('survey.exports.add')}
            </button>
          </div>
        ) : null}
      </FormSection>

      <FormSection legend={t('survey.section.needs')}>
        <div className="field-wide">
          <p className="hint">{t('survey.needs.intro')}</p>
          {errorOf('needs') ? (
            <p className="field-error" role="alert">
              {errorOf('needs')}
            </p>
          ) : null}
          {draft.needs.length ? (
            <ol className="survey-needs" aria-label={t('survey.needs.chosen')}>
              {draft.needs.map((need, i) => (
                <li key={need}>
                  <span className="survey-need-name">{needLabel(need)}</span>
                  <span className="survey-need-actions">
                    <button type="button" className="button button-small button-secondary" disabled={i === 0} aria-label={t('survey.needs.up', { need: needLabel(need) })} onClick={() => moveNeed(i, -1)}>
                      ↑
                    </button>
                    <button
                      type="button"
                      className="button button-small button-secondary"
                      disabled={i === draft.needs.length - 1}
                      aria-label={t('survey.needs.down', { need: needLabel(need) })}
                      onClick={() => moveNeed(i, 1)}
                    >
                      ↓
                    </button>
                    <button type="button" className="button button-small button-secondary" aria-label={t('survey.needs.remove', { need: needLabel(need) })} onClick={() => set({ needs: draft.needs.filter((n) => n !== need) })}>
                      ×
                    </button>
                  </span>
                </li>
              ))}
            </ol>
          ) : (
            <p>{t('survey.needs.none')}</p>
          )}
          {draft.needs.length < NEEDS.length ? (
            <div className="survey-need-add" role="group" aria-label={t('survey.needs.available')}>
              {NEEDS.filter((need) => !draft.needs.includes(need)).map((need) => (
                <button key={need} type="button" className="button button-small button-secondary" onClick={() => set({ needs: [...draft.needs, need] })}>
                  {t('survey.needs.add', { need: needLabel(need) })}
                </button>
              ))}
            </div>
          ) : null}
        </div>
      </FormSection>

      <FormSection legend={t('survey.section.notes')}>
        <TextAreaField className="field-wide" label={t('survey.field.notes')} name="notes" maxLength={4000} value={draft.notes} error={errorOf('notes')} onChange={(e) => set({ notes: e.target.value })} />
      </FormSection>
    </>
  )
}
