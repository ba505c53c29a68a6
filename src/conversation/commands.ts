import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { z } from 'zod'
import type { Audience } from './flows.ts'

export const COMMANDS_FILE = fileURLToPath(new URL('../../conversations/commands.yaml', import.meta.url))

export const COMMAND_NAMES = [
  'my_opinions', 'show_opinion', 'todo', 'accept', 'transfer', 'answer', 'answer_bare', 'rate', 'reveal', 'confirm_entry', 'entry_wrong',
  'greeting', 'thanks',
  'submit_event', 'my_assignments', 'rules', 'explain_rule', 'summary', 'unfinished', 'overdue_opinions', 'pause', 'add_assignment', 'remove_assignment',
] as const
export type CommandName = (typeof COMMAND_NAMES)[number]

export interface CommandMatch {
  readonly name: CommandName
  readonly args: Readonly<Record<string, string>>
  readonly allowed: readonly Audience[]
  /** A soft command gives way: for someone it is not for, the message is read like any other. */
  readonly soft: boolean
}

/** A day a person writes (2026-12-01, 12月1日, 12.1, 12/1): the year when given, else the next such day. */
export interface WrittenDate {
  readonly year?: number
  /** Absent for a day of the month alone (5日), which takes the month of the day before it. */
  readonly month?: number
  readonly day: number
}

/** The periods a progress question may name; a week when it names none. */
export const PROGRESS_PERIODS = ['semester', 'academicYear', 'quarter', 'month', 'year', 'week'] as const
export type ProgressPeriod = (typeof PROGRESS_PERIODS)[number]

const commandSchema = z.strictObject({
  pattern: z.string(),
  allowed: z.array(z.enum(['anyone', 'leader', 'secretary', 'handler', 'admin'])),
  soft: z.boolean().default(false),
  /** A message that means the command but is not written its way (暂停王立新的提醒): answered with how to write it. */
  hint: z.string().optional(),
})
const schema = z.strictObject({
  commands: z.strictObject(Object.fromEntries(COMMAND_NAMES.map((n) => [n, commandSchema])) as Record<CommandName, typeof commandSchema>),
  /** Parts of patterns written once: {ticket} in a pattern stands for placeholders.ticket. */
  placeholders: z.record(z.string().regex(/^[a-zA-Z]+$/), z.string()),
  todoWords: z.string(),
  /** A progress question about the period before the current one (上周, 上个月, 去年). */
  previous: z.string(),
  date: z.string(),
  periods: z.strictObject(Object.fromEntries(PROGRESS_PERIODS.map((p) => [p, z.string()])) as Record<ProgressPeriod, z.ZodString>),
})

export interface CommandGrammar {
  match(text: string): CommandMatch | undefined
  /** The command a message that matches none seems to mean, to say how it is written. */
  hint(text: string): Pick<CommandMatch, 'name' | 'allowed'> | undefined
  /** Whether a question about opinions asks for a handler's to-do list (待处理的意见有哪些). */
  asksForTodo(text: string): boolean
  /** The period a progress question names (本月进度 → month); week when it names none. */
  periodOf(text: string): ProgressPeriod
  /** Whether a progress question asks about the period before the current one (上周进度). */
  asksPrevious(text: string): boolean
  /** A day as written in a command (暂停提醒 … 12月1日至12月5日); undefined when it is none. */
  dateOf(text: string): WrittenDate | undefined
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
      return new RegExp(Object.entries(parsed.data.placeholders).reduce((s, [name, part]) => s.replaceAll(`{${name}}`, part), source), 'u')
    } catch (error) {
      throw new Error(`commands.yaml: ${where}: ${(error as Error).message}`)
    }
  }
  const compiled = COMMAND_NAMES.map((name) => {
    const { pattern, allowed, soft, hint } = parsed.data.commands[name]
    return { name, allowed, soft, pattern: regex(pattern, `commands.${name}.pattern`), hint: hint === undefined ? undefined : regex(hint, `commands.${name}.hint`) }
  })
  const date = regex(parsed.data.date, 'date')
  const todoWords = regex(parsed.data.todoWords, 'todoWords')
  const previous = regex(parsed.data.previous, 'previous')
  const periods = PROGRESS_PERIODS.map((p) => [p, regex(parsed.data.periods[p], `periods.${p}`)] as const)
  return {
    asksForTodo: (text) => todoWords.test(text),
    periodOf: (text) => periods.find(([, pattern]) => pattern.test(text))?.[0] ?? 'week',
    asksPrevious: (text) => previous.test(text),
    dateOf(text) {
      const groups = date.exec(text.trim())?.groups
      if (groups?.dayOnly) return { day: Number(groups.dayOnly) }
      if (!groups?.month || !groups.day) return undefined
      return { ...(groups.year ? { year: Number(groups.year) } : {}), month: Number(groups.month), day: Number(groups.day) }
    },
    hint(text) {
      const trimmed = text.trim()
      const near = compiled.find((c) => c.hint?.test(trimmed))
      return near && { name: near.name, allowed: near.allowed }
    },
    match(text) {
      const trimmed = text.trim().replace(/\s+/g, ' ')
      for (const { name, allowed, soft, pattern } of compiled) {
        const found = pattern.exec(trimmed)
        if (found) return { name, allowed, soft, args: Object.fromEntries(Object.entries(found.groups ?? {}).filter(([, v]) => v !== undefined)) as Record<string, string> }
      }
      return undefined
    },
  }
}
