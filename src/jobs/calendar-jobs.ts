import { periodOf } from '../domain/calendar/periods.ts'
import type { Semester } from '../domain/calendar/semesters.ts'
import { shanghaiDate } from '../domain/calendar/shanghai-date.ts'
import type { Messages } from '../messages.ts'
import type { Recipient } from '../outbox/outbox.ts'
import type { Job } from './job.ts'

export interface CalendarJobDeps {
  /** The years the duties need now that have no holiday data (CalendarService). */
  readonly missingYears: (at: Date) => readonly number[]
  readonly semesters: readonly Semester[]
  readonly messages: Messages
  readonly admins: () => Promise<readonly Recipient[]>
}

/**
 * calendar-check: tells the admins, once a week while it lasts, that a year the deadlines and
 * duty periods reach has no holiday data (the State Council publishes the next year's in late
 * autumn); until an admin loads it, those working days are counted as plain weekdays.
 */
export function calendarJobs(deps: CalendarJobDeps): Job[] {
  return [
    {
      name: 'calendar-check',
      async run(fireAt, context) {
        const years = deps.missingYears(fireAt)
        if (years.length === 0) return
        const week = periodOf('week', shanghaiDate(fireAt), deps.semesters)!
        const text = deps.messages.text('CALENDAR_MISSING_YEARS', { years: years.join('、') })
        const admins = await deps.admins()
        await context.sendAll(admins.map((to, i) => ({ to, message: { kind: 'text', text }, key: `calendar-check:${years.join(',')}:${week.name}:${i}` })))
      },
    },
  ]
}
