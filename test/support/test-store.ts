import { loadConfig } from '../../src/config/load-config.ts'
import { silentLogger } from '../../src/log.ts'
import { openStore, type Store } from '../../src/store/open-store.ts'

/**
 * A store for one test file: the in-memory embedded store, or the MongoDB named by
 * MONGODB_URI when set (`npm run test:store` proves the suite against a real server).
 */
export async function openTestStore(): Promise<Store> {
  const config = loadConfig({ MONGODB_URI: process.env.MONGODB_URI })
  return openStore(config.store, silentLogger(), { inMemory: true })
}
