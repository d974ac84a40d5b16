import type { TSchema } from '@sinclair/typebox'

// Shared ($id) schemas of the registry's products; registered at the app root.
export const productsSchemas: TSchema[] = []
