import type { ShanghaiDate } from './shanghai-date.ts'
import type { WorkingCalendar } from './working-days.ts'

/** One day an admin set (collection calendar_days): a school closure, or a State Council day not yet in chinese-days. */
export interface CalendarDay {
  readonly date: ShanghaiDate
  readonly working: boolean
  readonly note: string
}

/**
 * What admins loaded: single days, and the years they declared complete (`--complete-year`):
 * only those count as known. Days of other years still apply (a closure in a year chinese-days
 * has), but a year with a few days and no declaration stays unknown, never plain weekdays.
 */
export interface CalendarOverrides {
  readonly days: readonly CalendarDay[]
  readonly completeYears: readonly number[]
}

export type YearSource = 'chinese-days' | 'overrides' | 'chinese-days+overrides'

/** The package's calendar with the admins' days on top: an override wins over the package for its day. */
export function mergeCalendar(base: WorkingCalendar, overrides: CalendarOverrides): WorkingCalendar {
  const holidays = new Set(base.holidays)
  const workdays = new Set(base.workdays)
  for (const day of overrides.days) {
    if (day.working) {
      holidays.delete(day.date)
      workdays.add(day.date)
    } else {
      workdays.delete(day.date)
      holidays.add(day.date)
    }
  }
  return { holidays, workdays, knownYears: new Set([...base.knownYears, ...overrides.completeYears]) }
}

/** Where each known year's data comes from; a package year with admin days is both. */
export function yearSources(base: WorkingCalendar, overrides: CalendarOverrides): Map<number, YearSource> {
  const overridden = new Set([...overrides.completeYears, ...overrides.days.map((d) => Number(d.date.slice(0, 4)))])
  const sources = new Map<number, YearSource>()
  for (const year of [...base.knownYears].sort((a, b) => a - b)) sources.set(year, overridden.has(year) ? 'chinese-days+overrides' : 'chinese-days')
  for (const year of [...overrides.completeYears].sort((a, b) => a - b)) if (!sources.has(year)) sources.set(year, 'overrides')
  return new Map([...sources].sort(([a], [b]) => a - b))
}

/**
 * The years Liaison needs holiday data for on that day: the current one, and from November 1
 * the next one too, since deadlines and the next semester then reach into it.
 */
export function neededYears(today: ShanghaiDate): number[] {
  const year = Number(today.slice(0, 4))
  return today.slice(5) >= '11-01' ? [year, year + 1] : [year]
}

export function missingYears(today: ShanghaiDate, calendar: WorkingCalendar): number[] {
  return neededYears(today).filter((year) => !calendar.knownYears.has(year))
}
