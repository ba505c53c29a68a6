import type { Destination } from '../channels/sender.ts'
import type { OutboxMessages } from '../store/outbox-messages.ts'

/**
 * The first moment another try to this destination fits all of its windows, or undefined when
 * one fits now. Counts tries recorded in the store, so workers of several instances share them.
 */
export async function nextSlotAt(repo: OutboxMessages, destination: Destination, now: Date): Promise<Date | undefined> {
  let latest: Date | undefined
  for (const window of destination.limits) {
    const { count, earliest } = await repo.attemptsSince(destination.key, new Date(now.getTime() - window.windowMs))
    if (count >= window.count && earliest) {
      const freeAt = new Date(earliest.getTime() + window.windowMs + 1)
      if (!latest || freeAt > latest) latest = freeAt
    }
  }
  return latest
}
