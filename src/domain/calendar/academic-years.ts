import type { Semester } from './semesters.ts'
import { addDays, type ShanghaiDate } from './shanghai-date.ts'

export interface AcademicYear {
  readonly start: ShanghaiDate
  /** Inclusive. */
  readonly end: ShanghaiDate
  /** The years it spans, e.g. 2026-2027. */
  readonly name: string
}

/**
 * The academic year (学年) holding the date, from calendar.yaml where it can be:
 *
 * - it starts on the first day of a first semester, a semester starting in August or September;
 * - it ends on the day before the next first semester starts, or, when calendar.yaml has no next
 *   one yet, on August 31 of the following year (it then moves by a few days once the 校历 of
 *   the next year is entered);
 * - a date that no first semester of calendar.yaml reaches (before the first one, or after the
 *   last one's year) is in the usual September-to-August year, cut short where it would overlap
 *   a first semester of calendar.yaml.
 *
 * So every date has an academic year, and consecutive ones neither overlap nor leave gaps.
 */
export function academicYearOf(date: ShanghaiDate, semesters: readonly Semester[]): AcademicYear {
  const firstStarts = semesters
    .map((s) => s.start)
    .filter((start) => ['08', '09'].includes(start.slice(5, 7)))
    .sort()
  const started = firstStarts.filter((start) => start <= date).at(-1)
  const next = firstStarts.find((start) => start > date)
  if (started) {
    const end = next ? addDays(next, -1) : `${Number(started.slice(0, 4)) + 1}-08-31`
    if (date <= end) return named(started, end)
  }
  let year = Number(date.slice(0, 4)) - (Number(date.slice(5, 7)) >= 9 ? 0 : 1)
  // Early September before a first semester of that year begins: still the year before.
  if (next && Number(next.slice(0, 4)) === year) year--
  const end = next && Number(next.slice(0, 4)) === year + 1 ? addDays(next, -1) : `${year + 1}-08-31`
  return named(`${year}-09-01`, end)
}

function named(start: ShanghaiDate, end: ShanghaiDate): AcademicYear {
  const year = Number(start.slice(0, 4))
  return { start, end, name: `${year}-${year + 1}` }
}
