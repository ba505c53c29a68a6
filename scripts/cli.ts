import { environmentWithDotenv } from '../src/config/env-file.ts'
import { ConfigError, loadConfig, type Config } from '../src/config/load-config.ts'
import type { Logger } from '../src/log.ts'
import { openToolStore, type ToolStore, type ToolStoreSource } from '../src/store/open-tool-store.ts'

/**
 * What the terminal tools (roster, calendar, duties, jobs, demo) share: exit codes, one-line
 * Chinese failures on stderr, the configuration, and the store they work on. Their texts stay in
 * their own files of conversations/.
 */
export const EXIT = { done: 0, failed: 1, usage: 2 } as const

/** A failure told in one Chinese line on stderr. */
export class Stop extends Error {
  constructor(
    readonly line: string,
    readonly exitCode: number,
  ) {
    super(line)
  }
}

export const print = (line: string) => process.stdout.write(line.endsWith('\n') ? line : `${line}\n`)

export function fail(line: string, exitCode: number): number {
  process.stderr.write(`${line}\n`)
  return exitCode
}

/** The settings from the environment and .env; undefined, with the bad one's line on stderr, when one is wrong. */
export function toolConfig(): Config | undefined {
  try {
    return loadConfig(environmentWithDotenv(process.env, '.env'))
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    fail(error.message, EXIT.failed)
    return undefined
  }
}

/** The store the tool works on (see openToolStore); one that cannot be opened stops the tool with `unavailable`. */
async function openStore(config: Config, log: Logger, unavailable: (error: string) => string): Promise<ToolStore> {
  try {
    return await openToolStore(config.store, log)
  } catch (error) {
    const message = (error as Error).message.split('\n')[0]!
    // A driver error may quote the connection string, which can hold a password.
    const shown = config.store.mongodbUri ? message.replaceAll(config.store.mongodbUri, 'MONGODB_URI') : message
    throw new Stop(unavailable(shown), EXIT.failed)
  }
}

type StoreCode = 'STORE_MONGODB' | 'STORE_RUNNING_BOT' | 'STORE_DATA_DIR'
type ToolText = (code: StoreCode | 'STORE_UNAVAILABLE', params?: Record<string, string | number>) => string

/** Opens the store, runs `use` on it and closes it; one that cannot be opened stops the tool with `unavailable`. */
export async function usingStore<T>(config: Config, log: Logger, unavailable: (error: string) => string, use: (store: ToolStore) => Promise<T>): Promise<T> {
  const store = await openStore(config, log, unavailable)
  try {
    return await use(store)
  } finally {
    await store.close()
  }
}

/** As usingStore, first saying which store it is in the tool's words. */
export function withToolStore<T>(config: Config, log: Logger, text: ToolText, use: (store: ToolStore) => Promise<T>): Promise<T> {
  return usingStore(config, log, (error) => text('STORE_UNAVAILABLE', { error }), (store) => {
    print(storeLine(store.source, text))
    return use(store)
  })
}

/** The exit code for what stopped a tool: a Stop is told in its Chinese line, anything else logged in English. */
export function failedTool(error: unknown, log: Logger, what: string): number {
  if (error instanceof Stop) return fail(error.line, error.exitCode)
  log.error({ err: error }, `${what} failed`)
  return EXIT.failed
}

/** The line saying which store the tool works on, in the tool's own words. */
function storeLine(source: ToolStoreSource, text: (code: StoreCode, params?: Record<string, string | number>) => string): string {
  if (source.kind === 'mongodb') return text('STORE_MONGODB')
  if (source.kind === 'running-bot') return text('STORE_RUNNING_BOT', { pid: source.pid, port: source.port })
  return text('STORE_DATA_DIR', { dataDir: source.dataDir })
}

/**
 * A moment written as an ISO date or time (2026-11-18, 2026-11-18T10:00, 2026-11-18T02:00:00Z);
 * without an offset it is Shanghai time, whatever the machine's TZ.
 */
export function parseMoment(value: string): Date | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(value)
  if (!match) return undefined
  const at = new Date(`${match[1]}${match[2] ?? 'T00:00'}${match[5] ?? '+08:00'}`)
  return Number.isNaN(at.getTime()) ? undefined : at
}
