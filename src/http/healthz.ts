import type Router from '@koa/router'

export interface HealthSource {
  /** Each part reports its own section; a part that is not ok makes the whole answer 503. */
  readonly name: string
  health(): Promise<{ readonly ok: boolean } & Record<string, unknown>>
}

export interface HealthOptions {
  readonly version: string
  readonly startedAt: Date
  readonly now?: () => Date
}

/** GET /healthz: version, uptime and each part's status; 503 when any part is down. */
export function mountHealthz(router: Router, sources: readonly HealthSource[], options: HealthOptions): void {
  const now = options.now ?? (() => new Date())
  router.get('/healthz', async (ctx) => {
    const parts = await Promise.all(
      sources.map(async (s) => [s.name, await s.health().catch((e: Error) => ({ ok: false, error: e.message }))] as const),
    )
    const ok = parts.every(([, p]) => p.ok)
    ctx.status = ok ? 200 : 503
    ctx.set('Cache-Control', 'no-store')
    ctx.body = {
      status: ok ? 'ok' : 'unavailable',
      version: options.version,
      uptimeSeconds: Math.round((now().getTime() - options.startedAt.getTime()) / 1000),
      ...Object.fromEntries(parts),
    }
  })
}
