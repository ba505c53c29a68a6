import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { VERSION } from '../../src/version.ts'
import { createApp } from '../../src/http/app.ts'
import { silentLogger } from '../../src/log.ts'
import type { Store } from '../../src/store/open-store.ts'
import { openTestStore } from './test-store.ts'

export interface TestApp {
  readonly url: string
  readonly store: Store
  close(): Promise<void>
}

/** The real Koa app on an in-memory store, listening on a free port of 127.0.0.1. */
export async function startTestApp(): Promise<TestApp> {
  const store = await openTestStore()
  const app = createApp({ log: silentLogger(), version: VERSION, startedAt: new Date(), health: [store] })
  const server: Server = app.listen(0, '127.0.0.1')
  await new Promise<void>((resolve) => server.once('listening', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await store.close()
    },
  }
}
