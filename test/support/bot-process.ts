import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

const ROOT = path.resolve(import.meta.dirname, '../..')

export interface BotProcess {
  readonly child: ChildProcess
  readonly httpPort: number
  /** The embedded store's port, read from the lock file in DATA_DIR as any tool would. */
  readonly storePort: number
  output(): string
  /** Resolves with the exit code or signal once the process has ended. */
  exited(): Promise<number | NodeJS.Signals | null>
}

/** A free TCP port on 127.0.0.1 (briefly bound, then released). */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** Starts the real bot (`src/main.ts` under tsx, as `npm start` does) and waits until /healthz answers. */
export async function startBotProcess(env: Record<string, string>, timeoutMs = 20_000): Promise<BotProcess> {
  const httpPort = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', LOG_FORMAT: 'json', PORT: String(httpPort), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  const exit = new Promise<number | NodeJS.Signals | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)))
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`bot exited during start:\n${output}`)
    const healthy = await fetch(`http://127.0.0.1:${httpPort}/healthz`).then((r) => r.ok).catch(() => false)
    if (healthy) {
      const lock = env.DATA_DIR ? (JSON.parse(readFileSync(path.join(env.DATA_DIR, 'liaison-store.lock'), 'utf8')) as { port: number }) : undefined
      return { child, httpPort, storePort: lock?.port ?? 0, output: () => output, exited: () => exit }
    }
    await sleep(100)
  }
  child.kill('SIGKILL')
  throw new Error(`bot did not become healthy within ${timeoutMs} ms:\n${output}`)
}
