import type { TSchema } from '@sinclair/typebox'

// Shared ($id) schemas of the registry's imports; registered at the app root.
export const importsSchemas: TSchema[] = []
