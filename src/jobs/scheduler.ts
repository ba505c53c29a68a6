import cron, { type Logger as CronLogger, type RunCoordinator, type ScheduledTask } from 'node-cron'
import type { Logger } from '../log.ts'
import { fireKey, type CompletedFire, type JobFires } from '../store/job-fires.ts'
import { nextFire, previousFire, type CronTimes } from './fire-times.ts'
import { JOB_NAME, type JobDefinition, type JobSend } from './job.ts'
import { jobContext, type SentMessage } from './job-context.ts'
import { isQuietTime, quietHoursEnd, type QuietHours } from './quiet-hours.ts'

/** Schedules are Shanghai clock times, whatever the server's TZ. */
export const JOBS_TIME_ZONE = 'Asia/Shanghai'
const HEALTH_TIMEOUT_MS = 2000

/** What the catch-up did for one job. */
export type CatchUpOutcome =
  /** No scheduled fire within staleAfter before that moment. */
  | { readonly job: string; readonly outcome: 'none' }
  /** ran: this instance ran the missed fire; failed: the job (or the store) failed; not-elected: the fire was done, or is running, elsewhere. */
  | { readonly job: string; readonly fireAt: Date; readonly outcome: 'ran' | 'failed' | 'not-elected' }
  /** It was quiet time: the catch-up is tried again when the quiet hours end. */
  | { readonly job: string; readonly fireAt: Date; readonly outcome: 'deferred'; readonly until: Date }

export interface JobStatus {
  readonly name: string
  readonly schedules: readonly string[]
  readonly staleAfterMs: number
  readonly nextFireAt: Date | undefined
  readonly lastCompleted: CompletedFire | undefined
}

export interface JobSchedulerOptions {
  /** Decides which instance runs a fire, and keeps the record of completed fires. */
  readonly fires: JobFires
  /** The outbox's enqueue: where a real run's messages go. */
  readonly enqueue: JobSend
  readonly log: Logger
  readonly quietHours: QuietHours
  readonly now?: () => Date
  /** How long a claimed fire is held before another instance may take it over; renewed while the job runs. */
  readonly leaseMs?: number
}

interface Entry {
  readonly job: JobDefinition
  readonly tasks: ReadonlyArray<{ readonly task: ScheduledTask; readonly times: CronTimes }>
}

/**
 * Runs each job on its schedules with node-cron (Asia/Shanghai, no overlap, distributed through
 * job_fires so that each fire runs on one instance of those sharing a database), and at start
 * runs once a job whose latest fire was missed, if that fire is younger than staleAfter.
 */
export class JobScheduler {
  private readonly entries: Entry[]
  private readonly fires: JobFires
  private readonly enqueue: JobSend
  private readonly log: Logger
  private readonly quietHours: QuietHours
  private readonly now: () => Date
  private readonly leaseMs: number
  /** Runs, claims and completions under way: stop() waits for all of them. */
  private readonly inFlight = new Set<Promise<unknown>>()
  private startup: Promise<CatchUpOutcome[]> | undefined
  private retryTimer: NodeJS.Timeout | undefined
  private stopped = false

  constructor(jobs: readonly JobDefinition[], options: JobSchedulerOptions) {
    this.fires = options.fires
    this.enqueue = options.enqueue
    this.log = options.log
    this.quietHours = options.quietHours
    this.now = options.now ?? (() => new Date())
    this.leaseMs = options.leaseMs ?? 60_000
    const coordinator: RunCoordinator = {
      shouldRun: (key, ttlMs) => this.track(this.fires.shouldRun(key, ttlMs)),
      onComplete: (key) => this.track(this.fires.onComplete(key)),
    }
    checkJobs(jobs)
    const logger = cronLogger(this.log)
    this.entries = jobs.map((job) => ({
      job,
      tasks: job.schedules.map((expression) => {
        const task = cron.createTask(expression, ({ date }) => this.track(this.execute(job, date)), {
          name: job.name,
          timezone: JOBS_TIME_ZONE,
          noOverlap: true,
          distributed: true,
          runCoordinator: coordinator,
          distributedLease: this.leaseMs,
          logger,
        })
        // A fire node-cron skipped because the event loop was late is claimed like a catch-up.
        task.on('execution:missed', ({ date }) => void this.track(this.runLate(job, date)))
        return { task, times: { fields: cron.parse(expression), match: (date: Date) => task.match(date) } }
      }),
    }))
  }

