import type { OutboxRequest } from '../outbox/outbox.ts'

/** Job names are kebab-case; no colon, since the name starts the fire key `${name}:${ISO}`. */
export const JOB_NAME = /^[a-z][a-z0-9-]*$/

/** Where a run's messages go, in one write per call; inserted is false for a key sent (or collected) before. */
export type JobSend = (requests: readonly OutboxRequest[]) => Promise<ReadonlyArray<{ readonly inserted: boolean }>>

/**
 * What one run of a job gets. A job body is written once for both modes: it sends everything
 * through `send` (each message with an idempotency key naming the fire, e.g.
 * `weekly-nudge:2026-11-16:zhangsan`), and checks `dryRun` only before changing anything else.
 */
export interface JobContext {
  /** The scheduled moment this run stands for (also for a late run: catch-up, `npm run jobs -- run --at`). */
  readonly fireAt: Date
  /** True for `npm run jobs -- run … --dry-run`: `send` collects the messages, and the job writes nothing. */
  readonly dryRun: boolean
  /** From conversations/schedules.yaml: the job itself skips days that are not working days when set. */
  readonly onlyOnWorkingDays: boolean
  /** The outbox's enqueue in a real run; in a dry run, collects the messages to be printed. */
  readonly send: (request: OutboxRequest) => Promise<{ readonly inserted: boolean }>
  /** The same for many messages at once: a run to every leader is one write, not one per leader. */
  readonly sendAll: JobSend
}

/** What a feature registers (src/jobs/registry.ts): the body of a job, named as in conversations/schedules.yaml. */
export interface Job {
  /** kebab-case, e.g. weekly-nudge. */
  readonly name: string
  run(fireAt: Date, context: JobContext): Promise<void>
}

/** A job with its schedule, as the scheduler takes it. */
export interface JobDefinition extends Job {
  /** Cron expressions (5 fields, or 6 with seconds), read in Asia/Shanghai whatever the server's TZ. */
  readonly schedules: readonly string[]
  /** A missed fire older than this is not run at start. */
  readonly staleAfterMs: number
  readonly onlyOnWorkingDays: boolean
}
