import { readdirSync, readFileSync, truncateSync } from 'node:fs'
import { open, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import type { Document } from 'bson'
import type { Logger } from '../../../log.ts'
import type { Catalog } from '../engine/catalog.ts'
import type { WriteRecord } from '../engine/write-record.ts'
import { Journal } from './journal.ts'
import { decodeRecords, encodeRecord } from './record-file.ts'

const SNAPSHOT = /^snapshot-(\d{8})\.bson$/
const JOURNAL = /^journal-(\d{8})\.log$/
const MIN_COMPACTION_BYTES = 32 * 1024 * 1024
const SNAPSHOT_CHUNK_RECORDS = 2000

const fileName = (kind: 'snapshot' | 'journal', generation: number) =>
  `${kind}-${String(generation).padStart(8, '0')}.${kind === 'snapshot' ? 'bson' : 'log'}`

/**
 * Durable state in a data directory: snapshot-N.bson (the whole catalog at one moment) and
 * journal-N.log (every change since). Recovery loads the newest snapshot and replays the
 * journals of that generation and after. Compaction starts a new journal, writes the
 * catalog as captured at that instant to a new snapshot, and then deletes the older files.
 */
export class DiskDurability {
  private compacting: Promise<void> | undefined
  private snapshotBytes = 0

  private constructor(
    private readonly dir: string,
    private readonly catalog: Catalog,
    private journal: Journal,
    private generation: number,
    private readonly log: Logger,
  ) {}

  /** Replays what the directory holds into the (empty) catalog and opens the journal for appends. */
  static async open(dir: string, catalog: Catalog, log: Logger): Promise<DiskDurability> {
    const files = readdirSync(dir)
    const generations = (pattern: RegExp) => files.flatMap((f) => (pattern.exec(f) ? [Number(pattern.exec(f)![1])] : []))
    const snapshotGeneration = Math.max(0, ...generations(SNAPSHOT))
    let snapshotBytes = 0
    if (snapshotGeneration > 0) {
      const bytes = readFileSync(path.join(dir, fileName('snapshot', snapshotGeneration)))
      snapshotBytes = bytes.length
      replay(catalog, decodeRecords(bytes).records)
    }
    const journals = generations(JOURNAL).filter((g) => g >= snapshotGeneration).sort((a, b) => a - b)
    let replayed = 0
    for (const g of journals) {
      const file = path.join(dir, fileName('journal', g))
      const bytes = readFileSync(file)
      const { records, validBytes } = decodeRecords(bytes)
      replay(catalog, records)
      replayed += records.length
      if (validBytes < bytes.length) {
        log.warn({ file, validBytes, droppedBytes: bytes.length - validBytes }, 'embedded store: dropping a torn journal tail left by a crash')
        truncateSync(file, validBytes)
      }
    }
    const generation = Math.max(snapshotGeneration, 1, ...journals)
    const journal = await Journal.open(path.join(dir, fileName('journal', generation)))
    log.info({ dir, snapshotGeneration, journals: journals.length, replayed }, 'embedded store: data recovered')
    const durability = new DiskDurability(dir, catalog, journal, generation, log)
    durability.snapshotBytes = snapshotBytes
    return durability
  }

  get failure(): Error | undefined {
    return this.journal.failed
  }

  append(record: WriteRecord): void {
    this.journal.append(encodeRecord(record as Document))
  }

  async sync(): Promise<void> {
    await this.journal.sync()
    if (!this.compacting && this.journal.bytes > Math.max(MIN_COMPACTION_BYTES, this.snapshotBytes)) {
      this.compacting = this.compact()
        .catch((error: Error) => this.log.error({ err: error }, 'embedded store: compaction failed; the journal keeps every change'))
        .finally(() => (this.compacting = undefined))
    }
  }

  /** Writes a new snapshot of the catalog as it is now and removes the files it replaces. */
  async compact(): Promise<void> {
    const next = this.generation + 1
    const nextJournal = await Journal.open(path.join(this.dir, fileName('journal', next)))
    // Capture and switch in one synchronous step: each change is then either in the
    // captured state or in the new journal, never in neither.
    const records = this.catalog.capture()
    const previous = this.journal
    this.journal = nextJournal
    this.generation = next
    await previous.close()
    const target = path.join(this.dir, fileName('snapshot', next))
    const temporary = `${target}.tmp`
    const file = await open(temporary, 'w')
    let bytes = 0
    let count = 0
    try {
      for (const group of groups(records, SNAPSHOT_CHUNK_RECORDS)) {
        const frames = group.map((r) => encodeRecord(r as Document))
        await file.writev(frames)
        bytes += frames.reduce((n, f) => n + f.length, 0)
        count += frames.length
        await yieldToEventLoop()
      }
      await file.sync()
    } finally {
      await file.close()
    }
    await rename(temporary, target)
    await syncDirectory(this.dir)
    this.snapshotBytes = bytes
    for (const f of readdirSync(this.dir)) {
      const g = Number(SNAPSHOT.exec(f)?.[1] ?? JOURNAL.exec(f)?.[1] ?? Infinity)
      if (g < next) await rm(path.join(this.dir, f), { force: true })
    }
    this.log.info({ generation: next, records: count, bytes }, 'embedded store: compacted into a new snapshot')
  }

  async close(): Promise<void> {
    await this.compacting
    await this.journal.close()
  }
}

/** The items in arrays of `size` (the last one shorter). */
function* groups<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let group: T[] = []
  for (const item of items) {
    group.push(item)
    if (group.length === size) {
      yield group
      group = []
    }
  }
  if (group.length > 0) yield group
}

function replay(catalog: Catalog, records: Document[]): void {
  for (const record of records) catalog.replay(record as WriteRecord)
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
