import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

export const ROOT = path.resolve(import.meta.dirname, '../..')

export interface ToolRun {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
  readonly lines: string[]
}

/** Runs a terminal tool (scripts/*.ts) as `npm run …` does, on its own data directory and nothing from a .env file. */
export function runTool(script: string, args: readonly string[], dataDir: string, env: Record<string, string> = {}): Promise<ToolRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    // Blank wins over a developer's .env and means unset: the embedded store, never their MongoDB.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, LOG_LEVEL: 'warn', LOG_FORMAT: 'json', MONGODB_URI: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr, lines: stdout.trimEnd().split('\n') })))
}

/** Scratch directories for one test file: `fresh()` makes one, `removeAll()` (in afterAll) deletes them. */
export function scratchDirs(prefix: string): { fresh: () => string; removeAll: () => void } {
  const dirs: string[] = []
  return {
    fresh: () => {
      const dir = mkdtempSync(path.join(tmpdir(), prefix))
      dirs.push(dir)
      return dir
    },
    removeAll: () => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })),
  }
}
