import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { setApiLanguage } from './api-client.ts'
import { DEFAULT_LANG, storedLang, storeLang, translate, type Lang, type MessageKey, type Params } from './i18n.ts'

export interface I18n {
  lang: Lang
  setLang(lang: Lang): void
  t(key: MessageKey, params?: Params): string
}

const I18nContext = createContext<I18n | null>(null)

function initialLang(): Lang {
  const lang = storedLang() ?? DEFAULT_LANG
  setApiLanguage(lang)
  return lang
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang)

  const setLang = useCallback((next: Lang) => {
    storeLang(next)
    setApiLanguage(next)
    setLangState(next)
  }, [])

  useEffect(() => {
    document.documentElement.lang = lang
  }, [lang])

  const value = useMemo<I18n>(() => ({ lang, setLang, t: (key, params) => translate(lang, key, params) }), [lang, setLang])
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

export function useI18n(): I18n {
  const value = useContext(I18nContext)
  if (!value) throw new Error('useI18n outside I18nProvider')
  return value
}

/** Sets the document title to "<page> · Pulih". */
export function useTitle(title: string) {
  useEffect(() => {
    document.title = title ? `${title} · Pulih` : 'Pulih'
  }, [title])
}
