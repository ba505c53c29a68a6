import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { z } from 'zod'

export const FLOWS_DIR = fileURLToPath(new URL('../../conversations/flows', import.meta.url))

/** Who may start a flow: roles of the roster, `leader` (any role with duties) or `anyone`. */
const audience = z.enum(['anyone', 'leader', 'secretary', 'handler', 'admin'])

const slotSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-zA-Z]*$/),
  /** The message code asking for it. */
  ask: z.string().regex(/^[A-Z_]+$/),
  /** A registered validator that checks (and may normalise) the value. */
  validate: z.string().optional(),
})

const flowSchema = z.strictObject({
  id: z.string().regex(/^[a-z_]+$/),
  /** The intent (or `command:<name>`) that starts the flow. */
  starts: z.string(),
  allowed: z.array(audience).min(1),
  /** Only in one-to-one chats: in a group the person is asked to write privately. */
  private: z.boolean().default(false),
  slots: z.array(slotSchema),
  confirm: z.strictObject({ show: z.string(), buttons: z.array(z.string()).min(1) }).optional(),
  save: z.string(),
  /** Intents that add to the flow instead of leaving it: an opinion raised in the contact being reported. */
  absorbs: z.array(z.string()).default([]),
  max_attempts: z.number().int().min(1).max(10).default(3),
})

export type FlowDefinition = z.infer<typeof flowSchema>
export type Audience = z.infer<typeof audience>

/** Loads conversations/flows/*.yaml; errors name the file, the path and what was expected. */
export function loadFlows(dir: string = FLOWS_DIR): FlowDefinition[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const parsed = flowSchema.safeParse(parse(readFileSync(path.join(dir, file), 'utf8')))
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!
        throw new Error(`flows/${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`)
      }
      return parsed.data
    })
}
