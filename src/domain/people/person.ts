/**
 * People, units and roles (glossary.md). Plain data: the store keeps them, the conversation
 * reads them, and nothing here knows about either.
 */

export type Role =
  | 'schoolLeader' // 校领导班子成员
  | 'departmentHead' // 职能部门负责人
  | 'collegeLeader' // 学院领导班子成员
  | 'middleCadre' // 中层干部
  | 'counsellor' // 辅导员
  | 'branchSecretary' // 党支部书记
  | 'secretary' // 秘书 of a named leader
  | 'handler' // 办理人 of a handler unit
  | 'admin' // 管理员

/** Roles that carry contact duties: a person with one of them is a leader. */
export const LEADER_ROLES: readonly Role[] = ['schoolLeader', 'departmentHead', 'collegeLeader', 'middleCadre', 'counsellor', 'branchSecretary']

/** Flags that narrow a role: some duties are the Party secretary's or the president's only. */
export type RoleFlag = 'partySecretary' | 'president'

export type UnitKind = 'college' | 'office' | 'branch' | 'other'

export interface Unit {
  readonly id: string
  /** As written in the roster, e.g. 计算机学院, 后勤管理处, 化工学院学生第一党支部. */
  readonly name: string
  readonly kind: UnitKind
}

export interface Person {
  readonly id: string
  readonly name: string
  readonly wecomId?: string
  readonly dingtalkId?: string
  /** The unit the person belongs to. */
  readonly unitId?: string
  /** 职务 as written, e.g. 党委副书记. */
  readonly title?: string
  readonly roles: readonly Role[]
  readonly flags: readonly RoleFlag[]
  /** For a secretary: the leaders they report for. */
  readonly secretaryOf: readonly string[]
  /** For a handler: the units whose opinions they handle. */
  readonly handlerOf: readonly string[]
}

/** Where a user id comes from: each platform has its own ids; the local chat accepts any of a person's. */
export type Platform = 'wecom' | 'dingtalk' | 'local'

/** Who wrote a message: someone on the roster, or a requester (a student or teacher) known only by platform id. */
export type Speaker =
  | { readonly kind: 'person'; readonly person: Person }
  | { readonly kind: 'requester'; readonly platform: string; readonly userId: string; readonly name: string }

export const isLeader = (person: Person): boolean => person.roles.some((r) => LEADER_ROLES.includes(r))
export const isAdmin = (person: Person): boolean => person.roles.includes('admin')

/**
 * The user id a person types in the local chat: their WeCom id, else their DingTalk id, else
 * their person id, so everyone on the roster can try the bot locally with an id they know.
 */
export const localUserId = (person: Person): string => person.wecomId ?? person.dingtalkId ?? person.id
