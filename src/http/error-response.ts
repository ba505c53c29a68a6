import type { Middleware } from 'koa'
import { isLiaisonError } from '../errors.ts'
import type { Logger } from '../log.ts'

/**
 * Every error of a request ends here: a LiaisonError with a status below 500 is the caller's
 * fault and is logged in one line; anything else is logged with its stack and answered 500
 * without details.
 */
export function errorResponse(log: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next()
    } catch (error) {
      const status = isLiaisonError(error) && error.status ? error.status : 500
      const code = isLiaisonError(error) ? error.code : 'INTERNAL'
      if (status < 500) {
        log.warn({ requestId: ctx.state.requestId, method: ctx.method, path: ctx.path, status, code }, (error as Error).message)
      } else {
        log.error({ requestId: ctx.state.requestId, method: ctx.method, path: ctx.path, err: error }, 'request failed')
      }
      ctx.status = status
      ctx.body = { error: code }
    }
  }
}
