import type Router from '@koa/router'
import type { DingtalkConfig } from '../../config/load-config.ts'
import { LiaisonError } from '../../errors.ts'
import type { Inbox } from '../inbox.ts'
import { decodeDingtalkMessage } from './decode.ts'
import { dingtalkRobotMessageSchema } from './types.ts'
import { verifyDingtalkRequest } from './verify.ts'

export interface DingtalkRouteOptions {
  readonly now?: () => Date
}

const WHAT = 'dingtalk robot callback'
const REFUSALS = {
  missing: 'timestamp or sign header missing',
  stale: 'timestamp more than one hour away from our clock',
  mismatch: 'sign does not match',
} as const

/** POST /dingtalk/robot: headers checked, message stored, 200 at once; the answer goes through the outbox (§3.1). */
export function mountDingtalkRobot(router: Router, config: DingtalkConfig, inbox: Inbox, options: DingtalkRouteOptions = {}): void {
  const now = options.now ?? (() => new Date())
  const oapiOrigin = new URL(config.oapiBase).origin

  router.post('/dingtalk/robot', async (ctx) => {
    const verdict = verifyDingtalkRequest({ timestamp: ctx.get('timestamp'), sign: ctx.get('sign') }, config.appSecret, now().getTime())
    if (verdict !== 'ok') throw new LiaisonError('UNAUTHORIZED', `${WHAT}: ${REFUSALS[verdict]}`, {}, 401)
    let body: unknown
    try {
      body = JSON.parse(ctx.state.rawBody?.toString('utf8') ?? '')
    } catch {
      throw new LiaisonError('BAD_REQUEST', `${WHAT}: body is not JSON`, {}, 400)
    }
    const parsed = dingtalkRobotMessageSchema.safeParse(body)
    if (!parsed.success) throw new LiaisonError('BAD_REQUEST', `${WHAT}: message lacks ${parsed.error.issues[0]!.path.join('.') || 'an object'}`, {}, 400)
    const { message, dedupeKey } = decodeDingtalkMessage(parsed.data, oapiOrigin)
    await inbox.accept(message, dedupeKey)
    ctx.status = 200
    ctx.body = ''
  })
}
