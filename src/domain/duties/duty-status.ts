import { assignmentMatches } from '../assignments/assignment-matches.ts'
import type { AssignmentKind } from '../assignments/assignment.ts'
import { periodOf, workingDaysIn, workingDaysLeft, type Period, type PeriodKind } from '../calendar/periods.ts'
import type { Semester } from '../calendar/semesters.ts'
import { addWorkingDays, isWorkingDay, workingDaysBetween, type WorkingCalendar } from '../calendar/working-days.ts'
import { addDays, type ShanghaiDate } from '../calendar/shanghai-date.ts'
import type { Person } from '../people/person.ts'
import type { CountedContact, DutyFacts } from './duty-facts.ts'
import type { AmountRule, AssignmentRule, CountRule, Counts, CoverageRule, DeadlineRule, DutyStatus, EventRule, Measure, RecordField, Rule } from './rule.ts'
import { minimumFor } from './applies.ts'

/** What the moment of evaluation needs besides the facts: the day, the calendars and the warning windows. */
export interface DutyClock {
  readonly today: ShanghaiDate
  readonly calendar: WorkingCalendar
  readonly semesters: readonly Semester[]
  /** How many working days before a period ends an unmet duty becomes at risk. */
  readonly atRiskWorkingDays: Readonly<Record<PeriodKind, number>>
  /** The Chinese label of an assignment kind (conversations/assignments.yaml), for what is missing. */
  readonly assignmentLabel: (kind: AssignmentKind) => string
}

export interface RuleResult {
  readonly id: string
  readonly source: string
  readonly title: string
  readonly shape: Rule['shape']
  /** The period evaluated (2026-W47, 2026-11, 2026-2027学年第一学期), or null for rules without one. */
  readonly period: string | null
  readonly periodKind: PeriodKind | null
  /** Its last day (an event's due day), when it has one. */
  readonly due: ShanghaiDate | null
  readonly status: DutyStatus
  readonly count: number
  readonly minimum: number
  /** For amounts: what count and minimum measure. */
  readonly unit?: Measure
  /** What is still open: targets not contacted, assignment kinds not set, opinions overdue, the submission not made. */
  readonly missing: readonly string[]
  /** What `missing` lists. */
  readonly missingKind?: 'targets' | 'assignments' | 'tickets' | 'submission' | 'records'
}

/** Opinions still unanswered this close to their due date make a deadline duty at risk. */
const DEADLINE_AT_RISK_WORKING_DAYS = 2
/** An event due inside its period (a plan list in the first two weeks) is at risk this close to its due day. */
const EVENT_AT_RISK_WORKING_DAYS = 3

/**
 * One rule's status for one person at one moment. Pure: the facts are loaded by the caller.
 * Undefined when the rule has nothing to say (a semester rule in a vacation before any
 * semester, coverage of assignments the person has none of — the assignment rule says that).
 */
export function dutyStatus(rule: Rule, person: Person, facts: DutyFacts, clock: DutyClock): RuleResult | undefined {
  switch (rule.shape) {
    case 'count':
    case 'amount':
      return periodic(rule, person, facts, clock)
    case 'coverage':
      return coverage(rule, person, facts, clock)
    case 'assignment':
      return assignment(rule, facts, clock)
    case 'deadline':
      return deadline(rule, facts, clock)
    case 'event':
      return event(rule, facts, clock)
  }
}

function periodic(rule: CountRule | AmountRule, person: Person, facts: DutyFacts, clock: DutyClock): RuleResult | undefined {
  const period = currentPeriod(rule.period, clock)
  if (!period) return undefined
  const counted = within(facts.contacts, period, clock.today).filter((c) => counts(rule.counts, c))
  const value = rule.shape === 'amount' ? counted.reduce((sum, c) => sum + (c[rule.measure] ?? rule.perContact), 0) : counted.length
  const minimum = minimumFor(rule, person)
  return {
    ...about(rule, period),
    status: paced(value, minimum, period, clock),
    count: value,
    minimum,
    ...(rule.shape === 'amount' ? { unit: rule.measure } : {}),
    missing: [],
  }
}

function coverage(rule: CoverageRule, person: Person, facts: DutyFacts, clock: DutyClock): RuleResult | undefined {
  const period = currentPeriod(rule.period, clock)
  if (!period) return undefined
  const targets = coverageTargets(rule, person, facts)
  if (targets.length === 0) return undefined
  const counted = within(facts.contacts, period, clock.today).filter((c) => counts(rule.counts, c))
  const minimum = minimumFor(rule, person)
  const missing = targets.filter((t) => counted.filter((c) => t.matches(c)).length < minimum).map((t) => t.name)
  const covered = targets.length - missing.length
  return { ...about(rule, period), status: paced(covered, targets.length, period, clock), count: covered, minimum: targets.length, missing, missingKind: 'targets' }
}

