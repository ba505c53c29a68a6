import type { Logger } from '../log.ts'
import type { Services } from '../services.ts'
import type { Store } from '../store/open-store.ts'
import { calendarJobs } from './calendar-jobs.ts'
import { dutyJobs } from './duty-jobs.ts'
import type { Job } from './job.ts'

/** What jobs are built from; the same in the bot (src/main.ts) and in `npm run jobs`. */
export interface JobServices {
  readonly connection: Store['connection']
  readonly log: Logger
  readonly services: Services
}

/**
 * The one place jobs are registered: each returned job runs on the schedule its name has in
 * conversations/schedules.yaml.
 */
export function registerJobs({ services }: JobServices): Job[] {
  const calendar = calendarJobs({
    missingYears: (at) => services.calendar.missingYears(at),
    semesters: services.semesters,
    messages: services.messages,
    admins: () => services.adminRecipients(),
  })
  const duties = dutyJobs({
    progress: services.progress,
    opinions: services.opinions,
    people: services.people,
    units: services.units,
    pauses: services.pauses,
    messages: services.messages,
    calendar: services.calendar.calendar,
    semesters: services.semesters,
    recipientOf: (person) => services.notifier.recipientOf(person),
    admins: () => services.adminRecipients(),
  })
  return [...duties, ...calendar]
}
