import { calculateObjectSize, deserialize, Long, type Document } from 'bson'
import { find as mingoFind } from 'mingo'
import { rawProjection, type RawProjection } from '../engine/raw-projection.ts'
import { cursorNotFound } from '../errors.ts'
import { MAX_BSON_OBJECT_SIZE } from '../limits.ts'
import { DESERIALIZE_OPTIONS, RawBatch } from '../wire/messages.ts'

/** Idle cursors are dropped after this long, as mongod's cursorTimeoutMillis default. */
const IDLE_TIMEOUT_MS = 10 * 60 * 1000
/** A reply must stay under the BSON limit; the first document always goes. */
const MAX_BATCH_BYTES = MAX_BSON_OBJECT_SIZE - 64 * 1024

interface OpenCursor {
  readonly ns: string
  /** Decoded documents (listings, aggregation results), or the stored bytes of a find's matches. */
  readonly items: ReadonlyArray<Document | Uint8Array>
  readonly projection: Document | undefined
  /** For stored bytes: the projection applied to bytes, when it is simple enough. */
  readonly raw: RawProjection | undefined
  position: number
  lastUsedAt: number
}

export interface Batch {
  readonly cursor: { readonly id: Long; readonly ns: string } & Record<string, unknown>
}

interface FirstOptions {
  batchSize?: number
  projection?: Document
  singleBatch?: boolean
}

/**
 * Results a client reads in batches through getMore. A cursor holds references to the
 * documents it matched (never copies: stored documents are immutable) and projects each
 * batch as it is sent. A find's matches stay the bytes they are stored as: a simple
 * projection is applied to the bytes, and the batch goes into the reply without decoding.
 */
export class CursorRegistry {
  private readonly open = new Map<string, OpenCursor>()
  private nextId = 1 + Math.floor(Math.random() * 1_000_000)

  constructor(private readonly now: () => number = Date.now) {}

  /** The first batch; the rest stays open under a cursor id unless it all fits. */
  first(ns: string, docs: Document[], options: FirstOptions) {
    return this.begin({ ns, items: docs, projection: options.projection, raw: undefined, position: 0, lastUsedAt: this.now() }, options)
  }

  /** As `first`, for documents as stored: what a find sends. */
  firstRaw(ns: string, bytes: Uint8Array[], options: FirstOptions) {
    const raw = rawProjection(options.projection)
    return this.begin({ ns, items: bytes, projection: options.projection, raw, position: 0, lastUsedAt: this.now() }, options)
  }

  more(id: Long | number, ns: string, batchSize: number | undefined) {
    this.sweep()
    const key = String(id)
    const cursor = this.open.get(key)
    if (!cursor || cursor.ns !== ns) throw cursorNotFound(`cursor id ${key} not found`)
    cursor.lastUsedAt = this.now()
    const batch = this.take(cursor, batchSize)
    const done = cursor.position >= cursor.items.length
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

  private begin(cursor: OpenCursor, options: FirstOptions) {
    const batch = this.take(cursor, options.batchSize)
    let id = 0
    if (cursor.position < cursor.items.length && !options.singleBatch) {
      id = this.nextId++
      this.open.set(String(id), cursor)
    }
    return { cursor: { firstBatch: batch, id: Long.fromNumber(id), ns: cursor.ns } }
  }

  private take(cursor: OpenCursor, batchSize: number | undefined): Document[] | RawBatch {
    const max = batchSize && batchSize > 0 ? batchSize : Infinity
    const from = cursor.position
    if (cursor.raw) {
      const out: Uint8Array[] = []
      let bytes = 0
      while (cursor.position < cursor.items.length && out.length < max) {
        const doc = cursor.raw(cursor.items[cursor.position] as Uint8Array)
        bytes += doc.length
        if (out.length > 0 && bytes > MAX_BATCH_BYTES) break
        out.push(doc)
        cursor.position++
      }
      return new RawBatch(out)
    }
    // Decoded documents, projected by mingo a batch at a time (one compiled projection per batch).
    const out: Document[] = []
    let bytes = 0
    while (cursor.position < cursor.items.length && out.length < max) {
      const item = cursor.items[cursor.position]!
      const doc = item instanceof Uint8Array ? (deserialize(item, DESERIALIZE_OPTIONS) as Document) : item
      bytes += item instanceof Uint8Array ? item.length : calculateObjectSize(doc)
      if (out.length > 0 && bytes > MAX_BATCH_BYTES) break
      out.push(doc)
      cursor.position++
    }
    if (from === cursor.position || !cursor.projection || Object.keys(cursor.projection).length === 0) return out
    return mingoFind(out, {}, cursor.projection).all() as Document[]
  }

  private sweep(): void {
    const cutoff = this.now() - IDLE_TIMEOUT_MS
    for (const [id, c] of this.open) if (c.lastUsedAt < cutoff) this.open.delete(id)
  }
}

/** One document projected (findAndModify's fields). */
export function project(doc: Document, projection: Document | undefined): Document {
  if (!projection || Object.keys(projection).length === 0) return doc
  return mingoFind([doc], {}, projection).next() as Document
}
