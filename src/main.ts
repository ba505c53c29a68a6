import type { Server } from 'node:http'
import { environmentWithDotenv } from './config/env-file.ts'
import { ConfigError, loadConfig, type Config } from './config/load-config.ts'
import { isLiaisonError } from './errors.ts'
import { createApp } from './http/app.ts'
import { createLogger, type Logger } from './log.ts'
import { openStore, type Store } from './store/open-store.ts'
import { VERSION } from './version.ts'

/** The composition root: builds each part from the configuration and hands parts to each other. */
export async function startLiaison(config: Config, log: Logger): Promise<{ server: Server; store: Store; stop(): Promise<void> }> {
  const startedAt = new Date()
  const store = await openStore(config.store, log)
  const app = createApp({ log, version: VERSION, startedAt, health: [store] })
  const server = app.listen(config.http.port, config.http.host)
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : config.http.port
  log.info({ port, version: VERSION, store: store.kind }, `Liaison is running: http://localhost:${port}/healthz`)

  let stopping: Promise<void> | undefined
  const stop = () =>
    (stopping ??= (async () => {
      log.info('shutting down: finishing requests in flight')
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeIdleConnections()
      const timer = setTimeout(() => server.closeAllConnections(), config.http.shutdownTimeoutMs)
      await closed
      clearTimeout(timer)
      await store.close()
      log.info('stopped')
    })())
  return { server, store, stop }
}

async function main(): Promise<void> {
  let config: Config
  try {
    config = loadConfig(environmentWithDotenv(process.env, '.env'))
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`)
      process.exit(1)
    }
    throw error
  }
  const log = createLogger(config.log)
  let running: Awaited<ReturnType<typeof startLiaison>>
  try {
    running = await startLiaison(config, log)
  } catch (error) {
    if (isLiaisonError(error)) log.fatal(error.message)
    else log.fatal({ err: error }, 'Liaison could not start')
    log.flush?.()
    process.exit(1)
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      running
        .stop()
        .then(() => process.exit(0))
        .catch((error: unknown) => {
          log.error({ err: error }, 'shutdown failed')
          process.exit(1)
        })
    })
  }
}

await main()
