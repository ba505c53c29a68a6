import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { loadYamlFile } from '../load-yaml-file.ts'

export const ROUTING_FILE = fileURLToPath(new URL('../../../conversations/routing.yaml', import.meta.url))

const days = z.number().int().min(1).max(60)
const schema = z.strictObject({
  handlerUnits: z.record(z.string().trim().min(1), z.string().trim().min(1)),
  deadlines: z.strictObject({ contact: days, direct: days }),
})

export type RoutingData = z.infer<typeof schema>

/** Where opinions go (conversations/routing.yaml). */
export interface Routing {
  readonly data: RoutingData
  /** The name of the unit that handles a category's opinions. */
  unitNameFor(category: string): string
  /** Every unit opinions can be routed to, once each. */
  unitNames(): string[]
  /** Working days when no deadline rule of the profile governs an opinion (conversations/rules/). */
  readonly fallbackDeadlines: { readonly contact: number; readonly direct: number }
}

/** What the routing is checked against: the labels of the vocabulary. */
export interface RoutingVocabulary {
  readonly categories: readonly string[]
}

/**
 * Loads conversations/routing.yaml. Every category of the vocabulary must have a handler unit
 * and no other may appear: errors name the file, the path and what was expected.
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
    }),
  )
  return {
    data,
    unitNameFor(category) {
      const unit = data.handlerUnits[category]
      if (unit === undefined) throw new Error(`no handler unit for opinion category ${category} in ${file}`)
      return unit
    },
    fallbackDeadlines: data.deadlines,
    unitNames: () => [...new Set(Object.values(data.handlerUnits))],
  }
}
