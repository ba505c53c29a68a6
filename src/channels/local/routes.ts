import type Router from '@koa/router'
import { z } from 'zod'
import { LiaisonError } from '../../errors.ts'
import type { Inbox } from '../inbox.ts'
import type { ChatRef, InboundMessage } from '../message.ts'
import { boxOf, type LocalMailbox } from './mailbox.ts'
import { LOCAL_ROLES, type LocalPeopleSource } from './people.ts'

export interface LocalRouteOptions {
  readonly now?: () => Date
  /** Longest a GET /local/replies waits for a new reply. */
  readonly maxWaitMs?: number
}

const id = z.string().regex(/^[\w.@:-]{1,64}$/)
const postSchema = z.strictObject({
  /** Chosen by the client, so a resent request is recognised like a platform's re-delivery. */
  id,
  sender: z.strictObject({ userId: id, name: z.string().trim().min(1).max(64), role: z.enum(LOCAL_ROLES).optional() }),
  chat: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('single') }),
    z.strictObject({ type: z.literal('group'), chatId: id, title: z.string().trim().min(1).max(64).optional() }),
  ]),
  text: z.string().trim().min(1).max(2000),
})
const readSchema = z.object({
  type: z.enum(['single', 'group']),
  id,
  after: z.coerce.number().int().min(0).default(0),
  waitMs: z.coerce.number().int().min(0).default(0),
  epoch: z.string().max(16).optional(),
})

/** The corp of the local chat, so that its conversations never mix with a platform's. */
const LOCAL_CORP = 'local'
const BOT_ID = 'liaison'

/**
 * The local channel's API, used by the chat page and `npm run chat`: people to speak as, a message
 * in (through the same inbox as the platforms), the replies out of the local mailbox.
 */
export function mountLocalChat(router: Router, inbox: Inbox, mailbox: LocalMailbox, people: LocalPeopleSource, options: LocalRouteOptions = {}): void {
  const now = options.now ?? (() => new Date())
  const maxWaitMs = options.maxWaitMs ?? 25_000

  router.get('/local/people', async (ctx) => {
    ctx.set('Cache-Control', 'no-store')
    ctx.body = { people: await people() }
  })

  router.post('/local/messages', async (ctx) => {
    let body: unknown
    try {
      body = JSON.parse(ctx.state.rawBody?.toString('utf8') ?? '')
    } catch {
      throw new LiaisonError('BAD_REQUEST', 'local message: body is not JSON', {}, 400)
    }
    const parsed = postSchema.safeParse(body)
    if (!parsed.success) throw new LiaisonError('BAD_REQUEST', `local message: ${parsed.error.issues[0]!.path.join('.')} is invalid`, {}, 400)
    const { sender, chat: given, text } = parsed.data
    const chat: ChatRef =
      given.type === 'group'
        ? { corpId: LOCAL_CORP, chatId: given.chatId, type: 'group', ...(given.title ? { title: given.title } : {}) }
        : { corpId: LOCAL_CORP, chatId: sender.userId, type: 'single' }
    const message: InboundMessage = {
      platform: 'local',
      platformMessageId: parsed.data.id,
      chat,
      sender: { userId: sender.userId, name: sender.name, ...(sender.role ? { roleHint: sender.role } : {}) },
      // A typed @联系助手 in a pretend group is dropped, as the WeCom AI bot's callbacks drop theirs.
      text: chat.type === 'group' ? text.replace(/^\s*@\S+\s+/u, '') : text,
      // As on the platforms, a group message reaches the bot only when it mentions the bot.
      mentions: chat.type === 'group' ? [{ userId: BOT_ID, isBot: true }] : [],
      sentAt: now(),
      replyTo: { platform: 'local', chat, userId: sender.userId },
    }
    const { status } = await inbox.accept(message, `msg:${parsed.data.id}`)
    ctx.status = 202
    ctx.body = { status, box: boxOf({ type: chat.type, id: chat.type === 'group' ? chat.chatId : sender.userId }) }
  })

  router.get('/local/replies', async (ctx) => {
    const parsed = readSchema.safeParse(ctx.query)
    if (!parsed.success) throw new LiaisonError('BAD_REQUEST', `local replies: ${parsed.error.issues[0]!.path.join('.')} is invalid`, {}, 400)
    const { type, id: chatId, waitMs, epoch } = parsed.data
    const after = epoch === mailbox.epoch ? parsed.data.after : 0
    const { entries, last } = await mailbox.read(boxOf({ type, id: chatId }), after, Math.min(waitMs, maxWaitMs))
    ctx.set('Cache-Control', 'no-store')
    ctx.body = { replies: entries, last, epoch: mailbox.epoch }
  })
}
