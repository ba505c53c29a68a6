import { addDays, monthStart, nextMonthStart, shanghaiDate, weekStart, type ShanghaiDate } from '../domain/calendar/shanghai-date.ts'
import { semesterOf, type Semester } from '../domain/calendar/semesters.ts'
import type { ContactService } from '../domain/contacts/contact-service.ts'
import type { Person } from '../domain/people/person.ts'
import type { Messages } from './messages.ts'
import type { Turn } from './turn.ts'

import type { ProgressPeriod } from './commands.ts'

interface PeriodRange {
  readonly period: ProgressPeriod
  readonly from: ShanghaiDate
  /** Exclusive. */
  readonly to: ShanghaiDate
  readonly label: string
}

/**
 * 本周/本月/本学期进度: the leader's recorded contacts per kind in the period. The duty rules of
 * a later stage compare these counts with each rule's minimum; this answer is the counts.
 */
export async function answerProgress(turn: Turn, leader: Person, period: ProgressPeriod, contacts: ContactService, semesters: readonly Semester[], messages: Messages): Promise<string> {
  const range = periodRange(period, shanghaiDate(turn.sentAt), semesters, messages)
  const counts = await contacts.countByKind(leader.id, range.from, range.to)
  const total = await contacts.countBetween(leader.id, range.from, range.to)
  const head = messages.text(turn.person?.id === leader.id ? 'PROGRESS_HEAD' : 'PROGRESS_HEAD_FOR', { label: range.label, from: messages.monthDay(range.from), to: messages.monthDay(addDays(range.to, -1)), leader: leader.name, total })
  if (total === 0) return `${head}\n${messages.text('PROGRESS_NONE')}`
  const byKind = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([kind, n]) => messages.text('PROGRESS_KIND', { kind, n }))
  return `${head}\n${messages.list(byKind)}`
}

function periodRange(period: ProgressPeriod, today: ShanghaiDate, semesters: readonly Semester[], messages: Messages): PeriodRange {
  const label = messages.text(`PERIOD_${period.toUpperCase()}`)
  switch (period) {
    case 'week': {
      const from = weekStart(today)
      return { period, from, to: addDays(from, 7), label }
    }
    case 'month':
      return { period, from: monthStart(today), to: nextMonthStart(today), label }
    case 'year':
      return { period, from: `${today.slice(0, 4)}-01-01`, to: `${Number(today.slice(0, 4)) + 1}-01-01`, label }
    case 'semester': {
      const semester = semesterOf(today, semesters)
      return semester ? { period, from: semester.start, to: addDays(semester.end, 1), label: semester.name } : periodRange('month', today, semesters, messages)
    }
  }
}
