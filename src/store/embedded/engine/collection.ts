import { Binary, deserialize, serialize, UUID, type Document } from 'bson'
import { bsonObjectTooLarge, MongoError } from '../errors.ts'
import { MAX_BSON_OBJECT_SIZE } from '../limits.ts'
import { DESERIALIZE_OPTIONS } from '../wire/messages.ts'
import { compareValues } from './bson-order.ts'
import { BTreeIndex, type IndexKey, type IndexSpec } from './btree-index.ts'
import { idKey } from './id-key.ts'
import { decodeFields } from './decode-fields.ts'
import { DocumentArena } from './document-arena.ts'
import type { InternPool } from './interning.ts'
import type { Doc } from './paths.ts'
import type { WriteRecord } from './write-record.ts'

export const ID_INDEX: IndexSpec = { name: '_id_', key: { _id: 1 } }

/**
 * The documents of one collection as BSON bytes, in insertion order (a Map from _id key to
 * the document's arena location keeps it, as MongoDB's natural order), with every index
 * kept in step. Keeping bytes rather than objects takes about a third of the memory, and
 * every read decodes a fresh object that callers may change freely.
 */
export class Collection {
  private readonly docs = new Map<string, number>()
  private arena = new DocumentArena()
  readonly indexes = new Map<string, BTreeIndex>()
  readonly uuid: Binary

  constructor(
    readonly db: string,
    readonly name: string,
    readonly options: Document,
    private readonly pool: InternPool,
    private readonly record: (r: WriteRecord) => void,
    uuid?: Binary,
  ) {
    this.uuid = uuid ?? new UUID().toBinary()
    this.indexes.set(ID_INDEX.name, new BTreeIndex(ID_INDEX, undefined))
  }

  get namespace(): string {
    return `${this.db}.${this.name}`
  }

  get size(): number {
    return this.docs.size
  }

  get(id: unknown): Doc | undefined {
    return this.read(idKey(id))
  }

  has(key: string): boolean {
    return this.docs.has(key)
  }

  /** The document stored under an _id key, decoded afresh (only `fields` when given). */
  read(key: string, fields?: ReadonlySet<string>): Doc | undefined {
    const bytes = this.bytes(key)
    if (!bytes) return undefined
    return fields ? decodeFields(bytes, fields) : decode(bytes)
  }

  /** Every document in natural order, decoded one at a time (only `fields` when given). */
  *all(fields?: ReadonlySet<string>): Generator<Doc> {
    for (const location of this.docs.values()) {
      const bytes = this.arena.view(location)
      yield fields ? decodeFields(bytes, fields) : decode(bytes)
    }
  }

  /** Every document in natural order with its _id key, decoded one at a time (only `fields` when given). */
  *entries(fields?: ReadonlySet<string>): Generator<[string, Doc]> {
    for (const [key, location] of this.docs) {
      const bytes = this.arena.view(location)
      yield [key, fields ? decodeFields(bytes, fields) : decode(bytes)]
    }
  }

  /** The stored bytes of the document under an _id key: what a find sends, without decoding. */
  bytes(key: string): Uint8Array | undefined {
    const location = this.docs.get(key)
    return location === undefined ? undefined : this.arena.view(location)
  }

  /**
   * The stored bytes in natural order as they are now, read later one at a time whatever
   * changes meanwhile (snapshots copy them without decoding). The arena's chunks are only
   * appended to, so its locations keep their bytes; a repack moves on to a new arena.
   */
  capture(): Iterable<Uint8Array> {
    const arena = this.arena
    const locations = Float64Array.from(this.docs.values())
    return {
      *[Symbol.iterator]() {
        for (const location of locations) yield arena.view(location)
      },
    }
  }

  insert(doc: Doc, bytes = encode(doc)): void {
    const key = idKey(doc._id)
    const keys = this.checkedKeys(doc)
    this.docs.set(key, this.arena.store(bytes))
    for (const [index, k] of keys) index.add(k, key)
    this.record({ op: 'insert', db: this.db, coll: this.name, doc: bytes })
  }

  /** `fields`: the only top-level fields that may differ (an update that wrote just these), so other indexes keep their keys unread. */
  replace(oldDoc: Doc, newDoc: Doc, { fields, bytes = encode(newDoc) }: { fields?: ReadonlySet<string> | undefined; bytes?: Uint8Array } = {}): void {
    const key = idKey(oldDoc._id)
    const changes = this.changedKeys(oldDoc, newDoc, key, fields)
    for (const { index, before } of changes) index.remove(before, key)
    this.arena.release(this.docs.get(key)!)
    this.docs.set(key, this.arena.store(bytes))
    for (const { index, after } of changes) index.add(after, key)
    this.record({ op: 'replace', db: this.db, coll: this.name, doc: bytes })
    this.repackIfWasteful()
  }

