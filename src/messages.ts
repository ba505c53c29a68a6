import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { z } from 'zod'

export const MESSAGES_FILE = fileURLToPath(new URL('../conversations/messages.yaml', import.meta.url))

export interface Messages {
  /** The text for a code with its {placeholders} filled in; an unknown code is a bug and throws. */
  text(code: string, params?: Readonly<Record<string, string | number>>): string
  has(code: string): boolean
  /** Items joined the way a list is written (、). */
  list(items: readonly string[]): string
  /** A Shanghai date (YYYY-MM-DD) as a person reads it (11月20日). */
  monthDay(date: string): string
}

// Only ASCII blanks are trimmed: a leading full-width space (　) indents a line on purpose.
const schema = z.record(
  z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'a code in SCREAMING_SNAKE_CASE'),
  z
    .string()
    .transform((text) => text.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, ''))
    .pipe(z.string().min(1)),
)

/**
 * Loads conversations/messages.yaml once at start. `required` lists the codes the code base
 * sends; a missing one (or a malformed entry) stops the bot with the file and the code named.
 */
export function loadMessages(required: readonly string[] = [], file: string = MESSAGES_FILE): Messages {
  const parsed = schema.safeParse(parse(readFileSync(file, 'utf8')))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new Error(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`)
  }
  const texts = parsed.data
  for (const code of required) if (!Object.hasOwn(texts, code)) throw new Error(`${file}: ${code}: missing; the code base sends this text`)
  const text = (code: string, params: Readonly<Record<string, string | number>> = {}) => {
    if (!Object.hasOwn(texts, code)) throw new Error(`${file} has no text ${code}`)
    return texts[code]!.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole))
  }
  return {
    text,
    has: (code) => Object.hasOwn(texts, code),
    list: (items) => items.join(text('LIST_SEPARATOR')),
    monthDay: (date) => text('MONTH_DAY', { month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) }),
  }
}
