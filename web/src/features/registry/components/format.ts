import { intlLocale, type Lang } from '../../../lib/i18n.ts'

export function formatNumber(lang: Lang, value: number | null | undefined): string {
  if (value === null || value === undefined) return ''
  return new Intl.NumberFormat(intlLocale(lang)).format(value)
}

export function formatIdr(lang: Lang, value: number | null | undefined): string {
  if (value === null || value === undefined) return ''
  return new Intl.NumberFormat(intlLocale(lang), { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 }).format(value)
}

/**
 * A whole number typed the Indonesian way ("1.500.000", "Rp 2.000.000") or plainly; null when
 * empty, NaN when it is not a number.
 */
export function parseWholeNumber(text: string): number | null {
  const trimmed = text.trim()
  if (!trimmed) return null
  const digits = trimmed.replace(/^rp\.?\s*/i, '').replace(/[.\s]/g, '')
  return /^\d+$/.test(digits) ? Number(digits) : Number.NaN
}

/** Items separated by commas or new lines, trimmed, without empties or repeats. */
export function parseList(text: string): string[] {
  return [...new Set(text.split(/[,\n]/).map((item) => item.trim()).filter(Boolean))]
}
