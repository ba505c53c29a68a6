import type { Middleware } from 'koa'
import { LiaisonError } from '../errors.ts'

/** Refuses a request whose declared length is over the limit before reading any of it (rawBody checks the rest). */
export function bodyLimit(options: { bytes: number }): Middleware {
  return async (ctx, next) => {
    const declared = Number(ctx.get('content-length') || 0)
    if (declared > options.bytes) {
      throw new LiaisonError('PAYLOAD_TOO_LARGE', `body of ${declared} bytes is over the ${options.bytes} byte limit`, {}, 413)
    }
    await next()
  }
}
