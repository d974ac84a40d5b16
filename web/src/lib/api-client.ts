// The one typed client of the Pulih API. It sends the session cookie (same origin), the
// current language as Accept-Language, and the CSRF token on every state-changing request;
// a request refused for a stale CSRF token is retried once with a fresh token.
import { DEFAULT_LANG, translate, type Lang } from './i18n.ts'
import type { components, paths } from './api.gen.ts'

export const ROLES = [
  'admin',
  'officer',
  'regional_officer',
  'firm_owner',
  'marketplace_partner',
  'supplier',
  'bank_officer',
  'attache',
  'buyer',
] as const
export type Role = Schemas['Role']
// Fails to compile when the server's list of roles and this one part ways.
const rolesComplete: Record<Role, true> = Object.fromEntries(ROLES.map((r) => [r, true])) as Record<(typeof ROLES)[number], true>
void rolesComplete

export const ORGANISATION_KINDS = ['ministry', 'regional_office', 'marketplace', 'bank', 'supplier', 'embassy', 'buyer', 'firm'] as const satisfies readonly Schemas['OrganisationKind'][]
export type OrganisationKind = Schemas['OrganisationKind']

/** The organisation kind each role belongs to (mirrors the server's rule, used to narrow pickers). */
export const ROLE_ORGANISATION_KIND: Record<Role, OrganisationKind> = {
  admin: 'ministry',
  officer: 'ministry',
  regional_officer: 'regional_office',
  firm_owner: 'firm',
  marketplace_partner: 'marketplace',
  supplier: 'supplier',
  bank_officer: 'bank',
  attache: 'embassy',
  buyer: 'buyer',
}

// API shapes come from the generated OpenAPI types (npm run gen:openapi), never written by hand.
type Schemas = components['schemas']
export type Me = Schemas['Me']
export type Permission = Me['permissions'][number]
export type AuthState = Schemas['AuthState']
export type Stage = AuthState['stage']
export type TotpEnrolment = Schemas['TotpEnrolment']
export type InvitationPreview = Schemas['InvitationPreview']
export type Organisation = Schemas['Organisation']
export type OrganisationRef = Schemas['User']['organisation']
export type OrganisationCreate = Schemas['OrganisationCreate']
export type Province = Schemas['Province']
export type Regency = Schemas['Regency']
export type User = Schemas['User']
export type Invitation = Schemas['Invitation']
export type AuditEntry = Schemas['AuditEntry']
export type AuditQuery = NonNullable<paths['/api/audit']['get']['parameters']['query']>
export type ApiToken = Schemas['ApiToken']
export type District = Schemas['District']
export type KbliCode = Schemas['KbliCode']
export type Firm = Schemas['Firm']
export type FirmOwner = Schemas['FirmOwner']
export type FirmPage = Schemas['FirmPage']
export type FirmCreate = Schemas['FirmCreate']
export type FirmUpdate = Schemas['FirmUpdate']
export type LegalForm = Firm['legalForm']
export type SizeClass = NonNullable<Firm['sizeClass']>
export type FirmQuery = NonNullable<paths['/api/firms']['get']['parameters']['query']>
export type FirmExportQuery = paths['/api/firms/export']['get']['parameters']['query']
export type FirmFilters = Omit<FirmExportQuery, 'format'>
export type Sentra = Schemas['Sentra']
export type SentraCreate = Schemas['SentraCreate']
export type SentraQuery = NonNullable<paths['/api/sentra']['get']['parameters']['query']>
export type Registration = Schemas['Registration']
export type RegistrationResult = Schemas['RegistrationResult']
export type ImportJob = Schemas['Import']
export type ImportSummary = Schemas['ImportSummary']
export type Product = Schemas['Product']
export type ProductCreate = Schemas['ProductCreate']
export type ProductUpdate = Schemas['ProductUpdate']
export type ProductPhoto = Schemas['ProductPhoto']
export type HsCode = Schemas['HsCode']

