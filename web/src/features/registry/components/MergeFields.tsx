// The fields an officer picks one by one when merging two firms (the server's MERGE_FIELDS), how
// each reads in words, and which side is kept when the officer has not chosen.
import type { components } from '../../../lib/api.gen.ts'
import type { Firm } from '../../../lib/api-client.ts'
import type { Lang, MessageKey, Params } from '../../../lib/i18n.ts'
import { formatIdr, formatNumber } from './format.ts'

type Schemas = components['schemas']
export type DuplicateCandidate = Schemas['DuplicateCandidate']
export type DuplicateFirm = Schemas['DuplicateFirm']
export type DuplicateReason = Schemas['DuplicateReason']
export type FirmMerge = Schemas['FirmMerge']
export type MergeField = keyof Schemas['FirmMergeCreate']['fields']
export type MergeSide = 'survivor' | 'merged'

/** The label of each field, in the server's order; a field the server adds fails to compile here. */
export const MERGE_FIELD_LABELS: Record<MergeField, MessageKey> = {
  name: 'firms.name',
  nib: 'firms.nib',
  legalForm: 'firms.legalForm',
  address: 'firms.address',
  region: 'merges.field.region',
  kbliMain: 'firms.kbliMain',
  kbliOthers: 'firms.kbliOthers',
  workersTotal: 'firms.workersTotal',
  workersWomen: 'firms.workersWomen',
  investmentIdr: 'firms.investment',
  annualTurnoverIdr: 'firms.turnover',
  yearFounded: 'firms.yearFounded',
  certifications: 'firms.certifications',
  exportExperience: 'firms.exportExperience',
  sentraId: 'firms.sentra',
  storeLinks: 'firms.storeLinks',
  organisation: 'merges.field.organisation',
  owner: 'merges.field.owner',
}

export const MERGE_FIELDS = Object.keys(MERGE_FIELD_LABELS) as MergeField[]

export const isMergeField = (key: string): key is MergeField => Object.hasOwn(MERGE_FIELD_LABELS, key)

/**
 * What a field holds, for comparing the two firms. The API does not show which organisation signs
 * in for a firm; only firms their owners registered themselves have one, so the source stands in.
 */
function rawValue(firm: Firm, field: MergeField): unknown {
  switch (field) {
    case 'region':
      return [firm.provinceCode, firm.regencyCode, firm.districtCode]
    case 'organisation':
      return firm.source === 'self_registered'
    case 'owner':
      return firm.owner ? [firm.owner.name, firm.owner.nikMasked, firm.owner.phoneMasked, firm.owner.email] : null
    default:
      return firm[field]
  }
}

export function isEmptyField(firm: Firm, field: MergeField): boolean {
  const value = rawValue(firm, field)
  return value === null || value === undefined || value === '' || value === false || (Array.isArray(value) && value.length === 0)
}

export const sameField = (x: Firm, y: Firm, field: MergeField) => JSON.stringify(rawValue(x, field)) === JSON.stringify(rawValue(y, field))

/** The side kept when the officer has not chosen: the survivor's value, or the merged firm's when only it is filled in. */
export function defaultSide(survivor: Firm, merged: Firm, field: MergeField): MergeSide {
  return isEmptyField(survivor, field) && !isEmptyField(merged, field) ? 'merged' : 'survivor'
}

export interface ValueContext {
  t(key: MessageKey, params?: Params): string
  lang: Lang
  regionName(code: string | null | undefined): string
  sentraName(id: string): string
}

/** A field's value in words; '' when empty. */
export function fieldText(firm: Firm, field: MergeField, { t, lang, regionName, sentraName }: ValueContext): string {
  switch (field) {
    case 'name':
      return firm.name
    case 'nib':
      return firm.nib ?? ''
    case 'legalForm':
      return t(`legal.${firm.legalForm}`)
    case 'address':
      return firm.address ?? ''
    case 'region':
      return [firm.districtCode, firm.regencyCode, firm.provinceCode]
        .filter((code): code is string => !!code)
        .map((code) => regionName(code))
        .join(', ')
    case 'kbliMain':
      return firm.kbliMain ?? ''
    case 'kbliOthers':
      return firm.kbliOthers.join(', ')
    case 'workersTotal':
      return formatNumber(lang, firm.workersTotal)
    case 'workersWomen':
      return formatNumber(lang, firm.workersWomen)
    case 'investmentIdr':
      return formatIdr(lang, firm.investmentIdr)
    case 'annualTurnoverIdr':
      return formatIdr(lang, firm.annualTurnoverIdr)
    case 'yearFounded':
      return firm.yearFounded === null ? '' : String(firm.yearFounded)
    case 'certifications':
      return firm.certifications.join(', ')
    case 'exportExperience':
      return firm.exportExperience ? t('common.yes') : t('common.no')
    case 'sentraId':
      return firm.sentraId ? sentraName(firm.sentraId) : ''
    case 'storeLinks':
      return firm.storeLinks.join(', ')
    case 'organisation':
      return firm.source === 'self_registered' ? t('merges.accountSelf') : ''
    case 'owner': {
      const owner = firm.owner
      if (!owner) return ''
      return [owner.name, owner.nikMasked ? `NIK ${owner.nikMasked}` : '', owner.phoneMasked ?? '', owner.email ?? ''].filter(Boolean).join(' · ')
    }
  }
}
