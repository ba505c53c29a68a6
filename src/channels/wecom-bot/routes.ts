import type Router from '@koa/router'
import type { WecomBotConfig } from '../../config/load-config.ts'
import { LiaisonError } from '../../errors.ts'
import type { Logger } from '../../log.ts'
import type { Inbox } from '../inbox.ts'
import { plainText, type OutboundMessage } from '../message.ts'
import { openSigned, signedQuery } from '../wecom/callback-query.ts'
import { MalformedPayload, parsePayload } from '../wecom/parse-payload.ts'
import { passiveStreamJson, remainingBudget } from '../wecom/passive-reply.ts'
import { decodeWecomBotMessage } from './decode.ts'
import { wecomBotMessageSchema } from './types.ts'

export interface WecomBotRouteOptions {
  /** How long a callback waits for the answer to return it on the response; past it, response_url carries it. */
  readonly passiveBudgetMs?: number
  readonly now?: () => Date
}

const WHAT = 'wecom bot callback'
/** Stream content is markdown of at most 20480 bytes [doc 101031]. */
const STREAM_LIMIT_BYTES = 20480

function fitsStream(message: OutboundMessage): boolean {
  return Buffer.byteLength(plainText(message)) <= STREAM_LIMIT_BYTES
}

/** GET and POST /wecom/bot: the AI bot's encrypted JSON callbacks, receiveid "" (platforms.md §2.6). */
export function mountWecomBot(router: Router, config: WecomBotConfig, inbox: Inbox, log: Logger, options: WecomBotRouteOptions = {}): void {
  const keys = { token: config.token, encodingAesKey: config.encodingAesKey, receiveId: '', what: WHAT }
  const budgetMs = options.passiveBudgetMs ?? 1500
  const now = options.now ?? (() => new Date())

  router.get('/wecom/bot', (ctx) => {
    const query = signedQuery(ctx.querystring, WHAT)
    if (!query.echostr) throw new LiaisonError('BAD_REQUEST', `${WHAT}: URL verification without echostr`, {}, 400)
    ctx.type = 'text/plain'
    ctx.body = openSigned(keys, query, query.echostr)
    log.info('wecom bot callback URL verified')
  })

  router.post('/wecom/bot', async (ctx) => {
    const arrived = Date.now()
    const query = signedQuery(ctx.querystring, WHAT)
    const envelope = readJson(ctx.state.rawBody?.toString('utf8') ?? '', 'envelope')
    if (typeof envelope.encrypt !== 'string' || !envelope.encrypt) throw new LiaisonError('BAD_REQUEST', `${WHAT}: envelope without encrypt`, {}, 400)
    const parsed = wecomBotMessageSchema.safeParse(readJson(openSigned(keys, query, envelope.encrypt), 'message'))
    if (!parsed.success) throw new LiaisonError('BAD_REQUEST', `${WHAT}: message lacks ${parsed.error.issues[0]!.path.join('.')}`, {}, 400)
    const decoded = decodeWecomBotMessage(parsed.data, config.corpId, now())
    ctx.status = 200
    ctx.body = ''
    if (!decoded) return
    const acceptance = await inbox.accept(decoded.message, decoded.dedupeKey, { passive: fitsStream })
    const reply = await acceptance.passiveReply(remainingBudget(budgetMs, arrived), () => !ctx.req.socket.destroyed)
    if (!reply) return
    ctx.type = 'application/json'
    ctx.body = passiveStreamJson(keys, { streamId: parsed.data.msgid, content: plainText(reply) }, Math.floor(now().getTime() / 1000))
  })
}

function readJson(text: string, part: string): Record<string, unknown> {
  try {
    if (!text.trimStart().startsWith('{')) throw new MalformedPayload('not a JSON object')
    return parsePayload(text)
  } catch (error) {
    if (error instanceof MalformedPayload) throw new LiaisonError('BAD_REQUEST', `${WHAT}: ${part}: ${error.message}`, {}, 400)
    throw error
  }
}
