import { calculateObjectSize, Long, type Document } from 'bson'
import { find as mingoFind } from 'mingo'
import { cursorNotFound } from '../errors.ts'
import { MAX_BSON_OBJECT_SIZE } from '../limits.ts'

/** Idle cursors are dropped after this long, as mongod's cursorTimeoutMillis default. */
const IDLE_TIMEOUT_MS = 10 * 60 * 1000

interface OpenCursor {
  readonly ns: string
  readonly docs: Document[]
  readonly projection: Document | undefined
  position: number
  lastUsedAt: number
}

export interface Batch {
  readonly cursor: { readonly id: Long; readonly ns: string } & Record<string, unknown>
}

/**
 * Results a client reads in batches through getMore. A cursor holds references to the
 * documents it matched (never copies: stored documents are immutable) and projects each
 * batch as it is sent.
 */
export class CursorRegistry {
  private readonly open = new Map<string, OpenCursor>()
  private nextId = 1 + Math.floor(Math.random() * 1_000_000)

  constructor(private readonly now: () => number = Date.now) {}

  /** The first batch; the rest stays open under a cursor id unless it all fits. */
  first(ns: string, docs: Document[], options: { batchSize?: number; projection?: Document; singleBatch?: boolean }) {
    const cursor: OpenCursor = { ns, docs, projection: options.projection, position: 0, lastUsedAt: this.now() }
    const batch = this.take(cursor, options.batchSize)
    let id = 0
    if (cursor.position < docs.length && !options.singleBatch) {
      id = this.nextId++
      this.open.set(String(id), cursor)
    }
    return { cursor: { firstBatch: batch, id: Long.fromNumber(id), ns } }
  }

  more(id: Long | number, ns: string, batchSize: number | undefined) {
    this.sweep()
    const key = String(id)
    const cursor = this.open.get(key)
    if (!cursor || cursor.ns !== ns) throw cursorNotFound(`cursor id ${key} not found`)
    cursor.lastUsedAt = this.now()
    const batch = this.take(cursor, batchSize)
    const done = cursor.position >= cursor.docs.length
    if (done) this.open.delete(key)
    return { cursor: { nextBatch: batch, id: Long.fromNumber(done ? 0 : Number(key)), ns } }
  }

  kill(ids: Array<Long | number>): { killed: Long[]; notFound: Long[] } {
    const killed: Long[] = []
    const notFound: Long[] = []
    for (const id of ids) {
      const long = Long.isLong(id) ? id : Long.fromNumber(Number(id))
      ;(this.open.delete(String(id)) ? killed : notFound).push(long)
    }
    return { killed, notFound }
  }

  /** Forgets cursors over a dropped namespace. */
  closeNamespace(prefix: string): void {
    for (const [id, c] of this.open) if (c.ns === prefix || c.ns.startsWith(`${prefix}.`)) this.open.delete(id)
  }

  get size(): number {
    return this.open.size
  }

  private take(cursor: OpenCursor, batchSize: number | undefined): Document[] {
    const max = batchSize && batchSize > 0 ? batchSize : Infinity
    const out: Document[] = []
    let bytes = 0
    while (cursor.position < cursor.docs.length && out.length < max) {
      const doc = project(cursor.docs[cursor.position]!, cursor.projection)
      bytes += calculateObjectSize(doc)
      // A reply must stay under the BSON limit; the first document always goes.
      if (out.length > 0 && bytes > MAX_BSON_OBJECT_SIZE - 64 * 1024) break
      out.push(doc)
      cursor.position++
    }
    return out
  }

  private sweep(): void {
    const cutoff = this.now() - IDLE_TIMEOUT_MS
    for (const [id, c] of this.open) if (c.lastUsedAt < cutoff) this.open.delete(id)
  }
}

export function project(doc: Document, projection: Document | undefined): Document {
  if (!projection || Object.keys(projection).length === 0) return doc
  return mingoFind([doc], {}, projection).next() as Document
}
