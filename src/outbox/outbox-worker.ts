import { hostname } from 'node:os'
import { randomUUID } from 'node:crypto'
import type { OutboundMessage, Platform, Recipient } from '../channels/message.ts'
import { recipientPlatform } from '../channels/message.ts'
import { SendFailure, type ChannelSender } from '../channels/sender.ts'
import type { Logger } from '../log.ts'
import type { OutboxMessageDocument, OutboxMessages } from '../store/outbox-messages.ts'
import type { Outbox } from './outbox.ts'
import { nextSlotAt } from './rate-limit.ts'
import { retryDelayMs, type RetryPolicy } from './retry-delay.ts'

export interface DeadLetter {
  readonly key: string
  readonly destination: string
  readonly attempts: number
  readonly error: string
}

export interface OutboxWorkerOptions {
  readonly now?: () => Date
  readonly random?: () => number
  /** Messages in flight at once (never two for one destination). */
  readonly concurrency?: number
  /** How often to look for due messages when nothing new was enqueued. */
  readonly pollIntervalMs?: number
  /** How long a claimed message belongs to this worker; longer than any send can take. */
  readonly leaseMs?: number
  /** Tries before a message is dead. */
  readonly maxAttempts?: number
  readonly retry?: Partial<RetryPolicy>
  /** Where dead letters are announced besides the log: the admins' groups, or with none configured each admin. */
  readonly admins?: () => Promise<readonly Recipient[]>
  /** The admins' text for a dead letter. */
  readonly deadLetterText?: (dead: DeadLetter) => OutboundMessage
}

const ALERT_PREFIX = 'alert:dead:'

/**
 * Sends what the outbox holds. A message is claimed with an atomic findOneAndUpdate lease, so
 * several instances sharing one database can run workers side by side; it is marked sent right
 * after the platform accepted it, so only a crash between the two can send it a second time.
 */
export class OutboxWorker {
  private readonly busy = new Set<string>()
  private readonly inFlight = new Set<Promise<void>>()
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
  private readonly now: () => Date
  private readonly random: () => number
  private readonly concurrency: number
  private readonly pollIntervalMs: number
  private readonly leaseMs: number
  private readonly maxAttempts: number
  private readonly retry: RetryPolicy
  private timer: NodeJS.Timeout | undefined
  private unsubscribe: (() => void) | undefined
  private running = false
  private filling: Promise<void> | undefined
  private refill = false

  constructor(
    private readonly repo: OutboxMessages,
    private readonly outbox: Outbox,
    private readonly senders: ReadonlyMap<Platform, ChannelSender>,
    private readonly log: Logger,
    private readonly options: OutboxWorkerOptions = {},
  ) {
    this.now = options.now ?? (() => new Date())
    this.random = options.random ?? Math.random
    this.concurrency = options.concurrency ?? 4
    this.pollIntervalMs = options.pollIntervalMs ?? 1000
    this.leaseMs = options.leaseMs ?? 60_000
    this.maxAttempts = options.maxAttempts ?? 8
    this.retry = { baseDelayMs: 2000, maxDelayMs: 10 * 60_000, throttleDelayMs: 60_000, ...options.retry }
  }

  start(): void {
    if (this.running) return
    this.running = true
    this.unsubscribe = this.outbox.onEnqueued(() => this.wake())
    this.timer = setInterval(() => this.wake(), this.pollIntervalMs)
    this.wake()
  }

  /** Stops claiming; sends in flight finish (their lease would hand them on otherwise). */
  async stop(): Promise<void> {
    this.running = false
    clearInterval(this.timer)
    this.unsubscribe?.()
    await this.filling
    await Promise.all([...this.inFlight])
  }

  private wake(): void {
    if (!this.running) return
    if (this.filling) {
      this.refill = true
      return
    }
    this.filling = this.fill()
      .catch((error: unknown) => this.log.error({ err: error }, 'outbox worker could not claim messages'))
      .finally(() => {
        this.filling = undefined
        if (this.refill) {
          this.refill = false
          this.wake()
        }
      })
  }

  private async fill(): Promise<void> {
    while (this.running && this.inFlight.size < this.concurrency) {
      const record = await this.repo.claim(this.now(), this.leaseMs, this.owner, [...this.busy])
      if (!record) return
      this.busy.add(record.destinationKey)
      const done: Promise<void> = this.process(record)
        .catch((error: unknown) => this.log.error({ err: error, key: record.key }, 'outbox worker failed on a message'))
        .finally(() => {
          this.busy.delete(record.destinationKey)
          this.inFlight.delete(done)
          this.wake()
        })
      this.inFlight.add(done)
    }
  }

  private async process(record: OutboxMessageDocument): Promise<void> {
    const recipient = record.recipient as unknown as Recipient
    const message = record.message as unknown as OutboundMessage
    const sender = this.senders.get(recipientPlatform(recipient))
    if (!sender) return this.dead(record, `no sender for platform ${recipientPlatform(recipient)}`)
    const destination = sender.destination(recipient)
    const slotAt = await nextSlotAt(this.repo, destination, this.now())
    if (slotAt) {
      this.log.debug({ key: record.key, destination: destination.key, at: slotAt }, 'rate limit full: message waits')
      return this.repo.reschedule(record, this.owner, slotAt)
    }
    if (!(await this.repo.beginAttempt(record._id, this.owner, this.now()))) return
    const attempts = record.attempts + 1
    try {
      await sender.send(recipient, message)
    } catch (error) {
      const failure = error instanceof SendFailure ? error : new SendFailure((error as Error).message, 'backoff')
      if (failure.advice === 'never' || attempts >= this.maxAttempts) return this.dead({ ...record, attempts }, failure.message)
      const delay = retryDelayMs(attempts, failure.advice, this.retry, this.random(), failure.retryAfterMs)
      this.log.warn({ key: record.key, destination: destination.key, attempts, delayMs: delay, reason: failure.message }, 'send failed: will retry')
      return this.repo.reschedule(record, this.owner, new Date(this.now().getTime() + delay), failure.message)
    }
    await this.repo.markSent(record._id, this.owner, this.now())
    this.log.debug({ key: record.key, destination: destination.key, attempts }, 'sent')
  }

  private async dead(record: OutboxMessageDocument, error: string): Promise<void> {
    if (!(await this.repo.markDead(record._id, this.owner, error))) return
    const dead: DeadLetter = { key: record.key, destination: record.destinationKey, attempts: record.attempts, error }
    this.log.error(dead, 'outbox message is dead: giving up')
    // An alert about a dead alert would loop; the log line above is its trace.
    if (record.key.startsWith(ALERT_PREFIX) || !this.options.deadLetterText) return
    for (const admin of (await this.options.admins?.()) ?? []) {
      const to = this.senders.get(recipientPlatform(admin))?.destination(admin).key ?? recipientPlatform(admin)
      await this.outbox.enqueue({ to: admin, message: this.options.deadLetterText(dead), key: `${ALERT_PREFIX}${to}:${record.key}` })
    }
  }
}
