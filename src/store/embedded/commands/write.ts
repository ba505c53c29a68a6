import type { Document } from 'bson'
import { applyUpdate, isReplacement, upsertSeed, withId, type UpdateSpec } from '../engine/apply-update.ts'
import { compareValues } from '../engine/bson-order.ts'
import type { Collection } from '../engine/collection.ts'
import { cloneValue, isPlainObject, type Doc } from '../engine/paths.ts'
import { selectDocuments, sortSpec } from '../engine/select.ts'
import { checkStorable } from '../engine/storable.ts'
import { failedToParse, invalidLength, MongoError } from '../errors.ts'
import { MAX_WRITE_BATCH_SIZE } from '../limits.ts'
import { collectionName, type CommandHandler } from './context.ts'
import { documentOption } from './read.ts'

interface WriteError {
  index: number
  code: number
  codeName: string
  errmsg: string
  [extra: string]: unknown
}

/**
 * Runs each statement of a write batch, collecting errors as MongoDB does: an ordered batch
 * stops at the first error, an unordered one goes on.
 */
function runBatch<T>(command: Document, field: string, statements: unknown, run: (s: T, i: number) => void): { writeErrors?: WriteError[] } {
  if (!Array.isArray(statements)) throw failedToParse(`BSON field '${field}' is missing but a required field`)
  if (statements.length === 0 || statements.length > MAX_WRITE_BATCH_SIZE) {
    throw invalidLength(`Write batch sizes must be between 1 and ${MAX_WRITE_BATCH_SIZE}. Got ${statements.length} operations.`)
  }
  const ordered = command.ordered !== false
  const writeErrors: WriteError[] = []
  for (let i = 0; i < statements.length; i++) {
    try {
      run(statements[i] as T, i)
    } catch (error) {
      if (!(error instanceof MongoError)) throw error
      writeErrors.push({ index: i, code: error.code, codeName: error.codeName, errmsg: error.message, ...error.extra })
      if (ordered) break
    }
  }
  return writeErrors.length > 0 ? { writeErrors } : {}
}

export const insert: CommandHandler = (command, { catalog, db }) => {
  const collection = catalog.getOrCreate(db, collectionName(command, 'insert'))
  let n = 0
  const result = runBatch<Doc>(command, 'documents', command.documents, (doc) => {
    if (!isPlainObject(doc)) throw failedToParse('document to insert must be an object')
    const stored = withId(doc)
    checkStorable(stored)
    collection.insert(stored)
    n++
  })
  return { n, ...result }
}

interface UpdateStatement {
  q?: Document
  u?: UpdateSpec
  upsert?: boolean
  multi?: boolean
  arrayFilters?: Document[]
  sort?: Document
}

export const update: CommandHandler = (command, context) => {
  const collection = context.catalog.getOrCreate(context.db, collectionName(command, 'update'))
  let n = 0
  let nModified = 0
  const upserted: Array<{ index: number; _id: unknown }> = []
  const result = runBatch<UpdateStatement>(command, 'updates', command.updates, (statement, index) => {
    const outcome = updateDocuments(collection, statement)
    n += outcome.matched
    nModified += outcome.modified
    if (outcome.upsertedId !== undefined) {
      n += 1
      upserted.push({ index, _id: outcome.upsertedId })
    }
  })
  return { n, nModified, ...(upserted.length > 0 ? { upserted } : {}), ...result }
}

export interface UpdateOutcome {
  matched: number
  modified: number
  upsertedId?: unknown
  before?: Doc
  after?: Doc
}

/** One update statement: every match (or the first), or the upserted document. */
export function updateDocuments(collection: Collection, statement: UpdateStatement & { one?: boolean }): UpdateOutcome {
  const filter = statement.q ?? {}
  const spec = statement.u
  if (spec === undefined || (typeof spec !== 'object')) throw failedToParse("BSON field 'update.updates.u' is missing but a required field")
  if (statement.multi && isReplacement(spec)) throw failedToParse('multi update is not supported for replacement-style update')
  const context = { filter, arrayFilters: statement.arrayFilters, inserting: false }
  const limit = statement.multi ? 0 : 1
  const targets = selectDocuments(collection, filter, { limit, sort: sortSpec(statement.sort) }).docs
  if (targets.length === 0) {
    if (!statement.upsert) return { matched: 0, modified: 0 }
    const seed = isReplacement(spec as Document) ? pickId(upsertSeed(filter)) : upsertSeed(filter)
    const created = withId(applyUpdate(seed, spec, { ...context, inserting: true }).doc)
    checkStorable(created)
    collection.insert(created)
    return { matched: 0, modified: 0, upsertedId: created._id, after: created }
  }
  let modified = 0
  let before: Doc | undefined
  let after: Doc | undefined
  for (const doc of targets) {
    const { doc: next, fields } = applyUpdate(doc, spec, context)
    before ??= doc
    after ??= next
    // Fields an update did not write are the stored document's: only the written ones need a look.
    if (fields ? sameFields(doc, next, fields) : sameDocument(doc, next)) continue
    checkStorable(next, fields)
    collection.replace(doc, next, { fields })
    modified++
  }
  return { matched: targets.length, modified, before, after }
}

function pickId(seed: Doc): Doc {
  return seed._id === undefined ? {} : { _id: cloneValue(seed._id) }
}

function sameDocument(a: Doc, b: Doc): boolean {
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]) && compareValues(a, b) === 0 && sameNumberKinds(a, b)
}

function sameFields(a: Doc, b: Doc, fields: ReadonlySet<string>): boolean {
  for (const field of fields) {
    const x = a[field]
    const y = b[field]
    if (x === undefined || y === undefined ? x !== y : compareValues(x, y) !== 0 || !sameNumberKinds(x, y)) return false
  }
  return true
}

/** 1 and 1.0 compare equal, but replacing one by the other is still a modification. */
function sameNumberKinds(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') return Number.isInteger(a) === Number.isInteger(b)
  if (Array.isArray(a) && Array.isArray(b)) return a.every((v, i) => sameNumberKinds(v, b[i]))
  if (isPlainObject(a) && isPlainObject(b)) return Object.keys(a).every((k) => sameNumberKinds(a[k], b[k]))
  return true
}

export const remove: CommandHandler = (command, { catalog, db }) => {
  const collection = catalog.get(db, collectionName(command, 'delete'))
  let n = 0
  const result = runBatch<{ q?: Document; limit?: number }>(command, 'deletes', command.deletes, (statement) => {
    if (!collection) return
    const limit = Number(statement.limit ?? 0)
    if (limit !== 0 && limit !== 1) throw failedToParse(`The limit field in delete objects must be 0 or 1. Got ${limit}`)
    for (const doc of selectDocuments(collection, documentOption(statement, 'q'), { limit }).docs) {
      collection.remove(doc)
      n++
    }
  })
  return { n, ...result }
}
