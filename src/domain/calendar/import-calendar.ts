import type { CalendarDays } from '../../store/calendar-days.ts'
import type { CalendarImportFormat } from './calendar-import-format.ts'
import { parseCalendarTable, type ParsedCalendar } from './parse-calendar-table.ts'
import type { CalendarTable } from './read-calendar-table.ts'

export interface ImportCalendarOptions {
  /** Work everything out and write nothing. */
  readonly dryRun: boolean
  readonly now: Date
  /** The file's name, kept with each day it sets. */
  readonly source: string
  /** The years the admin declares complete in the table (--complete-year). */
  readonly completeYears: readonly number[]
  /** The years the chinese-days package has. */
  readonly packageYears: ReadonlySet<number>
}

export interface CalendarImport {
  readonly parsed: ParsedCalendar
  readonly created: number
  readonly updated: number
  readonly unchanged: number
  /** Years this import declared complete. */
  readonly completed: readonly number[]
  /** Years asked for but not declared: the file had refused rows, so the year may lack some of them. */
  readonly notCompletedRefused: readonly number[]
  /** Years asked for but not declared: the table has no day off in them, so their schedule is not in. */
  readonly notCompletedEmpty: readonly number[]
  /** Years of the file's days that nothing covers yet: they stay unknown. */
  readonly unknownYears: readonly number[]
}

/**
 * Imports a calendar file into calendar_days: each day replaces the stored one of its date, and
 * the years asked for are declared complete when that is safe. Running it twice on the same file
 * changes nothing the second time.
 */
export async function importCalendar(table: CalendarTable, days: CalendarDays, format: CalendarImportFormat, options: ImportCalendarOptions): Promise<CalendarImport> {
  const parsed = parseCalendarTable(table, format)
  const stored = new Map((await days.list()).map((d) => [d.date, d]))
  const changed = parsed.days.filter((d) => stored.get(d.date)?.working !== d.working || stored.get(d.date)?.note !== d.note)
  const created = changed.filter((d) => !stored.has(d.date)).length

  const after = [...stored.values(), ...parsed.days]
  const asked = [...new Set(options.completeYears)].sort((a, b) => a - b)
  const notCompletedRefused = parsed.refused.length > 0 ? asked : []
  const notCompletedEmpty = asked.filter((year) => !notCompletedRefused.includes(year) && !after.some((d) => !d.working && d.date.startsWith(`${year}-`)))
  const completed = asked.filter((year) => !notCompletedRefused.includes(year) && !notCompletedEmpty.includes(year))
  const known = new Set([...options.packageYears, ...(await days.completeYears()), ...completed])
  const unknownYears = [...new Set(parsed.days.map((d) => Number(d.date.slice(0, 4))))].filter((year) => !known.has(year)).sort((a, b) => a - b)

  if (!options.dryRun) {
    await days.upsert(
      changed.map(({ date, working, note }) => ({ date, working, note })),
      options.source,
      options.now,
    )
    await days.markComplete(completed, options.source, options.now)
  }
  return { parsed, created, updated: changed.length - created, unchanged: parsed.days.length - changed.length, completed, notCompletedRefused, notCompletedEmpty, unknownYears }
}
