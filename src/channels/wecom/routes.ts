import type Router from '@koa/router'
import type { Context } from 'koa'
import type { WecomAppConfig } from '../../config/load-config.ts'
import { LiaisonError } from '../../errors.ts'
import type { Logger } from '../../log.ts'
import type { Inbox } from '../inbox.ts'
import { plainText, type OutboundMessage } from '../message.ts'
import { openSigned, signedQuery } from './callback-query.ts'
import { decodeWecomAppMessage } from './decode.ts'
import { MalformedPayload, parsePayload } from './parse-payload.ts'
import { passiveTextJson, passiveTextXml, remainingBudget } from './passive-reply.ts'
import { wecomAppMessageSchema } from './types.ts'

export interface WecomRouteOptions {
  /**
   * How long a callback waits for the answer to return it as a passive reply; past it the answer
   * goes through message/send. Well inside WeCom's 5 s, network time included (platforms.md §1.5).
   */
  readonly passiveBudgetMs?: number
  readonly now?: () => Date
}

/** Passive text replies are limited to 2048 bytes [doc 90241]; longer ones go through the API. */
const PASSIVE_LIMIT_BYTES = 2048
const WHAT = 'wecom callback'

/** Whether a reply can be returned passively by a self-built app: plain text within the size limit. */
export function fitsPassiveText(message: OutboundMessage): boolean {
  return message.kind !== 'card' && Buffer.byteLength(plainText(message)) <= PASSIVE_LIMIT_BYTES
}

/** GET and POST /wecom/callback of the self-built app (platforms.md §1). */
export function mountWecomApp(router: Router, config: WecomAppConfig, inbox: Inbox, log: Logger, options: WecomRouteOptions = {}): void {
  const keys = { token: config.token, encodingAesKey: config.encodingAesKey, receiveId: config.corpId, what: WHAT }
  const budgetMs = options.passiveBudgetMs ?? 1500
  const now = options.now ?? (() => new Date())

  router.get('/wecom/callback', (ctx) => {
    const query = signedQuery(ctx.querystring, WHAT)
    if (!query.echostr) throw new LiaisonError('BAD_REQUEST', `${WHAT}: URL verification without echostr`, {}, 400)
    // The decrypted echostr, raw: no quotes, no newline (pitfall 2).
    ctx.type = 'text/plain'
    ctx.body = openSigned(keys, query, query.echostr)
    log.info('wecom callback URL verified')
  })

  router.post('/wecom/callback', async (ctx) => {
    const arrived = Date.now()
    const query = signedQuery(ctx.querystring, WHAT)
    const envelope = readPayload(ctx.state.rawBody?.toString('utf8') ?? '', 'envelope')
    const encrypted = envelope.Encrypt ?? envelope.encrypt
    if (typeof encrypted !== 'string' || !encrypted) throw new LiaisonError('BAD_REQUEST', `${WHAT}: envelope without Encrypt`, {}, 400)
    const plaintext = openSigned(keys, query, encrypted)
    const parsed = wecomAppMessageSchema.safeParse(readPayload(plaintext, 'message'))
    if (!parsed.success) throw new LiaisonError('BAD_REQUEST', `${WHAT}: message lacks ${parsed.error.issues[0]!.path.join('.')}`, {}, 400)
    const decoded = decodeWecomAppMessage(parsed.data, config.corpId)
    if (!decoded) {
      acknowledge(ctx)
      return
    }
    const acceptance = await inbox.accept(decoded.message, decoded.dedupeKey, decoded.passiveReply ? { passive: fitsPassiveText } : {})
    const reply = decoded.passiveReply ? await acceptance.passiveReply(remainingBudget(budgetMs, arrived), () => !ctx.req.socket.destroyed) : undefined
    if (!reply) {
      acknowledge(ctx)
      return
    }
    const answer = { toUser: parsed.data.FromUserName, content: plainText(reply) }
    const seconds = Math.floor(now().getTime() / 1000)
    const json = !(ctx.state.rawBody?.toString('utf8') ?? '').trimStart().startsWith('<')
    ctx.type = json ? 'application/json' : 'application/xml'
    ctx.body = json ? passiveTextJson(keys, answer, seconds) : passiveTextXml(keys, answer, seconds)
  })
}

function readPayload(text: string, part: string): Record<string, unknown> {
  try {
    return parsePayload(text)
  } catch (error) {
    if (error instanceof MalformedPayload) throw new LiaisonError('BAD_REQUEST', `${WHAT}: ${part}: ${error.message}`, {}, 400)
    throw error
  }
}

/** HTTP 200 with an empty body: "received, no reply" (§1.4). */
function acknowledge(ctx: Context): void {
  ctx.status = 200
  ctx.body = ''
}
