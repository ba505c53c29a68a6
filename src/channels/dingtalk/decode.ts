import type { ChatRef, InboundMessage } from '../message.ts'
import type { DingtalkRobotMessage } from './types.ts'

/**
 * A robot callback as the one message model. sessionWebhook is kept as the reply webhook only
 * when it points at DingTalk's own API host (`oapiOrigin`): a forged one could make us post anywhere.
 */
export function decodeDingtalkMessage(raw: DingtalkRobotMessage, oapiOrigin: string): { message: InboundMessage; dedupeKey: string } {
  const userId = raw.senderStaffId || raw.senderId
  const corpId = raw.senderCorpId ?? raw.chatbotCorpId ?? ''
  const chat: ChatRef =
    raw.conversationType === '2'
      ? { corpId, chatId: raw.conversationId, type: 'group', ...(raw.conversationTitle ? { title: raw.conversationTitle } : {}) }
      : { corpId, chatId: userId, type: 'single' }
  const webhook =
    raw.sessionWebhook && raw.sessionWebhookExpiredTime && originOf(raw.sessionWebhook) === oapiOrigin
      ? { url: raw.sessionWebhook, expiresAt: new Date(raw.sessionWebhookExpiredTime) }
      : undefined
  return {
    message: {
      platform: 'dingtalk',
      platformMessageId: raw.msgId,
      chat,
      sender: { userId, name: raw.senderNick || userId },
      // DingTalk removes the @robot part itself and leaves a leading space (§3.1).
      text: raw.msgtype === 'text' ? (raw.text?.content ?? '').trim() : '',
      mentions: mentionsOf(raw),
      sentAt: new Date(raw.createAt),
      replyTo: { platform: 'dingtalk', chat, userId, ...(webhook ? { webhook } : {}) },
    },
    dedupeKey: `msg:${raw.msgId}`,
  }
}

/** The @-mentions, the robot's flagged; isInAtList says the robot was mentioned even when chatbotUserId is missing. */
function mentionsOf(raw: DingtalkRobotMessage): InboundMessage['mentions'] {
  const mentions = (raw.atUsers ?? []).map((at) => ({ userId: at.staffId ?? at.dingtalkId, isBot: raw.chatbotUserId !== undefined && at.dingtalkId === raw.chatbotUserId }))
  return raw.isInAtList && !mentions.some((m) => m.isBot) ? [...mentions, { userId: raw.chatbotUserId ?? '', isBot: true }] : mentions
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin
  } catch {
    return undefined
  }
}
