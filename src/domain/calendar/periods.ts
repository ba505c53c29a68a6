import { academicYearOf } from './academic-years.ts'
import type { Semester } from './semesters.ts'
import { addDays, monthStart, nextMonthStart, weekStart, type ShanghaiDate } from './shanghai-date.ts'
import { isWorkingDay, type WorkingCalendar } from './working-days.ts'

/** The periods duty rules count in (glossary.md: 每周 … 每年). */
export type PeriodKind = 'week' | 'month' | 'quarter' | 'halfYear' | 'semester' | 'academicYear' | 'year'

export interface Period {
  readonly kind: PeriodKind
  readonly start: ShanghaiDate
  /** Inclusive. */
  readonly end: ShanghaiDate
  /** 2026-W47, 2026-11, 2026-Q4, 2026-H2, the semester's name, 2026-2027, 2026. */
  readonly name: string
}

const pad = (n: number) => String(n).padStart(2, '0')
const yearOf = (date: ShanghaiDate) => Number(date.slice(0, 4))
const monthOf = (date: ShanghaiDate) => Number(date.slice(5, 7))

/**
 * The period of that kind holding the date. Weeks run Monday to Sunday and are named by their
 * ISO week (the year of their Thursday, so 2027-01-01 is in 2026-W53); half-years are January to
 * June and July to December. Semesters come from calendar.yaml: between two (a vacation) there is
 * none. Academic years: see academicYearOf.
 */
export function periodOf(kind: PeriodKind, date: ShanghaiDate, semesters: readonly Semester[]): Period | undefined {
  const year = yearOf(date)
  switch (kind) {
    case 'week': {
      const start = weekStart(date)
      return { kind, start, end: addDays(start, 6), name: isoWeekName(start) }
    }
    case 'month':
      return { kind, start: monthStart(date), end: addDays(nextMonthStart(date), -1), name: date.slice(0, 7) }
    case 'quarter': {
      const quarter = Math.ceil(monthOf(date) / 3)
      return monthsOf(kind, year, quarter * 3 - 2, 3, `${year}-Q${quarter}`)
    }
    case 'halfYear': {
      const half = monthOf(date) <= 6 ? 1 : 2
      return monthsOf(kind, year, half * 6 - 5, 6, `${year}-H${half}`)
    }
    case 'year':
      return { kind, start: `${year}-01-01`, end: `${year}-12-31`, name: String(year) }
    case 'semester': {
      const semester = semesters.find((s) => s.start <= date && date <= s.end)
      return semester && { kind, start: semester.start, end: semester.end, name: semester.name }
    }
    case 'academicYear':
      return { kind, ...academicYearOf(date, semesters) }
  }
}

/** The period just before: the one holding the day before its start, or for a semester the semester before it. */
export function previousPeriod(period: Period, semesters: readonly Semester[]): Period | undefined {
  if (period.kind !== 'semester') return periodOf(period.kind, addDays(period.start, -1), semesters)
  const before = semesters.filter((s) => s.end < period.start).sort((a, b) => (a.start < b.start ? 1 : -1))[0]
  return before && { kind: 'semester', start: before.start, end: before.end, name: before.name }
}

/** Working days from the date (itself included) to the period's end; the whole period for a date before it. */
export function workingDaysLeft(period: Period, date: ShanghaiDate, calendar: WorkingCalendar): number {
  let count = 0
  for (let day = date < period.start ? period.start : date; day <= period.end; day = addDays(day, 1)) if (isWorkingDay(day, calendar)) count++
  return count
}

export function workingDaysIn(period: Period, calendar: WorkingCalendar): number {
  return workingDaysLeft(period, period.start, calendar)
}

/**
 * Whether the date is one of the last n working days of the period: a working day of the period
 * with fewer than n working days after it. A weekend or holiday is never one, so a reminder
 * "on the last two working days of the week" is not sent on a Sunday.
 */
export function isLastWorkingDays(date: ShanghaiDate, period: Period, n: number, calendar: WorkingCalendar): boolean {
  if (n <= 0 || date < period.start || date > period.end || !isWorkingDay(date, calendar)) return false
  return workingDaysLeft(period, date, calendar) <= n
}

/**
 * Whether the holiday data covers every year the period touches. When it does not, working-day
 * counts of the period treat the uncovered days as plain weekdays and must be shown as uncertain.
 */
export function isKnownPeriod(period: Period, calendar: WorkingCalendar): boolean {
  for (let year = yearOf(period.start); year <= yearOf(period.end); year++) if (!calendar.knownYears.has(year)) return false
  return true
}

function monthsOf(kind: PeriodKind, year: number, firstMonth: number, months: number, name: string): Period {
  const start = `${year}-${pad(firstMonth)}-01`
  const lastMonth = `${year}-${pad(firstMonth + months - 1)}-01`
  return { kind, start, end: addDays(nextMonthStart(lastMonth), -1), name }
}

/** ISO 8601 week name of the week starting on that Monday: the week belongs to the year of its Thursday. */
function isoWeekName(monday: ShanghaiDate): string {
  const thursday = addDays(monday, 3)
  const year = yearOf(thursday)
  const dayOfYear = (Date.parse(`${thursday}T00:00:00Z`) - Date.parse(`${year}-01-01T00:00:00Z`)) / 86_400_000 + 1
  return `${year}-W${pad(Math.floor((dayOfYear - 1) / 7) + 1)}`
}
