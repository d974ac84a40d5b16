// Localised messages for the error codes of the registry's duplicates.
export const duplicatesMessages: Record<string, { id: string; en: string }> = {}
