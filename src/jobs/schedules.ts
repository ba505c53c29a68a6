import { fileURLToPath } from 'node:url'
import cron from 'node-cron'
import { z } from 'zod'
import { loadYamlFile } from '../domain/load-yaml-file.ts'
import { JOB_NAME } from './job.ts'
import { isQuietMinute, type QuietHours } from './quiet-hours.ts'

export const SCHEDULES_FILE = fileURLToPath(new URL('../../conversations/schedules.yaml', import.meta.url))

/** Every text `npm run jobs` shows; the file must have each, and nothing else. */
export const JOBS_MESSAGE_CODES = [
  'USAGE', 'UNKNOWN_JOB', 'BAD_TIME', 'STORE_MONGODB', 'STORE_RUNNING_BOT', 'STORE_DATA_DIR', 'STORE_UNAVAILABLE',
  'LIST_QUIET_HOURS', 'LIST_JOBS_OFF', 'LIST_HEADER', 'LIST_ROW', 'LIST_NEVER', 'LIST_FAILED',
  'DRY_RUN', 'MESSAGE', 'MESSAGE_REPEATED', 'RUN_DONE', 'RUN_SENT_BY_BOT', 'RUN_SENT_BY_MONGODB_BOT', 'RUN_NO_BOT',
  'RECIPIENT_PERSON', 'RECIPIENT_GROUP', 'RECIPIENT_ADMINS', 'RECIPIENT_REPLY',
] as const
export type JobsMessageCode = (typeof JOBS_MESSAGE_CODES)[number]

/** One job's entry in conversations/schedules.yaml. */
export interface JobSchedule {
  readonly name: string
  readonly schedules: readonly string[]
  /** As written, e.g. `6h`, for people; staleAfterMs for the scheduler. */
  readonly staleAfter: string
  readonly staleAfterMs: number
  readonly onlyOnWorkingDays: boolean
}

export interface Schedules {
  /** Where they were read from, for errors. */
  readonly file: string
  readonly quietHours: QuietHours
  readonly jobs: readonly JobSchedule[]
  text(code: JobsMessageCode, params?: Readonly<Record<string, string | number>>): string
}

const UNIT_MS = { m: 60_000, h: 3600_000, d: 24 * 3600_000 } as const
const MAX_STALE_MS = 31 * UNIT_MS.d

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a Shanghai time of day such as 21:00')
const cronExpression = z.string().superRefine((expression, ctx) => {
  const validation = cron.validateDetailed(expression)
  if (!validation.valid) ctx.addIssue({ code: 'custom', message: `invalid cron expression "${expression}": ${validation.errors.map((e) => e.message).join('; ')}` })
})
const job = z.strictObject({
  // One expression or a list of them.
  cron: z.preprocess((value) => (typeof value === 'string' ? [value] : value), z.array(cronExpression).min(1)),
  staleAfter: z
    .string()
    .regex(/^[1-9]\d*[mhd]$/, 'expected a duration such as 30m, 6h or 1d')
    .refine((value) => durationMs(value) <= MAX_STALE_MS, 'expected at most 31d'),
  onlyOnWorkingDays: z.boolean().default(false),
})
const schema = z
  .strictObject({
    quietHours: z
      .strictObject({ from: clock, to: clock })
      .refine((q) => q.from !== q.to, 'expected from and to to differ')
      .default({ from: '21:00', to: '08:00' }),
    jobs: z.record(z.string(), job),
    messages: z.strictObject(Object.fromEntries(JOBS_MESSAGE_CODES.map((c) => [c, z.string().trim().min(1)])) as Record<JobsMessageCode, z.ZodString>),
  })
  .superRefine((file, ctx) => {
    for (const [name, entry] of Object.entries(file.jobs)) {
      if (!JOB_NAME.test(name)) ctx.addIssue({ code: 'custom', path: ['jobs', name], message: 'expected a kebab-case job name such as weekly-nudge' })
      // A scheduled fire inside the quiet hours would message people at night: refused here, so that
      // only a late run (catch-up) can meet the quiet hours, and the scheduler holds that one back.
      entry.cron.forEach((expression, i) => {
        if (!cron.validate(expression)) return
        const { hour, minute } = cron.parse(expression)
        const quiet = hour.flatMap((h) => minute.map((m) => h * 60 + m)).find((m) => isQuietMinute(m, file.quietHours))
        if (quiet === undefined) return
        const at = `${String(Math.floor(quiet / 60)).padStart(2, '0')}:${String(quiet % 60).padStart(2, '0')}`
        const span = `${file.quietHours.from}–${file.quietHours.to}`
        ctx.addIssue({ code: 'custom', path: ['jobs', name, 'cron', i], message: `"${expression}" fires at ${at}, within the quiet hours ${span}` })
      })
    }
  })

/** Loads conversations/schedules.yaml; errors name the file, the job and the field, e.g. `…: jobs.weekly-nudge.cron[0]: …`. */
export function loadSchedules(file: string = SCHEDULES_FILE): Schedules {
  const data = loadYamlFile(file, schema)
  return {
    file,
    quietHours: data.quietHours,
    jobs: Object.entries(data.jobs).map(([name, entry]) => ({
      name,
      schedules: entry.cron,
      staleAfter: entry.staleAfter,
      staleAfterMs: durationMs(entry.staleAfter),
      onlyOnWorkingDays: entry.onlyOnWorkingDays,
    })),
    text(code, params = {}) {
      return data.messages[code].replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole))
    },
  }
}

function durationMs(value: string): number {
  return Number(value.slice(0, -1)) * UNIT_MS[value.slice(-1) as keyof typeof UNIT_MS]
}
