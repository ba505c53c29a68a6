import { randomUUID } from 'node:crypto'
import type { OutboundMessage } from '../message.ts'

export interface MailboxEntry {
  readonly seq: number
  readonly at: string
  readonly message: OutboundMessage
}

interface Waiter {
  readonly box: string
  readonly after: number
  readonly resolve: () => void
}

/** Keeps the last messages per box; the page shows history of its own, this only bridges to it. */
const KEEP_PER_BOX = 200

/**
 * Where the local sender delivers: one box per person (`user:<id>`) or pretend group
 * (`group:<id>`), read by the chat page and `npm run chat` with long polling. In memory:
 * the outbox, not this, is what survives a restart.
 */
export class LocalMailbox {
  private readonly boxes = new Map<string, MailboxEntry[]>()
  private readonly waiters = new Set<Waiter>()
  private seq = 0
  /** Changes with every start: a reader holding a position from before a restart starts again from 0. */
  readonly epoch = randomUUID().slice(0, 8)

  constructor(private readonly now: () => Date = () => new Date()) {}

  post(box: string, message: OutboundMessage): void {
    const entries = this.boxes.get(box) ?? []
    entries.push({ seq: ++this.seq, at: this.now().toISOString(), message })
    if (entries.length > KEEP_PER_BOX) entries.splice(0, entries.length - KEEP_PER_BOX)
    this.boxes.set(box, entries)
    for (const waiter of this.waiters) if (waiter.box === box) waiter.resolve()
  }

  /** Entries after `after`; waits up to waitMs for the first one when there is none yet. */
  async read(box: string, after: number, waitMs: number): Promise<{ entries: MailboxEntry[]; last: number }> {
    const newer = () => (this.boxes.get(box) ?? []).filter((e) => e.seq > after)
    if (newer().length === 0 && waitMs > 0) {
      let waiter: Waiter | undefined
      let timer: NodeJS.Timeout | undefined
      await new Promise<void>((resolve) => {
        waiter = { box, after, resolve }
        this.waiters.add(waiter)
        timer = setTimeout(resolve, waitMs)
      })
      clearTimeout(timer)
      this.waiters.delete(waiter!)
    }
    const entries = newer()
    return { entries, last: entries.at(-1)?.seq ?? Math.max(after, 0) }
  }

  /** Answers every waiting reader at once (shutdown must not wait for long polls). */
  close(): void {
    for (const waiter of this.waiters) waiter.resolve()
  }
}

/** The box a recipient's messages land in. */
export function boxOf(chat: { type: 'single' | 'group'; id: string }): string {
  return `${chat.type === 'group' ? 'group' : 'user'}:${chat.id}`
}
