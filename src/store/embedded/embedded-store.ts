import { createServer, type Server, type Socket } from 'node:net'
import type { Document } from 'bson'
import type { Logger } from '../../log.ts'
import { dispatch, WRITE_COMMANDS } from './commands/dispatch.ts'
import { CursorRegistry } from './commands/cursors.ts'
import { Catalog } from './engine/catalog.ts'
import { internalError } from './errors.ts'
import { DataDirLock } from './persistence/data-dir-lock.ts'
import { DiskDurability } from './persistence/disk-durability.ts'
import { serveConnection } from './wire/connection.ts'

export interface EmbeddedStoreOptions {
  /** Where the journal and snapshots live; absent for an in-memory store (tests). */
  readonly dataDir?: string
  /** 0 picks a free port. */
  readonly port?: number
  readonly log: Logger
}

export interface EmbeddedStoreHealth {
  readonly ok: boolean
  readonly mode: 'memory' | 'disk'
  readonly port: number
  readonly connections: number
  readonly openCursors: number
  /** The JavaScript heap of the thread the store runs on, in MB: used, and reserved (absent once it stopped). */
  readonly heapMB?: { readonly used: number; readonly total: number }
  readonly error?: string
}

/**
 * A MongoDB-wire-compatible server inside the bot's process, on 127.0.0.1 only. Each
 * command runs to completion before the next (so every command is atomic); a write is
 * acknowledged only after its journal records are fsync'd.
 */
export class EmbeddedStore {
  private readonly sockets = new Set<Socket>()
  private nextConnectionId = 1

  private constructor(
    private readonly server: Server,
    readonly catalog: Catalog,
    private readonly cursors: CursorRegistry,
    private readonly durability: DiskDurability | undefined,
    private readonly lock: DataDirLock | undefined,
    readonly port: number,
    private readonly log: Logger,
  ) {}

  static async start(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
    const { log } = options
    let durability: DiskDurability | undefined
    const catalog = new Catalog((record) => durability?.append(record))
    const lock = options.dataDir ? DataDirLock.acquire(options.dataDir) : undefined
    try {
      if (options.dataDir) durability = await DiskDurability.open(options.dataDir, catalog, log)
      const cursors = new CursorRegistry()
      const server = createServer()
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject)
        server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
      })
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      lock?.recordPort(port)
      const store = new EmbeddedStore(server, catalog, cursors, durability, lock, port, log)
      server.on('connection', (socket) => store.accept(socket))
      log.info({ port, mode: durability ? 'disk' : 'memory' }, 'embedded store listening on 127.0.0.1')
      return store
    } catch (error) {
      await durability?.close()
      lock?.release()
      throw error
    }
  }

  /** A connection string for one database on this store. */
  uri(database: string): string {
    return `mongodb://127.0.0.1:${this.port}/${database}?directConnection=true`
  }

  health(): EmbeddedStoreHealth {
    const failure = this.durability?.failure
    return {
      ok: this.server.listening && !failure,
      mode: this.durability ? 'disk' : 'memory',
      port: this.port,
      connections: this.sockets.size,
      openCursors: this.cursors.size,
      heapMB: heapMB(),
      ...(failure ? { error: `journal write failed: ${failure.message}` } : {}),
    }
  }

  /**
   * Runs one command; write commands resolve once durable. A find's batch comes back as the wire
   * sends it, a RawBatch of stored bytes (withDecodedBatches turns it into documents).
   */
  async run(command: Document, connectionId = 0): Promise<Document> {
    const writes = WRITE_COMMANDS.has(Object.keys(command)[0] ?? '')
    const failure = this.durability?.failure
    if (writes && failure) throw internalError(`the embedded store cannot write: ${failure.message}`)
    const reply = dispatch(command, { catalog: this.catalog, cursors: this.cursors }, connectionId)
    if (writes && this.durability) await this.durability.sync()
    return reply
  }

  /** Writes a snapshot now (also done automatically as the journal grows). */
  async compact(): Promise<void> {
    await this.durability?.compact()
  }

  /** Stops accepting connections, waits for durable writes and releases the data directory. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()))
    for (const socket of this.sockets) socket.end()
    const forced = setTimeout(() => this.sockets.forEach((s) => s.destroy()), 2000)
    await closed
    clearTimeout(forced)
    await this.durability?.close()
    this.lock?.release()
    this.log.info({ port: this.port }, 'embedded store closed')
  }

  private accept(socket: Socket): void {
    const id = this.nextConnectionId++
    this.sockets.add(socket)
    socket.on('close', () => this.sockets.delete(socket))
    serveConnection(socket, id, (command, connectionId) => this.run(command, connectionId), this.log)
  }
}

function heapMB(): { used: number; total: number } {
  const { heapUsed, heapTotal } = process.memoryUsage()
  return { used: Math.round(heapUsed / 2 ** 20), total: Math.round(heapTotal / 2 ** 20) }
}