  names(): string[] {
    return this.entries.map((e) => e.job.name)
  }

  /** Starts the schedules, then the catch-up in the background (see caughtUp). */
  start(): void {
    for (const { tasks } of this.entries) for (const { task } of tasks) void task.start()
    // After the tasks start, so that no fire falls between them: a fire both see is claimed once.
    this.startup = this.track(this.catchUpAtStart())
  }

  /** What the catch-up at start did (tests and tools wait for it). */
  caughtUp(): Promise<CatchUpOutcome[]> {
    if (!this.startup) throw new Error('the job scheduler has not started')
    return this.startup
  }

  /**
   * For each job, the latest scheduled fire at or before `at`: run once, here, unless it is older
   * than staleAfter, done or running elsewhere (the same job_fires key as the scheduled fire), or
   * it is quiet time. Older missed fires are not run: the latest one stands for them.
   */
  async catchUp(at: Date): Promise<CatchUpOutcome[]> {
    return Promise.all(
      this.entries.map(async ({ job, tasks }): Promise<CatchUpOutcome> => {
        const notBefore = new Date(at.getTime() - job.staleAfterMs)
        const fireAt = latest(tasks.map(({ times }) => previousFire(times, at, notBefore)))
        if (!fireAt) return { job: job.name, outcome: 'none' }
        if (isQuietTime(at, this.quietHours)) return { job: job.name, fireAt, outcome: 'deferred', until: quietHoursEnd(at, this.quietHours) }
        return { job: job.name, fireAt, outcome: await this.claimAndRun(job, fireAt) }
      }),
    )
  }

  /**
   * Runs a job as of `fireAt` outside its schedule (`npm run jobs -- run`), without claiming the
   * fire: the messages' idempotency keys keep a repeated run from sending twice. In a dry run
   * the messages are only collected. Errors are the caller's.
   */
  async runNow(name: string, fireAt: Date, options: { readonly dryRun: boolean }): Promise<SentMessage[]> {
    const job = this.entries.find((e) => e.job.name === name)?.job
    if (!job) throw new Error(`no job named ${name}`)
    const { context, sent } = jobContext(job, fireAt, { dryRun: options.dryRun, enqueue: this.enqueue })
    await job.run(fireAt, context)
    return sent
  }

  async status(at: Date = this.now()): Promise<JobStatus[]> {
    return Promise.all(
      this.entries.map(async ({ job, tasks }) => ({
        name: job.name,
        schedules: job.schedules,
        staleAfterMs: job.staleAfterMs,
        nextFireAt: earliest(tasks.map(({ times }) => nextFire(times, at))),
        lastCompleted: await this.fires.lastCompleted(job.name),
      })),
    )
  }