  remove(doc: Doc): void {
    const key = idKey(doc._id)
    for (const index of this.indexes.values()) index.remove(index.keysOf(doc), key)
    this.arena.release(this.docs.get(key)!)
    this.docs.delete(key)
    this.record({ op: 'delete', db: this.db, coll: this.name, id: doc._id })
    this.repackIfWasteful()
  }

  /** Copies live documents into fresh chunks once most of the old chunks' space is dead. */
  private repackIfWasteful(): void {
    if (!this.arena.needsRepacking) return
    const old = this.arena
    this.arena = new DocumentArena()
    for (const [key, location] of this.docs) this.docs.set(key, this.arena.store(old.view(location)))
  }

  addIndex(spec: IndexSpec): void {
    const index = new BTreeIndex(spec, this.pool)
    for (const [key, doc] of this.entries()) {
      const keys = index.keysOf(doc)
      if (index.unique) {
        const clash = index.conflict(keys, key)
        if (clash) throw duplicateKey(this, index, clash)
      }
      index.add(keys, key)
    }
    this.indexes.set(spec.name, index)
    this.record({ op: 'createIndex', db: this.db, coll: this.name, spec })
  }

  dropIndex(name: string): void {
    this.indexes.delete(name)
    this.record({ op: 'dropIndex', db: this.db, coll: this.name, name })
  }

  /**
   * The indexes whose keys a replacement changes, with old and new keys, after checking unique
   * indexes (E11000 on a clash). An update usually touches a field or two: the other indexes
   * keep their entries, and the document keeps its place among equal keys.
   */
  private changedKeys(oldDoc: Doc, newDoc: Doc, ownKey: string, fields: ReadonlySet<string> | undefined): Array<{ index: BTreeIndex; before: IndexKey[]; after: IndexKey[] }> {
    const out: Array<{ index: BTreeIndex; before: IndexKey[]; after: IndexKey[] }> = []
    for (const index of this.indexes.values()) {
      if (fields && !index.dependsOn(fields)) continue
      const before = index.keysOf(oldDoc)
      const after = index.keysOf(newDoc)
      if (sameKeys(before, after)) continue
      if (index.unique || index.name === ID_INDEX.name) {
        const clash = index.conflict(after, ownKey)
        if (clash) throw duplicateKey(this, index, clash)
      }
      out.push({ index, before, after })
    }
    return out
  }

  /** Every index's keys for a document, after checking unique indexes (E11000 on a clash). */
  private checkedKeys(doc: Doc): Array<[BTreeIndex, IndexKey[]]> {
    const out: Array<[BTreeIndex, IndexKey[]]> = []
    for (const index of this.indexes.values()) {
      const keys = index.keysOf(doc)
      if (index.unique || index.name === ID_INDEX.name) {
        const clash = index.conflict(keys, undefined)
        if (clash) throw duplicateKey(this, index, clash)
      }
      out.push([index, keys])
    }
    return out
  }
}

function sameKeys(a: IndexKey[], b: IndexKey[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!
    const y = b[i]!
    for (let j = 0; j < x.length; j++) if (compareValues(x[j], y[j]) !== 0) return false
  }
  return true
}

/** A document's BSON bytes, refused above MongoDB's 16 MiB limit. */
export function encode(doc: Doc): Uint8Array {
  const bytes = serialize(doc)
  if (bytes.length > MAX_BSON_OBJECT_SIZE) {
    throw bsonObjectTooLarge(`object to insert too large. size in bytes: ${bytes.length}, max size: ${MAX_BSON_OBJECT_SIZE}`)
  }
  return bytes
}

export function decode(bytes: Uint8Array): Doc {
  return deserialize(bytes, DESERIALIZE_OPTIONS)
}

/** MongoDB's E11000 error, with keyPattern and keyValue so that mongoose can report the field. */
export function duplicateKey(collection: Collection, index: BTreeIndex, key: IndexKey): MongoError {
  const keyValue: Document = {}
  index.fields.forEach((f, i) => (keyValue[f] = key[i]))
  const shown = index.fields.map((f, i) => `${f}: ${JSON.stringify(key[i] ?? null)}`).join(', ')
  return new MongoError(
    11000,
    'DuplicateKey',
    `E11000 duplicate key error collection: ${collection.namespace} index: ${index.name} dup key: { ${shown} }`,
    { keyPattern: { ...index.spec.key }, keyValue },
  )
}
