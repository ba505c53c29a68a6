import { periodOf, previousPeriod, isLastWorkingDays, type Period } from '../domain/calendar/periods.ts'
import type { Semester } from '../domain/calendar/semesters.ts'
import { addDays, shanghaiDate, startOfShanghaiDate, type ShanghaiDate } from '../domain/calendar/shanghai-date.ts'
import { isWorkingDay, workingDaysBetween, type WorkingCalendar } from '../domain/calendar/working-days.ts'
import { byUrgency, ruleLines } from '../domain/duties/duty-texts.ts'
import type { RuleResult } from '../domain/duties/duty-status.ts'
import type { PersonProgress, ProgressService } from '../domain/duties/progress-service.ts'
import { isUnmet } from '../domain/duties/rule.ts'
import type { Opinion } from '../domain/opinions/opinion.ts'
import type { Person } from '../domain/people/person.ts'
import type { Messages } from '../messages.ts'
import type { OutboundMessage, OutboxRequest, Recipient } from '../outbox/outbox.ts'
import type { NudgePauses } from '../store/nudge-pauses.ts'
import type { Opinions } from '../store/opinions.ts'
import type { People } from '../store/people.ts'
import type { Units } from '../store/units.ts'
import { digestText } from '../domain/duties/digest.ts'
import type { Job, JobContext } from './job.ts'

/** What the duty jobs are built from. */
export interface DutyJobDeps {
  readonly progress: ProgressService
  readonly opinions: Opinions
  readonly people: People
  readonly units: Units
  readonly pauses: NudgePauses
  readonly messages: Messages
  readonly calendar: WorkingCalendar
  readonly semesters: readonly Semester[]
  /** Where a person is reached (their first platform in use), undefined when nowhere. */
  readonly recipientOf: (person: Person) => Recipient | undefined
  /** The administrators' groups (the robots configured), or, without one, the admins one by one. */
  readonly admins: () => Promise<readonly Recipient[]>
}

/** Opinions still waiting for an answer. */
const OPEN = ['open', 'accepted', 'transferring'] as const

/** Working days before the due date, and on it, a handler unit is reminded. */
const REMIND_BEFORE = [2, 0]
/** Working days past the due date after which an escalation goes to the admins, beyond the unit's head. */
const ESCALATE_TO_ADMINS_AFTER = 3
/** The last working days of a month on which the monthly record form is asked for. */
const FORM_DAYS = 3

/**
 * The scheduled jobs of the duties (conversations/schedules.yaml): nudges to leaders behind on a
 * duty, reminders of the monthly record form and of the semester's plan and results lists,
 * deadline reminders and escalations of opinions, and the digests to the admins. Each message's
 * key names the job, the period and the person, so a re-run sends nothing twice.
 */
