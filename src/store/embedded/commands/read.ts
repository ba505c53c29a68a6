import { Long, type Document } from 'bson'
import { compareValues } from '../engine/bson-order.ts'
import { idKey } from '../engine/id-key.ts'
import { valuesAtPath } from '../engine/paths.ts'
import { countDocuments, selectDocuments, sortSpec } from '../engine/select.ts'
import { badValue, failedToParse } from '../errors.ts'
import { DEFAULT_BATCH_SIZE } from '../limits.ts'
import { collectionName, type CommandHandler } from './context.ts'

export const find: CommandHandler = (command, { catalog, cursors, db }) => {
  const name = collectionName(command, 'find')
  const ns = `${db}.${name}`
  const filter = documentOption(command, 'filter')
  const limit = integerOption(command, 'limit')
  const batchSize = integerOption(command, 'batchSize')
  if (limit < 0) throw badValue('LIMIT must be non-negative')
  const collection = catalog.get(db, name)
  const options = {
    batchSize: command.batchSize === undefined ? DEFAULT_BATCH_SIZE : batchSize,
    projection: command.projection,
    singleBatch: command.singleBatch === true || (limit > 0 && limit <= (batchSize || DEFAULT_BATCH_SIZE)),
  }
  if (!collection) return cursors.first(ns, [], options)
  // Only what the filter and sort read is decoded; the documents go out as the bytes stored.
  const { keys } = selectDocuments(collection, filter, { sort: sortSpec(command.sort), skip: integerOption(command, 'skip'), limit, keysOnly: true })
  return cursors.firstRaw(ns, keys.map((key) => collection.bytes(key)!), options)
}

export const getMore: CommandHandler = (command, { cursors, db }) => {
  const id = command.getMore
  if (!Long.isLong(id) && typeof id !== 'number') throw failedToParse('getMore cursor id must be a long')
  const ns = `${db}.${collectionName(command, 'collection')}`
  return cursors.more(id, ns, integerOption(command, 'batchSize') || undefined)
}

export const killCursors: CommandHandler = (command, { cursors }) => {
  collectionName(command, 'killCursors')
  const ids = Array.isArray(command.cursors) ? command.cursors : []
  const { killed, notFound } = cursors.kill(ids)
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [] }
}

export const count: CommandHandler = (command, { catalog, db }) => {
  const collection = catalog.get(db, collectionName(command, 'count'))
  if (!collection) return { n: 0 }
  const query = documentOption(command, 'query')
  const skip = integerOption(command, 'skip')
  const limit = Math.abs(integerOption(command, 'limit'))
  if (Object.keys(query).length === 0) {
    const total = Math.max(0, collection.size - skip)
    return { n: limit > 0 ? Math.min(limit, total) : total }
  }
  const matching = skip > 0 || limit > 0 ? selectDocuments(collection, query, { skip, limit, keysOnly: true }).keys.length : countDocuments(collection, query)
  return { n: matching }
}

export const distinct: CommandHandler = (command, { catalog, db }) => {
  const collection = catalog.get(db, collectionName(command, 'distinct'))
  const key = command.key
  if (typeof key !== 'string') throw failedToParse("'key' must be of type String")
  if (!collection) return { values: [] }
  const distinctValues = new Map<string, unknown>()
  for (const doc of selectDocuments(collection, documentOption(command, 'query')).docs) {
    for (const v of valuesAtPath(doc, key).values) if (v !== undefined) distinctValues.set(idKey(v), v)
  }
  return { values: [...distinctValues.values()].sort(compareValues) }
}

export function documentOption(command: Document, field: string): Document {
  const value = command[field]
  if (value === undefined || value === null) return {}
  if (typeof value !== 'object' || Array.isArray(value)) throw failedToParse(`'${field}' must be an object`)
  return value as Document
}

export function integerOption(command: Document, field: string): number {
  const value = command[field]
  if (value === undefined || value === null) return 0
  const n = Number(value)
  if (!Number.isFinite(n)) throw failedToParse(`'${field}' must be a number`)
  return Math.trunc(n)
}
