// Messages of the registry's history screens, merged into the app's dictionaries by lib/i18n.ts.
// `en` is typed against `id`, so a key missing in either language is a compile error.

export const id = {} as const

export const en: Record<keyof typeof id, string> = {}
