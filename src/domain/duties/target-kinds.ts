import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { loadYamlFile } from '../load-yaml-file.ts'

export const TARGET_KINDS_FILE = fileURLToPath(new URL('../../../conversations/rules/target-kinds.yaml', import.meta.url))

const schema = z.strictObject({
  targetKinds: z.record(
    z.string().regex(/^[a-z][a-zA-Z]*$/),
    z.strictObject({ label: z.string().min(1), words: z.array(z.string().min(1)).min(1), impliedByKinds: z.array(z.string().min(1)).default([]) }),
  ),
})

export interface TargetKinds {
  readonly names: readonly string[]
  label(name: string): string
  /** The kinds of people a contact reached, from its targets as written and its contact kinds. */
  of(contact: { readonly targets: readonly string[]; readonly kinds: readonly string[] }): Set<string>
}

/** Loads conversations/rules/target-kinds.yaml; contact kinds it names must be the vocabulary's. */
export function loadTargetKinds(contactKinds: readonly string[], file: string = TARGET_KINDS_FILE): TargetKinds {
  const data = loadYamlFile(
    file,
    schema.superRefine((value, ctx) => {
      for (const [name, entry] of Object.entries(value.targetKinds)) {
        entry.impliedByKinds.forEach((k, i) => {
          if (!contactKinds.includes(k)) ctx.addIssue({ code: 'custom', path: ['targetKinds', name, 'impliedByKinds', i], message: `expected one of the contact kinds ${contactKinds.join(', ')}` })
        })
      }
    }),
  ).targetKinds
  const entries = Object.entries(data)
  return {
    names: entries.map(([name]) => name),
    label: (name) => data[name]?.label ?? name,
    of(contact) {
      const reached = new Set<string>()
      for (const [name, entry] of entries) {
        if (contact.kinds.some((k) => entry.impliedByKinds.includes(k)) || contact.targets.some((t) => entry.words.some((w) => t.includes(w)))) reached.add(name)
      }
      return reached
    },
  }
}
