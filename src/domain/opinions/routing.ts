import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { loadYamlFile } from '../load-yaml-file.ts'

export const ROUTING_FILE = fileURLToPath(new URL('../../../conversations/routing.yaml', import.meta.url))

const days = z.number().int().min(1).max(60)
const schema = z.strictObject({
  handlerUnits: z.record(z.string().trim().min(1), z.string().trim().min(1)),
  deadlines: z.strictObject({
    contactKinds: z.record(z.string().trim().min(1), days).default({}),
    contact: days,
    direct: days,
  }),
})

export type RoutingData = z.infer<typeof schema>

/** Where opinions go and how long their handler units have (conversations/routing.yaml). */
export interface Routing {
  readonly data: RoutingData
  /** The name of the unit that handles a category's opinions. */
  unitNameFor(category: string): string
  /** Working days to give feedback on an opinion raised in a contact of this kind, or sent directly. */
  deadlineDays(kind: string | 'direct'): number
  /** The shortest deadline among a contact's kinds (a 座谈 held on a 接待日 gets 5 days). */
  deadlineDaysForKinds(kinds: readonly string[]): number
  /** Every unit opinions can be routed to, once each. */
  unitNames(): string[]
}

/** What the routing is checked against: the labels of the vocabulary. */
export interface RoutingVocabulary {
  readonly categories: readonly string[]
  readonly contactKinds: readonly string[]
}

/**
 * Loads conversations/routing.yaml. Every category of the vocabulary must have a handler unit
 * and no other may appear, and deadlines may name only known contact kinds: errors name the
 * file, the path and what was expected.
 */
export function loadRouting(vocabulary: RoutingVocabulary, file: string = ROUTING_FILE): Routing {
  const data = loadYamlFile(
    file,
    schema.superRefine((value, ctx) => {
      for (const category of vocabulary.categories) {
        if (!(category in value.handlerUnits)) ctx.addIssue({ code: 'custom', path: ['handlerUnits', category], message: 'expected the name of the unit that handles this category' })
      }
      for (const category of Object.keys(value.handlerUnits)) {
        if (!vocabulary.categories.includes(category)) {
          ctx.addIssue({ code: 'custom', path: ['handlerUnits', category], message: `expected one of the categories ${vocabulary.categories.join(', ')}` })
        }
      }
      for (const kind of Object.keys(value.deadlines.contactKinds)) {
        if (!vocabulary.contactKinds.includes(kind)) {
          ctx.addIssue({ code: 'custom', path: ['deadlines', 'contactKinds', kind], message: `expected one of the contact kinds ${vocabulary.contactKinds.join(', ')}` })
        }
      }
    }),
  )
  const deadlineDays = (kind: string) => (kind === 'direct' ? data.deadlines.direct : (data.deadlines.contactKinds[kind] ?? data.deadlines.contact))
  return {
    data,
    unitNameFor(category) {
      const unit = data.handlerUnits[category]
      if (unit === undefined) throw new Error(`no handler unit for opinion category ${category} in ${file}`)
      return unit
    },
    deadlineDays,
    deadlineDaysForKinds: (kinds) => (kinds.length === 0 ? data.deadlines.contact : Math.min(...kinds.map(deadlineDays))),
    unitNames: () => [...new Set(Object.values(data.handlerUnits))],
  }
}
