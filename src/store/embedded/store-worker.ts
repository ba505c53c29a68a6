import { parentPort, workerData } from 'node:worker_threads'
import { isLiaisonError } from '../../errors.ts'
import { createLogger } from '../../log.ts'
import { EmbeddedStore } from './embedded-store.ts'
import type { WorkerReply, WorkerRequest, WorkerStart } from './worker-messages.ts'

/** The embedded store's own thread: starts the store, then answers health and close requests. */
const start = workerData as WorkerStart
const port = parentPort!
const post = (reply: WorkerReply) => port.postMessage(reply)

try {
  const store = await EmbeddedStore.start({ dataDir: start.dataDir, port: start.port, log: createLogger(start.log) })
  port.on('message', (request: WorkerRequest) => {
    if (request.type === 'health') post({ type: 'health', id: request.id, health: store.health() })
    else if (request.type === 'close') {
      store.close().then(
        () => post({ type: 'closed' }),
        (error: Error) => post({ type: 'closed', error: error.message }),
      )
    }
  })
  post({ type: 'ready', port: store.port })
} catch (error) {
  post({ type: 'failed', code: isLiaisonError(error) ? error.code : 'STORE_UNAVAILABLE', message: (error as Error).message })
}
