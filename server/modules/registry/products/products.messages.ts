// Localised messages for the error codes of the registry's products.
export const productsMessages: Record<string, { id: string; en: string }> = {}
