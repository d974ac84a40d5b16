import { Type, type Static, type TSchema } from '@sinclair/typebox'

export const ErrorResponse = Type.Object(
  {
    code: Type.String({ description: 'Stable error code, e.g. FIRM_NOT_FOUND' }),
    message: Type.String({ description: "Message in the caller's language" }),
    requestId: Type.String(),
    details: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { $id: 'ErrorResponse', title: 'Error' },
)

export const Uuid = Type.String({ format: 'uuid' })
export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false })

/** Standard error responses for a route, so OpenAPI documents them and the serializer keeps their shape. */
export function errorResponses(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries(statuses.map((s) => [s, ref(ErrorResponse)]))
}

export const NoContent = Type.Null({ description: 'No content' })

/**
 * A `$ref` to a shared schema (registered with `app.addSchema`) that keeps the schema's static
 * type for the type provider, so routes reference components instead of inlining copies.
 */
export const ref = <T extends TSchema>(schema: T) => Type.Unsafe<Static<T>>(Type.Ref(schema.$id as string))
