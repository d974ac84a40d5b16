import { intlLocale, type Lang } from '../../../lib/i18n.ts'

/** "2020-04" → "April 2020" (or the text as is when it is not a month). */
export function formatMonth(lang: Lang, month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month)
  if (!match) return month
  return new Intl.DateTimeFormat(intlLocale(lang), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)))
}

/** "2020-05-01" → "1 Mei 2020". */
export function formatDay(lang: Lang, day: string): string {
  const date = new Date(`${day}T00:00:00Z`)
  if (Number.isNaN(date.getTime())) return day
  return new Intl.DateTimeFormat(intlLocale(lang), { dateStyle: 'medium', timeZone: 'UTC' }).format(date)
}
