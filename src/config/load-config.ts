import path from 'node:path'
import { environmentSchema, settings, type SettingName } from './schema.ts'

export interface StoreConfig {
  /** Set: a real MongoDB. Unset: the embedded store in dataDir. */
  readonly mongodbUri: string | undefined
  readonly dataDir: string
  readonly embeddedPort: number
}

export interface Config {
  readonly env: 'development' | 'production' | 'test'
  readonly http: { readonly port: number; readonly host: string; readonly shutdownTimeoutMs: number }
  readonly log: { readonly level: string; readonly format: 'json' | 'pretty' | 'auto' }
  readonly store: StoreConfig
}

/** A bad setting: the message is one line naming the variable and what it expects. */
export class ConfigError extends Error {
  constructor(readonly variable: string, expected: string) {
    super(`Invalid configuration: ${variable} ${expected}`)
    this.name = 'ConfigError'
  }
}

/**
 * Validates the environment once at start. The environment is an argument so tests pass
 * literals; nothing else in src/ reads process.env.
 */
export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): Config {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''))
  const parsed = environmentSchema.safeParse(blanksRemoved)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const variable = String(issue.path[0]) as SettingName
    const setting: { expected: string; secret?: boolean } = settings[variable]
    const got = setting.secret ? 'a value that is not shown' : JSON.stringify(blanksRemoved[variable])
    throw new ConfigError(variable, `must be ${setting.expected} (got ${got})`)
  }
  const e = parsed.data
  return deepFreeze({
    env: e.NODE_ENV,
    http: { port: e.PORT, host: e.HOST, shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS },
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT },
    store: { mongodbUri: e.MONGODB_URI, dataDir: path.resolve(cwd, e.DATA_DIR), embeddedPort: e.EMBEDDED_MONGO_PORT },
  })
}


function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}
