import { randomUUID } from 'node:crypto'
import type { Middleware } from 'koa'

/** Tags each request with an id (the caller's X-Request-Id when it sends one) for the logs. */
export function requestId(): Middleware {
  return async (ctx, next) => {
    const given = ctx.get('x-request-id')
    ctx.state.requestId = /^[\w.-]{1,64}$/.test(given) ? given : randomUUID()
    ctx.set('X-Request-Id', ctx.state.requestId)
    await next()
  }
}
