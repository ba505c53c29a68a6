import Koa from 'koa'
import Router from '@koa/router'
import type { Logger } from '../log.ts'
import { bodyLimit } from './body-limit.ts'
import { errorResponse } from './error-response.ts'
import { mountHealthz, type HealthSource } from './healthz.ts'
import { rawBody } from './raw-body.ts'
import { requestId } from './request-id.ts'
import { unknownPath } from './unknown-path.ts'

/** Platforms send a few kilobytes; anything near a megabyte is not theirs. */
export const BODY_LIMIT_BYTES = 1024 * 1024

export interface AppParts {
  readonly log: Logger
  readonly version: string
  readonly startedAt: Date
  readonly health: readonly HealthSource[]
  /** Each mounts its own routes (channels, local chat); called once in order. */
  readonly routes?: ReadonlyArray<(router: Router) => void>
  readonly bodyLimitBytes?: number
}

/** The Koa application: edge middleware in order, then the routes of each part. */
export function createApp(parts: AppParts): Koa {
  const app = new Koa()
  app.proxy = true
  // Errors are logged once by errorResponse; Koa's default handler would log them again.
  app.silent = true
  const router = new Router()
  mountHealthz(router, parts.health, { version: parts.version, startedAt: parts.startedAt })
  for (const mount of parts.routes ?? []) mount(router)
  app.use(requestId())
  app.use(errorResponse(parts.log))
  app.use(unknownPath(router, parts.log))
  const bytes = parts.bodyLimitBytes ?? BODY_LIMIT_BYTES
  app.use(bodyLimit({ bytes }))
  app.use(rawBody({ bytes }))
  app.use(router.routes())
  app.use(router.allowedMethods())
  return app
}