export type NotificationPage = paths['/api/notifications']['get']['responses'][200]['content']['application/json']
export type AppNotification = NotificationPage['items'][number]
export type NotificationCount = paths['/api/notifications/read-all']['post']['responses'][200]['content']['application/json']
export type Completeness = paths['/api/rounds/{id}/completeness']['get']['responses'][200]['content']['application/json']
export type CompletenessRow = Completeness['byProvince'][number]
export type NonRespondentPage = paths['/api/rounds/{id}/non-respondents']['get']['responses'][200]['content']['application/json']
export type NonRespondent = NonRespondentPage['items'][number]
export type ReminderRequest = NonNullable<paths['/api/rounds/{id}/reminders']['post']['requestBody']>['content']['application/json']
export type ReminderResult = paths['/api/rounds/{id}/reminders']['post']['responses'][200]['content']['application/json']

export interface Items<T> {
  items: T[]
}

/** An error answered by the API (or a network failure), with the server's localised message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null = null,
    readonly details: Record<string, unknown> | undefined = undefined,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

let language: Lang = DEFAULT_LANG
let csrfToken: string | null = null
let csrfPending: Promise<string> | null = null
const unauthenticatedListeners = new Set<() => void>()

export function setApiLanguage(lang: Lang) {
  language = lang
}

/** Called when a request answers 401 outside the sign-in flow (e.g. the session expired). */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener)
  return () => unauthenticatedListeners.delete(listener)
}

/** Fetches a fresh CSRF token (at start, and after the session changes). */
export function refreshCsrf(): Promise<string> {
  csrfPending ??= request<{ token: string }>('GET', '/auth/csrf')
    .then(({ token }) => {
      csrfToken = token
      return token
    })
    .finally(() => {
      csrfPending = null
    })
  return csrfPending
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
type Query = Record<string, string | number | undefined | null>

interface RequestOptions {
  query?: Query
  /** Do not tell listeners about a 401 (the sign-in calls expect it). */
  quiet401?: boolean
}

function withQuery(path: string, query?: Query): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value))
  }
  const text = params.toString()
  return text ? `${path}?${text}` : path
}

/** Query values as the API reads them (booleans as `true`/`false`). */
function queryOf(query: Record<string, string | number | boolean | undefined | null>): Query {
  return Object.fromEntries(Object.entries(query).map(([key, value]) => [key, typeof value === 'boolean' ? String(value) : value]))
}

async function send(method: Method, path: string, body: unknown, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language }
  if (method !== 'GET') {
    if (!csrfToken) await refreshCsrf()
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken
  }
  const init: RequestInit = { method, headers, credentials: 'same-origin' }
  if (body instanceof FormData) {
    // The browser writes the multipart boundary into Content-Type itself.
    init.body = body
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(body)
  }
  try {
    return await fetch(`/api${withQuery(path, options.query)}`, init)
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', translate(language, 'common.networkError'))
  }
}

async function errorOf(response: Response): Promise<ApiError> {
  let payload: { code?: unknown; message?: unknown; requestId?: unknown; details?: unknown } = {}
  try {
    payload = await response.json()
  } catch {
    // Not JSON (e.g. a proxy error page): fall back to a generic message.
  }
  const code = typeof payload.code === 'string' ? payload.code : `HTTP_${response.status}`
  const message =
    typeof payload.message === 'string' && payload.message
      ? payload.message
      : translate(language, 'common.unexpectedError', { status: response.status })
  const requestId = typeof payload.requestId === 'string' ? payload.requestId : null
  const details = payload.details && typeof payload.details === 'object' ? (payload.details as Record<string, unknown>) : undefined
  return new ApiError(response.status, code, message, requestId, details)
}

async function request<T>(method: Method, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  let response = await send(method, path, body, options)
  if (response.status === 403 && method !== 'GET') {
    const error = await errorOf(response.clone())
    if (error.code === 'CSRF_TOKEN_INVALID') {
      csrfToken = null
      await refreshCsrf()
      response = await send(method, path, body, options)
    }
  }
  if (!response.ok) {
    const error = await errorOf(response)
    if (error.status === 401 && !options.quiet401) for (const listener of unauthenticatedListeners) listener()
    throw error
  }
  if (response.status === 204) return undefined as T
  const text = await response.text()
  return (text ? JSON.parse(text) : undefined) as T
}

const productPath = (id: string) => `/products/${encodeURIComponent(id)}`

