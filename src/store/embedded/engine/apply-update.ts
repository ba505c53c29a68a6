import { ObjectId, type Document } from 'bson'
import { aggregate, update as mingoUpdate } from 'mingo'
import {
  badValue,
  conflictingUpdateOperators,
  failedToParse,
  immutableField,
  typeMismatch,
} from '../errors.ts'
import { compareValues } from './bson-order.ts'
import { cloneValue, isPlainObject, setPath, type Doc } from './paths.ts'
import { applyTopLevelUpdate } from './top-level-update.ts'

const OPERATORS = new Set([
  '$set', '$unset', '$inc', '$mul', '$min', '$max', '$rename', '$currentDate', '$setOnInsert',
  '$push', '$addToSet', '$pop', '$pull', '$pullAll', '$bit',
])
const NUMERIC_OPERATORS = new Set(['$inc', '$mul'])
const ARRAY_OPERATORS = new Set(['$push', '$addToSet', '$pop', '$pull', '$pullAll'])

export type UpdateSpec = Document | Document[]

export interface UpdateContext {
  /** The statement's filter: positional `$` updates match against it. */
  readonly filter: Document
  readonly arrayFilters?: Document[]
  /** True when the update builds a document for an upsert ($setOnInsert applies). */
  readonly inserting: boolean
}

export function isReplacement(spec: UpdateSpec): spec is Document {
  return !Array.isArray(spec) && Object.keys(spec).every((k) => !k.startsWith('$'))
}

/** An updated document; `fields` when the update wrote only these top-level fields and shares the rest with the input. */
export interface Updated {
  readonly doc: Doc
  readonly fields?: ReadonlySet<string>
}

/**
 * The document after an update (operators, replacement or pipeline), never mutating the input.
 * Errors are MongoDB's: unknown modifier (9), conflicting paths (40), $inc on a non-number (14),
 * array operators on a non-array (2), a changed _id (66).
 */
export function applyUpdate(doc: Doc, spec: UpdateSpec, context: UpdateContext): Updated {
  let next: Doc
  let fields: ReadonlySet<string> | undefined
  if (Array.isArray(spec)) {
    next = aggregate([cloneValue(doc)], spec)[0] as Doc
  } else if (isReplacement(spec)) {
    next = { _id: doc._id, ...cloneValue(spec) }
    if (spec._id !== undefined) next._id = spec._id
  } else {
    checkOperators(spec)
    checkTypes(doc, spec)
    const { $setOnInsert, ...ops } = withoutIdNoOps(doc, spec as Record<string, Document>)
    const effective: Record<string, Document> = { ...ops }
    if (context.inserting && $setOnInsert) effective.$set = { ...effective.$set, ...$setOnInsert }
    // A top-level update replaces whole fields: the others may be shared with the input, not copied.
    next = { ...doc }
    fields = applyTopLevelUpdate(next, effective)
    if (!fields) {
      next = cloneValue(doc)
      mingoUpdate(next, effective, context.arrayFilters ?? [], context.filter, { cloneMode: 'deep' })
    }
  }
  if (doc._id !== undefined && compareValues(doc._id, next._id) !== 0) {
    throw immutableField(ID_CHANGED)
  }
  return { doc: next, ...(fields ? { fields } : {}) }
}

const ID_CHANGED = "Performing an update on the path '_id' would modify the immutable field '_id'"

/** Setting _id to its current value is allowed (and dropped); any other change to it is refused. */
function withoutIdNoOps(doc: Doc, spec: Record<string, Document>): Record<string, Document> {
  const out: Record<string, Document> = {}
  for (const [op, fields] of Object.entries(spec)) {
    const kept: Document = {}
    for (const [path, value] of Object.entries(fields)) {
      if (path === '_id' || path.startsWith('_id.')) {
        const same = (op === '$set' || op === '$setOnInsert') && path === '_id' && (doc._id === undefined || compareValues(doc._id, value) === 0)
        if (!same) throw immutableField(ID_CHANGED)
        if (doc._id === undefined) kept[path] = value
        continue
      }
      kept[path] = value
    }
    out[op] = kept
  }
  return out
}

/**
 * The document an upsert starts from: the filter's equality conditions (top level, $eq and
 * $and branches), then the update; _id first, generated when the filter has none.
 */
export function upsertSeed(filter: Document): Doc {
  const seed: Doc = {}
  const visit = (f: Document): void => {
    for (const [field, condition] of Object.entries(f)) {
      if (field === '$and' && Array.isArray(condition)) condition.forEach((c) => isPlainObject(c) && visit(c))
      if (field.startsWith('$')) continue
      if (isPlainObject(condition) && Object.keys(condition).some((k) => k.startsWith('$'))) {
        if ('$eq' in condition) setPath(seed, field, cloneValue(condition.$eq))
      } else setPath(seed, field, cloneValue(condition))
    }
  }
  visit(filter)
  return seed
}

export function withId(doc: Doc): Doc {
  if (doc._id !== undefined) return doc
  return { _id: new ObjectId(), ...doc }
}

function checkOperators(spec: Document): void {
  const paths: string[] = []
  for (const [op, fields] of Object.entries(spec)) {
    if (!OPERATORS.has(op)) {
      throw failedToParse(`Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`)
    }
    if (!isPlainObject(fields)) throw failedToParse(`Modifiers operate on fields but we found type ${typeof fields} instead.`)
    for (const [path, value] of Object.entries(fields)) {
      paths.push(path)
      if (op === '$rename') paths.push(String(value))
    }
  }
  for (let i = 0; i < paths.length; i++) {
    for (let j = i + 1; j < paths.length; j++) {
      const [a, b] = [stripPositional(paths[i]!), stripPositional(paths[j]!)]
      if (a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`)) {
        throw conflictingUpdateOperators(`Updating the path '${paths[j]}' would create a conflict at '${paths[i]}'`)
      }
    }
  }
}

function stripPositional(path: string): string {
  return path.replace(/\.\$(\[[^\]]*\])?/g, '')
}

function checkTypes(doc: Doc, spec: Document): void {
  for (const [op, fields] of Object.entries(spec)) {
    const numeric = NUMERIC_OPERATORS.has(op)
    const array = ARRAY_OPERATORS.has(op)
    if (!numeric && !array) continue
    for (const [path, argument] of Object.entries(fields as Document)) {
      if (numeric && typeof argument !== 'number') {
        throw typeMismatch(`Cannot ${op.slice(1)} with non-numeric argument: {${path}: ${JSON.stringify(argument)}}`)
      }
      // Positional paths resolve per element; mingo applies them and MongoDB checks each.
      if (path.includes('$')) continue
      const current = currentRaw(doc, path)
      if (current === undefined) continue
      if (numeric && typeof current !== 'number') {
        throw typeMismatch(
          `Cannot apply ${op} to a value of non-numeric type. {_id: ${JSON.stringify(doc._id)}} has the field '${path}' of non-numeric type ${typeName(current)}`,
        )
      }
      if (array && !Array.isArray(current)) {
        throw badValue(`The field '${path}' must be an array but is of type ${typeName(current)} in document {_id: ${JSON.stringify(doc._id)}}`)
      }
    }
  }
}

function currentRaw(doc: Doc, path: string): unknown {
  let value: unknown = doc
  for (const part of path.split('.')) {
    if (!isPlainObject(value) && !Array.isArray(value)) return undefined
    value = (value as Record<string, unknown>)[part]
  }
  return value
}

function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (value instanceof Date) return 'date'
  if (typeof value === 'object') return (value as { _bsontype?: string })._bsontype?.toLowerCase() ?? 'object'
  return typeof value
}
