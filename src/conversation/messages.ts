import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { z } from 'zod'

/** Every code the code base sends a text for; the file must have each, and nothing else. */
export const MESSAGE_CODES = ['HELP', 'INTERNAL', 'OUTBOX_DEAD'] as const
export type MessageCode = (typeof MESSAGE_CODES)[number]

export const MESSAGES_FILE = fileURLToPath(new URL('../../conversations/messages.yaml', import.meta.url))

export interface Messages {
  /** The text for a code with its {placeholders} filled in. */
  text(code: MessageCode, params?: Readonly<Record<string, string | number>>): string
}

const schema = z.strictObject(Object.fromEntries(MESSAGE_CODES.map((code) => [code, z.string().trim().min(1)])) as Record<MessageCode, z.ZodString>)

/** Loads and checks conversations/messages.yaml once at start; errors name the file and the code. */
export function loadMessages(file: string = MESSAGES_FILE): Messages {
  const parsed = schema.safeParse(parse(readFileSync(file, 'utf8')))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const where = issue.path.length > 0 ? issue.path.join('.') : (issue as { keys?: string[] }).keys?.join(', ') ?? '(root)'
    throw new Error(`${file}: ${where}: ${issue.message}`)
  }
  const texts = parsed.data
  return {
    text(code, params = {}) {
      return texts[code].replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole))
    },
  }
}
