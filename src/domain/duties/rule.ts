import type { PeriodKind } from '../calendar/periods.ts'
import type { AssignmentKind } from '../assignments/assignment.ts'
import type { Role, RoleFlag } from '../people/person.ts'

/**
 * One duty of a policy (policy-rules.md), as conversations/rules/ declares it. Plain data: the
 * rule files are validated into these, and duty-status.ts evaluates them.
 */
export type Rule = CountRule | AmountRule | CoverageRule | AssignmentRule | DeadlineRule | EventRule

interface RuleBase {
  /** As policy-rules.md numbers it (R01, A03, D02, E01). */
  readonly id: string
  /** Exactly as policy-rules.md writes it, e.g. "SUDA 三.1(3)", so a leader can be told why. */
  readonly source: string
  /** What the duty asks, in Chinese, as a leader is told it. */
  readonly title: string
  /** Who it applies to: anyone matching one of these (书记、校长, or 分管科研的校领导). */
  readonly who: readonly Who[]
}

/** One kind of person a rule applies to: any of the roles, with any of the flags (when given) and none of the excluded ones; a 职务 pattern narrows further. */
export interface Who {
  readonly roles: readonly Role[]
  readonly flags: readonly RoleFlag[]
  readonly notFlags: readonly RoleFlag[]
  /** A regular expression over the person's 职务 (分管教学, 院长|书记). */
  readonly titles?: string
}

/** Which contacts count: any of the kinds (any kind when empty), face to face only or not, with targets of any of these kinds. */
export interface Counts {
  readonly kinds: readonly string[]
  readonly faceToFace: boolean
  /** Target kinds (conversations/rules/target-kinds.yaml): students, teachers, … Empty: anyone. */
  readonly targets: readonly string[]
  /** Words the record must mention (大学第一课, 师德师风): for duties narrower than a contact kind. */
  readonly mentions: readonly string[]
}

/** A higher minimum for some of the people the rule applies to (HPU 第十九条: 2 for student-affairs heads). */
export interface MinimumFor {
  readonly who: Partial<Who>
  readonly minimum: number
}

interface Periodic {
  readonly period: PeriodKind
  readonly minimum: number
  readonly minimumFor: readonly MinimumFor[]
}

/** At least `minimum` counted contacts per period. */
export interface CountRule extends RuleBase, Periodic {
  readonly shape: 'count'
  readonly counts: Counts
}

/** At least `minimum` units (课时, 天) per period; a contact that does not say counts `perContact`. */
export interface AmountRule extends RuleBase, Periodic {
  readonly shape: 'amount'
  readonly counts: Counts
  readonly measure: Measure
  readonly perContact: number
}

export type Measure = 'classHours' | 'days'

/** Every target, assigned to the person or listed here, contacted at least `minimum` times per period. */
export interface CoverageRule extends RuleBase, Periodic {
  readonly shape: 'coverage'
  readonly counts: Counts
  readonly over: CoverageTargets
}

export type CoverageTargets =
  /** The person's assignments (联系点) of these kinds. */
  | { readonly assignments: readonly AssignmentKind[] }
  /** A fixed list the university sets (每门思想政治理论课), each as `name|alias|alias`. */
  | { readonly listed: readonly string[] }
  /** Everyone on the roster with one of these roles, the person excepted (书记、校长 ↔ 班子成员). */
  | { readonly people: readonly Role[] }

/** The person must have assignments: at least `minimum` (and at most `maximum`) of any kind of each group. */
export interface AssignmentRule extends RuleBase {
  readonly shape: 'assignment'
  readonly groups: ReadonlyArray<{ readonly kinds: readonly AssignmentKind[]; readonly minimum: number; readonly maximum?: number }>
}

/** An opinion raised in a contact of these kinds (or sent directly) gets feedback within `workingDays`. */
export interface DeadlineRule extends RuleBase {
  readonly shape: 'deadline'
  /** Contact kinds, or `direct` for opinions sent to the bot; empty: any contact. */
  readonly raisedIn: readonly string[]
  readonly workingDays: number
}

/**
 * Once per period, by a due date: something submitted (计划清单), or a contact that matches; or,
 * with `recordFields`, every contact of the period recorded with these fields (the record form).
 */
export interface EventRule extends RuleBase {
  readonly shape: 'event'
  readonly period: PeriodKind
  /** What is submitted, by the names a person may call it (访谈计划清单, 计划清单). */
  readonly submission?: readonly string[]
  /** Or the contact that fulfils it. */
  readonly counts?: Counts
  readonly recordFields?: readonly RecordField[]
  /** Working days after the period starts (or before it ends, when negative) by which it is due; at the end when absent. */
  readonly dueWorkingDays?: number
}

export type RecordField = 'time' | 'place' | 'targets' | 'summary'

/** The states of policy-rules.md: done, or not yet and how it looks. */
export type DutyStatus = 'done' | 'on_track' | 'at_risk' | 'behind' | 'overdue'

/** Not met: a nudge speaks of these, and a digest counts the person behind; on track and done are left alone. */
export function isUnmet(status: DutyStatus): boolean {
  return status === 'at_risk' || status === 'behind' || status === 'overdue'
}
