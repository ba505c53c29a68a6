import { z } from 'zod'

/** The body DingTalk POSTs for a message to an enterprise internal robot (platforms.md §3.1). */
export const dingtalkRobotMessageSchema = z.looseObject({
  msgId: z.string().min(1),
  msgtype: z.string().min(1),
  createAt: z.number().int().nonnegative(),
  conversationType: z.enum(['1', '2']),
  conversationId: z.string().min(1),
  conversationTitle: z.string().optional(),
  senderId: z.string().min(1),
  senderStaffId: z.string().optional(),
  senderNick: z.string().optional(),
  senderCorpId: z.string().optional(),
  chatbotCorpId: z.string().optional(),
  chatbotUserId: z.string().optional(),
  isInAtList: z.boolean().optional(),
  atUsers: z.array(z.looseObject({ dingtalkId: z.string(), staffId: z.string().optional() })).optional(),
  sessionWebhook: z.string().optional(),
  sessionWebhookExpiredTime: z.number().optional(),
  robotCode: z.string().optional(),
  text: z.looseObject({ content: z.string() }).optional(),
})
export type DingtalkRobotMessage = z.infer<typeof dingtalkRobotMessageSchema>
