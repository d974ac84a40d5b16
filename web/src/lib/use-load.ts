import { useCallback, useEffect, useRef, useState } from 'react'

export interface Loaded<T> {
  data: T | undefined
  error: unknown
  loading: boolean
  reload(): void
  setData(update: (current: T | undefined) => T | undefined): void
}

/** Loads data when `key` changes; a stale answer (for an older key) is dropped. */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [data, setDataState] = useState<T | undefined>(undefined)
  const [error, setError] = useState<unknown>(undefined)
  const [loading, setLoading] = useState(true)
  const [round, setRound] = useState(0)
  const loadRef = useRef(load)
  loadRef.current = load

  useEffect(() => {
    let current = true
    setLoading(true)
    setError(undefined)
    loadRef
      .current()
      .then((value) => {
        if (current) setDataState(value)
      })
      .catch((reason: unknown) => {
        if (current) setError(reason)
      })
      .finally(() => {
        if (current) setLoading(false)
      })
    return () => {
      current = false
    }
  }, [key, round])

  const reload = useCallback(() => setRound((r) => r + 1), [])
  const setData = useCallback((update: (current: T | undefined) => T | undefined) => setDataState(update), [])
  return { data, error, loading, reload, setData }
}
