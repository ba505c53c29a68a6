import { Binary, UUID, type Document } from 'bson'
import { MongoError } from '../errors.ts'
import { BTreeIndex, type IndexKey, type IndexSpec } from './btree-index.ts'
import { idKey } from './id-key.ts'
import type { Doc } from './paths.ts'
import type { WriteRecord } from './write-record.ts'

export const ID_INDEX: IndexSpec = { name: '_id_', key: { _id: 1 } }

/**
 * The documents of one collection in insertion order (a Map keeps it, as MongoDB's natural
 * order), with every index kept in step. Documents are never mutated in place: an update
 * stores a new object, so cursors and snapshots can hold references safely.
 */
export class Collection {
  readonly docs = new Map<string, Doc>()
  readonly indexes = new Map<string, BTreeIndex>()
  readonly uuid: Binary

  constructor(
    readonly db: string,
    readonly name: string,
    readonly options: Document,
    private readonly record: (r: WriteRecord) => void,
    uuid?: Binary,
  ) {
    this.uuid = uuid ?? new UUID().toBinary()
    this.indexes.set(ID_INDEX.name, new BTreeIndex(ID_INDEX))
  }

  get namespace(): string {
    return `${this.db}.${this.name}`
  }

  get(id: unknown): Doc | undefined {
    return this.docs.get(idKey(id))
  }

  insert(doc: Doc): void {
    const key = idKey(doc._id)
    const keys = this.checkedKeys(doc, undefined)
    this.docs.set(key, doc)
    for (const [index, k] of keys) index.add(k, doc._id, key)
    this.record({ op: 'insert', db: this.db, coll: this.name, doc })
  }

  replace(oldDoc: Doc, newDoc: Doc): void {
    const key = idKey(oldDoc._id)
    const keys = this.checkedKeys(newDoc, key)
    for (const index of this.indexes.values()) index.remove(index.keysOf(oldDoc), oldDoc._id)
    this.docs.set(key, newDoc)
    for (const [index, k] of keys) index.add(k, newDoc._id, key)
    this.record({ op: 'replace', db: this.db, coll: this.name, doc: newDoc })
  }

  remove(doc: Doc): void {
    const key = idKey(doc._id)
    for (const index of this.indexes.values()) index.remove(index.keysOf(doc), doc._id)
    this.docs.delete(key)
    this.record({ op: 'delete', db: this.db, coll: this.name, id: doc._id })
  }

  addIndex(spec: IndexSpec): void {
    const index = new BTreeIndex(spec)
    for (const [key, doc] of this.docs) {
      const keys = index.keysOf(doc)
      if (index.unique) {
        const clash = index.conflict(keys, key)
        if (clash) throw duplicateKey(this, index, clash.key)
      }
      index.add(keys, doc._id, key)
    }
    this.indexes.set(spec.name, index)
    this.record({ op: 'createIndex', db: this.db, coll: this.name, spec })
  }

  dropIndex(name: string): void {
    this.indexes.delete(name)
    this.record({ op: 'dropIndex', db: this.db, coll: this.name, name })
  }

  /** Every index's keys for a document, after checking unique indexes (E11000 on a clash). */
  private checkedKeys(doc: Doc, ownKey: string | undefined): Array<[BTreeIndex, IndexKey[]]> {
    const out: Array<[BTreeIndex, IndexKey[]]> = []
    for (const index of this.indexes.values()) {
      const keys = index.keysOf(doc)
      if (index.unique || index.name === ID_INDEX.name) {
        const clash = index.conflict(keys, ownKey)
        if (clash) throw duplicateKey(this, index, clash.key)
      }
      out.push([index, keys])
    }
    return out
  }
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
