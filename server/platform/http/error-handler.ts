import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from '../errors.ts'
import { localeFrom, localize, type Locale } from '../i18n/messages.ts'

const reasons: Record<string, { id: string; en: string }> = {
  required: { id: 'wajib diisi', en: 'is required' },
  format: { id: 'formatnya tidak valid', en: 'has an invalid format' },
  pattern: { id: 'formatnya tidak valid', en: 'has an invalid format' },
  minLength: { id: 'terlalu pendek', en: 'is too short' },
  maxLength: { id: 'terlalu panjang', en: 'is too long' },
  minimum: { id: 'terlalu kecil', en: 'is too small' },
  maximum: { id: 'terlalu besar', en: 'is too large' },
  type: { id: 'jenis nilainya salah', en: 'has the wrong type' },
  additionalProperties: { id: 'tidak dikenal', en: 'is not allowed' },
  minProperties: { id: 'tidak boleh kosong', en: 'must not be empty' },
  anyOf: { id: 'nilainya tidak diizinkan', en: 'has a value that is not allowed' },
  const: { id: 'nilainya tidak diizinkan', en: 'has a value that is not allowed' },
  enum: { id: 'nilainya tidak diizinkan', en: 'has a value that is not allowed' },
  uniqueItems: { id: 'berisi nilai ganda', en: 'contains duplicates' },
  maxItems: { id: 'berisi terlalu banyak nilai', en: 'has too many items' },
  json: { id: 'bukan JSON yang valid', en: 'is not valid JSON' },
}

interface ValidationIssue {
  keyword: string
  instancePath: string
  params: Record<string, unknown>
}

/** The field an Ajv error is about, as a dotted path (`body.email`, `query.limit`). */
function fieldOf(issue: ValidationIssue, context: string | undefined): string {
  const path = issue.instancePath.replace(/^\//, '').replace(/\//g, '.')
  const extra =
    (issue.params.missingProperty as string | undefined) ?? (issue.params.additionalProperty as string | undefined) ?? ''
  return [context, path, extra].filter(Boolean).join('.') || 'body'
}

function send(reply: FastifyReply, request: FastifyRequest, locale: Locale, error: AppError) {
  const params = { requestId: request.id, ...error.params }
  return reply.code(error.statusCode).send({
    code: error.code,
    message: localize(error.code, locale, params),
    requestId: request.id,
    ...(error.details ? { details: error.details } : {}),
  })
}

/** One place maps every error to a coded, localised answer; internals of 5xx are never shown. */
export function installErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const locale = localeFrom(request.headers['accept-language'])
    if (error instanceof AppError) {
      if (error.statusCode >= 500) request.log.error({ err: error }, 'application error')
      return send(reply, request, locale, error)
    }
    const fastifyError = error as FastifyError & { validation?: ValidationIssue[]; validationContext?: string }
    if (fastifyError.validation && fastifyError.validation.length > 0) {
      const issue = fastifyError.validation[0]
      const field = fieldOf(issue, fastifyError.validationContext)
      const reason = reasons[issue.keyword]?.[locale] ?? reasons.format[locale]
      return send(reply, request, locale, new AppError('VALIDATION_FAILED', 400, { field, reason }, { field, keyword: issue.keyword }))
    }
    const status = fastifyError.statusCode ?? 500
    if (status === 413) return send(reply, request, locale, new AppError('BODY_TOO_LARGE', 413))
    if (status === 415) return send(reply, request, locale, new AppError('UNSUPPORTED_MEDIA_TYPE', 415))
    if (status === 429) return send(reply, request, locale, new AppError('RATE_LIMITED', 429, { seconds: 60 }))
    if (status === 503) return send(reply, request, locale, new AppError('SERVICE_UNAVAILABLE', 503))
    if (status === 404) return send(reply, request, locale, new AppError('NOT_FOUND', 404))
    if (status >= 400 && status < 500 && status !== 400) {
      return send(reply, request, locale, new AppError('REQUEST_REJECTED', status))
    }
    if (status === 400) {
      // Malformed JSON, prototype-poisoning payloads and similar parser refusals.
      return send(
        reply,
        request,
        locale,
        new AppError('VALIDATION_FAILED', 400, { field: 'body', reason: reasons.json[locale] }, { field: 'body', keyword: fastifyError.code ?? 'body' }),
      )
    }
    request.log.error({ err: error }, 'unhandled error')
    return send(reply, request, locale, new AppError('INTERNAL_ERROR', 500))
  })
}
