import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { z } from 'zod'
import type { Audience } from './flows.ts'

export const COMMANDS_FILE = fileURLToPath(new URL('../../conversations/commands.yaml', import.meta.url))

export const COMMAND_NAMES = ['my_opinions', 'show_opinion', 'todo', 'accept', 'transfer', 'answer', 'rate', 'reveal', 'confirm_entry'] as const
export type CommandName = (typeof COMMAND_NAMES)[number]

export interface CommandMatch {
  readonly name: CommandName
  readonly args: Readonly<Record<string, string>>
  readonly allowed: readonly Audience[]
}

const TICKET = '\\d{4}-\\d{4}'

/** The periods a progress question may name; a week when it names none. */
export const PROGRESS_PERIODS = ['semester', 'month', 'year', 'week'] as const
export type ProgressPeriod = (typeof PROGRESS_PERIODS)[number]

const commandSchema = z.strictObject({ pattern: z.string(), allowed: z.array(z.enum(['anyone', 'leader', 'secretary', 'handler', 'admin'])) })
const schema = z.strictObject({
  commands: z.strictObject(Object.fromEntries(COMMAND_NAMES.map((n) => [n, commandSchema])) as Record<CommandName, typeof commandSchema>),
  todoWords: z.string(),
  periods: z.strictObject(Object.fromEntries(PROGRESS_PERIODS.map((p) => [p, z.string()])) as Record<ProgressPeriod, z.ZodString>),
})

export interface CommandGrammar {
  match(text: string): CommandMatch | undefined
  /** Whether a question about opinions asks for a handler's to-do list (待处理的意见有哪些). */
  asksForTodo(text: string): boolean
  /** The period a progress question names (本月进度 → month); week when it names none. */
  periodOf(text: string): ProgressPeriod
}

/** Loads conversations/commands.yaml; a bad pattern names the file and the command. */
export function loadCommands(file: string = COMMANDS_FILE): CommandGrammar {
  const parsed = schema.safeParse(parse(readFileSync(file, 'utf8')))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new Error(`commands.yaml: ${issue.path.join('.')}: ${issue.message}`)
  }
  const regex = (source: string, where: string) => {
    try {
      return new RegExp(source.replaceAll('{ticket}', TICKET), 'u')
    } catch (error) {
      throw new Error(`commands.yaml: ${where}: ${(error as Error).message}`)
    }
  }
  const compiled = COMMAND_NAMES.map((name) => {
    const { pattern, allowed } = parsed.data.commands[name]
    return { name, allowed, pattern: regex(pattern, `commands.${name}.pattern`) }
  })
  const todoWords = regex(parsed.data.todoWords, 'todoWords')
  const periods = PROGRESS_PERIODS.map((p) => [p, regex(parsed.data.periods[p], `periods.${p}`)] as const)
  return {
    asksForTodo: (text) => todoWords.test(text),
    periodOf: (text) => periods.find(([, pattern]) => pattern.test(text))?.[0] ?? 'week',
    match(text) {
      const trimmed = text.trim().replace(/\s+/g, ' ')
      for (const { name, allowed, pattern } of compiled) {
        const found = pattern.exec(trimmed)
        if (found) return { name, allowed, args: Object.fromEntries(Object.entries(found.groups ?? {}).filter(([, v]) => v !== undefined)) as Record<string, string> }
      }
      return undefined
    },
  }
}
