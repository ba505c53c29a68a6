/**
 * npm run jobs -- list | run JOB --at TIME [--dry-run]: the scheduled jobs of
 * conversations/schedules.yaml, in the running bot's store when a bot holds DATA_DIR (see
 * openToolStore). `run` runs one job as of TIME; its messages go to the outbox, which the running
 * bot's worker sends, or are only printed with --dry-run.
 *
 * Exit codes: 0 done; 1 the job failed, or the tool could not run (configuration, store, the
 * schedules file); 2 wrong usage (an unknown job, a bad time).
 */
import './closed-pipe.ts'
import { EXIT, fail, failedTool, parseMoment, print, toolConfig, withToolStore } from './cli.ts'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { plainText, type Recipient } from '../src/channels/message.ts'
import type { Config } from '../src/config/load-config.ts'
import { createJobScheduler } from '../src/jobs/create-job-scheduler.ts'
import type { JobDefinition } from '../src/jobs/job.ts'
import type { SentMessage } from '../src/jobs/job-context.ts'
import { loadSchedules, type Schedules } from '../src/jobs/schedules.ts'
import type { JobScheduler } from '../src/jobs/scheduler.ts'
import { createLogger, type Logger } from '../src/log.ts'
import type { ToolStoreSource } from '../src/store/open-tool-store.ts'
import { openToolServices } from './tool-services.ts'


type Command = { readonly name: 'list' } | { readonly name: 'run'; readonly job: string; readonly at: string; readonly dryRun: boolean }
type RunCommand = { readonly job: string; readonly at: Date; readonly dryRun: boolean }

export interface JobsCliOptions {
  /** Jobs with their own schedules besides the registered ones (tests run the CLI with a job of their own). */
  readonly jobs?: readonly JobDefinition[]
}

interface Context {
  readonly config: Config
  readonly log: Logger
  readonly schedules: Schedules
  readonly scheduler: JobScheduler
  readonly source: ToolStoreSource
}


function parseCommand(args: readonly string[]): Command | undefined {
  let parsed
  try {
    parsed = parseArgs({ args: [...args], allowPositionals: true, options: { at: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } } })
  } catch {
    return undefined
  }
  const [name, job, ...rest] = parsed.positionals
  const { at, 'dry-run': dryRun } = parsed.values
  if (rest.length > 0) return undefined
  if (name === 'list' && job === undefined && at === undefined && !dryRun) return { name }
  if (name === 'run' && job !== undefined && at !== undefined) return { name, job, at, dryRun }
  return undefined
}

/** `YYYY-MM-DD HH:MM` (and seconds when there are some) in Shanghai. */
function shanghaiTime(at: Date): string {
  const iso = new Date(at.getTime() + 8 * 3600_000).toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, iso.slice(17, 19) === '00' ? 16 : 19)}`
}

async function runList(context: Context): Promise<number> {
  const { schedules, scheduler, config } = context
  const text = schedules.text
  print(text('LIST_QUIET_HOURS', { ...schedules.quietHours }))
  if (!config.jobs.enabled) print(text('LIST_JOBS_OFF'))
  print(text('LIST_HEADER'))
  for (const status of await scheduler.status(new Date())) {
    const completed = status.lastCompleted
    const last = !completed ? text('LIST_NEVER') : completed.error === undefined ? shanghaiTime(completed.fireAt) : text('LIST_FAILED', { at: shanghaiTime(completed.fireAt), error: completed.error })
    const next = status.nextFireAt ? shanghaiTime(status.nextFireAt) : '—'
    print(text('LIST_ROW', { name: status.name, cron: status.schedules.join('；'), staleAfter: duration(status.staleAfterMs), last, next }))
  }
  return EXIT.done
}

/** As schedules.yaml writes it: 30m, 6h, 1d. */
function duration(ms: number): string {
  const units = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000]] as const
  const [unit, size] = units.find(([, size]) => ms % size === 0) ?? ['m', 60_000]
  return `${Math.round(ms / size)}${unit}`
}

async function runJob(command: RunCommand, context: Context): Promise<number> {
  const { at } = command
  const { schedules, scheduler, source, log } = context
  const text = schedules.text
  let sent: SentMessage[]
  try {
    sent = await scheduler.runNow(command.job, at, { dryRun: command.dryRun })
  } catch (error) {
    log.error({ err: error, job: command.job, fireAt: at }, `job ${command.job} failed`)
    return EXIT.failed
  }
  const shownAt = shanghaiTime(at)
  if (command.dryRun) print(text('DRY_RUN', { job: command.job, at: shownAt, count: sent.filter((s) => s.inserted).length }))
  for (const { request, inserted } of sent) {
    print(text('MESSAGE', { to: recipientLine(request.to, schedules), repeated: inserted ? '' : text('MESSAGE_REPEATED'), text: plainText(request.message) }))
  }
  if (command.dryRun) return EXIT.done
  const inserted = sent.filter((s) => s.inserted).length
  print(text('RUN_DONE', { job: command.job, at: shownAt, inserted, existing: sent.length - inserted }))
  if (inserted > 0) print(text(source.kind === 'running-bot' ? 'RUN_SENT_BY_BOT' : source.kind === 'mongodb' ? 'RUN_SENT_BY_MONGODB_BOT' : 'RUN_NO_BOT'))
  return EXIT.done
}

function recipientLine(to: Recipient, schedules: Schedules): string {
  switch (to.kind) {
    case 'person':
      return schedules.text('RECIPIENT_PERSON', { platform: to.platform, id: to.userId })
    case 'group':
      return schedules.text('RECIPIENT_GROUP', { platform: to.platform, id: to.chatId })
    case 'admins':
      return schedules.text('RECIPIENT_ADMINS', { platform: to.platform })
    case 'reply':
      return schedules.text('RECIPIENT_REPLY', { platform: to.target.platform, id: to.target.chat.chatId })
  }
}


export async function main(args: readonly string[], options: JobsCliOptions = {}): Promise<number> {
  let schedules: Schedules
  try {
    schedules = loadSchedules()
  } catch (error) {
    return fail((error as Error).message, EXIT.failed)
  }
  const names = [...schedules.jobs.map((j) => j.name), ...(options.jobs ?? []).map((j) => j.name)]
  const usage = () => schedules.text('USAGE', { jobs: names.join('、') })
  const command = parseCommand(args)
  if (!command) return fail(usage(), EXIT.usage)
  let run: RunCommand | undefined
  if (command.name === 'run') {
    if (!names.includes(command.job)) return fail(`${schedules.text('UNKNOWN_JOB', { job: command.job })}\n${usage()}`, EXIT.usage)
    const at = parseMoment(command.at)
    if (!at) return fail(schedules.text('BAD_TIME', { at: command.at }), EXIT.usage)
    run = { job: command.job, at, dryRun: command.dryRun }
  }
  const config = toolConfig()
  if (!config) return EXIT.failed
  // Logs go to stderr: stdout is the report.
  const log = createLogger(config.log, process.stderr)
  try {
    return await withToolStore(config, log, (code, params) => schedules.text(code, params), async (store) => {
      let scheduler: JobScheduler | undefined
      try {
        const { services, outbox } = await openToolServices(config, log, store)
        scheduler = await createJobScheduler({ connection: store.connection, log, services }, { schedules, enqueue: (requests) => outbox.enqueueMany(requests), extraJobs: options.jobs ?? [] })
        const context: Context = { config, log, schedules, scheduler, source: store.source }
        return run ? await runJob(run, context) : await runList(context)
      } finally {
        await scheduler?.stop()
      }
    })
  } catch (error) {
    return failedTool(error, log, `jobs ${command.name}`)
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2))
