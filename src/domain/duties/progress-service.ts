import type { DutyContact } from '../../store/confirmed-contact-window.ts'
import type { Contacts } from '../../store/contacts.ts'
import type { DutySubmissions } from '../../store/duty-submissions.ts'
import type { Opinions } from '../../store/opinions.ts'
import type { People } from '../../store/people.ts'
import type { Assignment, AssignmentKind } from '../assignments/assignment.ts'
import { periodOf, type PeriodKind } from '../calendar/periods.ts'
import type { Semester } from '../calendar/semesters.ts'
import { addDays, shanghaiDate, type ShanghaiDate } from '../calendar/shanghai-date.ts'
import type { WorkingCalendar } from '../calendar/working-days.ts'
import type { Opinion } from '../opinions/opinion.ts'
import type { Person } from '../people/person.ts'
import { ruleAppliesTo } from './applies.ts'
import type { CountedContact, DeadlineOpinion, DutyFacts } from './duty-facts.ts'
import { dutyStatus, type DutyClock, type RuleResult } from './duty-status.ts'
import type { RuleSet } from './load-rules.ts'
import type { Rule } from './rule.ts'
import type { TargetKinds } from './target-kinds.ts'

/** Where assignments come from (the assignments collection). */
export interface AssignmentSource {
  /** Undefined: everyone's. */
  forPeople(personIds?: readonly string[]): Promise<readonly Assignment[]>
}

export interface ProgressDeps {
  readonly rules: RuleSet
  readonly targetKinds: TargetKinds
  readonly contacts: Contacts
  readonly assignments: AssignmentSource
  readonly submissions: DutySubmissions
  readonly opinions: Opinions
  readonly people: People
  /** A live view: it follows the admins' calendar overrides. */
  readonly calendar: WorkingCalendar
  readonly semesters: readonly Semester[]
  readonly assignmentLabel: (kind: AssignmentKind) => string
}

export interface PersonProgress {
  readonly person: Person
  readonly rules: readonly RuleResult[]
}

/**
 * Every applicable rule's status for people at a moment: loads the facts of all of them in a few
 * queries (contacts, assignments, submissions and opinions since the start of the longest period
 * in play), then evaluates each rule with the pure duty-status functions.
 */
export class ProgressService {
  /** The everyone-read returns the same contact objects each time: what they count is worked out once. */
  private readonly countedOf = new WeakMap<DutyContact, CountedContact>()

  constructor(private readonly deps: ProgressDeps) {}

  get ruleSet(): RuleSet {
    return this.deps.rules
  }

  rulesFor(person: Person): Rule[] {
    return this.deps.rules.rules.filter((r) => ruleAppliesTo(r, person))
  }

  async forPerson(person: Person, at: Date): Promise<PersonProgress> {
    return (await this.forPeople([person], at))[0]!
  }

  /**
   * Reads everyone's contacts of the look-back window now (at start), so that the first nudge
   * or 本周汇总 does not wait for a year of them; answers how many it read.
   */
  async prepare(at: Date): Promise<number> {
    const today = shanghaiDate(at)
    return (await this.deps.contacts.confirmedBetween(this.earliestStart(today), today)).length
  }

  /** Everyone on the roster with at least one duty, or only those of a unit. */
  async everyone(at: Date, filter: { readonly unitId?: string } = {}): Promise<PersonProgress[]> {
    const people = (await this.deps.people.list(filter.unitId ? { unitId: filter.unitId } : {})).filter((p) => this.rulesFor(p).length > 0)
    return this.forPeople(people, at)
  }

  async forPeople(people: readonly Person[], at: Date): Promise<PersonProgress[]> {
    const today = shanghaiDate(at)
    const clock: DutyClock = {
      today,
      calendar: this.deps.calendar,
      semesters: this.deps.semesters,
      atRiskWorkingDays: this.deps.rules.atRiskWorkingDays,
      assignmentLabel: this.deps.assignmentLabel,
    }
    const from = this.earliestStart(today)
    // One query per collection for all of them; for many, everyone's (the contacts from this instance's window).
    const only = people.length > 200 ? undefined : people.map((p) => p.id)
    const [contacts, assignments, submissions, opinions, roster] = await Promise.all([
      this.deps.contacts.confirmedBetween(from, today, only),
      this.deps.assignments.forPeople(only),
      this.deps.submissions.since(from, only),
      this.deps.opinions.raisedSince(from, only),
      this.deps.people.list(),
    ])
    const peopleByRole = new Map<string, string[]>()
    for (const p of roster) for (const role of p.roles) peopleByRole.get(role)?.push(p.name) ?? peopleByRole.set(role, [p.name])
    const contactsOf = groupBy(contacts, (c) => c.leaderId)
    const assignmentsOf = groupBy(assignments, (a) => a.personId)
    const opinionsOf = groupBy(opinions, (o) => o.leaderId ?? '')
    return people.map((person) => {
      const facts: DutyFacts = {
        contacts: (contactsOf.get(person.id) ?? []).map((c) => this.counted(c)),
        assignments: assignmentsOf.get(person.id) ?? [],
        submissions: submissions.get(person.id) ?? [],
        opinions: (opinionsOf.get(person.id) ?? []).map(deadlineOpinion),
        peopleByRole,
      }
      const rules = this.rulesFor(person).flatMap((rule) => dutyStatus(rule, person, facts, clock) ?? [])
      return { person, rules }
    })
  }

  /** The first day any rule looks back to: the start of the longest period holding today, or the semester that ended last. */
  private earliestStart(today: ShanghaiDate): ShanghaiDate {
    const kinds: PeriodKind[] = ['year', 'academicYear', 'semester', 'halfYear', 'quarter', 'month', 'week']
    const starts = kinds.map((k) => periodOf(k, today, this.deps.semesters)?.start).filter((d): d is ShanghaiDate => d !== undefined)
    const ended = this.deps.semesters.filter((s) => s.end < today).map((s) => s.start).sort().at(-1)
    return [...starts, ...(ended ? [ended] : []), addDays(today, -366)].sort()[0]!
  }

  private counted(contact: DutyContact): CountedContact {
    let counted = this.countedOf.get(contact)
    if (!counted) this.countedOf.set(contact, (counted = this.count(contact)))
    return counted
  }

  private count(contact: DutyContact): CountedContact {
    return { ...contact, targetKinds: this.deps.targetKinds.of(contact), text: `${contact.text}\n${contact.summary}` }
  }

}

function deadlineOpinion(o: Opinion): DeadlineOpinion {
  return {
    ticketNo: o.ticketNo,
    raisedIn: o.raisedIn,
    raisedOn: o.raisedOn,
    dueDate: o.dueDate,
    status: o.status,
    ...(o.resolution ? { answeredOn: shanghaiDate(o.resolution.at) } : {}),
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const group = groups.get(k)
    if (group) group.push(item)
    else groups.set(k, [item])
  }
  return groups
}
