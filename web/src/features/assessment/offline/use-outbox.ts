import { useEffect, useState } from 'react'
import type { OutboxItem } from './outbox-logic.ts'
import { onOutboxChange, outbox } from './store.ts'

/** Every item of the device's outbox, kept current (undefined while loading). */
export function useOutbox(): OutboxItem[] | undefined {
  const [items, setItems] = useState<OutboxItem[] | undefined>(undefined)
  useEffect(() => {
    let live = true
    const load = () =>
      outbox
        .all()
        .then((all) => live && setItems(all))
        .catch(() => live && setItems([]))
    void load()
    const stop = onOutboxChange(() => void load())
    return () => {
      live = false
      stop()
    }
  }, [])
  return items
}

/** Whether the browser says it is connected, kept current. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(() => typeof navigator === 'undefined' || navigator.onLine !== false)
  useEffect(() => {
    const update = () => setOnline(navigator.onLine !== false)
    window.addEventListener('online', update)
    window.addEventListener('offline', update)
    return () => {
      window.removeEventListener('online', update)
      window.removeEventListener('offline', update)
    }
  }, [])
  return online
}
