// A small promise wrapper over IndexedDB for the device-side data of the survey: the outbox of
// submissions and a cache of what the form needs (round, firm, current answers, the signed-in
// user) so that it opens without a connection.

const DB_NAME = 'pulih-offline'
const DB_VERSION = 1
export const OUTBOX = 'outbox'
export const CACHE = 'cache'
type StoreName = typeof OUTBOX | typeof CACHE

let opening: Promise<IDBDatabase> | null = null

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

export function openDb(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    if (typeof indexedDB === 'undefined') return reject(new Error('IndexedDB unavailable'))
    const request = indexedDB.open(DB_NAME, DB_VERSION)
    request.onupgradeneeded = () => {
      const db = request.result
      if (!db.objectStoreNames.contains(OUTBOX)) db.createObjectStore(OUTBOX, { keyPath: 'submissionId' })
      if (!db.objectStoreNames.contains(CACHE)) db.createObjectStore(CACHE)
    }
    request.onsuccess = () => {
      const db = request.result
      // Another tab upgrading the schema: close so it can proceed; the next call reopens.
      db.onversionchange = () => {
        db.close()
        opening = null
      }
      resolve(db)
    }
    request.onerror = () => reject(request.error)
  }).catch((error: unknown) => {
    opening = null
    throw error
  })
  return opening
}

async function run<T>(store: StoreName, mode: IDBTransactionMode, action: (objects: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb()
  const transaction = db.transaction(store, mode)
  const result = promised(action(transaction.objectStore(store)))
  await new Promise<void>((resolve, reject) => {
    transaction.oncomplete = () => resolve()
    transaction.onerror = () => reject(transaction.error)
    transaction.onabort = () => reject(transaction.error ?? new Error('transaction aborted'))
  })
  return result
}

export const idbGet = <T>(store: StoreName, key: string) => run<T | undefined>(store, 'readonly', (s) => s.get(key) as IDBRequest<T | undefined>)
export const idbAll = <T>(store: StoreName) => run<T[]>(store, 'readonly', (s) => s.getAll() as IDBRequest<T[]>)
export const idbPut = (store: StoreName, value: unknown, key?: string) => run(store, 'readwrite', (s) => s.put(value, key)).then(() => undefined)
export const idbDelete = (store: StoreName, key: string) => run(store, 'readwrite', (s) => s.delete(key)).then(() => undefined)
