import { loadConfig } from '../../src/config/load-config.ts'
import { silentLogger } from '../../src/log.ts'
import { startLiaison, type LiaisonOptions, type RunningLiaison } from '../../src/main.ts'
import type { Store } from '../../src/store/open-store.ts'
import { openTestStore } from './test-store.ts'

export interface TestApp extends RunningLiaison {
  /** Stops the bot and closes its store. */
  close(): Promise<void>
}

export interface TestAppOptions extends Omit<LiaisonOptions, 'store'> {
  /** Environment variables besides the defaults (channels, mostly); a literal, never process.env. */
  readonly env?: Record<string, string>
  /** A store that outlives this app (restart tests); a fresh in-memory one otherwise. */
  readonly store?: Store
}

/**
 * The whole bot as `npm start` builds it, on an in-memory store, listening on a free port of
 * 127.0.0.1, with test-friendly timings unless a test sets its own.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const { env, store: given, ...liaison } = options
  // Scheduled jobs only where a test turns them on: their fires would otherwise land in its outbox.
  const config = loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', SHUTDOWN_TIMEOUT_MS: '1000', JOBS: 'off', ...env })
  const store = given ?? (await openTestStore())
  const running = await startLiaison(config, silentLogger(), {
    ...liaison,
    store,
    outbox: { pollIntervalMs: 20, retry: { baseDelayMs: 20, maxDelayMs: 200, throttleDelayMs: 100 }, ...liaison.outbox },
  })
  const url = running.url.replace('localhost', '127.0.0.1')
  return {
    ...running,
    url,
    async close() {
      await running.stop()
      if (!given) await store.close()
    },
  }
}
