import type { OutboundMessage, Recipient } from '../message.ts'
import type { ChannelSender, Destination } from '../sender.ts'
import { boxOf, type LocalMailbox } from './mailbox.ts'

/** The administrators' pretend group in the local chat. */
export const LOCAL_ADMIN_GROUP = 'admins'

/** Delivers to the local mailbox: the last step of the same pipeline the real channels use. */
export class LocalSender implements ChannelSender {
  readonly platform = 'local' as const

  constructor(private readonly mailbox: LocalMailbox) {}

  destination(recipient: Recipient): Destination {
    return { key: `local:${this.box(recipient)}`, limits: [] }
  }

  async send(recipient: Recipient, message: OutboundMessage): Promise<void> {
    this.mailbox.post(this.box(recipient), message)
  }

  private box(recipient: Recipient): string {
    switch (recipient.kind) {
      case 'person':
        return boxOf({ type: 'single', id: recipient.userId })
      case 'group':
        return boxOf({ type: 'group', id: recipient.chatId })
      case 'admins':
        return boxOf({ type: 'group', id: LOCAL_ADMIN_GROUP })
      case 'reply':
        return recipient.target.chat.type === 'group'
          ? boxOf({ type: 'group', id: recipient.target.chat.chatId })
          : boxOf({ type: 'single', id: recipient.target.userId })
    }
  }
}
