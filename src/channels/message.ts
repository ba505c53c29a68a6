/**
 * The one message model every channel converts to and from. Plain data (no methods), so the
 * inbox and the outbox can store it and a reply can wait across a restart. Imports nothing of ours.
 */

export type Platform = 'wecom' | 'dingtalk' | 'local'
export type ChatType = 'single' | 'group'

export interface ChatRef {
  /** The organisation the chat belongs to (WeCom corp id, DingTalk corp id); empty when the platform does not say. */
  readonly corpId: string
  /** The group's id, or the other person's user id in a one-to-one chat. */
  readonly chatId: string
  readonly type: ChatType
  /** Group name, when the platform sends one. */
  readonly title?: string
}

export interface SenderRef {
  /** The platform's user id (WeCom UserID, DingTalk staffId, a free choice in the local chat). */
  readonly userId: string
  readonly name: string
  /** A role the sender claims in the local chat; real platforms leave it out. */
  readonly roleHint?: string
}

export interface Mention {
  readonly userId: string
  /** True when the mention is of Liaison itself. */
  readonly isBot: boolean
}

/** A button, a menu item or an app opened: what the person did instead of typing. */
export interface InboundAction {
  readonly type: 'open' | 'menu' | 'button'
  readonly key: string
}

/**
 * Where and how to answer one inbound message. Only the sender of the same platform reads the
 * details; everything else passes it through unchanged.
 */
export interface ReplyTarget {
  readonly platform: Platform
  readonly chat: ChatRef
  /** The person who wrote the message. */
  readonly userId: string
  /**
   * A short-lived URL the platform handed out for answering this message (DingTalk sessionWebhook,
   * WeCom AI bot response_url); `once` when it takes a single answer, so that the answers not
   * returned on the HTTP response go through it joined into one.
   */
  readonly webhook?: { readonly url: string; readonly expiresAt: Date; readonly once?: boolean }
}

export interface InboundMessage {
  readonly platform: Platform
  /** The platform's id of this message or event; 64-bit ids stay strings. */
  readonly platformMessageId: string
  readonly chat: ChatRef
  readonly sender: SenderRef
  /** What the person typed, without the mention of Liaison; a pressed button's value; empty for other events. */
  readonly text: string
  readonly mentions: readonly Mention[]
  readonly action?: InboundAction
  readonly sentAt: Date
  readonly replyTo: ReplyTarget
}

export interface CardButton {
  readonly label: string
  /** What comes back as the message text (and the action key) when the button is pressed. */
  readonly value: string
}

/** What Liaison says: each channel renders it in the richest form its platform has. */
export type OutboundMessage =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'markdown'; readonly title: string; readonly markdown: string }
  | { readonly kind: 'card'; readonly title: string; readonly text: string; readonly buttons: readonly CardButton[] }

/** Who receives an outbound message. */
export type Recipient =
  | { readonly kind: 'person'; readonly platform: Platform; readonly userId: string }
  | { readonly kind: 'group'; readonly platform: Platform; readonly chatId: string }
  | { readonly kind: 'reply'; readonly target: ReplyTarget }
  /** The administrators' group, reached through the platform's group robot webhook. */
  | { readonly kind: 'admins'; readonly platform: Platform }

/** Sends the answers to one inbound message; each call is one outbound message, stored before it is sent. */
export type Reply = (message: OutboundMessage) => Promise<void>

/** What the inbox knows of a message beside its content. */
export interface HandlingContext {
  /** The inbox's unique key of the message: what a handler saves or sends is keyed by it, so a re-run after a crash doubles nothing. */
  readonly key: string
}

/** What acts on inbound messages: the conversation engine. */
export type MessageHandler = (message: InboundMessage, reply: Reply, context: HandlingContext) => Promise<void>

export function recipientPlatform(recipient: Recipient): Platform {
  return recipient.kind === 'reply' ? recipient.target.platform : recipient.platform
}

/** Several answers as one message, for a reply channel that takes one: their texts, a blank line apart. */
export function joinedMessages(messages: readonly OutboundMessage[]): OutboundMessage {
  return messages.length === 1 ? messages[0]! : { kind: 'text', text: messages.map(plainText).join('\n\n') }
}

/** The text of a message for platforms that show only plain text; buttons become lines to type. */
export function plainText(message: OutboundMessage): string {
  switch (message.kind) {
    case 'text':
      return message.text
    case 'markdown':
      return message.markdown
    case 'card':
      return [message.title, message.text, ...message.buttons.map((b) => (b.label === b.value ? `- ${b.value}` : `- ${b.value}: ${b.label}`))].join('\n')
  }
}
