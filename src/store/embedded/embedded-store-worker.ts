import { Worker } from 'node:worker_threads'
import { LiaisonError } from '../../errors.ts'
import type { LogOptions } from '../../log.ts'
import type { EmbeddedStoreHealth } from './embedded-store.ts'
import type { WorkerReply, WorkerRequest, WorkerStart } from './worker-messages.ts'

/** What the rest of Liaison sees of an embedded store, wherever it runs. */
export interface EmbeddedStoreHandle {
  readonly port: number
  uri(database: string): string
  health(): Promise<EmbeddedStoreHealth>
  close(): Promise<void>
}

/**
 * Workers do not inherit tsx's module hooks, so the worker registers them itself before it
 * loads the TypeScript entry.
 */
const WORKER_BOOTSTRAP = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(
  new URL('./store-worker.ts', import.meta.url).href,
)}) })`

/**
 * Runs the embedded store on its own thread. A large aggregation then holds up only the
 * store, not the webhooks: measured in-process, a month's aggregation over 200,000
 * contacts blocked the bot's event loop for about 200 ms (see `npm run bench:store`).
 */
export async function startEmbeddedStoreWorker(options: WorkerStart & { log: LogOptions }): Promise<EmbeddedStoreHandle> {
  const worker = new Worker(WORKER_BOOTSTRAP, { eval: true, workerData: options })
  const ready = await new Promise<number>((resolve, reject) => {
    const onExit = (code: number) => reject(new LiaisonError('STORE_UNAVAILABLE', `the embedded store's thread exited with code ${code} during start`))
    worker.once('exit', onExit)
    worker.once('error', reject)
    worker.once('message', (reply: WorkerReply) => {
      worker.off('exit', onExit)
      if (reply.type === 'ready') resolve(reply.port)
      else if (reply.type === 'failed') reject(new LiaisonError(reply.code, reply.message))
    })
  })
  let nextId = 1
  let exited = false
  const healthWaiters = new Map<number, (health: EmbeddedStoreHealth) => void>()
  let closeWaiter: ((error?: string) => void) | undefined
  worker.on('message', (reply: WorkerReply) => {
    if (reply.type === 'health') healthWaiters.get(reply.id)?.(reply.health)
    else if (reply.type === 'closed') closeWaiter?.(reply.error)
  })
  worker.on('exit', () => {
    exited = true
    for (const resolve of healthWaiters.values()) resolve(stopped(ready))
    closeWaiter?.()
  })
  const request = (message: WorkerRequest) => worker.postMessage(message)
  return {
    port: ready,
    uri: (database) => `mongodb://127.0.0.1:${ready}/${database}?directConnection=true`,
    health() {
      if (exited) return Promise.resolve(stopped(ready))
      const id = nextId++
      return new Promise((resolve) => {
        healthWaiters.set(id, (health) => {
          healthWaiters.delete(id)
          resolve(health)
        })
        request({ type: 'health', id })
      })
    },
    async close() {
      if (exited) return
      const error = await new Promise<string | undefined>((resolve) => {
        closeWaiter = resolve
        request({ type: 'close' })
      })
      await worker.terminate()
      if (error) throw new Error(`the embedded store did not close cleanly: ${error}`)
    },
  }
}

function stopped(port: number): EmbeddedStoreHealth {
  return { ok: false, mode: 'disk', port, connections: 0, openCursors: 0, error: "the embedded store's thread has stopped" }
}
