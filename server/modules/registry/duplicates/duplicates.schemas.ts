import type { TSchema } from '@sinclair/typebox'

// Shared ($id) schemas of the registry's duplicates; registered at the app root.
export const duplicatesSchemas: TSchema[] = []
