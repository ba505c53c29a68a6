/**
 * Calendar arithmetic in Asia/Shanghai done on plain numbers: the host's time zone never enters
 * (China has kept UTC+8 without daylight saving since 1991).
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000

export interface CalendarDate {
  readonly year: number
  readonly month: number
  readonly day: number
}

export interface WallClock extends CalendarDate {
  readonly hour: number
  readonly minute: number
  /** 1 is Monday, 7 is Sunday, as a Chinese week runs. */
  readonly weekday: number
}

export function shanghaiClock(instant: Date): WallClock {
  const shifted = new Date(instant.getTime() + SHANGHAI_OFFSET_MS)
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    weekday: ((shifted.getUTCDay() + 6) % 7) + 1,
  }
}

function toDayNumber(date: CalendarDate): number {
  return Math.round(Date.UTC(date.year, date.month - 1, date.day) / DAY_MS)
}

function fromDayNumber(dayNumber: number): CalendarDate {
  const d = new Date(dayNumber * DAY_MS)
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(toDayNumber(date) + days)
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return toDayNumber(a) - toDayNumber(b)
}

export function isValidDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(month) || month < 1 || month > 12 || day < 1) return false
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** Moves a year and month by `months`, keeping the month in 1–12. */
export function shiftMonth(year: number, month: number, months: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + months
  return { year: Math.floor(index / 12), month: (index % 12) + 1 }
}

export function formatDate(date: CalendarDate): string {
  return `${date.year}-${pad(date.month)}-${pad(date.day)}`
}

export function formatTime(hour: number, minute: number): string {
  return `${pad(hour)}:${pad(minute)}`
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}
