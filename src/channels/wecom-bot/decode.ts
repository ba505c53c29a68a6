import type { ChatRef, InboundMessage } from '../message.ts'
import type { WecomBotMessage } from './types.ts'

/** response_url may be used once within an hour (platforms.md §2.6). */
const RESPONSE_URL_VALID_MS = 60 * 60_000

/**
 * A decrypted AI bot callback as the one message model; undefined for what is only acknowledged
 * (stream refreshes: every stream we start is already finished; events other than entering the chat).
 */
export function decodeWecomBotMessage(raw: WecomBotMessage, corpId: string, receivedAt: Date): { message: InboundMessage; dedupeKey: string } | undefined {
  if (raw.msgtype === 'stream') return undefined
  if (raw.msgtype === 'event' && raw.event?.eventtype !== 'enter_chat') return undefined
  const userId = raw.from.userid
  const group = raw.chattype === 'group' && raw.chatid
  const chat: ChatRef = group ? { corpId, chatId: raw.chatid!, type: 'group' } : { corpId, chatId: userId, type: 'single' }
  const content = raw.msgtype === 'text' ? (raw.text?.content ?? '') : ''
  // In a group the text starts with "@<bot name>": everything the bot gets there mentions it.
  const text = (group ? content.replace(/^\s*@\S+/, '') : content).trim()
  return {
    message: {
      platform: 'wecom',
      platformMessageId: raw.msgid,
      chat,
      sender: { userId, name: userId },
      text,
      mentions: group ? [{ userId: raw.aibotid ?? '', isBot: true }] : [],
      ...(raw.msgtype === 'event' ? { action: { type: 'open' as const, key: '' } } : {}),
      // The AI bot's callbacks carry no send time.
      sentAt: receivedAt,
      replyTo: {
        platform: 'wecom',
        chat,
        userId,
        ...(raw.response_url ? { webhook: { url: raw.response_url, expiresAt: new Date(receivedAt.getTime() + RESPONSE_URL_VALID_MS), once: true } } : {}),
      },
    },
    dedupeKey: `bot:${raw.msgid}`,
  }
}
