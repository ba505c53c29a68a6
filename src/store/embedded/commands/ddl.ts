import type { Document } from 'bson'
import { Query } from 'mingo'
import type { IndexSpec } from '../engine/btree-index.ts'
import { compareValues } from '../engine/bson-order.ts'
import type { Collection } from '../engine/collection.ts'
import {
  failedToParse,
  indexKeySpecsConflict,
  indexNotFound,
  indexOptionsConflict,
  invalidOptions,
  MongoError,
  namespaceNotFound,
} from '../errors.ts'
import { collectionName, type CommandHandler } from './context.ts'
import { documentOption } from './read.ts'

/** Fields any command may carry that are not options of the command itself. */
const GENERIC_FIELDS = new Set(['lsid', 'writeConcern', 'readConcern', 'comment', 'maxTimeMS', 'apiVersion', 'apiStrict', 'apiDeprecationErrors'])
const ID_INDEX_ENTRY = { v: 2, key: { _id: 1 }, name: '_id_' }
/** Options that change what an index accepts: two specs differing in these conflict. */
const SEMANTIC_OPTIONS = ['unique', 'sparse', 'partialFilterExpression', 'expireAfterSeconds', 'collation']

export const create: CommandHandler = (command, { catalog, db }) => {
  const name = collectionName(command, 'create')
  const options = Object.fromEntries(
    Object.entries(command).filter(([k]) => k !== 'create' && !k.startsWith('$') && !GENERIC_FIELDS.has(k)),
  )
  catalog.create(db, name, options)
  return {}
}

export const drop: CommandHandler = (command, { catalog, cursors, db }) => {
  const name = collectionName(command, 'drop')
  const collection = catalog.get(db, name)
  // Since MongoDB 7.0 dropping a missing collection succeeds.
  if (!collection) return {}
  const nIndexesWas = collection.indexes.size
  catalog.drop(db, name)
  cursors.closeNamespace(`${db}.${name}`)
  return { ns: `${db}.${name}`, nIndexesWas }
}

export const dropDatabase: CommandHandler = (_command, { catalog, cursors, db }) => {
  catalog.dropDatabase(db)
  cursors.closeNamespace(db)
  return { dropped: db }
}

export const listCollections: CommandHandler = (command, { catalog, cursors, db }) => {
  const filter = new Query(documentOption(command, 'filter'))
  const entries = catalog
    .collections(db)
    .map((c) =>
      command.nameOnly === true
        ? { name: c.name, type: 'collection' }
        : { name: c.name, type: 'collection', options: c.options, info: { readOnly: false, uuid: c.uuid }, idIndex: ID_INDEX_ENTRY },
    )
    .filter((e) => filter.test(e))
  return cursors.first(`${db}.$cmd.listCollections`, entries, {})
}

export const listDatabases: CommandHandler = (command, { catalog }) => {
  const names = catalog.databaseNames()
  const databases = names.map((name) => ({ name, sizeOnDisk: 0, empty: false }))
  return command.nameOnly === true ? { databases: names.map((name) => ({ name })) } : { databases, totalSize: 0, totalSizeMb: 0 }
}

export const createIndexes: CommandHandler = (command, { catalog, db }) => {
  const name = collectionName(command, 'createIndexes')
  if (!Array.isArray(command.indexes) || command.indexes.length === 0) throw failedToParse('Must specify at least one index to create')
  const existed = catalog.get(db, name) !== undefined
  const collection = catalog.getOrCreate(db, name)
  const numIndexesBefore = collection.indexes.size
  for (const raw of command.indexes as Document[]) {
    const spec = indexSpec(raw)
    if (!sameAsExisting(collection, spec)) collection.addIndex(spec)
  }
  const numIndexesAfter = collection.indexes.size
  return {
    numIndexesBefore,
    numIndexesAfter,
    createdCollectionAutomatically: !existed,
    ...(numIndexesAfter === numIndexesBefore ? { note: 'all indexes already exist' } : {}),
  }
}

export const listIndexes: CommandHandler = (command, { catalog, cursors, db }) => {
  const name = collectionName(command, 'listIndexes')
  const collection = catalog.get(db, name)
  if (!collection) throw namespaceNotFound(`ns does not exist: ${db}.${name}`)
  const entries = [...collection.indexes.values()].map((i) => ({ v: 2, ...i.spec, key: i.spec.key, name: i.name }))
  return cursors.first(`${db}.$cmd.listIndexes.${name}`, entries, {})
}

export const dropIndexes: CommandHandler = (command, { catalog, db }) => {
  const name = collectionName(command, 'dropIndexes' in command ? 'dropIndexes' : 'deleteIndexes')
  const collection = catalog.get(db, name)
  if (!collection) throw namespaceNotFound(`ns not found ${db}.${name}`)
  const nIndexesWas = collection.indexes.size
  const target = command.index
  const names =
    target === '*'
      ? [...collection.indexes.keys()].filter((n) => n !== '_id_')
      : Array.isArray(target)
        ? target.map(String)
        : typeof target === 'string'
          ? [target]
          : [indexNameByKey(collection, documentOption(command, 'index'))]
  for (const n of names) {
    if (n === '_id_') throw invalidOptions('cannot drop _id index')
    if (!collection.indexes.has(n)) throw indexNotFound(`index not found with name [${n}]`)
  }
  for (const n of names) collection.dropIndex(n)
  return { nIndexesWas }
}

function indexNameByKey(collection: Collection, key: Document): string {
  for (const index of collection.indexes.values()) if (compareValues(index.spec.key, key) === 0) return index.name
  throw indexNotFound(`can't find index with key: ${JSON.stringify(key)}`)
}

function indexSpec(raw: Document): IndexSpec {
  const key = raw.key
  if (!key || typeof key !== 'object' || Object.keys(key).length === 0) throw failedToParse('index specification must have a non-empty key')
  const normalized: Record<string, 1 | -1> = {}
  for (const [field, dir] of Object.entries(key as Document)) {
    const n = Number(dir)
    if (n !== 1 && n !== -1) {
      throw new MongoError(67, 'CannotCreateIndex', `Index type ${JSON.stringify(dir)} on field '${field}' is not supported by the embedded store`)
    }
    normalized[field] = n
  }
  const name = typeof raw.name === 'string' ? raw.name : Object.entries(normalized).map(([f, d]) => `${f}_${d}`).join('_')
  const { v: _v, key: _key, name: _name, ns: _ns, ...options } = raw
  return { ...options, name, key: normalized }
}

/** True when an identical index exists; throws when one with the same name or key differs. */
function sameAsExisting(collection: Collection, spec: IndexSpec): boolean {
  for (const existing of collection.indexes.values()) {
    const sameName = existing.name === spec.name
    const sameKey = compareValues(existing.spec.key, spec.key) === 0
    if (!sameName && !sameKey) continue
    const sameOptions = SEMANTIC_OPTIONS.every((o) => compareValues(existing.spec[o] ?? null, spec[o] ?? null) === 0)
    if (sameName && sameKey && sameOptions) return true
    if (sameName && !sameKey) {
      throw indexKeySpecsConflict(`An existing index has the same name as the requested index. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(existing.spec)}`)
    }
    if (!sameOptions || spec.name === existing.name) {
      throw indexOptionsConflict(`An equivalent index already exists with the same name but different options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(existing.spec)}`)
    }
    throw indexOptionsConflict(`Index already exists with a different name: ${existing.name}`)
  }
  return false
}
