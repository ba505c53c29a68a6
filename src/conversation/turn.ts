import type { InboundMessage, Reply } from '../channels/message.ts'
import { isLeader, type Person, type Speaker } from '../domain/people/person.ts'
import type { ParseResult } from '../understanding/index.ts'
import type { Audience } from './flows.ts'

/** One inbound message as the conversation sees it. */
export interface Turn {
  readonly message: InboundMessage
  /** What the person typed (or the value of the button or menu item they pressed). */
  readonly text: string
  readonly speaker: Speaker
  /** The sender when on the roster. */
  readonly person: Person | undefined
  readonly parsed: ParseResult
  /** When the message was sent: relative dates (昨天, 上周三) count from it. */
  readonly sentAt: Date
  readonly inGroup: boolean
  /** Answers in the chat the message came from. */
  readonly reply: Reply
  /**
   * Answers the sender one-to-one: private things (opinions, progress, names) never go to a
   * group. In a group the first private answer also leaves a short note in the group.
   */
  readonly replyPrivately: Reply
  /** Identifies the message, so what a re-run after a crash saves or sends is not doubled. */
  readonly sourceKey: string
}

/** Whether the speaker belongs to one of the audiences a flow or command allows. */
export function allows(audiences: readonly Audience[], turn: Pick<Turn, 'person'>): boolean {
  const person = turn.person
  return audiences.some((a) => {
    if (a === 'anyone') return true
    if (!person) return false
    if (a === 'leader') return isLeader(person)
    return person.roles.includes(a)
  })
}