  /** The /healthz entry; bounded in time, so /healthz answers quickly while the store is down. */
  async health(): Promise<{ ok: boolean } & Record<string, unknown>> {
    let timer: NodeJS.Timeout | undefined
    const status = this.status()
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), HEALTH_TIMEOUT_MS)))
    try {
      const answer = await Promise.race([status, late])
      if (answer === 'late') return { ok: false, on: true, error: `no answer within ${HEALTH_TIMEOUT_MS} ms` }
      return {
        ok: true,
        on: true,
        jobs: answer.map((s) => ({
          name: s.name,
          nextFireAt: s.nextFireAt ?? null,
          lastCompleted: s.lastCompleted ? { fireAt: s.lastCompleted.fireAt, ok: s.lastCompleted.error === undefined } : null,
        })),
      }
    } catch (error) {
      return { ok: false, on: true, error: (error as Error).message }
    } finally {
      clearTimeout(timer)
      status.catch(() => undefined)
    }
  }

  /** Stops the schedules and waits for the runs in flight. */
  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.retryTimer)
    for (const { tasks } of this.entries) for (const { task } of tasks) void task.stop()
    // node-cron calls the job a few promise hops after its claim resolves: look again once those ran.
    while (this.inFlight.size > 0) {
      await Promise.allSettled([...this.inFlight])
      await new Promise((resolve) => setImmediate(resolve))
    }
    for (const { tasks } of this.entries) for (const { task } of tasks) void task.destroy()
  }

  private async catchUpAtStart(): Promise<CatchUpOutcome[]> {
    const at = this.now()
    const outcomes = await this.catchUp(at)
    const deferred = outcomes.find((o) => o.outcome === 'deferred')
    if (deferred && !this.stopped) {
      this.log.info({ until: deferred.until }, 'quiet hours: missed job fires wait until they end')
      this.retryTimer = setTimeout(() => void this.track(this.catchUpAtStart()), deferred.until.getTime() - at.getTime())
    }
    return outcomes
  }

  private async runLate(job: JobDefinition, fireAt: Date): Promise<void> {
    if (this.now().getTime() - fireAt.getTime() > job.staleAfterMs) return
    await this.claimAndRun(job, fireAt)
  }

  /** Claims the fire through job_fires, as node-cron does for a scheduled one, and runs it if this instance got it. */
  private async claimAndRun(job: JobDefinition, fireAt: Date): Promise<'ran' | 'failed' | 'not-elected'> {
    let claimed: boolean
    try {
      claimed = await this.fires.shouldRun(fireKey(job.name, fireAt), this.leaseMs)
    } catch (error) {
      this.log.error({ err: error, job: job.name, fireAt }, `job ${job.name}: could not claim the fire of ${fireAt.toISOString()}`)
      return 'failed'
    }
    if (!claimed) return 'not-elected'
    return (await this.execute(job, fireAt)) ? 'ran' : 'failed'
  }

  /** Runs a fire this instance claimed; a job's error is logged and recorded, never thrown. */
  private async execute(job: JobDefinition, fireAt: Date): Promise<boolean> {
    const key = fireKey(job.name, fireAt)
    const fields = { job: job.name, fireAt }
    const renewal = setInterval(() => {
      this.fires.renew(key, this.leaseMs).then(
        (kept) => kept || this.log.warn(fields, `job ${job.name}: another instance took over the fire of ${fireAt.toISOString()}`),
        (error: unknown) => this.log.warn({ ...fields, err: error }, `job ${job.name}: could not renew the lease`),
      )
    }, this.leaseMs / 3)
    const { context, sent } = jobContext(job, fireAt, { dryRun: false, enqueue: this.enqueue })
    let failure: string | undefined
    try {
      await job.run(fireAt, context)
      this.log.info({ ...fields, messages: sent.filter((s) => s.inserted).length }, `job ${job.name} ran`)
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error)
      this.log.error({ ...fields, err: error }, `job ${job.name} failed for the fire of ${fireAt.toISOString()}`)
    } finally {
      clearInterval(renewal)
    }
    try {
      await this.fires.finish(key, failure)
    } catch (error) {
      this.log.error({ ...fields, err: error }, `job ${job.name}: could not record the end of the fire`)
    }
    return failure === undefined
  }

  private track<T>(promise: Promise<T> | T): Promise<T> {
    const tracked = Promise.resolve(promise)
    this.inFlight.add(tracked)
    void tracked.finally(() => this.inFlight.delete(tracked)).catch(() => undefined)
    return tracked
  }
}

/** Before any node-cron task exists, so that a bad definition leaves none behind. */
function checkJobs(jobs: readonly JobDefinition[]): void {
  const names = new Set<string>()
  for (const job of jobs) {
    if (!JOB_NAME.test(job.name)) throw new Error(`job name ${JSON.stringify(job.name)} must be kebab-case, e.g. weekly-nudge`)
    if (names.has(job.name)) throw new Error(`job ${job.name} is defined twice`)
    names.add(job.name)
    if (job.schedules.length === 0) throw new Error(`job ${job.name} has no schedule`)
    for (const expression of job.schedules) {
      const { valid, errors } = cron.validateDetailed(expression)
      if (!valid) throw new Error(`job ${job.name}: invalid cron expression "${expression}": ${errors.map((e) => e.message).join('; ')}`)
    }
  }
}

function latest(dates: ReadonlyArray<Date | undefined>): Date | undefined {
  return dates.reduce<Date | undefined>((a, b) => (!b || (a && a >= b) ? a : b), undefined)
}

function earliest(dates: ReadonlyArray<Date | undefined>): Date | undefined {
  return dates.reduce<Date | undefined>((a, b) => (!b || (a && a <= b) ? a : b), undefined)
}

/** node-cron's own warnings (a missed fire, a blocked overlap) go to our log. */
function cronLogger(log: Logger): CronLogger {
  const line = (message: string | Error) => `node-cron: ${message instanceof Error ? message.message : message}`
  return {
    info: (message) => log.info(line(message)),
    warn: (message) => log.warn(line(message)),
    error: (message, err) => log.error({ err: err ?? message }, line(message)),
    debug: (message, err) => log.debug({ err }, line(message)),
  }
}