interface CoverageTarget {
  readonly name: string
  matches(contact: CountedContact): boolean
}

function coverageTargets(rule: CoverageRule, person: Person, facts: DutyFacts): CoverageTarget[] {
  const { over } = rule
  if ('assignments' in over) {
    return facts.assignments.filter((a) => over.assignments.includes(a.kind)).map((a) => ({ name: a.target, matches: (c) => assignmentMatches(a, c.targets) }))
  }
  const entries = 'listed' in over ? over.listed.map((entry) => entry.split('|')) : [...new Set(over.people.flatMap((role) => facts.peopleByRole.get(role) ?? []))].filter((n) => n !== person.name).map((n) => [n])
  return entries.map((names) => ({ name: names[0]!, matches: (c) => names.some((n) => c.targets.some((t) => t.includes(n)) || c.text.includes(n)) }))
}

function assignment(rule: AssignmentRule, facts: DutyFacts, clock: DutyClock): RuleResult {
  const missing: string[] = []
  let satisfied = 0
  for (const group of rule.groups) {
    const have = facts.assignments.filter((a) => group.kinds.includes(a.kind)).length
    const labels = group.kinds.map(clock.assignmentLabel).join('/')
    if (have < group.minimum) missing.push(labels)
    else if (group.maximum !== undefined && have > group.maximum) missing.push(`${labels} ≤ ${group.maximum}`)
    else satisfied++
  }
  return { ...about(rule, undefined), status: missing.length === 0 ? 'done' : 'behind', count: satisfied, minimum: rule.groups.length, missing, missingKind: 'assignments' }
}

/**
 * The leader's side of a deadline: the opinions raised in their contacts this academic year that
 * the rule governs, each answered by its due date or not.
 */
function deadline(rule: DeadlineRule, facts: DutyFacts, clock: DutyClock): RuleResult | undefined {
  const year = currentPeriod('academicYear', clock)
  const { today } = clock
  // As of today: raised by then, and answered only if answered by then. A withdrawn opinion (closed
  // without an answer) asked nothing of anyone.
  const governed = facts.opinions
    .filter((o) => o.raisedOn <= today && (!year || o.raisedOn >= year.start) && raisedUnder(rule, o.raisedIn) && !(o.status === 'closed' && !o.answeredOn))
    .map((o) => ({ ...o, answeredOn: o.answeredOn !== undefined && o.answeredOn <= today ? o.answeredOn : undefined }))
  if (governed.length === 0) return undefined
  const open = governed.filter((o) => !o.answeredOn)
  const overdue = open.filter((o) => today > o.dueDate)
  const answeredLate = governed.filter((o) => o.answeredOn !== undefined && o.answeredOn > o.dueDate)
  const soon = open.filter((o) => o.dueDate >= today && workingDaysBetween(today, o.dueDate, clock.calendar) < DEADLINE_AT_RISK_WORKING_DAYS)
  const status: DutyStatus = overdue.length > 0 ? 'overdue' : answeredLate.length > 0 ? 'behind' : soon.length > 0 ? 'at_risk' : open.length > 0 ? 'on_track' : 'done'
  const missing = [...overdue, ...answeredLate, ...soon].map((o) => o.ticketNo)
  const onTime = governed.filter((o) => o.answeredOn !== undefined && o.answeredOn <= o.dueDate).length
  return { ...about(rule, year), status, count: onTime, minimum: governed.length, missing, missingKind: 'tickets' }
}

/** Which rule governs an opinion is the caller's choice (the shortest deadline); here, whether this one may. */
function raisedUnder(rule: DeadlineRule, raisedIn: readonly string[]): boolean {
  if (raisedIn.length === 0) return rule.raisedIn.includes('direct')
  return rule.raisedIn.length === 0 || raisedIn.some((k) => rule.raisedIn.includes(k))
}

function event(rule: EventRule, facts: DutyFacts, clock: DutyClock): RuleResult | undefined {
  const period = currentPeriod(rule.period, clock)
  if (!period) return undefined
  if (rule.recordFields) return recorded(rule, rule.recordFields, facts, period, clock)
  const due = dueDate(rule, period, clock.calendar)
  const submitted = facts.submissions.some((s) => s.ruleId === rule.id && s.date >= period.start && s.date <= period.end && s.date <= clock.today)
  const contacted = rule.counts !== undefined && within(facts.contacts, period, clock.today).some((c) => counts(rule.counts!, c))
  const done = submitted || contacted
  let status: DutyStatus = 'done'
  if (!done) {
    const left = clock.today > due ? -1 : workingDaysBetween(clock.today, due, clock.calendar)
    // Due within its period: the warning comes a few days ahead, not a whole period's window.
    const window = rule.dueWorkingDays === undefined ? clock.atRiskWorkingDays[rule.period] : Math.min(clock.atRiskWorkingDays[rule.period], EVENT_AT_RISK_WORKING_DAYS)
    status = left < 0 ? 'overdue' : left < window ? 'at_risk' : 'on_track'
  }
  const missing = done ? [] : [rule.submission?.[0] ?? rule.title]
  return { ...about(rule, period, due), status, count: done ? 1 : 0, minimum: 1, missing, missingKind: 'submission' }
}

