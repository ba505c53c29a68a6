import type { Destination } from '../channels/sender.ts'
import type { OutboxMessages } from '../store/outbox-messages.ts'

/**
 * The first moment another try to this destination fits all of its windows, or undefined when
 * one fits now. Counts tries recorded in the store, so workers of several instances share them.
 */
export async function nextSlotAt(repo: OutboxMessages, destination: Destination, now: Date): Promise<Date | undefined> {
  let latest: Date | undefined
  const tries = await repo.attemptsSince(destination.key, destination.limits.map((window) => new Date(now.getTime() - window.windowMs)))
  for (const [i, window] of destination.limits.entries()) {
    const { count, earliest } = tries[i]!
    if (count >= window.count && earliest) {
      const freeAt = new Date(earliest.getTime() + window.windowMs + 1)
      if (!latest || freeAt > latest) latest = freeAt
    }
  }
  return latest
}
