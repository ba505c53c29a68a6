import type { Logger } from '../log.ts'
import type { InboundMessages } from '../store/inbound-messages.ts'
import { joinedMessages, type InboundMessage, type MessageHandler, type OutboundMessage, type Recipient } from './message.ts'

/** The part of the outbox the inbox writes replies to (the outbox sits above channels, so it is passed in). */
export interface ReplySink {
  enqueue(request: { to: Recipient; message: OutboundMessage; key: string }): Promise<unknown>
  hold(request: { to: Recipient; message: OutboundMessage; key: string }): Promise<PassiveReply | undefined>
  confirmHeld(held: PassiveReply): Promise<boolean>
  /** Gives a held reply to the outbox worker now rather than when its hold runs out. */
  releaseHeld(held: PassiveReply): Promise<void>
  passiveReplySent(key: string): Promise<OutboundMessage | undefined>
}

/** A reply that may ride on the HTTP response of the callback that brought the message. */
export interface PassiveReply {
  readonly id: string
  readonly message: OutboundMessage
}

export interface Acceptance {
  readonly status: 'accepted' | 'duplicate'
  /**
   * Waits up to budgetMs for the first reply when the channel can answer on the HTTP response;
   * for a re-delivery, the reply already returned that way (its response was evidently lost).
   * `connected` tells whether the response can still reach the platform: a reply ready after
   * the platform hung up is left to the outbox worker instead.
   */
  passiveReply(budgetMs: number, connected?: () => boolean): Promise<OutboundMessage | undefined>
}

export interface InboxOptions {
  readonly now?: () => Date
  /** How long a handler may run before another process may take its message over. */
  readonly leaseMs?: number
  /** How often to look for work left by a stopped process or a failed drain. */
  readonly sweepIntervalMs?: number
  /** Sent when the handler throws: the short apology of messages.yaml INTERNAL. */
  readonly apology?: OutboundMessage
}

interface DrainState {
  /** Messages accepted in this process and not yet claimed. */
  known: number
  /** Claim until the store has nothing pending (after a sweep). */
  full: boolean
  done: Promise<void>
}

/** A message this process holds the lease on, about to be handled. */
interface Claimed {
  readonly key: string
  readonly message: InboundMessage
}

interface PassiveSlot {
  state: 'open' | 'taken' | 'closed'
  /** Whether the channel can return this message on the HTTP response (kind, size). */
  readonly fits: (message: OutboundMessage) => boolean
  readonly settled: Promise<PassiveReply | undefined>
  settle(reply: PassiveReply | undefined): void
}

/**
 * Persist before acknowledging, drop re-deliveries, handle each message once and in the order
 * sent per conversation, and pick up after a restart whatever was accepted but not handled.
 */
export class Inbox {
  private readonly drains = new Map<string, DrainState>()
  private readonly slots = new Map<string, PassiveSlot>()
  /** Outcomes on their way to the store. */
  private readonly marking = new Set<Promise<void>>()
  private readonly now: () => Date
  private readonly leaseMs: number
  private sweepTimer: NodeJS.Timeout | undefined
  private stopped = false

  constructor(
    private readonly repo: InboundMessages,
    private readonly handler: MessageHandler,
    private readonly replies: ReplySink,
    private readonly log: Logger,
    private readonly options: InboxOptions = {},
  ) {
    this.now = options.now ?? (() => new Date())
    this.leaseMs = options.leaseMs ?? 5 * 60_000
  }

