import { z } from 'zod'

/**
 * One entry per environment variable: its zod type and the words a start-up error uses for
 * what it expects. `secret` values are never echoed back in errors or logs.
 */
interface Setting {
  readonly type: z.ZodType
  readonly expected: string
  readonly secret?: boolean
}

const port = z.coerce.number().int().min(0).max(65535)

export const settings = {
  NODE_ENV: { type: z.enum(['development', 'production', 'test']).default('development'), expected: 'development, production or test' },
  PORT: { type: port.default(3000), expected: 'a TCP port number from 0 to 65535' },
  HOST: { type: z.string().trim().min(1).default('0.0.0.0'), expected: 'an interface address such as 0.0.0.0 or 127.0.0.1' },
  LOG_LEVEL: {
    type: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    expected: 'one of fatal, error, warn, info, debug, trace, silent',
  },
  LOG_FORMAT: { type: z.enum(['json', 'pretty', 'auto']).default('auto'), expected: 'json, pretty or auto' },
  MONGODB_URI: {
    type: z.string().regex(/^mongodb(\+srv)?:\/\/\S+$/).optional(),
    expected: 'a mongodb:// or mongodb+srv:// connection string',
    secret: true,
  },
  DATA_DIR: { type: z.string().trim().min(1).default('./data'), expected: 'a directory path' },
  EMBEDDED_MONGO_PORT: { type: port.default(0), expected: 'a TCP port number from 0 to 65535 (0 picks a free port)' },
  SHUTDOWN_TIMEOUT_MS: {
    type: z.coerce.number().int().min(100).max(120_000).default(10_000),
    expected: 'milliseconds from 100 to 120000',
  },
} satisfies Record<string, Setting>

export type SettingName = keyof typeof settings
export type Environment = { [K in SettingName]: z.infer<(typeof settings)[K]['type']> }

export const environmentSchema = z.object(
  Object.fromEntries(Object.entries(settings).map(([name, s]) => [name, s.type])) as {
    [K in SettingName]: (typeof settings)[K]['type']
  },
)
