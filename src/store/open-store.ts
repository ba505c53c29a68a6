import mongoose, { type Connection } from 'mongoose'
import type { StoreConfig } from '../config/load-config.ts'
import type { Logger, LogOptions } from '../log.ts'
import { EmbeddedStore } from './embedded/embedded-store.ts'
import { startEmbeddedStoreWorker, type EmbeddedStoreHandle } from './embedded/embedded-store-worker.ts'

/** The database Liaison uses when the connection string names none. */
export const DEFAULT_DATABASE = 'liaison'
const PING_TIMEOUT_MS = 2000

export interface Store {
  readonly name: 'store'
  readonly kind: 'embedded' | 'mongodb'
  readonly connection: Connection
  /** The embedded server, when there is one (tools and tests reach it by its port). */
  readonly embedded: EmbeddedStoreHandle | undefined
  health(): Promise<{ ok: boolean } & Record<string, unknown>>
  close(): Promise<void>
}

export interface OpenStoreOptions {
  /** Tests: an embedded store in this thread without a data directory, gone when closed. */
  readonly inMemory?: boolean
  /** How the embedded store's thread logs (the bot's own settings). */
  readonly log?: LogOptions
}

/**
 * Connects mongoose to MONGODB_URI, or starts the embedded store in DATA_DIR and connects to
 * it over the same wire protocol: the rest of Liaison cannot tell which it got.
 */
export async function openStore(config: StoreConfig, log: Logger, options: OpenStoreOptions = {}): Promise<Store> {
  const embedded = config.mongodbUri
    ? undefined
    : options.inMemory
      ? inThisThread(await EmbeddedStore.start({ log }))
      : await startEmbeddedStoreWorker({ dataDir: config.dataDir, port: config.embeddedPort, log: options.log ?? { level: log.level, format: 'json' } })
  const uri = config.mongodbUri ?? embedded!.uri(DEFAULT_DATABASE)
  let connection: Connection
  try {
    connection = await mongoose
      .createConnection(uri, { serverSelectionTimeoutMS: 10_000, ...(config.mongodbUri ? {} : { dbName: DEFAULT_DATABASE }) })
      .asPromise()
  } catch (error) {
    await embedded?.close()
    throw error
  }
  const kind = embedded ? 'embedded' : 'mongodb'
  log.info({ kind, database: connection.name, ...(embedded ? { port: embedded.port, dataDir: options.inMemory ? null : config.dataDir } : {}) }, 'store connected')
  return {
    name: 'store',
    kind,
    connection,
    embedded,
    async health() {
      const ping = await pingWithin(connection, PING_TIMEOUT_MS)
      const embeddedHealth = await embedded?.health()
      return {
        ok: ping.ok && (embeddedHealth?.ok ?? true),
        kind,
        database: connection.name,
        ...(ping.error ? { error: ping.error } : {}),
        ...(embeddedHealth ? { embedded: embeddedHealth } : {}),
      }
    },
    async close() {
      await connection.close()
      await embedded?.close()
    },
  }
}

async function pingWithin(connection: Connection, timeoutMs: number): Promise<{ ok: boolean; error?: string }> {
  if (connection.readyState !== 1 || !connection.db) return { ok: false, error: 'not connected' }
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      connection.db.command({ ping: 1 }),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer to ping within ${timeoutMs} ms`)), timeoutMs))),
    ])
    return { ok: true }
  } catch (error) {
    return { ok: false, error: (error as Error).message }
  } finally {
    clearTimeout(timer)
  }
}

function inThisThread(store: EmbeddedStore): EmbeddedStoreHandle {
  return { port: store.port, uri: (db) => store.uri(db), health: async () => store.health(), close: () => store.close() }
}