  /**
   * Stores the message under platform + dedupeKey and schedules it. Resolves once it is durable:
   * only then may the channel acknowledge. With `passive`, the first reply that fits is offered
   * to the caller for the HTTP response instead of the outbox worker.
   */
  async accept(message: InboundMessage, dedupeKey: string, options: { passive?: (reply: OutboundMessage) => boolean } = {}): Promise<Acceptance> {
    const key = `${message.platform}:${dedupeKey}`
    const conversationKey = conversationKeyOf(message)
    const acceptedAt = this.now()
    const record = { key, conversationKey, message, sentAt: message.sentAt, acceptedAt }
    // Opened first: a message stored claimed may reach its handler before this method resumes. A
    // re-delivery of a message still waiting keeps that message's slot: it is not this call's.
    const slot = options.passive && !this.slots.has(key) ? this.openSlot(key, options.passive) : undefined
    // Nothing of the conversation in flight here: the message is stored claimed and handled at once.
    const claimNow = !this.stopped && !this.drains.has(conversationKey)
    const stored = this.repo.insert(record, claimNow ? { leaseUntil: new Date(acceptedAt.getTime() + this.leaseMs) } : undefined)
    if (claimNow) this.startDrain(conversationKey, { known: 0, full: false }, stored.then((outcome) => (outcome === 'inserted' ? { key, message } : undefined)))
    let outcome: 'inserted' | 'duplicate'
    try {
      outcome = await stored
    } catch (error) {
      slot?.settle(undefined)
      throw error
    }
    if (outcome === 'duplicate') {
      slot?.settle(undefined)
      this.log.info({ key }, 're-delivery acknowledged and dropped')
      return { status: 'duplicate', passiveReply: async () => (options.passive ? this.replies.passiveReplySent(replyKey(key, 0)) : undefined) }
    }
    if (!claimNow) this.schedule(conversationKey, true)
    return { status: 'accepted', passiveReply: (budgetMs, connected) => this.waitForSlot(key, slot, budgetMs, connected ?? (() => true)) }
  }

  /** Picks up messages accepted before a restart, then keeps sweeping for leftovers. */
  async start(): Promise<void> {
    this.stopped = false
    await this.sweep()
    const interval = this.options.sweepIntervalMs ?? 30_000
    this.sweepTimer = setInterval(() => void this.sweep().catch((error: unknown) => this.log.error({ err: error }, 'inbox sweep failed')), interval)
  }

  /** Stops taking messages; handlers in flight finish. What is left waits in the store for the next start. */
  async stop(): Promise<void> {
    this.stopped = true
    clearInterval(this.sweepTimer)
    await this.idle()
  }

  /** Resolves when no conversation has work in flight and every outcome is written (tests and tools). */
  async idle(): Promise<void> {
    while (this.drains.size > 0 || this.marking.size > 0) await Promise.all([...[...this.drains.values()].map((d) => d.done), ...this.marking])
  }

  private async sweep(): Promise<void> {
    const released = await this.repo.releaseExpired(this.now())
    if (released > 0) this.log.warn({ released }, 'inbox took over messages whose handler stopped mid-way')
    for (const conversationKey of await this.repo.conversationsWithWork()) this.schedule(conversationKey, false)
  }

  /** Makes sure a drain runs for the conversation: `accepted` for one new message, else a sweep's "look until empty". */
  private schedule(conversationKey: string, accepted: boolean): void {
    if (this.stopped) return
    const running = this.drains.get(conversationKey)
    if (running) {
      if (accepted) running.known++
      else running.full = true
      return
    }
    this.startDrain(conversationKey, { known: accepted ? 1 : 0, full: !accepted })
  }

  private startDrain(conversationKey: string, counts: Omit<DrainState, 'done'>, first?: Promise<Claimed | undefined>): void {
    const state: DrainState = { ...counts, done: Promise.resolve() }
    this.drains.set(conversationKey, state)
    state.done = this.drain(conversationKey, state, first).catch((error: unknown) => {
      this.drains.delete(conversationKey)
      this.log.error({ err: error, conversationKey }, 'inbox could not drain a conversation; the sweep retries it')
    })
  }

  /**
   * Handles the conversation's pending messages one by one. It asks the store only while it knows
   * of work: a message accepted here (`known`), or whatever a sweep found (`full`: until none is
   * left). So the common case, one message, stored claimed (`first`), costs no query at all.
   */
  private async drain(conversationKey: string, state: DrainState, first?: Promise<Claimed | undefined>): Promise<void> {
    const claimed = await first?.catch(() => undefined)
    if (claimed) await this.handle(claimed)
    for (;;) {
      // Checked and removed in one synchronous step, so an accept in between cannot be missed.
      if (this.stopped || (!state.full && state.known === 0)) {
        this.drains.delete(conversationKey)
        return
      }
      state.known = Math.max(0, state.known - 1)
      const record = await this.repo.claimNext(conversationKey, this.now(), this.leaseMs)
      if (record) await this.handle({ key: record.key, message: record.message as unknown as InboundMessage })
      else state.full = false
    }
  }

