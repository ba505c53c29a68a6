import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import type { PeriodKind } from '../calendar/periods.ts'
import { loadYamlFile } from '../load-yaml-file.ts'
import type { Role, RoleFlag } from '../people/person.ts'
import type { Rule } from './rule.ts'

export const RULES_DIR = fileURLToPath(new URL('../../../conversations/rules', import.meta.url))
/** Files of the rules folder that are not profiles. */
const NOT_PROFILES = new Set(['target-kinds.yaml'])

const ROLES = ['schoolLeader', 'departmentHead', 'collegeLeader', 'middleCadre', 'counsellor', 'branchSecretary', 'secretary', 'handler', 'admin'] as const satisfies readonly Role[]
const FLAGS = ['partySecretary', 'president'] as const satisfies readonly RoleFlag[]
const PERIODS = ['week', 'month', 'quarter', 'halfYear', 'semester', 'academicYear', 'year'] as const satisfies readonly PeriodKind[]

/** What the rules are checked against: the labels and names the rest of Liaison knows. */
export interface RuleVocabulary {
  readonly contactKinds: readonly string[]
  readonly targetKinds: readonly string[]
  readonly assignmentKinds: readonly string[]
}

export interface RuleSet {
  readonly profile: string
  /** The policy the profile expresses, as its title reads. */
  readonly name: string
  readonly rules: readonly Rule[]
  readonly atRiskWorkingDays: Readonly<Record<PeriodKind, number>>
}

const DEFAULT_AT_RISK: Record<PeriodKind, number> = { week: 2, month: 5, quarter: 10, halfYear: 15, semester: 15, academicYear: 20, year: 20 }

/** The profiles shipped in conversations/rules (default, suda, fjhc, hpu, njtech). */
export function ruleProfiles(dir: string = RULES_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && !NOT_PROFILES.has(f))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort()
}

/**
 * Loads one rule profile and checks every rule against the vocabulary: errors name the file, the
 * rule and the field, e.g. `…/conversations/rules/hpu.yaml: rules[3] (R20).counts.kinds[0]: expected one of the contact kinds …`.
 */
export function loadRules(profile: string, vocabulary: RuleVocabulary, dir: string = RULES_DIR): RuleSet {
  const file = path.join(dir, `${profile}.yaml`)
  if (!existsSync(file)) throw new Error(`${file}: no such rule profile (RULES_PROFILE is one of ${ruleProfiles(dir).join(', ')})`)
  const data = loadYamlFile(file, profileSchema(vocabulary).superRefine(uniqueIds))
  return {
    profile,
    name: data.name,
    rules: data.rules as Rule[],
    atRiskWorkingDays: { ...DEFAULT_AT_RISK, ...data.atRiskWorkingDays },
  }
}

function profileSchema(vocabulary: RuleVocabulary) {
  const oneOf = (values: readonly string[], what: string) => z.string().refine((v) => values.includes(v), { message: `expected one of the ${what}: ${values.join(', ')}` })
  const kind = oneOf(vocabulary.contactKinds, 'contact kinds of conversations/vocabulary/kinds.yaml')
  const assignmentKind = oneOf(vocabulary.assignmentKinds, 'assignment kinds of conversations/assignments.yaml')
  const regex = z.string().refine((v) => isRegex(v), { message: 'expected a regular expression' })
  const who = z.strictObject({
    roles: z.array(z.enum(ROLES)).min(1),
    flags: z.array(z.enum(FLAGS)).default([]),
    notFlags: z.array(z.enum(FLAGS)).default([]),
    titles: regex.optional(),
  })
  const partialWho = z.strictObject({ roles: z.array(z.enum(ROLES)).optional(), flags: z.array(z.enum(FLAGS)).optional(), notFlags: z.array(z.enum(FLAGS)).optional(), titles: regex.optional() })
  const countsFilter = z.strictObject({
    kinds: z.array(kind).default([]),
    faceToFace: z.boolean().default(false),
    targets: z.array(oneOf(vocabulary.targetKinds, 'target kinds of conversations/rules/target-kinds.yaml')).default([]),
    mentions: z.array(z.string().min(1)).default([]),
  })
  const counts = countsFilter.default({ kinds: [], faceToFace: false, targets: [], mentions: [] })
  // One `who`, or a list of them: the rule applies to anyone matching one.
  const whoList = z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(who).min(1))
  const base = { id: z.string().regex(/^[A-Z]\d{2}[a-z]?$/, 'an id of policy-rules.md such as R01 or A03'), source: z.string().trim().min(1), title: z.string().trim().min(1), who: whoList }
  const periodic = { period: z.enum(PERIODS), minimum: z.number().positive(), minimumFor: z.array(z.strictObject({ who: partialWho, minimum: z.number().positive() })).default([]) }
  const rule = z.discriminatedUnion('shape', [
    z.strictObject({ ...base, ...periodic, shape: z.literal('count'), counts }),
    z.strictObject({ ...base, ...periodic, shape: z.literal('amount'), counts, measure: z.enum(['classHours', 'days']), perContact: z.number().positive() }),
    z.strictObject({
      ...base,
      ...periodic,
      shape: z.literal('coverage'),
      counts,
      over: z.union([
        z.strictObject({ assignments: z.array(assignmentKind).min(1) }),
        z.strictObject({ listed: z.array(z.string().trim().min(1)).min(1) }),
        z.strictObject({ people: z.array(z.enum(ROLES)).min(1) }),
      ]),
    }),
    z.strictObject({
      ...base,
      shape: z.literal('assignment'),
      groups: z.array(z.strictObject({ kinds: z.array(assignmentKind).min(1), minimum: z.number().int().min(1), maximum: z.number().int().min(1).optional() })).min(1),
    }),
    z.strictObject({ ...base, shape: z.literal('deadline'), raisedIn: z.array(z.union([kind, z.literal('direct')])).default([]), workingDays: z.number().int().min(1).max(60) }),
    z
      .strictObject({
        ...base,
        shape: z.literal('event'),
        period: z.enum(PERIODS),
        submission: z.array(z.string().trim().min(1)).min(1).optional(),
        counts: countsFilter.optional(),
        recordFields: z.array(z.enum(['time', 'place', 'targets', 'summary'])).min(1).optional(),
        dueWorkingDays: z.number().int().refine((n) => n !== 0, 'a number of working days, not 0').optional(),
      })
      .refine((r) => [r.submission, r.counts, r.recordFields].filter((x) => x !== undefined).length === 1, {
        message: 'an event is one of: a submission, a contact (counts), or the record of every contact (recordFields)',
      }),
  ])
  return z.strictObject({
    name: z.string().trim().min(1),
    atRiskWorkingDays: z.strictObject(Object.fromEntries(PERIODS.map((p) => [p, z.number().int().min(0).optional()])) as Record<PeriodKind, z.ZodOptional<z.ZodNumber>>).default({}),
    rules: z.array(rule).min(1),
  })
}

function uniqueIds(value: { rules: ReadonlyArray<{ id: string }> }, ctx: z.RefinementCtx): void {
  const seen = new Set<string>()
  value.rules.forEach((r, i) => {
    if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `${r.id} is declared twice` })
    seen.add(r.id)
  })
}

function isRegex(source: string): boolean {
  try {
    new RegExp(source, 'u')
    return true
  } catch {
    return false
  }
}
