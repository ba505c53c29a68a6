import { z } from 'zod'

/**
 * Raw WeCom shapes (platforms.md §1.1, §1.3). Every value is a string here: XML has no numbers,
 * and the JSON variants are parsed with numbers kept as their digits, since MsgId exceeds 2^53.
 */

/** The envelope of a POST: `<xml><ToUserName/><AgentID/><Encrypt/></xml>` or `{"tousername","agentid","encrypt"}`. */
export const wecomEnvelopeSchema = z.object({ Encrypt: z.string().min(1) })

/** A decrypted message or event of the self-built app [doc 90239 / 90240]. */
export const wecomAppMessageSchema = z.looseObject({
  ToUserName: z.string(),
  FromUserName: z.string().min(1),
  // Seconds: ten digits last until 2286; more would overflow a Date once multiplied by 1000.
  CreateTime: z.string().regex(/^\d{1,10}$/),
  MsgType: z.string().min(1),
  AgentID: z.string().optional(),
  Content: z.string().optional(),
  MsgId: z.string().regex(/^\d{1,20}$/).optional(),
  Event: z.string().optional(),
  EventKey: z.string().optional(),
  TaskId: z.string().optional(),
  CardType: z.string().optional(),
  ResponseCode: z.string().optional(),
})
export type WecomAppMessage = z.infer<typeof wecomAppMessageSchema>

/** `{errcode, errmsg, ...}` of every WeCom API answer. */
export interface WecomApiAnswer {
  readonly errcode?: number
  readonly errmsg?: string
  readonly [field: string]: unknown
}