/** A listings path with its filters; `firm` repeats once per firm id. */
function listingsPath(path: string, query: { firm?: string[] } & Record<string, string | number | string[] | undefined>): string {
  const { firm, ...rest } = query
  const base = withQuery(path, rest as Query)
  if (!firm?.length) return base
  return `${base}${base.includes('?') ? '&' : '?'}${firm.map((id) => `firm=${encodeURIComponent(id)}`).join('&')}`
}

/**
 * A multipart POST through XMLHttpRequest, the one browser API that reports upload progress,
 * with the same contract as `request`: language, CSRF token (renewed and retried once when the
 * server says it is stale), 401 listeners, and refusals as ApiError with the server's message.
 */
async function uploadWithProgress<T>(path: string, form: FormData, onProgress: (sent: number) => void, retried = false): Promise<T> {
  if (!csrfToken) await refreshCsrf()
  const response = await new Promise<Response>((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', `/api${path}`)
    xhr.withCredentials = true
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.setRequestHeader('Accept-Language', language)
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken)
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total)
    }
    xhr.onload = () =>
      resolve(new Response(xhr.status === 204 ? null : xhr.responseText, { status: xhr.status, headers: { 'content-type': 'application/json' } }))
    const failed = () => reject(new ApiError(0, 'NETWORK_ERROR', translate(language, 'common.networkError')))
    xhr.onerror = failed
    xhr.onabort = failed
    xhr.send(form)
  })
  if (!response.ok) {
    const error = await errorOf(response)
    if (error.code === 'CSRF_TOKEN_INVALID' && !retried) {
      csrfToken = null
      await refreshCsrf()
      return uploadWithProgress<T>(path, form, onProgress, true)
    }
    if (error.status === 401) for (const listener of unauthenticatedListeners) listener()
    throw error
  }
  const text = await response.text()
  return (text ? JSON.parse(text) : undefined) as T
}

/** Runs a call that changes the session (sign-in, sign-out), then fetches the token for the new session. */
async function changingSession<T>(call: Promise<T>): Promise<T> {
  const result = await call
  csrfToken = null
  await refreshCsrf().catch(() => undefined)
  return result
}

