import type { Assignment } from '../assignments/assignment.ts'
import type { ShanghaiDate } from '../calendar/shanghai-date.ts'
import type { OpinionStatus } from '../opinions/opinion.ts'

/** A contact as the duties see it: what counts, not how it was written down. */
export interface CountedContact {
  readonly date: ShanghaiDate
  readonly kinds: readonly string[]
  readonly faceToFace: boolean
  readonly targets: readonly string[]
  /** The kinds of people it reached (students, teachers, …), from its targets and kinds. */
  readonly targetKinds: ReadonlySet<string>
  /** What the leader wrote and the summary, for rules that look for a word (大学第一课). */
  readonly text: string
  readonly time: string | null
  readonly place: string | null
  readonly summary: string
  readonly classHours?: number
  readonly days?: number
}

/** Something a person reported as submitted for an event rule (计划清单, 工作记录表). */
export interface Submission {
  readonly ruleId: string
  readonly date: ShanghaiDate
}

/** An opinion raised in one of the person's contacts, for deadline rules. */
export interface DeadlineOpinion {
  readonly ticketNo: string
  /** The kinds of the contact that raised it; empty for one sent directly. */
  readonly raisedIn: readonly string[]
  readonly raisedOn: ShanghaiDate
  readonly dueDate: ShanghaiDate
  readonly status: OpinionStatus
  /** The day it was answered, when it was. */
  readonly answeredOn?: ShanghaiDate
}

/** Everything about one person that their duties are computed from. */
export interface DutyFacts {
  readonly contacts: readonly CountedContact[]
  readonly assignments: readonly Assignment[]
  readonly submissions: readonly Submission[]
  readonly opinions: readonly DeadlineOpinion[]
  /** Names of everyone on the roster by role, for coverage over people (书记、校长 ↔ 班子成员). */
  readonly peopleByRole: ReadonlyMap<string, readonly string[]>
}
