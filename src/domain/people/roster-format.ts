import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { assignmentVocabulary, type AssignmentVocabulary } from '../assignments/assignment-vocabulary.ts'
import { loadYamlFile } from '../load-yaml-file.ts'
import type { Role, RoleFlag, UnitKind } from './person.ts'

export const ROSTER_FORMAT_FILE = fileURLToPath(new URL('../../../conversations/roster.yaml', import.meta.url))

/** The roster's columns; conversations/roster.yaml gives each its Chinese header names. */
export const ROSTER_FIELDS = ['name', 'unit', 'roles', 'wecomId', 'dingtalkId', 'title', 'leaders', 'handlerUnits', 'assignments'] as const
export type RosterField = (typeof ROSTER_FIELDS)[number]

/** Every text the roster tools show; the file must have each, and nothing else. */
export const ROSTER_MESSAGE_CODES = [
  'NAME_MISSING', 'UNIT_MISSING', 'UNIT_SEVERAL', 'ROLES_MISSING', 'ROLE_UNKNOWN', 'ID_MISSING', 'ID_INVALID', 'ID_DUPLICATE',
  'IDS_TWO_PEOPLE', 'SAME_PERSON', 'NAME_UNIT_AMBIGUOUS', 'LEADERS_MISSING', 'LEADERS_NOT_SECRETARY', 'LEADER_UNKNOWN',
  'LEADER_AMBIGUOUS', 'LEADER_NOT_LEADER', 'LEADER_REFUSED', 'HANDLER_UNITS_NOT_HANDLER', 'NO_PLATFORM_ID',
  'ASSIGNMENTS_NOT_LEADER', 'ASSIGNMENT_KIND_MISSING', 'ASSIGNMENT_KIND_UNKNOWN', 'ASSIGNMENT_TARGET_EMPTY', 'REPORT_ASSIGNMENTS',
  'FILE_TYPE', 'FILE_UNREADABLE', 'FILE_UNWRITABLE', 'FILE_NO_HEADER', 'FILE_COLUMNS_MISSING', 'FILE_NOT_UTF8', 'FILE_GBK', 'COLUMNS_IGNORED',
  'REPORT_DRY_RUN', 'REPORT_COUNTS', 'REPORT_NEW_UNITS', 'REPORT_REFUSED', 'REPORT_NOTES', 'REPORT_ROW', 'REPORT_ROW_NO_NAME',
  'REPORT_ALL_TAKEN', 'REPORT_NO_HANDLER', 'STORE_MONGODB', 'STORE_RUNNING_BOT', 'STORE_DATA_DIR', 'LIST_EMPTY', 'LIST_COUNT',
  'EXPORTED', 'STORE_UNAVAILABLE', 'USAGE',
] as const
export type RosterMessageCode = (typeof ROSTER_MESSAGE_CODES)[number]
export type MessageParams = Readonly<Record<string, string | number>>

const ROLES = ['schoolLeader', 'departmentHead', 'collegeLeader', 'middleCadre', 'counsellor', 'branchSecretary', 'secretary', 'handler', 'admin'] as const satisfies readonly Role[]
const FLAGS = ['partySecretary', 'president'] as const satisfies readonly RoleFlag[]
const KINDS = ['college', 'office', 'branch', 'other'] as const satisfies readonly UnitKind[]

const names = z.array(z.string().trim().min(1)).min(1)
const schema = z.strictObject({
  columns: z.strictObject(Object.fromEntries(ROSTER_FIELDS.map((f) => [f, names])) as Record<RosterField, typeof names>),
  roles: z
    .array(
      z.strictObject({
        label: z.string().trim().min(1),
        role: z.enum(ROLES),
        flags: z.array(z.enum(FLAGS)).default([]),
        synonyms: z.array(z.string().trim().min(1)).default([]),
      }),
    )
    .superRefine((entries, ctx) => {
      const seen = new Set<string>()
      entries.forEach((entry, i) => {
        for (const name of [entry.label, ...entry.synonyms]) {
          if (seen.has(cleanName(name))) ctx.addIssue({ code: 'custom', path: [i], message: `role name ${name} is listed twice` })
          seen.add(cleanName(name))
        }
      })
      for (const role of ROLES) {
        if (!entries.some((e) => e.role === role)) ctx.addIssue({ code: 'custom', path: [], message: `no role name for ${role}` })
      }
    }),
  unitKinds: z.array(z.strictObject({ suffixes: names, kind: z.enum(KINDS) })),
  messages: z.strictObject(Object.fromEntries(ROSTER_MESSAGE_CODES.map((c) => [c, z.string().trim().min(1)])) as Record<RosterMessageCode, z.ZodString>),
})

export interface RoleName {
  /** The name the export writes. */
  readonly label: string
  readonly role: Role
  readonly flags: readonly RoleFlag[]
  readonly synonyms: readonly string[]
}

export interface RosterFormat {
  /** Header names per field; the first is the one the export writes. */
  readonly columns: Readonly<Record<RosterField, readonly string[]>>
  readonly roles: readonly RoleName[]
  /** The kinds of the 联系点 column (conversations/assignments.yaml). */
  readonly assignments: AssignmentVocabulary
  /** The field a header names, whatever its spacing, width or letter case. */
  field(header: string): RosterField | undefined
  roleByName(name: string): RoleName | undefined
  /** Every name a role cell may hold, labels first. */
  acceptedRoleNames(): string[]
  /** The role names a person's roles and flags are written as (校长, not 校领导, for the president). */
  roleLabels(roles: readonly Role[], flags: readonly RoleFlag[]): string[]
  unitKind(unitName: string): UnitKind
  text(code: RosterMessageCode, params?: MessageParams): string
}

/** Loads conversations/roster.yaml; errors name the file, the path inside it and the expectation. */
export function loadRosterFormat(file: string = ROSTER_FORMAT_FILE, assignments: AssignmentVocabulary = assignmentVocabulary()): RosterFormat {
  const data = loadYamlFile(file, schema)
  const headers = new Map<string, RosterField>()
  for (const field of ROSTER_FIELDS) for (const header of data.columns[field]) headers.set(cleanHeader(header), field)
  const roleNames = new Map<string, RoleName>()
  for (const entry of data.roles) for (const name of [entry.label, ...entry.synonyms]) roleNames.set(cleanName(name), entry)
  return {
    columns: data.columns,
    roles: data.roles,
    assignments,
    field: (header) => headers.get(cleanHeader(header)),
    roleByName: (name) => roleNames.get(cleanName(name)),
    acceptedRoleNames: () => [...data.roles.map((r) => r.label), ...data.roles.flatMap((r) => r.synonyms)],
    roleLabels(roles, flags) {
      return roles.flatMap((role) => {
        const entries = data.roles.filter((e) => e.role === role)
        // One label per flag the person holds (党委书记 and 校长 both, for someone who is both).
        const flagged = entries.filter((e) => e.flags.length > 0 && e.flags.every((f) => flags.includes(f)))
        return flagged.length > 0 ? flagged.map((e) => e.label) : [(entries.find((e) => e.flags.length === 0) ?? entries[0]!).label]
      })
    },
    unitKind(unitName) {
      return data.unitKinds.find((rule) => rule.suffixes.some((s) => unitName.endsWith(s)))?.kind ?? 'other'
    },
    text(code, params = {}) {
      return data.messages[code].replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole))
    },
  }
}

function cleanName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '')
}

function cleanHeader(header: string): string {
  return cleanName(header).toLowerCase()
}
