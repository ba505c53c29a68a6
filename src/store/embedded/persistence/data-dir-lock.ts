import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { LiaisonError } from '../../../errors.ts'

const LOCK_FILE = 'liaison-store.lock'

export interface LockInfo {
  readonly pid: number
  /** The embedded store's port, so tools can reach a running bot's store through DATA_DIR. */
  readonly port: number
  readonly startedAt: string
}

/**
 * Exclusive ownership of a data directory by one process. The lock file holds the owner's
 * pid: a file left by a process that no longer runs (killed, crashed) is taken over.
 */
export class DataDirLock {
  private constructor(private readonly file: string) {}

  static acquire(dataDir: string): DataDirLock {
    mkdirSync(dataDir, { recursive: true })
    const file = path.join(dataDir, LOCK_FILE)
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        writeFileSync(file, JSON.stringify({ pid: process.pid, port: 0, startedAt: new Date().toISOString() }), { flag: 'wx' })
        return new DataDirLock(file)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
        const holder = readLock(dataDir)
        if (holder && holder.pid !== process.pid && isRunning(holder.pid)) {
          throw new LiaisonError(
            'DATA_DIR_LOCKED',
            `DATA_DIR ${dataDir} is in use by process ${holder.pid}${holder.port ? ` (embedded store on port ${holder.port})` : ''}; stop it or set another DATA_DIR`,
          )
        }
        rmSync(file, { force: true })
      }
    }
    throw new LiaisonError('DATA_DIR_LOCKED', `could not lock DATA_DIR ${dataDir}`)
  }

  recordPort(port: number): void {
    const info: LockInfo = { pid: process.pid, port, startedAt: new Date().toISOString() }
    writeFileSync(this.file, JSON.stringify(info))
  }

  release(): void {
    rmSync(this.file, { force: true })
  }
}

/** The lock of a data directory, if a live process holds it. */
export function runningStore(dataDir: string): LockInfo | undefined {
  const info = readLock(dataDir)
  return info && isRunning(info.pid) ? info : undefined
}

function readLock(dataDir: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')) as LockInfo
    return Number.isInteger(info.pid) ? info : undefined
  } catch {
    return undefined
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