  private async handle(record: Claimed): Promise<void> {
    const { message } = record
    const slot = this.slots.get(record.key)
    const to = { kind: 'reply' as const, target: message.replyTo }
    /** Holds the reply for the HTTP response while the slot is open and it fits, else hands it to the outbox. */
    const send = async (out: OutboundMessage, key: string): Promise<void> => {
      if (slot?.state !== 'open' || !slot.fits(out)) {
        // Once one reply went to the outbox, a later one on the HTTP response would overtake it.
        if (slot?.state === 'open') slot.settle(undefined)
        await this.replies.enqueue({ to, message: out, key })
        return
      }
      slot.state = 'taken'
      try {
        slot.settle(await this.replies.hold({ to, message: out, key }))
      } catch (error) {
        slot.settle(undefined)
        throw error
      }
    }
    // A reply webhook that takes one answer (WeCom AI bot response_url) gets all of them as one, under key#0, once
    // the handler is done: on the HTTP response or through the webhook, and a re-run stores the same key.
    const joined: OutboundMessage[] | undefined = message.replyTo.webhook?.once ? [] : undefined
    let count = 0
    const reply = async (out: OutboundMessage): Promise<void> => {
      if (joined) joined.push(out)
      else await send(out, replyKey(record.key, count++))
    }
    let failure: string | undefined
    try {
      await this.handler(message, reply, { key: record.key })
    } catch (error) {
      this.log.error({ err: error, key: record.key }, 'message handler failed')
      if (this.options.apology) await reply(this.options.apology).catch(() => undefined)
      failure = (error as Error).message
    }
    try {
      if (joined && joined.length > 0) await send(joinedMessages(joined), replyKey(record.key, 0))
    } catch (error) {
      this.log.error({ err: error, key: record.key }, 'inbox could not store the joined replies')
      failure ??= (error as Error).message
    } finally {
      if (slot?.state === 'open') slot.settle(undefined)
    }
    this.mark(record.key, failure)
  }

  /**
   * Records the outcome without holding up the conversation: its next message may be handled
   * meanwhile, its handler having returned, so the marks of many messages travel together.
   */
  private mark(key: string, failure: string | undefined): void {
    const written = this.repo
      .finish(key, failure === undefined ? 'done' : 'failed', this.now(), failure)
      .catch((error: unknown) => this.log.error({ err: error, key }, 'inbox could not mark a message handled; it is taken again once its lease runs out'))
      .finally(() => this.marking.delete(written))
    this.marking.add(written)
  }

  private openSlot(key: string, fits: (message: OutboundMessage) => boolean): PassiveSlot {
    let settle!: (reply: PassiveReply | undefined) => void
    const settled = new Promise<PassiveReply | undefined>((resolve) => (settle = resolve))
    const slot: PassiveSlot = {
      state: 'open',
      fits,
      settled,
      settle: (reply) => {
        if (slot.state === 'open') slot.state = 'closed'
        this.slots.delete(key)
        settle(reply)
      },
    }
    this.slots.set(key, slot)
    return slot
  }

  private async waitForSlot(key: string, slot: PassiveSlot | undefined, budgetMs: number, connected: () => boolean): Promise<OutboundMessage | undefined> {
    if (!slot) return undefined
    let timer: NodeJS.Timeout | undefined
    const expired = new Promise<'expired'>((resolve) => (timer = setTimeout(() => resolve('expired'), budgetMs)))
    const first = await Promise.race([slot.settled, expired])
    clearTimeout(timer)
    // A reply already being written when the budget ran out is still worth the short wait.
    if (first === 'expired' && slot.state === 'open') slot.settle(undefined)
    const held = first === 'expired' ? await slot.settled : first
    if (!held) return undefined
    if (!connected()) {
      this.log.warn({ key }, 'the platform hung up before the passive reply was ready: the outbox worker sends it')
      await this.replies.releaseHeld(held)
      return undefined
    }
    if (await this.replies.confirmHeld(held)) return held.message
    this.log.warn({ key }, 'passive reply was taken over by the outbox worker')
    return undefined
  }
}

/** The first reply to an inbound message is key#0, the next key#1: a re-run after a crash enqueues the same keys. */
function replyKey(inboundKey: string, index: number): string {
  return `${inboundKey}#${index}`
}

function conversationKeyOf(message: InboundMessage): string {
  const { chat } = message
  return [message.platform, chat.corpId, chat.type, chat.chatId].join(':')
}
