import { z } from 'zod'

/** A decrypted callback of the WeCom AI bot (智能机器人), platforms.md §2.6 [doc 100719]. */
export const wecomBotMessageSchema = z.looseObject({
  msgid: z.string().min(1),
  aibotid: z.string().optional(),
  chatid: z.string().optional(),
  chattype: z.enum(['single', 'group']),
  from: z.looseObject({ userid: z.string().min(1) }),
  response_url: z.string().optional(),
  msgtype: z.string().min(1),
  text: z.looseObject({ content: z.string() }).optional(),
  event: z.looseObject({ eventtype: z.string() }).optional(),
  stream: z.looseObject({ id: z.string() }).optional(),
})
export type WecomBotMessage = z.infer<typeof wecomBotMessageSchema>
