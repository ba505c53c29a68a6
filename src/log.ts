import pino, { type Logger } from 'pino'
import pretty from 'pino-pretty'

export type { Logger }

export interface LogOptions {
  readonly level: string
  readonly format: 'json' | 'pretty' | 'auto'
}

/**
 * Field names whose values are credentials wherever they appear in a log object: pino replaces
 * them before anything is written, so a careless `log.info({ config })` still leaks nothing.
 */
const SECRET_PATHS = [
  'secret', 'token', 'password', 'accessToken', 'access_token', 'encodingAesKey', 'aesKey', 'appSecret', 'uri', 'mongodbUri',
  '*.secret', '*.token', '*.password', '*.accessToken', '*.access_token', '*.encodingAesKey', '*.aesKey', '*.appSecret', '*.uri', '*.mongodbUri',
  '*.*.secret', '*.*.token', '*.*.encodingAesKey', '*.*.appSecret', '*.*.mongodbUri',
]

/** JSON lines in production and when piped; human-readable lines in a terminal. */
export function createLogger(options: LogOptions, destination: NodeJS.WritableStream = process.stdout): Logger {
  const usePretty = options.format === 'pretty' || (options.format === 'auto' && (destination as { isTTY?: boolean }).isTTY === true)
  const base = { level: options.level, redact: { paths: SECRET_PATHS, censor: '[redacted]' }, base: { app: 'liaison' } }
  return usePretty
    ? pino(base, pretty({ destination: destination as never, colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,app' }))
    : pino(base, pino.destination({ dest: destinationFd(destination), sync: false }))
}

function destinationFd(stream: NodeJS.WritableStream): number {
  return (stream as { fd?: number }).fd ?? 1
}

/** A logger that writes nothing, for tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' })
}
