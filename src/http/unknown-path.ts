import type Router from '@koa/router'
import type { Middleware } from 'koa'
import type { Logger } from '../log.ts'

/**
 * 404 for a path no route has, before its body is read (a large body to a wrong path is still a
 * wrong path), with one log line. A known path with another method goes on to the router's 405.
 */
export function unknownPath(router: Router, log: Logger): Middleware {
  return async (ctx, next) => {
    if (router.match(ctx.path, ctx.method).path.length > 0) return next()
    log.info({ method: ctx.method, path: ctx.path }, 'request refused: no such path (404)')
    ctx.status = 404
  }
}
