// Localised messages for the error codes of the registry's imports.
export const importsMessages: Record<string, { id: string; en: string }> = {}