export const api = {
  auth: {
    me: () => request<AuthState>('GET', '/auth/me', undefined, { quiet401: true }),
    login: (email: string, password: string) =>
      changingSession(request<AuthState>('POST', '/auth/login', { email, password }, { quiet401: true })),
    totp: (code: string) => changingSession(request<AuthState>('POST', '/auth/totp', { code }, { quiet401: true })),
    startEnrolment: () => request<TotpEnrolment>('POST', '/auth/totp/enrolment', {}),
    confirmEnrolment: (code: string) =>
      changingSession(request<AuthState>('POST', '/auth/totp/enrolment/confirm', { code }, { quiet401: true })),
    logout: () => changingSession(request<void>('POST', '/auth/logout', {}, { quiet401: true })),
    changePassword: (body: { currentPassword: string; newPassword: string; endOtherSessions: boolean }) =>
      request<void>('POST', '/auth/password', body),
  },
  setup: {
    status: () => request<{ needed: boolean }>('GET', '/setup/status'),
  },
  invitations: {
    inspect: (token: string) => request<InvitationPreview>('POST', '/invitations/inspect', { token }, { quiet401: true }),
    /** `email` and `name` only for the setup link (an invitation already names its person). */
    accept: (body: { token: string; password: string; email?: string; name?: string }) =>
      changingSession(request<AuthState>('POST', '/invitations/accept', body, { quiet401: true })),
    list: () => request<Items<Invitation>>('GET', '/invitations'),
    create: (body: { email: string; name: string; role: Role; organisationId: string }) =>
      request<{ invitation: Invitation; link: string }>('POST', '/invitations', body),
    revoke: (id: string) => request<void>('DELETE', `/invitations/${encodeURIComponent(id)}`),
  },
  organisations: {
    list: (query: { kind?: OrganisationKind | ''; q?: string } = {}) => request<Items<Organisation>>('GET', '/organisations', undefined, { query }),
    create: (body: OrganisationCreate) => request<Organisation>('POST', '/organisations', body),
    update: (id: string, body: { name?: string; disabled?: boolean }) =>
      request<Organisation>('PATCH', `/organisations/${encodeURIComponent(id)}`, body),
  },
  regions: {
    provinces: () => request<Province[]>('GET', '/regions/provinces'),
    regencies: (provinceCode: string) => request<Regency[]>('GET', `/regions/provinces/${encodeURIComponent(provinceCode)}/regencies`),
    districts: (regencyCode: string) => request<District[]>('GET', `/regions/regencies/${encodeURIComponent(regencyCode)}/districts`),
  },
  reference: {
    kbli: (q: string, limit = 20) => request<KbliCode[]>('GET', '/reference/kbli', undefined, { query: { q, limit } }),
  },
  firms: {
    list: (query: FirmQuery = {}) => request<FirmPage>('GET', '/firms', undefined, { query: queryOf(query) }),
    get: (id: string) => request<Firm>('GET', `/firms/${encodeURIComponent(id)}`),
    create: (body: FirmCreate) => request<Firm>('POST', '/firms', body),
    update: (id: string, body: FirmUpdate) => request<Firm>('PATCH', `/firms/${encodeURIComponent(id)}`, body),
    verify: (id: string) => request<Firm>('POST', `/firms/${encodeURIComponent(id)}/verify`, {}),
    /** Audited changes of the firm and its products, newest first (for everyone who may see the firm). */
    history: (id: string, cursor?: string) =>
      request<{ items: AuditEntry[]; nextCursor: string | null }>('GET', `/firms/${encodeURIComponent(id)}/history`, undefined, {
        query: cursor ? { cursor } : {},
      }),
    /** The owner's full NIK: officers give a reason (kept in the audit log), owners see their own. */
    revealNik: (id: string, reason?: string) =>
      request<{ nik: string }>('POST', `/firms/${encodeURIComponent(id)}/owner/nik`, reason === undefined ? {} : { reason }),
    /** Address of the export of exactly these filters; a plain link downloads it with the session cookie. */
    exportUrl: (format: FirmExportQuery['format'], filters: FirmFilters = {}) => `/api${withQuery('/firms/export', queryOf({ format, ...filters }))}`,
    /** Pairs of firms that may be one firm, best first (holders of firms.deduplicate, within their region). */
    duplicates: (query: NonNullable<paths['/api/firms/duplicates']['get']['parameters']['query']> = {}) =>
      request<Schemas['DuplicateCandidateList']>('GET', '/firms/duplicates', undefined, { query: queryOf(query) }),
    /** Records that a pair of firms is not one firm, so it is no longer proposed. */
    decideDistinct: (body: Schemas['DuplicateDecisionCreate']) => request<Schemas['DuplicateDecision']>('POST', '/firms/duplicates/decisions', body),
    /** Merges of firms, newest first (of one firm with firmId). */
    merges: (query: NonNullable<paths['/api/firms/merges']['get']['parameters']['query']> = {}) =>
      request<Schemas['FirmMergeList']>('GET', '/firms/merges', undefined, { query: queryOf(query) }),
    /** Merges one firm into another, field by field (fields left out keep the survivor's value). */
    merge: (body: Schemas['FirmMergeCreate']) => request<Schemas['FirmMerge']>('POST', '/firms/merges', body),
    /** Reverts a merge (once): both firms exactly as before it. */
    revertMerge: (id: string) => request<Schemas['FirmMerge']>('POST', `/firms/merges/${encodeURIComponent(id)}/revert`, {}),
  },
  sentra: {
    list: (query: SentraQuery = {}) => request<{ items: Sentra[] }>('GET', '/sentra', undefined, { query }),
    get: (id: string) => request<Sentra>('GET', `/sentra/${encodeURIComponent(id)}`),
    create: (body: SentraCreate) => request<Sentra>('POST', '/sentra', body),
  },
  imports: {
    list: () => request<{ items: ImportJob[] }>('GET', '/imports'),
    get: (id: string) => request<ImportJob>('GET', `/imports/${encodeURIComponent(id)}`),
    /** Uploads a CSV or XLSX file of firms; the import runs in the background (poll `get`). */
    upload: (file: File, options: { dryRun: boolean; sheet?: string }) => {
      const form = new FormData()
      form.set('dryRun', String(options.dryRun))
      if (options.sheet) form.set('sheet', options.sheet)
      form.set('file', file, file.name)
      return request<ImportJob>('POST', '/imports', form)
    },
    errorsUrl: (id: string) => `/api/imports/${encodeURIComponent(id)}/errors.csv`,
    templateUrl: (format: 'xlsx' | 'csv') => `/api/imports/template.${format}`,
  },
  products: {
    list: (firmId: string) => request<{ items: Product[] }>('GET', `/firms/${encodeURIComponent(firmId)}/products`),
    get: (id: string) => request<Product>('GET', productPath(id)),
    create: (firmId: string, body: ProductCreate) => request<Product>('POST', `/firms/${encodeURIComponent(firmId)}/products`, body),
    update: (id: string, body: ProductUpdate) => request<Product>('PATCH', productPath(id), body),
    remove: (id: string) => request<void>('DELETE', productPath(id)),
    removePhoto: (id: string, photoId: string) => request<void>('DELETE', `${productPath(id)}/photos/${encodeURIComponent(photoId)}`),
    /** HS 2022 codes by code prefix or words. */
    hs: (q: string, limit = 15) => request<HsCode[]>('GET', '/reference/hs', undefined, { query: { q, limit } }),
    /** Uploads one photo (multipart, field `file`), reporting the share sent so far (0 to 1). */
    uploadPhoto: (id: string, file: File, onProgress: (sent: number) => void) => {
      const form = new FormData()
      form.set('file', file, file.name)
      return uploadWithProgress<ProductPhoto>(`${productPath(id)}/photos`, form, onProgress)
    },
  },
  registrations: {
    /** A firm owner registers an account and a firm; answers with a signed-in session. */
    create: (body: Registration) => changingSession(request<RegistrationResult>('POST', '/registrations', body, { quiet401: true })),
  },
  users: {
    list: (query: { role?: Role | ''; organisationId?: string; q?: string; status?: 'active' | 'disabled' | '' } = {}) =>
      request<Items<User>>('GET', '/users', undefined, { query }),
    update: (id: string, body: { role?: Role; disabled?: boolean }) => request<User>('PATCH', `/users/${encodeURIComponent(id)}`, body),
  },
  audit: {
    list: (query: AuditQuery = {}) =>
      request<{ items: AuditEntry[]; nextCursor: string | null }>('GET', '/audit', undefined, { query: { ...query } }),
  },
  tokens: {
    list: () => request<Items<ApiToken>>('GET', '/tokens'),
    create: (body: { name: string; expiresInDays?: number }) => request<{ token: string; apiToken: ApiToken }>('POST', '/tokens', body),
    revoke: (id: string) => request<void>('DELETE', `/tokens/${encodeURIComponent(id)}`),
  },
  dashboard: {
    /** Survey rounds, newest reference month first (the dashboard's round picker). */
    rounds: () => request<Schemas['SurveyRoundList']>('GET', '/rounds'),
    /** The national dashboard's figures for a round and filter (regional officers get their province). */
    get: (roundId: string, filter: NonNullable<paths['/api/rounds/{id}/dashboard']['get']['parameters']['query']> = {}) =>
      request<Schemas['AssessmentDashboard']>('GET', `/rounds/${encodeURIComponent(roundId)}/dashboard`, undefined, { query: queryOf(filter) }),
    /** The firms behind one figure (same filter), a keyset page at a time. */
    firms: (roundId: string, query: NonNullable<paths['/api/rounds/{id}/firms']['get']['parameters']['query']>) =>
      request<Schemas['AssessmentFigureFirms']>('GET', `/rounds/${encodeURIComponent(roundId)}/firms`, undefined, { query: queryOf(query) }),
    /** Address of the XLSX workbook or PDF brief of the same round and filter (a plain link downloads it). */
    downloadUrl: (roundId: string, format: 'xlsx' | 'pdf', filter: NonNullable<paths['/api/rounds/{id}/dashboard']['get']['parameters']['query']> = {}) =>
      `/api${withQuery(`/rounds/${encodeURIComponent(roundId)}/dashboard.${format}`, queryOf(filter))}`,
    /** A programme's candidate firms, best first. */
    candidates: (query: NonNullable<paths['/api/triage/candidates']['get']['parameters']['query']>) =>
      request<Schemas['TriageCandidatePage']>('GET', '/triage/candidates', undefined, { query: queryOf(query) }),
    candidatesExportUrl: (query: paths['/api/triage/candidates/export']['get']['parameters']['query']) =>
      `/api${withQuery('/triage/candidates/export', queryOf(query))}`,
  },
  notifications: {
    /** Your in-app notifications, newest first, with the unread count (texts in the current language). */
    list: (query: NonNullable<paths['/api/notifications']['get']['parameters']['query']> = {}) =>
      request<NotificationPage>('GET', '/notifications', undefined, { query: queryOf(query) }),
    markRead: (id: string) => request<NotificationCount>('POST', `/notifications/${encodeURIComponent(id)}/read`, {}),
    markAllRead: () => request<NotificationCount>('POST', '/notifications/read-all', {}),
  },
  rounds: {
    /** How many registry firms answered a round, per province (and regency), within the caller's region. */
    completeness: (roundId: string, query: NonNullable<paths['/api/rounds/{id}/completeness']['get']['parameters']['query']> = {}) =>
      request<Completeness>('GET', `/rounds/${encodeURIComponent(roundId)}/completeness`, undefined, { query: queryOf(query) }),
    /** The firms that have not answered, by name, a keyset page at a time. */
    nonRespondents: (roundId: string, query: NonNullable<paths['/api/rounds/{id}/non-respondents']['get']['parameters']['query']> = {}) =>
      request<NonRespondentPage>('GET', `/rounds/${encodeURIComponent(roundId)}/non-respondents`, undefined, { query: queryOf(query) }),
    /** Reminds the non-responding firms (in-app and e-mail), at most once per firm and round in 24 hours. */
    remind: (roundId: string, body: ReminderRequest = {}) => request<ReminderResult>('POST', `/rounds/${encodeURIComponent(roundId)}/reminders`, body),
  },
  assessment: {
    /** Impact survey rounds, newest reference month first. */
    rounds: () => request<Schemas['SurveyRoundList']>('GET', '/rounds'),
    round: (id: string) => request<Schemas['SurveyRound']>('GET', `/rounds/${encodeURIComponent(id)}`),
    createRound: (body: Schemas['SurveyRoundCreate']) => request<Schemas['SurveyRound']>('POST', '/rounds', body),
    /** Submits a firm's answers; the same submissionId again changes nothing (safe to retry). */
    submit: (roundId: string, body: Schemas['SurveyResponseSubmit']) =>
      request<Schemas['SurveySubmitResult']>('POST', `/rounds/${encodeURIComponent(roundId)}/responses`, body),
    response: (roundId: string, firmId: string) =>
      request<Schemas['SurveyResponse']>('GET', `/rounds/${encodeURIComponent(roundId)}/responses/${encodeURIComponent(firmId)}`),
    versions: (responseId: string) => request<Schemas['SurveyResponseVersionList']>('GET', `/responses/${encodeURIComponent(responseId)}/versions`),
  },
  /** Marketplace onboarding pipeline: nominations, stages, funnel, the owner's consents. */
  pipeline: {
    marketplaces: () => request<Schemas['MarketplaceList']>('GET', '/marketplaces'),
    nominations: (query: NonNullable<paths['/api/marketplace/nominations']['get']['parameters']['query']> = {}) =>
      request<Schemas['MarketplaceNominationPage']>('GET', '/marketplace/nominations', undefined, { query: queryOf(query) }),
    exportUrl: (query: paths['/api/marketplace/nominations/export']['get']['parameters']['query']) =>
      `/api${withQuery('/marketplace/nominations/export', queryOf(query))}`,
    nomination: (id: string) => request<Schemas['MarketplaceNominationDetail']>('GET', `/marketplace/nominations/${encodeURIComponent(id)}`),
    nominate: (body: Schemas['MarketplaceNominateBody']) => request<Schemas['MarketplaceNominationResults']>('POST', '/marketplace/nominations', body),
    move: (id: string, body: Schemas['MarketplaceStageMove']) =>
      request<Schemas['MarketplaceNomination']>('POST', `/marketplace/nominations/${encodeURIComponent(id)}/stage`, body),
    funnel: (query: NonNullable<paths['/api/marketplace/funnel']['get']['parameters']['query']> = {}) =>
      request<Schemas['MarketplaceFunnel']>('GET', '/marketplace/funnel', undefined, { query: queryOf(query) }),
    consents: (firmId: string) => request<Schemas['MarketplaceConsentList']>('GET', `/firms/${encodeURIComponent(firmId)}/marketplace-consents`),
    grant: (firmId: string, code: string) => request<void>('PUT', `/firms/${encodeURIComponent(firmId)}/marketplace-consents/${encodeURIComponent(code)}`),
    withdraw: (firmId: string, code: string) => request<void>('DELETE', `/firms/${encodeURIComponent(firmId)}/marketplace-consents/${encodeURIComponent(code)}`),
  },
  /** Marketplace listings: category mappings, per-product check against a marketplace's rules, attributes, bulk-upload export. */
  listings: {
    marketplaces: () => request<Schemas['MarketplaceList']>('GET', '/marketplaces'),
    rules: () => request<Schemas['ListingRulesList']>('GET', '/marketplace/listing-rules'),
    check: (query: NonNullable<paths['/api/marketplace/listings']['get']['parameters']['query']>) =>
      request<Schemas['ListingPage']>('GET', listingsPath('/marketplace/listings', query)),
    /** Address of the XLSX export of the same filters (a plain link downloads it with the session cookie). */
    exportUrl: (query: paths['/api/marketplace/listings/export']['get']['parameters']['query']) =>
      `/api${listingsPath('/marketplace/listings/export', query)}`,
    setAttributes: (productId: string, body: Schemas['ProductAttributesUpdate']) =>
      request<Schemas['ProductAttributes']>('PATCH', `/marketplace/products/${encodeURIComponent(productId)}/attributes`, body),
    categories: (query: NonNullable<paths['/api/marketplace/categories']['get']['parameters']['query']> = {}) =>
      request<Schemas['CategoryMappingList']>('GET', '/marketplace/categories', undefined, { query: queryOf(query) }),
    createCategory: (body: Schemas['CategoryMappingCreate']) => request<Schemas['CategoryMapping']>('POST', '/marketplace/categories', body),
    updateCategory: (id: string, body: Schemas['CategoryMappingUpdate']) =>
      request<Schemas['CategoryMapping']>('PATCH', `/marketplace/categories/${encodeURIComponent(id)}`, body),
    removeCategory: (id: string) => request<void>('DELETE', `/marketplace/categories/${encodeURIComponent(id)}`),
  },
  /** Marketplace API connectors: app credentials (write-only), linked shops, push a product, pull a month of sales. */
  marketplaceApi: {
    credentials: (code: string) => request<Schemas['ApiCredentials']>('GET', `/marketplaces/${encodeURIComponent(code)}/credentials`),
    setCredentials: (code: string, body: Schemas['ApiCredentialsUpdate']) =>
      request<Schemas['ApiCredentials']>('PUT', `/marketplaces/${encodeURIComponent(code)}/credentials`, body),
    linkShop: (nominationId: string, body: Schemas['ApiShopLink']) =>
      request<Schemas['ApiShop']>('PUT', `/marketplace/nominations/${encodeURIComponent(nominationId)}/shop`, body),
    push: (nominationId: string, productId: string) =>
      request<Schemas['ApiPushResult']>('POST', `/marketplace/nominations/${encodeURIComponent(nominationId)}/push`, { productId }),
    pullSales: (code: string, month: string) => request<Schemas['ApiPullResult']>('POST', `/marketplaces/${encodeURIComponent(code)}/pull-sales`, { month }),
  },
  /** Marketplace field workshops: planning, invitations (ICS), registrations and waiting list, attendance, outcomes. */
  workshops: {
    list: (query: NonNullable<paths['/api/workshops']['get']['parameters']['query']> = {}) =>
      request<Schemas['MarketplaceWorkshopPage']>('GET', '/workshops', undefined, { query: queryOf(query) }),
    get: (id: string) => request<Schemas['MarketplaceWorkshop']>('GET', `/workshops/${encodeURIComponent(id)}`),
    plan: (body: Schemas['MarketplaceWorkshopPlanBody']) => request<Schemas['MarketplaceWorkshop']>('POST', '/workshops', body),
    edit: (id: string, body: Schemas['MarketplaceWorkshopEditBody']) => request<Schemas['MarketplaceWorkshop']>('PATCH', `/workshops/${encodeURIComponent(id)}`, body),
    cancel: (id: string, reason?: string) => request<Schemas['MarketplaceWorkshop']>('POST', `/workshops/${encodeURIComponent(id)}/cancel`, reason ? { reason } : {}),
    invitable: (id: string, query: NonNullable<paths['/api/workshops/{id}/invitable-firms']['get']['parameters']['query']> = {}) =>
      request<Schemas['MarketplaceWorkshopInvitableFirms']>('GET', `/workshops/${encodeURIComponent(id)}/invitable-firms`, undefined, { query: queryOf(query) }),
    invite: (id: string, body: Schemas['MarketplaceWorkshopInviteBody']) =>
      request<Schemas['MarketplaceWorkshopInviteResults']>('POST', `/workshops/${encodeURIComponent(id)}/invitations`, body),
    participants: (id: string) => request<Schemas['MarketplaceWorkshopParticipants']>('GET', `/workshops/${encodeURIComponent(id)}/participants`),
    register: (id: string, firmId: string) => request<Schemas['MarketplaceWorkshopRegistration']>('POST', `/workshops/${encodeURIComponent(id)}/registrations`, { firmId }),
    unregister: (id: string, firmId: string) =>
      request<Schemas['MarketplaceWorkshopRegistrationCancelled']>('DELETE', `/workshops/${encodeURIComponent(id)}/registrations/${encodeURIComponent(firmId)}`),
    attendance: (id: string, items: Schemas['MarketplaceWorkshopAttendanceBody']['items']) =>
      request<Schemas['MarketplaceWorkshopAttendanceResult']>('PUT', `/workshops/${encodeURIComponent(id)}/attendance`, { items }),
    outcomes: (id: string) => request<Schemas['MarketplaceWorkshopOutcomes']>('GET', `/workshops/${encodeURIComponent(id)}/outcomes`),
    /** The calendar file (a plain link downloads it with the session cookie). */
    icsUrl: (id: string) => `/api/workshops/${encodeURIComponent(id)}/invite.ics`,
  },
  /** Marketplace sales reports (upload with row errors) and the sales-recovery figures. */
  marketplaceSales: {
    summary: (query: NonNullable<paths['/api/marketplace/sales/summary']['get']['parameters']['query']> = {}) =>
      request<Schemas['MarketplaceSalesSummary']>('GET', '/marketplace/sales/summary', undefined, { query: queryOf(query) }),
    firm: (firmId: string) => request<Schemas['FirmMarketplaceSales']>('GET', `/firms/${encodeURIComponent(firmId)}/marketplace-sales`),
    /** Uploads a sales report (officers name the marketplace; a partner reports for its own); poll `getImport`. */
    upload: (file: File, options: { marketplace?: string; dryRun: boolean; sheet?: string }, onProgress: (sent: number) => void = () => undefined) => {
      const form = new FormData()
      if (options.marketplace) form.set('marketplace', options.marketplace)
      form.set('dryRun', String(options.dryRun))
      if (options.sheet) form.set('sheet', options.sheet)
      form.set('file', file, file.name)
      return uploadWithProgress<Schemas['MarketplaceSalesImport']>('/marketplace/sales/imports', form, onProgress)
    },
    getImport: (id: string) => request<Schemas['MarketplaceSalesImport']>('GET', `/marketplace/sales/imports/${encodeURIComponent(id)}`),
    errorsUrl: (id: string) => `/api/marketplace/sales/imports/${encodeURIComponent(id)}/errors.csv`,
    exportUrl: (query: Record<string, string | undefined>, format: 'csv' | 'xlsx') =>
      `/api/marketplace/sales/export?${new URLSearchParams([...Object.entries(query).filter((e): e is [string, string] => !!e[1]), ['format', format]]).toString()}`,
  },
}

export function hasPermission(user: Me | null | undefined, permission: Permission): boolean {
  return !!user && user.permissions.includes(permission)
}

/** The message to show for any thrown value. */
export function messageOf(error: unknown, lang: Lang): string {
  if (error instanceof ApiError) return error.message
  return translate(lang, 'common.unexpectedError', { status: '?' })
}
