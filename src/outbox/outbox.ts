import type { OutboundMessage, Platform, Recipient } from '../channels/message.ts'

// Code above the outbox (domain, jobs) names what it sends through these, not through channels/.
export type { OutboundMessage, Platform, Recipient }
import { recipientPlatform } from '../channels/message.ts'
import type { ChannelSender } from '../channels/sender.ts'
import type { OutboxMessages } from '../store/outbox-messages.ts'

export interface OutboxRequest {
  readonly to: Recipient
  readonly message: OutboundMessage
  /**
   * The idempotency key: enqueueing the same key again stores and sends nothing new, so a job
   * that re-runs after a crash cannot message anyone twice. Make it name the reason, e.g.
   * `nudge:2026-11-18:zhangsan` or `<inbound key>#0` for the first reply to a message.
   */
  readonly key: string
}

/** A passive reply written to the outbox but not yet handed to any worker. */
export interface HeldReply {
  readonly id: string
  readonly message: OutboundMessage
}

export interface OutboxOptions {
  readonly now?: () => Date
  /** How long a passive reply stays reserved for the HTTP response before a worker may send it instead. */
  readonly holdMs?: number
}

/**
 * The durable send queue's front: every outbound message is written here first and sent by the
 * OutboxWorker, which owns retries, rate limits and dead letters.
 */
export class Outbox {
  private readonly listeners = new Set<() => void>()
  private readonly now: () => Date
  private readonly holdMs: number

  constructor(
    private readonly repo: OutboxMessages,
    private readonly senders: ReadonlyMap<Platform, ChannelSender>,
    options: OutboxOptions = {},
  ) {
    this.now = options.now ?? (() => new Date())
    this.holdMs = options.holdMs ?? 30_000
  }

  /** Stores the message for sending; false when its key was enqueued before (nothing new happens). */
  async enqueue(request: OutboxRequest): Promise<{ inserted: boolean }> {
    const { inserted } = await this.repo.insert(this.newRecord(request))
    if (inserted) for (const listener of this.listeners) listener()
    return { inserted }
  }

  /** Stores many messages in one write (a nudge run's); whether each was new, in order. */
  async enqueueMany(requests: readonly OutboxRequest[]): Promise<{ inserted: boolean }[]> {
    const inserted = await this.repo.insertMany(requests.map((r) => this.newRecord(r)))
    if (inserted.some(Boolean)) for (const listener of this.listeners) listener()
    return inserted.map((i) => ({ inserted: i }))
  }

  /**
   * Stores a reply reserved for a passive answer. Undefined when the key already existed (a
   * re-run after a restart): that copy goes its own way through the worker.
   */
  async hold(request: OutboxRequest): Promise<HeldReply | undefined> {
    const heldUntil = new Date(this.now().getTime() + this.holdMs)
    const { record, inserted } = await this.repo.insert({ ...this.newRecord(request), heldUntil })
    return inserted ? { id: record._id.toString(), message: request.message } : undefined
  }

  /** The passive reply is about to be returned: true unless a worker already sent it. */
  async confirmHeld(held: HeldReply): Promise<boolean> {
    return this.repo.confirmHeld(held.id, this.now())
  }

  /** The passive reply will not be returned (the platform hung up): the worker may send it at once. */
  async releaseHeld(held: HeldReply): Promise<void> {
    if (await this.repo.releaseHeld(held.id, this.now())) for (const listener of this.listeners) listener()
  }

  /** The message sent as a passive answer under this key, for answering a re-delivered callback alike. */
  async passiveReplySent(key: string): Promise<OutboundMessage | undefined> {
    const record = await this.repo.findByKey(key)
    return record?.status === 'sent' && record.via === 'passive' ? (record.message as unknown as OutboundMessage) : undefined
  }

  /** Called after each new message, so the worker starts at once instead of at its next poll. */
  onEnqueued(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Counts of waiting and dead messages; bounded in time, so /healthz answers quickly while the store is down. */
  async health(timeoutMs = 2000): Promise<{ ok: boolean; pending?: number; dead?: number; error?: string }> {
    let timer: NodeJS.Timeout | undefined
    const counts = Promise.all([this.repo.countByStatus('pending'), this.repo.countByStatus('dead')])
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)))
    try {
      const answer = await Promise.race([counts, late])
      if (answer === 'late') return { ok: false, error: `no answer within ${timeoutMs} ms` }
      return { ok: true, pending: answer[0], dead: answer[1] }
    } catch (error) {
      return { ok: false, error: (error as Error).message }
    } finally {
      clearTimeout(timer)
      counts.catch(() => undefined)
    }
  }

  private newRecord(request: OutboxRequest) {
    const platform = recipientPlatform(request.to)
    const sender = this.senders.get(platform)
    if (!sender) throw new Error(`no channel can send to platform ${platform}: it is not configured`)
    return {
      key: request.key,
      recipient: request.to,
      message: request.message,
      destinationKey: sender.destination(request.to).key,
      createdAt: this.now(),
    }
  }
}
