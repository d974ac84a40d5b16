// Small hooks the marketplace programme's pages share: the marketplaces and provinces for their
// filters, and updating filter values kept in the URL.
import { useCallback, useEffect, useState } from 'react'
import { useSearchParams } from 'react-router'
import { api, type Province } from '../../lib/api-client.ts'
import type { components } from '../../lib/api.gen.ts'

export type Marketplace = components['schemas']['Marketplace']

/** The marketplaces the viewer may act for (a partner: its own), empty until loaded or on error. */
export function useMarketplaces(): Marketplace[] {
  const [marketplaces, setMarketplaces] = useState<Marketplace[]>([])
  useEffect(() => {
    api.pipeline
      .marketplaces()
      .then((list) => setMarketplaces(list.items))
      .catch(() => setMarketplaces([]))
  }, [])
  return marketplaces
}

/** The 38 provinces for a filter, empty until loaded or on error. */
export function useProvinces(): Province[] {
  const [provinces, setProvinces] = useState<Province[]>([])
  useEffect(() => {
    api.regions
      .provinces()
      .then(setProvinces)
      .catch(() => setProvinces([]))
  }, [])
  return provinces
}

/** Sets (or, when empty, removes) filter values in the URL, replacing the history entry. */
export function useParamUpdate(): (patch: Record<string, string>) => void {
  const [, setParams] = useSearchParams()
  return useCallback(
    (patch) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current)
          for (const [name, value] of Object.entries(patch)) {
            if (value) next.set(name, value)
            else next.delete(name)
          }
          return next
        },
        { replace: true },
      ),
    [setParams],
  )
}
