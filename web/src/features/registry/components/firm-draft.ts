import type { Firm, FirmCreate, LegalForm } from '../../../lib/api-client.ts'
import { parseList, parseWholeNumber } from './format.ts'

export const LEGAL_FORMS = ['perorangan', 'ud', 'cv', 'firma', 'pt', 'pt_perorangan', 'koperasi', 'lainnya'] as const satisfies readonly LegalForm[]

export function isLegalForm(value: string): value is LegalForm {
  return (LEGAL_FORMS as readonly string[]).includes(value)
}

/** A firm record as typed into the form: text as typed, converted on submit. */
export interface FirmDraft {
  name: string
  nib: string
  legalForm: LegalForm
  provinceCode: string
  regencyCode: string
  districtCode: string
  address: string
  kbliMain: string
  kbliOthers: string
  workersTotal: string
  workersWomen: string
  investmentIdr: string
  annualTurnoverIdr: string
  yearFounded: string
  certifications: string
  exportExperience: boolean
  sentraId: string
  storeLinks: string
}

export const EMPTY_DRAFT: FirmDraft = {
  name: '',
  nib: '',
  legalForm: 'perorangan',
  provinceCode: '',
  regencyCode: '',
  districtCode: '',
  address: '',
  kbliMain: '',
  kbliOthers: '',
  workersTotal: '',
  workersWomen: '',
  investmentIdr: '',
  annualTurnoverIdr: '',
  yearFounded: '',
  certifications: '',
  exportExperience: false,
  sentraId: '',
  storeLinks: '',
}

const text = (value: number | string | null | undefined) => (value === null || value === undefined ? '' : String(value))

export function draftOf(firm: Firm): FirmDraft {
  return {
    name: firm.name,
    nib: text(firm.nib),
    legalForm: firm.legalForm,
    provinceCode: firm.provinceCode,
    regencyCode: firm.regencyCode,
    districtCode: text(firm.districtCode),
    address: text(firm.address),
    kbliMain: text(firm.kbliMain),
    kbliOthers: firm.kbliOthers.join(', '),
    workersTotal: text(firm.workersTotal),
    workersWomen: text(firm.workersWomen),
    investmentIdr: text(firm.investmentIdr),
    annualTurnoverIdr: text(firm.annualTurnoverIdr),
    yearFounded: text(firm.yearFounded),
    certifications: firm.certifications.join(', '),
    exportExperience: firm.exportExperience,
    sentraId: text(firm.sentraId),
    storeLinks: firm.storeLinks.join('\n'),
  }
}

const NUMBER_FIELDS = ['workersTotal', 'workersWomen', 'investmentIdr', 'annualTurnoverIdr', 'yearFounded'] as const

/**
 * The API body of a draft (cleared fields become null), or the fields whose numbers do not
 * parse. The server checks everything else and names the field it refuses.
 */
export function firmBodyOf(draft: FirmDraft): { body: Omit<FirmCreate, 'owner'> } | { invalid: (typeof NUMBER_FIELDS)[number][] } {
  const numbers = Object.fromEntries(NUMBER_FIELDS.map((field) => [field, parseWholeNumber(draft[field])])) as Record<(typeof NUMBER_FIELDS)[number], number | null>
  const invalid = NUMBER_FIELDS.filter((field) => Number.isNaN(numbers[field]))
  if (invalid.length) return { invalid }
  const kbliMain = draft.kbliMain.trim().match(/^\d{5}/)?.[0] ?? draft.kbliMain.trim()
  return {
    body: {
      name: draft.name.trim(),
      nib: draft.nib.trim() || null,
      legalForm: draft.legalForm,
      provinceCode: draft.provinceCode || undefined,
      regencyCode: draft.regencyCode,
      districtCode: draft.districtCode || null,
      address: draft.address.trim() || null,
      kbliMain: kbliMain || null,
      kbliOthers: parseList(draft.kbliOthers),
      ...numbers,
      certifications: parseList(draft.certifications),
      exportExperience: draft.exportExperience,
      sentraId: draft.sentraId || null,
      storeLinks: parseList(draft.storeLinks),
    },
  }
}
