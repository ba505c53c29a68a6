import type { Binary, Document } from 'bson'
import { invalidNamespace, namespaceExists } from '../errors.ts'
import { BTreeIndex, type IndexSpec } from './btree-index.ts'
import { Collection, decode } from './collection.ts'
import { InternPool } from './interning.ts'
import type { WriteRecord } from './write-record.ts'

/**
 * Every database and collection of the store. Writes made through it are reported to
 * `onWrite` (the journal); `replay` applies journal records without reporting them again.
 */
export class Catalog {
  private readonly databases = new Map<string, Map<string, Collection>>()
  readonly pool = new InternPool()
  private recording = true

  constructor(private readonly onWrite: (record: WriteRecord) => void = () => {}) {}

  databaseNames(): string[] {
    return [...this.databases.keys()].filter((db) => this.databases.get(db)!.size > 0)
  }

  collections(db: string): Collection[] {
    return [...(this.databases.get(db)?.values() ?? [])]
  }

  get(db: string, name: string): Collection | undefined {
    return this.databases.get(db)?.get(name)
  }

  /** The collection, created implicitly as MongoDB does on the first write. */
  getOrCreate(db: string, name: string): Collection {
    return this.get(db, name) ?? this.create(db, name, {})
  }

  create(db: string, name: string, options: Document, uuid?: Binary): Collection {
    checkNamespace(db, name)
    if (this.get(db, name)) throw namespaceExists(`Collection ${db}.${name} already exists.`)
    let collections = this.databases.get(db)
    if (!collections) this.databases.set(db, (collections = new Map()))
    const collection = new Collection(db, name, options, this.pool, (r) => this.emit(r), uuid)
    collections.set(name, collection)
    this.emit({ op: 'createCollection', db, coll: name, options, uuid: collection.uuid })
    return collection
  }

  drop(db: string, name: string): boolean {
    const removed = this.databases.get(db)?.delete(name) ?? false
    if (removed) this.emit({ op: 'dropCollection', db, coll: name })
    return removed
  }

  dropDatabase(db: string): void {
    if (this.databases.delete(db)) this.emit({ op: 'dropDatabase', db })
  }

  /** Applies a journal record at recovery; the record is not journaled again. */
  replay(record: WriteRecord): void {
    this.recording = false
    try {
      switch (record.op) {
        case 'insert':
        case 'replace': {
          // A view into the journal file's buffer: the collection copies it into its arena.
          const bytes = bytesOf(record.doc)
          const doc = decode(bytes)
          const c = this.getOrCreate(record.db, record.coll)
          const old = record.op === 'replace' ? c.get(doc._id) : undefined
          return old ? c.replace(old, doc, { bytes }) : c.insert(doc, bytes)
        }
        case 'delete': {
          const c = this.get(record.db, record.coll)
          const old = c?.get(record.id)
          if (c && old) c.remove(old)
          return
        }
        case 'createCollection':
          if (!this.get(record.db, record.coll)) this.create(record.db, record.coll, record.options, record.uuid as Binary)
          return
        case 'dropCollection':
          this.drop(record.db, record.coll)
          return
        case 'dropDatabase':
          return this.dropDatabase(record.db)
        case 'createIndex': {
          const c = this.getOrCreate(record.db, record.coll)
          if (!c.indexes.has(record.spec.name)) c.addIndex(record.spec)
          return
        }
        case 'dropIndex':
          return this.get(record.db, record.coll)?.dropIndex(record.name)
      }
    } finally {
      this.recording = true
    }
  }

  /**
   * Every record needed to rebuild the state as it is now, for a snapshot: captured at
   * once, then produced one at a time (a record per document held at once would take
   * as much heap again as the indexes).
   */
  capture(): Iterable<WriteRecord> {
    const parts: Array<{ meta: WriteRecord[]; db: string; coll: string; docs: Iterable<Uint8Array> }> = []
    for (const [db, collections] of this.databases) {
      for (const c of collections.values()) {
        const meta: WriteRecord[] = [{ op: 'createCollection', db, coll: c.name, options: c.options, uuid: c.uuid }]
        for (const index of c.indexes.values()) if (index.name !== '_id_') meta.push({ op: 'createIndex', db, coll: c.name, spec: index.spec })
        parts.push({ meta, db, coll: c.name, docs: c.capture() })
      }
    }
    return {
      *[Symbol.iterator]() {
        for (const { meta, db, coll, docs } of parts) {
          yield* meta
          for (const doc of docs) yield { op: 'insert', db, coll, doc }
        }
      },
    }
  }

  private emit(record: WriteRecord): void {
    if (this.recording) this.onWrite(record)
  }
}

/** Journal records read back carry documents as BSON Binary values. */
function bytesOf(doc: unknown): Uint8Array {
  return doc instanceof Uint8Array ? doc : (doc as Binary).buffer
}

function checkNamespace(db: string, name: string): void {
  if (!db || /[/\\. "$\0]/.test(db) || db.length > 64) throw invalidNamespace(`Invalid database name: '${db}'`)
  if (!name || name.startsWith('system.') || name.includes('$') || name.includes('\0') || name.startsWith('.')) {
    throw invalidNamespace(`Invalid collection name: ${name}`)
  }
}

export type { IndexSpec, BTreeIndex }
