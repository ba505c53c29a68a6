import mongoose, { type Connection } from 'mongoose'
import type { StoreConfig } from '../config/load-config.ts'
import type { Logger } from '../log.ts'
import { EmbeddedStore } from './embedded/embedded-store.ts'
import { runningStore } from './embedded/persistence/data-dir-lock.ts'
import { DEFAULT_DATABASE } from './open-store.ts'

/** Which store a tool reached, so it can tell its user where the data went. */
export type ToolStoreSource =
  | { readonly kind: 'mongodb' }
  | { readonly kind: 'running-bot'; readonly pid: number; readonly port: number }
  | { readonly kind: 'data-dir'; readonly dataDir: string }

export interface ToolStore {
  readonly connection: Connection
  readonly source: ToolStoreSource
  close(): Promise<void>
}

/**
 * The store for a command-line tool such as `npm run roster`, which must work whether or not
 * the bot runs: MONGODB_URI when set; else the embedded store of the bot that holds DATA_DIR,
 * over its port; else the data directory itself, opened here and closed when the tool is done
 * (only one process may own a data directory, so a running bot's cannot be opened twice).
 */
export async function openToolStore(config: StoreConfig, log: Logger): Promise<ToolStore> {
  const timeouts = { serverSelectionTimeoutMS: 5_000 }
  if (config.mongodbUri) {
    const connection = await mongoose.createConnection(config.mongodbUri, timeouts).asPromise()
    return { connection, source: { kind: 'mongodb' }, close: () => connection.close() }
  }
  const running = runningStore(config.dataDir)
  if (running && running.port > 0) {
    const uri = `mongodb://127.0.0.1:${running.port}/${DEFAULT_DATABASE}?directConnection=true`
    const connection = await mongoose.createConnection(uri, timeouts).asPromise()
    return { connection, source: { kind: 'running-bot', pid: running.pid, port: running.port }, close: () => connection.close() }
  }
  const embedded = await EmbeddedStore.start({ dataDir: config.dataDir, log })
  try {
    const connection = await mongoose.createConnection(embedded.uri(DEFAULT_DATABASE), timeouts).asPromise()
    return {
      connection,
      source: { kind: 'data-dir', dataDir: config.dataDir },
      async close() {
        await connection.close()
        await embedded.close()
      },
    }
  } catch (error) {
    await embedded.close()
    throw error
  }
}
