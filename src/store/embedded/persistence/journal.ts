import { open, type FileHandle } from 'node:fs/promises'

/**
 * An append-only file with group commit: records appended while a flush is under way are
 * written and fsync'd together by the next one, and every sync() resolves only after the
 * records appended before it are on disk.
 */
export class Journal {
  private pending: Buffer[] = []
  private waiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = []
  private flushing = false
  private failure: Error | undefined
  bytes: number

  private constructor(private readonly file: FileHandle, readonly path: string, size: number) {
    this.bytes = size
  }

  static async open(path: string): Promise<Journal> {
    const file = await open(path, 'a')
    const { size } = await file.stat()
    return new Journal(file, path, size)
  }

  get failed(): Error | undefined {
    return this.failure
  }

  append(frame: Buffer): void {
    this.pending.push(frame)
    this.bytes += frame.length
  }

  sync(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure)
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject })
      if (!this.flushing) void this.flushLoop()
    })
  }

  async close(): Promise<void> {
    if (this.pending.length > 0 || this.flushing) await this.sync().catch(() => {})
    await this.file.close()
  }

  /** Runs until no sync() is waiting; the flag is cleared in the same step as the last check. */
  private async flushLoop(): Promise<void> {
    this.flushing = true
    while (this.waiters.length > 0) {
      const batch = this.pending
      const waiters = this.waiters
      this.pending = []
      this.waiters = []
      try {
        if (this.failure) throw this.failure
        if (batch.length > 0) {
          await this.file.writev(batch)
          await this.file.datasync()
        }
        for (const w of waiters) w.resolve()
      } catch (error) {
        this.failure ??= error as Error
        for (const w of waiters) w.reject(this.failure)
      }
    }
    this.flushing = false
  }
}