export function dutyJobs(deps: DutyJobDeps): Job[] {
  const { messages } = deps
  const text = (t: string): OutboundMessage => ({ kind: 'text', text: t })

  /** Where a message to a person goes: to them, or, when they cannot be reached, to their secretaries. */
  function requestsTo(person: Person, message: OutboundMessage, key: string, secretaries: readonly Person[]): OutboxRequest[] {
    const to = deps.recipientOf(person)
    if (to) return [{ to, message, key }]
    return secretaries.flatMap((secretary) => {
      const via = secretary.secretaryOf.includes(person.id) ? deps.recipientOf(secretary) : undefined
      return via ? [{ to: via, message, key: `${key}:via:${secretary.id}` }] : []
    })
  }

  async function toPerson(person: Person, message: OutboundMessage, key: string, context: JobContext): Promise<void> {
    await context.sendAll(requestsTo(person, message, key, await deps.people.list({ role: 'secretary' })))
  }

  async function toAdmins(message: OutboundMessage, key: string, context: JobContext): Promise<void> {
    for (const [i, to] of (await deps.admins()).entries()) await context.send({ to, message, key: `${key}:${i}` })
  }

  const workingDay = (date: ShanghaiDate) => isWorkingDay(date, deps.calendar)

  /** A duty reminder for each person with something unmet among `pick` of their results. */
  async function remindEach(context: JobContext, key: string, head: string, pick: (results: readonly RuleResult[]) => RuleResult[]): Promise<void> {
    const [everyone, paused, secretaries] = await Promise.all([
      deps.progress.everyone(context.fireAt),
      deps.pauses.pausedOn(shanghaiDate(context.fireAt)),
      deps.people.list({ role: 'secretary' }),
    ])
    const requests = everyone.flatMap(({ person, rules }) => {
      const open = byUrgency(pick(rules))
      if (open.length === 0 || paused.has(person.id)) return []
      const lines = [messages.text(head, { name: person.name }), ...open.flatMap((r) => ruleLines(r, messages)), messages.text('NUDGE_FOOT')]
      return requestsTo(person, text(lines.join('\n')), `${key}:${person.id}`, secretaries)
    })
    await context.sendAll(requests)
  }

  return [
    {
      name: 'weekly-nudge',
      async run(fireAt, context) {
        const today = shanghaiDate(fireAt)
        if (context.onlyOnWorkingDays && !workingDay(today)) return
        await remindEach(context, `weekly-nudge:${today}`, 'NUDGE_HEAD', (rules) => rules.filter((r) => isUnmet(r.status)))
      },
    },
    {
      name: 'monthly-form-reminder',
      async run(fireAt, context) {
        const today = shanghaiDate(fireAt)
        const month = periodOf('month', today, deps.semesters)!
        if (!workingDay(today) || !isLastWorkingDays(today, month, FORM_DAYS, deps.calendar)) return
        await remindEach(context, `monthly-form-reminder:${today}`, 'FORM_REMINDER_HEAD', (rules) =>
          rules.filter((r) => r.shape === 'event' && r.periodKind === 'month' && r.missingKind === 'submission' && r.status !== 'done'),
        )
      },
    },
    {
      name: 'semester-start',
      async run(fireAt, context) {
        const today = shanghaiDate(fireAt)
        const semester = periodOf('semester', today, deps.semesters)
        if (!semester || !workingDay(today) || workingDaysBetween(addDays(semester.start, -1), today, deps.calendar) !== 1) return
        // The first working day of the semester: the lists due early in it (计划清单).
        await remindEach(context, `semester-start:${semester.name}`, 'SEMESTER_START_HEAD', (rules) =>
          rules.filter((r) => r.shape === 'event' && r.periodKind === 'semester' && r.due !== semester.end && r.status !== 'done'),
        )
      },
    },
    {
      name: 'semester-end',
      async run(fireAt, context) {
        const today = shanghaiDate(fireAt)
        const semester = periodOf('semester', today, deps.semesters)
        const window = deps.progress.ruleSet.atRiskWorkingDays.semester
        if (!semester || !workingDay(today) || !isLastWorkingDays(today, semester, window, deps.calendar)) return
        // Once, when the last weeks begin: the results list (成果清单) and what the semester still lacks.
        if (isLastWorkingDays(addDays(today, -1), semester, window, deps.calendar) && workingDay(addDays(today, -1))) return
        await remindEach(context, `semester-end:${semester.name}`, 'SEMESTER_END_HEAD', (rules) => rules.filter((r) => r.periodKind === 'semester' && r.status !== 'done'))
      },
    },
    {
      name: 'deadline-reminders',
      async run(fireAt, context) {
        const today = shanghaiDate(fireAt)
        if (context.onlyOnWorkingDays && !workingDay(today)) return
        for (const opinion of await deps.opinions.withStatus(OPEN, 10_000)) await followUp(opinion, today, context)
      },
    },
    {
      name: 'weekly-digest',
      async run(fireAt, context) {
        const today = shanghaiDate(fireAt)
        const week = previousPeriod(periodOf('week', today, deps.semesters)!, deps.semesters)!
        await digest(week, context)
      },
    },
    {
      name: 'monthly-digest',
      async run(fireAt, context) {
        const today = shanghaiDate(fireAt)
        const month = previousPeriod(periodOf('month', today, deps.semesters)!, deps.semesters)!
        await digest(month, context)
      },
    },
  ]

  /** Reminds the unit before the due date and on it; past it escalates to the unit's head, then to the admins. */
  async function followUp(opinion: Opinion, today: ShanghaiDate, context: JobContext): Promise<void> {
    const calendar = deps.calendar
    const unitName = (await deps.units.findById(opinion.handlerUnitId))?.name ?? ''
    const params = { ticketNo: opinion.ticketNo, content: opinion.content, unit: unitName, due: messages.monthDay(opinion.dueDate) }
    if (today <= opinion.dueDate) {
      const left = workingDaysBetween(today, opinion.dueDate, calendar)
      if (!REMIND_BEFORE.includes(left) || !isWorkingDay(today, calendar)) return
      const step = `remind:${left}`
      const message = text(messages.text(left === 0 ? 'REMIND_DUE_TODAY' : 'REMIND_DUE_SOON', { ...params, days: left }))
      await record(opinion, 'reminded', step, context)
      for (const unitId of new Set([opinion.handlerUnitId, opinion.responsibleUnitId])) await toUnitHandlers(unitId, message, `opinion:${opinion.ticketNo}:${step}:${unitId}`, context)
      return
    }
    const late = workingDaysBetween(opinion.dueDate, today, calendar)
    if (late < 1) return
    const message = text(messages.text('ESCALATE', { ...params, late }))
    // The unit that answers for it (首问负责制) is escalated, to its head first; a day's re-run repeats nothing.
    const head = await unitHead(opinion.responsibleUnitId)
    if (head) {
      await record(opinion, 'escalated', 'escalate:head', context)
      await toPerson(head, message, `opinion:${opinion.ticketNo}:escalate:head`, context)
    }
    if (late >= ESCALATE_TO_ADMINS_AFTER || !head) {
      await record(opinion, 'escalated', 'escalate:admins', context)
      await toAdmins(message, `opinion:${opinion.ticketNo}:escalate:admins`, context)
    }
  }

  /** Records a follow-up step on the opinion, once (a dry run writes nothing). */
  async function record(opinion: Opinion, action: 'reminded' | 'escalated', detail: string, context: JobContext): Promise<void> {
    if (!context.dryRun) await deps.opinions.noteOnce(opinion.id, { at: context.fireAt, by: 'liaison', action, detail })
  }

  async function toUnitHandlers(unitId: string, message: OutboundMessage, key: string, context: JobContext): Promise<void> {
    for (const handler of await deps.people.list({ role: 'handler' })) {
      if (!handler.handlerOf.includes(unitId)) continue
      const to = deps.recipientOf(handler)
      if (to) await context.send({ to, message, key: `${key}:${handler.id}` })
    }
  }

  /** The unit's head: its 职能部门负责人, else its 学院领导, on the roster. */
  async function unitHead(unitId: string): Promise<Person | undefined> {
    const members = await deps.people.list({ unitId })
    return members.find((p) => p.roles.includes('departmentHead')) ?? members.find((p) => p.roles.includes('collegeLeader'))
  }

  async function digest(period: Period, context: JobContext): Promise<void> {
    const end = startOfShanghaiDate(addDays(period.end, 1))
    const progress: PersonProgress[] = await deps.progress.everyone(new Date(end.getTime() - 1))
    const [opinions, open] = await Promise.all([deps.opinions.raisedOrAnsweredBetween(period.start, period.end), deps.opinions.withStatus(OPEN, 10_000)])
    const body = await digestText({ period, progress, opinions, open, units: deps.units, messages, calendar: deps.calendar, today: shanghaiDate(context.fireAt) })
    await toAdmins({ kind: 'markdown', title: messages.text('DIGEST_TITLE', { period: period.name }), markdown: body }, `digest:${period.kind}:${period.name}`, context)
  }
}
