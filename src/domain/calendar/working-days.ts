import { addDays, isoWeekday, type ShanghaiDate } from './shanghai-date.ts'

/**
 * Which days are working days (工作日): Monday to Friday, minus public holidays, plus the
 * weekend days made working by the State Council's schedule (调休). Only years with data are
 * known; nothing is guessed for the others.
 */
export interface WorkingCalendar {
  readonly holidays: ReadonlySet<ShanghaiDate>
  readonly workdays: ReadonlySet<ShanghaiDate>
  readonly knownYears: ReadonlySet<number>
}

export function isWorkingDay(date: ShanghaiDate, calendar: WorkingCalendar): boolean {
  if (calendar.holidays.has(date)) return false
  if (calendar.workdays.has(date)) return true
  return isoWeekday(date) <= 5
}

export interface WorkingDayResult {
  readonly date: ShanghaiDate
  /** False when the count passed through a year without holiday data (treated as plain weekdays). */
  readonly certain: boolean
}

/** The date n working days after `from` (from itself not counted), as a deadline of "n 个工作日内". */
export function addWorkingDays(from: ShanghaiDate, n: number, calendar: WorkingCalendar): WorkingDayResult {
  let date = from
  let certain = calendar.knownYears.has(Number(from.slice(0, 4)))
  for (let counted = 0; counted < n; ) {
    date = addDays(date, 1)
    if (!calendar.knownYears.has(Number(date.slice(0, 4)))) certain = false
    if (isWorkingDay(date, calendar)) counted++
  }
  return { date, certain }
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: ShanghaiDate, to: ShanghaiDate, calendar: WorkingCalendar): number {
  let count = 0
  for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) if (isWorkingDay(date, calendar)) count++
  return count
}