/** The record form of every contact: which contacts of the period lack one of its fields (by date). */
function recorded(rule: EventRule, fields: readonly RecordField[], facts: DutyFacts, period: Period, clock: DutyClock): RuleResult {
  const contacts = within(facts.contacts, period, clock.today)
  // An online contact (进网络) has no place to record.
  const incomplete = contacts.filter((c) => fields.some((f) => (f === 'targets' ? c.targets.length === 0 : f === 'place' && !c.faceToFace ? false : !c[f])))
  return {
    ...about(rule, period),
    status: incomplete.length === 0 ? 'done' : 'behind',
    count: contacts.length - incomplete.length,
    minimum: contacts.length,
    missing: incomplete.map((c) => c.date),
    missingKind: 'records',
  }
}

/** The day an event is due: the n-th working day of its period, or the n-th before its end; its last day by default. */
export function dueDate(rule: EventRule, period: Period, calendar: WorkingCalendar): ShanghaiDate {
  const n = rule.dueWorkingDays
  if (n === undefined) return period.end
  if (n > 0) return addWorkingDays(addDays(period.start, -1), n, calendar).date
  let date = addDays(period.end, 1)
  for (let counted = 0; counted < -n; ) {
    date = addDays(date, -1)
    if (isWorkingDay(date, calendar)) counted++
  }
  return date
}

/**
 * done when met; overdue when the period is over without it; at risk in its last working days
 * (atRiskWorkingDays of the rule set, per period kind); behind when below the pace
 * the period's working days give (half a semester gone, half the class hours due); else on track.
 */
function paced(value: number, target: number, period: Period, clock: DutyClock): DutyStatus {
  if (value >= target) return 'done'
  if (clock.today > period.end) return 'overdue'
  const { left, total } = workingDaysOf(period, clock)
  if (left <= clock.atRiskWorkingDays[period.kind]) return 'at_risk'
  const expected = total > 0 ? Math.floor((target * (total - left)) / total) : 0
  return value < expected ? 'behind' : 'on_track'
}

const workingDayMemo = new WeakMap<DutyClock, Map<string, { left: number; total: number }>>()

/** Working days left and in all of a period, once per clock: every leader shares the same few periods. */
function workingDaysOf(period: Period, clock: DutyClock): { left: number; total: number } {
  let memo = workingDayMemo.get(clock)
  if (!memo) workingDayMemo.set(clock, (memo = new Map()))
  const key = `${period.start}/${period.end}`
  let days = memo.get(key)
  if (!days) memo.set(key, (days = { left: workingDaysLeft(period, clock.today, clock.calendar), total: workingDaysIn(period, clock.calendar) }))
  return days
}

/** The period holding today; in a vacation between semesters, the semester that ended last. */
function currentPeriod(kind: PeriodKind, clock: DutyClock): Period | undefined {
  return periodOf(kind, clock.today, clock.semesters) ?? (kind === 'semester' ? lastEnded(clock) : undefined)
}

function lastEnded(clock: DutyClock): Period | undefined {
  const ended = clock.semesters.filter((s) => s.end < clock.today).sort((a, b) => (a.end < b.end ? 1 : -1))[0]
  return ended ? periodOf('semester', ended.end, clock.semesters) : undefined
}

function within(contacts: readonly CountedContact[], period: Period, today: ShanghaiDate): CountedContact[] {
  return contacts.filter((c) => c.date >= period.start && c.date <= period.end && c.date <= today)
}

export function counts(filter: Counts, contact: CountedContact): boolean {
  if (filter.kinds.length > 0 && !contact.kinds.some((k) => filter.kinds.includes(k))) return false
  if (filter.faceToFace && !contact.faceToFace) return false
  if (filter.targets.length > 0 && !filter.targets.some((t) => contact.targetKinds.has(t))) return false
  if (filter.mentions.length > 0 && !filter.mentions.some((m) => contact.text.includes(m))) return false
  return true
}

function about(rule: Rule, period: Period | undefined, due?: ShanghaiDate): Pick<RuleResult, 'id' | 'source' | 'title' | 'shape' | 'period' | 'periodKind' | 'due'> {
  return { id: rule.id, source: rule.source, title: rule.title, shape: rule.shape, period: period?.name ?? null, periodKind: period?.kind ?? null, due: due ?? period?.end ?? null }
}
