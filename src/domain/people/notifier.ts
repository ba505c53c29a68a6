import type { OutboundMessage, Outbox, Platform, Recipient } from '../../outbox/outbox.ts'
import type { People } from '../../store/people.ts'
import type { RequesterRef } from '../opinions/opinion.ts'
import { localUserId, type Person } from './person.ts'

/**
 * Sends messages to people by who they are rather than where they are: a person is reached on
 * the first platform in use where they have an id. Every message goes through the outbox
 * under the caller's idempotency key, so a re-run after a crash sends nothing twice.
 */
export class Notifier {
  constructor(
    private readonly people: People,
    private readonly outbox: Outbox,
    /** The platforms Liaison runs on, in order of preference (local last). */
    private readonly platforms: readonly Platform[],
  ) {}

  /** False when the person cannot be reached on any platform in use. */
  async toPerson(personId: string, message: OutboundMessage, key: string): Promise<boolean> {
    const person = await this.people.findById(personId)
    const to = person && this.recipientOf(person)
    if (!to) return false
    await this.outbox.enqueue({ to, message, key })
    return true
  }

  async toRequester(requester: RequesterRef, message: OutboundMessage, key: string): Promise<void> {
    await this.outbox.enqueue({ to: { kind: 'person', platform: requester.platform as Platform, userId: requester.userId }, message, key })
  }

  /** Every handler (办理人) of the unit; the number reached. */
  async toUnitHandlers(unitId: string, message: OutboundMessage, key: string): Promise<number> {
    const handlers = (await this.people.list({ role: 'handler' })).filter((p) => p.handlerOf.includes(unitId))
    let reached = 0
    for (const handler of handlers) if (await this.toPerson(handler.id, message, `${key}:${handler.id}`)) reached++
    return reached
  }

  async toAdmins(message: OutboundMessage, key: string): Promise<void> {
    for (const platform of this.platforms) await this.outbox.enqueue({ to: { kind: 'admins', platform }, message, key: `${key}:${platform}` })
  }

  recipientOf(person: Person): Recipient | undefined {
    for (const platform of this.platforms) {
      const userId = platform === 'wecom' ? person.wecomId : platform === 'dingtalk' ? person.dingtalkId : localUserId(person)
      if (userId) return { kind: 'person', platform, userId }
    }
    return undefined
  }
}
