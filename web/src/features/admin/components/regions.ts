import { useCallback, useEffect, useState } from 'react'
import { api, type Province } from '../../../lib/api-client.ts'

const regencyCache = new Map<string, Promise<Map<string, string>>>()

function regencyNames(provinceCode: string): Promise<Map<string, string>> {
  let names = regencyCache.get(provinceCode)
  if (!names) {
    names = api.regions
      .regencies(provinceCode)
      .then((items) => new Map(items.map((item) => [item.code, item.name])))
      .catch(() => {
        regencyCache.delete(provinceCode)
        return new Map<string, string>()
      })
    regencyCache.set(provinceCode, names)
  }
  return names
}

/** Names "Regency, Province" for organisations' region codes; regency names load per province as needed. */
export function useRegionNames(provinces: Province[], rows: { provinceCode: string | null; regencyCode: string | null }[]) {
  const [regencies, setRegencies] = useState<Map<string, string>>(new Map())
  const needed = [...new Set(rows.filter((row) => row.provinceCode && row.regencyCode).map((row) => row.provinceCode as string))].sort().join(',')

  useEffect(() => {
    if (!needed) return
    let current = true
    Promise.all(needed.split(',').map(regencyNames)).then((maps) => {
      if (!current) return
      const merged = new Map<string, string>()
      for (const map of maps) for (const [code, name] of map) merged.set(code, name)
      setRegencies(merged)
    })
    return () => {
      current = false
    }
  }, [needed])

  return useCallback(
    (row: { provinceCode: string | null; regencyCode: string | null }) => {
      if (!row.provinceCode) return ''
      const province = provinces.find((item) => item.code === row.provinceCode)?.name ?? row.provinceCode
      if (!row.regencyCode) return province
      return `${regencies.get(row.regencyCode) ?? row.regencyCode}, ${province}`
    },
    [provinces, regencies],
  )
}
