import type { InboundMessage } from '../message.ts'
import type { WecomAppMessage } from './types.ts'

export interface DecodedWecomMessage {
  readonly message: InboundMessage
  /** What makes a re-delivery recognisable (platforms.md §1.5 and pitfall 8). */
  readonly dedupeKey: string
  /** Whether WeCom shows a passive reply to this kind of callback (§1.4). */
  readonly passiveReply: boolean
}

const EVENTS = { enter_agent: 'open', click: 'menu', template_card_event: 'button' } as const

/**
 * A decrypted callback of the self-built app as the one message model. Messages of other types
 * (image, voice …) arrive with empty text so the person still gets an answer; events we do not
 * use give undefined and are only acknowledged.
 */
export function decodeWecomAppMessage(raw: WecomAppMessage, corpId: string): DecodedWecomMessage | undefined {
  const chat = { corpId, chatId: raw.FromUserName, type: 'single' as const }
  const base = {
    platform: 'wecom' as const,
    chat,
    // The app callback carries the UserID only; names come from the roster later.
    sender: { userId: raw.FromUserName, name: raw.FromUserName },
    mentions: [],
    sentAt: new Date(Number(raw.CreateTime) * 1000),
    replyTo: { platform: 'wecom' as const, chat, userId: raw.FromUserName },
  }
  if (raw.MsgType !== 'event') {
    if (!raw.MsgId) return undefined
    return {
      message: { ...base, platformMessageId: raw.MsgId, text: raw.MsgType === 'text' ? (raw.Content ?? '').trim() : '' },
      dedupeKey: `msg:${raw.MsgId}`,
      passiveReply: true,
    }
  }
  const event = raw.Event ?? ''
  if (!Object.hasOwn(EVENTS, event)) return undefined
  const type = EVENTS[event as keyof typeof EVENTS]
  const key = raw.EventKey ?? ''
  // Events have no MsgId; FromUserName + CreateTime alone collides for two events in one second (pitfall 8).
  const eventId = [raw.FromUserName, raw.CreateTime, event, raw.AgentID ?? '', key, raw.TaskId ?? ''].join('|')
  return {
    message: { ...base, platformMessageId: eventId, text: type === 'button' ? key : '', action: { type, key } },
    dedupeKey: `event:${eventId}`,
    passiveReply: type !== 'button',
  }
}
