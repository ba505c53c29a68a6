import type { ShanghaiDate } from '../calendar/shanghai-date.ts'

/**
 * What a leader can be linked to (联系点 / 结对, policy-rules.md A01–A06 and the coverage rules);
 * the Chinese labels are in conversations/assignments.yaml.
 */
export const ASSIGNMENT_KINDS = [
  'class', // 班级 (A01, A02, R21)
  'dorm', // 宿舍 (A01)
  'club', // 社团 (A01)
  'studentBranch', // 学生党支部 (A01, A02, R32)
  'branch', // 党支部 (R05, R32)
  'generalBranch', // 党总支 (R05)
  'departmentTeam', // 系领导班子 (R05)
  'teachingOffice', // 教研室 (R05, R21)
  'youngTeacher', // 青年教师 (R05, R11)
  'college', // 学院 (A04, R20)
  'unit', // 单位 / 部门 (R21, A06)
  'course', // 思政课程 (R13)
  'talent', // 高层次人才 (R33)
  'nonParty', // 党外人士 (R34)
  'retiree', // 离退休老同志 (R35)
  'student', // 结对学生 (A02)
  'mustTalk', // 必谈对象 (A06, R31)
] as const

export type AssignmentKind = (typeof ASSIGNMENT_KINDS)[number]

/** Kinds whose target is one person: matched by name, never by part of a name (李明 is not 李明华). */
export const PERSON_KINDS: ReadonlySet<AssignmentKind> = new Set(['youngTeacher', 'talent', 'nonParty', 'retiree', 'student', 'mustTalk'])

/** A standing link between a leader and a target (glossary: assignment). */
export interface Assignment {
  readonly id: string
  readonly personId: string
  readonly kind: AssignmentKind
  /** As written, e.g. 计算机2101班, 王立新. */
  readonly target: string
  /** Other names contacts may use for the target, e.g. 计科2101 for 计算机科学与技术2101班. */
  readonly aliases: readonly string[]
  /** The day the link started (rules such as A04 ask that it be kept a year). */
  readonly since?: ShanghaiDate
  /** Who keeps it: the roster file (replaced at each import), or an admin in the chat (kept until removed there). */
  readonly source: 'roster' | 'admin'
}

/** What a link is, before it is stored. */
export interface AssignmentDraft {
  readonly kind: AssignmentKind
  readonly target: string
  readonly aliases: readonly string[]
}

/**
 * The key a target is stored under, one per person and kind: the same target typed with
 * full-width characters or stray spaces is the same link.
 */
export function assignmentKey(target: string): string {
  return target.normalize('NFKC').replace(/\s+/g, '').toLowerCase()
}
