import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import type { Connection, mongo } from 'mongoose'
import type { RunCoordinator } from 'node-cron'
import { isDuplicateKey } from './is-duplicate-key.ts'
import { jobFireModel, type JobFireDocument } from './models/job-fire.ts'

export type { JobFireDocument }

/** The key node-cron gives a distributed task's fire (`${name}:${slot.toISOString()}`); catch-up uses the same. */
export function fireKey(job: string, fireAt: Date): string {
  return `${job}:${fireAt.toISOString()}`
}

export interface CompletedFire {
  readonly fireAt: Date
  readonly finishedAt: Date
  readonly error?: string
}

export interface JobFiresOptions {
  readonly now?: () => Date
  /** Who claims fires; unique per process and scheduler unless given. */
  readonly owner?: string
}

/**
 * The job_fires collection as node-cron's RunCoordinator: of the instances sharing one database,
 * the one whose insert of a fire's key succeeds runs it; the others are told no. A fire left
 * unfinished past its lease (its instance died mid-run) is taken over, atomically, by one of them.
 */
export class JobFires implements RunCoordinator {
  readonly owner: string
  private readonly now: () => Date

  private constructor(
    private readonly collection: mongo.Collection<JobFireDocument>,
    options: JobFiresOptions,
  ) {
    this.now = options.now ?? (() => new Date())
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
  }

  static async open(connection: Connection, options: JobFiresOptions = {}): Promise<JobFires> {
    const model = jobFireModel(connection)
    await model.createIndexes()
    // The driver's collection, typed by the document: its _id is the fire key, not an ObjectId.
    return new JobFires(model.collection as unknown as mongo.Collection<JobFireDocument>, options)
  }

  async shouldRun(key: string, ttlMs: number): Promise<boolean> {
    const now = this.now()
    const leaseUntil = new Date(now.getTime() + ttlMs)
    const { job, fireAt } = parseFireKey(key)
    try {
      await this.collection.insertOne({ _id: key, job, fireAt, owner: this.owner, leaseUntil, done: false, startedAt: now, takeovers: 0 })
      return true
    } catch (error) {
      if (!isDuplicateKey(error)) throw error
    }
    // The filter and the new lease in one command: of several instances, one takes it over.
    const taken = await this.collection.findOneAndUpdate(
      { _id: key, done: false, leaseUntil: { $lte: now } },
      { $set: { owner: this.owner, leaseUntil, startedAt: now }, $inc: { takeovers: 1 } },
    )
    return taken !== null
  }

  /** Keeps a fire this instance runs from being taken over; false when it already was. */
  async renew(key: string, ttlMs: number): Promise<boolean> {
    const result = await this.collection.updateOne(
      { _id: key, owner: this.owner, done: false },
      { $set: { leaseUntil: new Date(this.now().getTime() + ttlMs) } },
    )
    return result.matchedCount === 1
  }

  /** Records how the run ended; done either way, so the fire is never run again. */
  async finish(key: string, error?: string): Promise<void> {
    await this.collection.updateOne(
      { _id: key, owner: this.owner, done: false },
      { $set: { done: true, finishedAt: this.now(), ...(error !== undefined ? { error } : {}) } },
    )
  }

  /** node-cron calls this after every run it allowed; a fire already finished stays as it is. */
  async onComplete(key: string): Promise<void> {
    await this.finish(key)
  }

  async lastCompleted(job: string): Promise<CompletedFire | undefined> {
    const doc = await this.collection.findOne({ job, done: true }, { sort: { fireAt: -1 } })
    if (!doc) return undefined
    return { fireAt: doc.fireAt, finishedAt: doc.finishedAt ?? doc.fireAt, ...(doc.error !== undefined ? { error: doc.error } : {}) }
  }
}

/** Job names hold no colon (the scheduler refuses them), so the first one ends the name. */
function parseFireKey(key: string): { job: string; fireAt: Date } {
  const colon = key.indexOf(':')
  const fireAt = new Date(key.slice(colon + 1))
  if (colon < 1 || Number.isNaN(fireAt.getTime())) throw new Error(`not a job fire key: ${key}`)
  return { job: key.slice(0, colon), fireAt }
}
