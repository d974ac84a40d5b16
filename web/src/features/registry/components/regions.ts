import { useCallback, useEffect, useState } from 'react'
import { api, type District, type Province, type Regency } from '../../../lib/api-client.ts'

// Region lists change only with a new data release: one request per list per page load.
let provincesCache: Promise<Province[]> | null = null
const regencyCache = new Map<string, Promise<Regency[]>>()
const districtCache = new Map<string, Promise<District[]>>()

function cached<T>(cache: Map<string, Promise<T[]>>, key: string, load: () => Promise<T[]>): Promise<T[]> {
  let value = cache.get(key)
  if (!value) {
    value = load().catch((error: unknown) => {
      cache.delete(key)
      throw error
    })
    cache.set(key, value)
  }
  return value
}

export function loadProvinces(): Promise<Province[]> {
  provincesCache ??= api.regions.provinces().catch((error: unknown) => {
    provincesCache = null
    throw error
  })
  return provincesCache
}

export const loadRegencies = (provinceCode: string) => cached(regencyCache, provinceCode, () => api.regions.regencies(provinceCode))
export const loadDistricts = (regencyCode: string) => cached(districtCache, regencyCode, () => api.regions.districts(regencyCode))

/** A list that depends on a parent code (regencies of a province, districts of a regency); empty without one. */
function useChildList<T>(code: string, load: (code: string) => Promise<T[]>): T[] {
  const [items, setItems] = useState<{ code: string; items: T[] }>({ code: '', items: [] })
  useEffect(() => {
    if (!code) return
    let current = true
    load(code)
      .then((list) => current && setItems({ code, items: list }))
      .catch(() => current && setItems({ code, items: [] }))
    return () => {
      current = false
    }
  }, [code, load])
  return code && items.code === code ? items.items : []
}

/**
 * Whether the region lists can be read: they need a signed-in session, so a visitor who is
 * registering may have to type a region code instead of picking it.
 */
export function useRegionListsAvailable(): boolean | null {
  const [available, setAvailable] = useState<boolean | null>(null)
  useEffect(() => {
    let current = true
    loadProvinces()
      .then(() => current && setAvailable(true))
      .catch(() => current && setAvailable(false))
    return () => {
      current = false
    }
  }, [])
  return available
}

export function useProvinces(): Province[] {
  const [items, setItems] = useState<Province[]>([])
  useEffect(() => {
    let current = true
    loadProvinces()
      .then((list) => current && setItems(list))
      .catch(() => undefined)
    return () => {
      current = false
    }
  }, [])
  return items
}

export const useRegencies = (provinceCode: string) => useChildList(provinceCode, loadRegencies)
export const useDistricts = (regencyCode: string) => useChildList(regencyCode, loadDistricts)

interface Located {
  provinceCode: string | null
  regencyCode: string | null
  districtCode?: string | null
}

/** Names of the regions of the given rows: regency and district names load per parent as needed. */
export function useRegionNames(rows: readonly Located[]) {
  const provinces = useProvinces()
  const [names, setNames] = useState<Map<string, string>>(new Map())
  const provinceCodes = [...new Set(rows.map((row) => row.provinceCode).filter((code): code is string => !!code))].sort().join(',')
  const regencyCodes = [...new Set(rows.map((row) => (row.districtCode ? row.regencyCode : null)).filter((code): code is string => !!code))]
    .sort()
    .join(',')

  useEffect(() => {
    if (!provinceCodes && !regencyCodes) return
    let current = true
    const lists = [
      ...(provinceCodes ? provinceCodes.split(',').map((code) => loadRegencies(code).catch(() => [] as Regency[])) : []),
      ...(regencyCodes ? regencyCodes.split(',').map((code) => loadDistricts(code).catch(() => [] as District[])) : []),
    ]
    Promise.all(lists).then((loaded) => {
      if (!current) return
      const merged = new Map<string, string>()
      for (const list of loaded) for (const item of list) merged.set(item.code, item.name)
      setNames(merged)
    })
    return () => {
      current = false
    }
  }, [provinceCodes, regencyCodes])

  return useCallback(
    (code: string | null | undefined) => {
      if (!code) return ''
      return provinces.find((item) => item.code === code)?.name ?? names.get(code) ?? code
    },
    [provinces, names],
  )
}
