import { existsSync, readFileSync } from 'node:fs'
import { parse } from 'dotenv'

/**
 * The process environment with an optional .env file beneath it: a variable set in the
 * environment always wins over the file, so operators can override one value at a time.
 */
export function environmentWithDotenv(env: NodeJS.ProcessEnv, file: string): Record<string, string | undefined> {
  if (!existsSync(file)) return { ...env }
  return { ...parse(readFileSync(file)), ...env }
}
