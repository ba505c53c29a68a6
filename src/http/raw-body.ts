import type { Middleware } from 'koa'
import { LiaisonError } from '../errors.ts'

declare module 'koa' {
  interface DefaultState {
    /** The exact bytes of the request body: signatures cover them, so nothing may re-encode them first. */
    rawBody?: Buffer
  }
}

/** Reads the body of POST and PUT requests into ctx.state.rawBody, refusing bodies over the limit (chunked ones too). */
export function rawBody(options: { bytes: number }): Middleware {
  return async (ctx, next) => {
    if (ctx.method === 'POST' || ctx.method === 'PUT') {
      const chunks: Buffer[] = []
      let size = 0
      for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
        size += chunk.length
        if (size > options.bytes) {
          throw new LiaisonError('PAYLOAD_TOO_LARGE', `body is over the ${options.bytes} byte limit`, {}, 413)
        }
        chunks.push(chunk)
      }
      ctx.state.rawBody = Buffer.concat(chunks, size)
    }
    await next()
  }
}
