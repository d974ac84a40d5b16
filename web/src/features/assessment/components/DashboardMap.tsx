import { useEffect, useMemo, useState, type KeyboardEvent } from 'react'
import { geoMercator, geoPath } from 'd3-geo'
import { feature } from 'topojson-client'
import type { FeatureCollection, Geometry } from 'geojson'
import type { Topology, GeometryCollection } from 'topojson-specification'
import { useI18n } from '../../../lib/i18n-react.tsx'
import type { Measure } from './DashboardFilters.tsx'

interface ProvinceProps {
  kode_kemendagri: string
  nama: string
}
interface ProvinceShape {
  code: string
  name: string
  d: string
}

const WIDTH = 960
const HEIGHT = 380
// Served by the app itself (web/public/geo, see its PROVENANCE.md); loaded once per page load.
let shapesCache: Promise<ProvinceShape[]> | null = null

function loadShapes(): Promise<ProvinceShape[]> {
  shapesCache ??= fetch('/geo/indonesia-38-provinsi.topo.json')
    .then((response) => {
      if (!response.ok) throw new Error(`map ${response.status}`)
      return response.json() as Promise<Topology<{ provinsi: GeometryCollection<ProvinceProps> }>>
    })
    .then((topology) => {
      const collection = feature(topology, topology.objects.provinsi) as FeatureCollection<Geometry, ProvinceProps>
      const projection = geoMercator().fitSize([WIDTH, HEIGHT], collection)
      const path = geoPath(projection)
      return collection.features.map((f) => ({ code: f.properties.kode_kemendagri, name: f.properties.nama, d: path(f) ?? '' }))
    })
    .catch((error: unknown) => {
      shapesCache = null
      throw error
    })
  return shapesCache
}

/** Colour classes per measure: sales change diverges around zero, the others grow. */
const SCALES: Record<Measure, { breaks: number[]; colours: string[]; unit: string }> = {
  median: { breaks: [-75, -50, -25, 0], colours: ['#8c1d18', '#c4432f', '#e8845f', '#f6c9a8', '#9fd0b0'], unit: ' %' },
  responseRate: { breaks: [10, 25, 50, 75], colours: ['#e3ecf7', '#b4cbe8', '#6e9dd3', '#2f6db5', '#0b3a6f'], unit: ' %' },
  sentHome: { breaks: [1, 10, 100, 1000], colours: ['#f1edf7', '#cbbde3', '#9d83c7', '#6c4aa6', '#3f2475'], unit: '' },
}
const NO_DATA = '#d9dde3'

function colourOf(measure: Measure, value: number | null): string {
  if (value === null) return NO_DATA
  const scale = SCALES[measure]
  const index = scale.breaks.findIndex((b) => value < b)
  return scale.colours[index === -1 ? scale.colours.length - 1 : index]
}

export function DashboardMap({
  values,
  measure,
  selected,
  format,
  onSelect,
}: {
  /** The measure's value per province code (null: no data). */
  values: Map<string, number | null>
  measure: Measure
  selected: string
  format(n: number | null): string
  onSelect(code: string, name: string): void
}) {
  const { t } = useI18n()
  const [shapes, setShapes] = useState<ProvinceShape[] | null>(null)
  const [failed, setFailed] = useState(false)
  useEffect(() => {
    let current = true
    loadShapes()
      .then((list) => current && setShapes(list))
      .catch(() => current && setFailed(true))
    return () => {
      current = false
    }
  }, [])
  const scale = SCALES[measure]
  const legend = useMemo(() => {
    const b = scale.breaks
    return scale.colours.map((colour, i) => ({
      colour,
      label: i === 0 ? `< ${format(b[0])}${scale.unit}` : i === b.length ? `≥ ${format(b[b.length - 1])}${scale.unit}` : `${format(b[i - 1])} – < ${format(b[i])}${scale.unit}`,
    }))
  }, [scale, format])

  if (failed) return <p className="muted">{t('dashboard.mapError')}</p>
  if (!shapes) return <p className="loading">{t('dashboard.mapLoading')}</p>
  const measureName = t(`dashboard.measure.${measure}`)
  const onKey = (event: KeyboardEvent, code: string, name: string) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault()
      onSelect(code, name)
    }
  }
  return (
    <figure className="dashboard-map">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="group" aria-label={t('dashboard.mapLabel', { measure: measureName })} className="map-svg">
        {shapes.map((s) => {
          const value = values.has(s.code) ? values.get(s.code)! : null
          const text = value === null ? t('dashboard.noData') : `${format(value)}${scale.unit}`
          const label = t('dashboard.provinceValue', { name: s.name, value: text })
          return (
            <path
              key={s.code}
              d={s.d}
              fill={colourOf(measure, value)}
              className={`map-province${selected === s.code ? ' selected' : ''}`}
              role="button"
              tabIndex={0}
              aria-label={label}
              aria-pressed={selected === s.code}
              data-code={s.code}
              onClick={() => onSelect(s.code, s.name)}
              onKeyDown={(e) => onKey(e, s.code, s.name)}
            >
              <title>{label}</title>
            </path>
          )
        })}
      </svg>
      <figcaption>
        <span className="map-legend-title">
          {t('dashboard.legend')}: {measureName}
        </span>
        <ul className="map-legend">
          {legend.map((l) => (
            <li key={l.colour}>
              <span className="swatch" style={{ background: l.colour }} aria-hidden="true" /> {l.label}
            </li>
          ))}
          <li>
            <span className="swatch" style={{ background: NO_DATA }} aria-hidden="true" /> {t('dashboard.noData')}
          </li>
        </ul>
      </figcaption>
    </figure>
  )
}
