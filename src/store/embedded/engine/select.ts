import type { Document } from 'bson'
import { compareValues } from './bson-order.ts'
import type { Collection } from './collection.ts'
import { compileFilter } from './matcher.ts'
import { isPlainObject, valuesAtPath, type Doc } from './paths.ts'
import { plan, type Plan, type RangeCheck, type SortSpec } from './planner.ts'

export interface SelectOptions {
  readonly sort?: SortSpec
  readonly skip?: number
  /** 0 or absent: no limit. */
  readonly limit?: number
  /**
   * Top-level fields to decode; absent: whole documents. The caller names the fields it reads;
   * those the filter and sort need are added here.
   */
  readonly fields?: ReadonlySet<string>
  /** The caller reads only the keys: documents are decoded just as far as the filter and sort need. */
  readonly keysOnly?: boolean
}

export interface Selection {
  readonly docs: Doc[]
  /** The _id keys of `docs`, in the same order. */
  readonly keys: string[]
  /** How many stored documents were read to answer (what explain calls totalDocsExamined). */
  readonly examined: number
  readonly plan: Plan
}

/** Parses a sort document into ordered [field, direction] pairs. */
export function sortSpec(sort: Document | undefined): SortSpec {
  if (!sort) return []
  return Object.entries(sort).map(([field, dir]) => [field, Number(dir) < 0 ? -1 : 1] as const)
}

/** The documents matching a filter, in sort order, after skip and limit: the heart of find. */
export function selectDocuments(collection: Collection, filter: Document, options: SelectOptions = {}): Selection {
  const sort = options.sort ?? []
  const skip = options.skip ?? 0
  const limit = options.limit ?? 0
  const chosen = plan(filter, sort, collection.indexes.values())
  const exact = chosen.kind === 'indexScan' && chosen.exact
  // Compiling a filter costs more than reading a few documents: an exact plan skips it.
  const matches = exact ? withinRange(chosen.range) : matcherOf(filter)
  const wanted = limit > 0 ? skip + limit : Infinity
  const needsSort = sort.length > 0 && !(chosen.kind === 'indexScan' && chosen.ordered)
  // An exact plan with no range left to check answers the filter from the index: its fields need no decoding.
  const wantedFields = options.keysOnly ? NO_FIELDS : options.fields
  const fields = wantedFields && withFields(wantedFields, exact && !chosen.range ? {} : filter, sort)
  let matched: Array<[string, Doc]> = []
  let examined = 0
  for (const entry of candidates(collection, chosen, fields)) {
    examined++
    if (!matches(entry[1])) continue
    matched.push(entry)
    if (!needsSort && matched.length >= wanted) break
  }
  if (needsSort) {
    const compare = documentComparator(sort)
    matched.sort((a, b) => compare(a[1], b[1]))
  }
  const end = limit > 0 ? skip + limit : undefined
  if (skip > 0 || end !== undefined) matched = matched.slice(skip, end)
  return { docs: matched.map(([, doc]) => doc), keys: matched.map(([key]) => key), examined, plan: chosen }
}

/** How many documents match: a filter the index answers whole is counted from its keys. */
export function countDocuments(collection: Collection, filter: Document): number {
  const chosen = plan(filter, [], collection.indexes.values())
  if (chosen.kind === 'indexScan' && chosen.exact && !chosen.range && !chosen.index.multikey && chosen.ranges.length === 1) {
    return chosen.index.count(chosen.ranges[0]!.low, chosen.ranges[0]!.high)
  }
  return selectDocuments(collection, filter, { keysOnly: true }).keys.length
}

function* candidates(collection: Collection, chosen: Plan, fields: ReadonlySet<string> | undefined): Generator<[string, Doc]> {
  if (chosen.kind === 'collectionScan') {
    yield* collection.entries(fields)
    return
  }
  const seen = chosen.index.multikey || chosen.ranges.length > 1 ? new Set<string>() : undefined
  const ranges = chosen.reverse ? [...chosen.ranges].reverse() : chosen.ranges
  for (const { low, high } of ranges) {
    for (const idKey of chosen.index.scan(low, high, chosen.reverse)) {
      if (seen) {
        if (seen.has(idKey)) continue
        seen.add(idKey)
      }
      const doc = fields?.size === 0 ? (collection.has(idKey) ? {} : undefined) : collection.read(idKey, fields)
      if (doc) yield [idKey, doc]
    }
  }
}

const NO_FIELDS: ReadonlySet<string> = new Set()

function matcherOf(filter: Document): (doc: Doc) => boolean {
  if (Object.keys(filter).length === 0) return () => true
  const query = compileFilter(filter)
  return (doc) => query.test(doc)
}

/** For an exact index plan: whether the document lies within the range's exclusive ends too. */
function withinRange(range: RangeCheck | undefined): (doc: Doc) => boolean {
  if (!range) return () => true
  const { field, lower, upper } = range
  return (doc) => {
    const value = valuesAtPath(doc, field).values[0] ?? null
    if (lower) {
      const c = compareValues(value, lower.value)
      if (c < 0 || (c === 0 && !lower.inclusive)) return false
    }
    if (upper) {
      const c = compareValues(value, upper.value)
      if (c > 0 || (c === 0 && !upper.inclusive)) return false
    }
    return true
  }
}

/** The caller's fields with those the filter and sort read; undefined (whole documents) for a filter with $expr, $where or the like. */
function withFields(fields: ReadonlySet<string>, filter: Document, sort: SortSpec): ReadonlySet<string> | undefined {
  const all = new Set(fields)
  const add = (path: string) => all.add(path.split('.')[0]!)
  const visit = (f: Document): boolean => {
    for (const [key, condition] of Object.entries(f)) {
      if (key === '$and' || key === '$or' || key === '$nor') {
        if (!Array.isArray(condition) || !condition.every((c) => isPlainObject(c) && visit(c))) return false
      } else if (key.startsWith('$')) return false
      else add(key)
    }
    return true
  }
  if (!visit(filter)) return undefined
  for (const [field] of sort) add(field)
  return all
}

/**
 * MongoDB's sort order: missing sorts as null; an array sorts by its smallest element when
 * ascending and by its largest when descending.
 */
export function documentComparator(sort: SortSpec): (a: Doc, b: Doc) => number {
  return (a, b) => {
    for (const [field, dir] of sort) {
      const c = compareValues(sortKey(a, field, dir), sortKey(b, field, dir))
      if (c !== 0) return c * dir
    }
    return 0
  }
}

function sortKey(doc: Doc, field: string, dir: 1 | -1): unknown {
  const { values, expandedArray } = valuesAtPath(doc, field)
  if (!expandedArray) return values[0] ?? null
  let best = values[0] ?? null
  for (const v of values) if (compareValues(v ?? null, best) * dir < 0) best = v ?? null
  return best
}
