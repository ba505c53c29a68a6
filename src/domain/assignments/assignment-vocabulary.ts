import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { loadYamlFile } from '../load-yaml-file.ts'
import { ASSIGNMENT_KINDS, type AssignmentKind } from './assignment.ts'

export const ASSIGNMENTS_FILE = fileURLToPath(new URL('../../../conversations/assignments.yaml', import.meta.url))

export const ASSIGNMENT_MESSAGE_CODES = ['PERSON_NOT_FOUND', 'NOT_A_LEADER', 'TARGET_EMPTY', 'TARGET_INVALID'] as const
export type AssignmentMessageCode = (typeof ASSIGNMENT_MESSAGE_CODES)[number]

const words = z.array(z.string().trim().min(1))
const kindEntry = z.strictObject({ label: z.string().trim().min(1), synonyms: words.default([]) })
const matching = z.strictObject({
  groupSuffixes: words,
  groupPrefixes: words,
  personTitles: words,
  personPrefixes: words,
  unitEndings: words,
  compoundSurnames: words,
  generic: words,
})
const schema = z.strictObject({
  kinds: z
    .strictObject(Object.fromEntries(ASSIGNMENT_KINDS.map((k) => [k, kindEntry])) as Record<AssignmentKind, typeof kindEntry>)
    .superRefine((kinds, ctx) => {
      const seen = new Map<string, string>()
      for (const [kind, entry] of Object.entries(kinds)) {
        for (const name of [entry.label, ...entry.synonyms]) {
          const other = seen.get(cleanName(name))
          if (other) ctx.addIssue({ code: 'custom', path: [kind], message: `${name} is already a name of ${other}` })
          seen.set(cleanName(name), kind)
        }
      }
    }),
  matching,
  messages: z.strictObject(Object.fromEntries(ASSIGNMENT_MESSAGE_CODES.map((c) => [c, z.string().trim().min(1)])) as Record<AssignmentMessageCode, z.ZodString>),
})

/** The words the matcher cleans targets with (conversations/assignments.yaml `matching`). */
export type MatchWords = z.infer<typeof matching>

export interface AssignmentVocabulary {
  /** The Chinese label of a kind: what exports and answers show. */
  label(kind: AssignmentKind): string
  /** The kind a label or synonym names, whatever its spacing or width. */
  kindByName(name: string): AssignmentKind | undefined
  /** Every name a roster cell may use, labels first. */
  acceptedNames(): string[]
  readonly matching: MatchWords
  /** Every kind's label and synonyms, cleaned: a target that is only one of them names nothing in particular. */
  readonly kindNames: ReadonlySet<string>
  text(code: AssignmentMessageCode, params?: Readonly<Record<string, string | number>>): string
}

/** Loads conversations/assignments.yaml; errors name the file, the path inside it and the expectation. */
export function loadAssignmentVocabulary(file: string = ASSIGNMENTS_FILE): AssignmentVocabulary {
  const data = loadYamlFile(file, schema)
  const byName = new Map<string, AssignmentKind>()
  for (const kind of ASSIGNMENT_KINDS) for (const name of [data.kinds[kind].label, ...data.kinds[kind].synonyms]) byName.set(cleanName(name), kind)
  return {
    label: (kind) => data.kinds[kind].label,
    kindByName: (name) => byName.get(cleanName(name)),
    acceptedNames: () => [...ASSIGNMENT_KINDS.map((k) => data.kinds[k].label), ...ASSIGNMENT_KINDS.flatMap((k) => data.kinds[k].synonyms)],
    matching: data.matching,
    kindNames: new Set(byName.keys()),
    text(code, params = {}) {
      return data.messages[code].replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole))
    },
  }
}

let shipped: AssignmentVocabulary | undefined
/** The vocabulary of the shipped file, read once per process: it does not change while Liaison runs. */
export function assignmentVocabulary(): AssignmentVocabulary {
  return (shipped ??= loadAssignmentVocabulary())
}

function cleanName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '')
}
