/**
 * Calendar dates in Asia/Shanghai as `YYYY-MM-DD` strings, computed without the host's time
 * zone: Shanghai has had no daylight saving since 1991, so it is always UTC+8.
 */
const OFFSET_MS = 8 * 3600 * 1000
const DAY_MS = 24 * 3600 * 1000

export type ShanghaiDate = string

export function shanghaiDate(at: Date): ShanghaiDate {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10)
}

/** The instant a Shanghai date begins. */
export function startOfShanghaiDate(date: ShanghaiDate): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - OFFSET_MS)
}

export function addDays(date: ShanghaiDate, days: number): ShanghaiDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: ShanghaiDate, to: ShanghaiDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS)
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: ShanghaiDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay() || 7
}

/** The Monday of the Monday–Sunday week holding the date. */
export function weekStart(date: ShanghaiDate): ShanghaiDate {
  return addDays(date, 1 - isoWeekday(date))
}

export function monthStart(date: ShanghaiDate): ShanghaiDate {
  return `${date.slice(0, 7)}-01`
}

export function nextMonthStart(date: ShanghaiDate): ShanghaiDate {
  const [y, m] = date.split('-').map(Number) as [number, number]
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
}

export function isShanghaiDate(value: string): boolean {
  const time = Date.parse(`${value}T00:00:00Z`)
  // Month 13 parses to NaN; February 30 parses, to March 2.
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(time) && new Date(time).toISOString().startsWith(value)
}
