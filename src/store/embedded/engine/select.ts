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
   * Top-level fields to decode; absent: whole documents. The caller includes every field it
   * reads; filter and sort fields are added here.
   */
  readonly fields?: ReadonlySet<string>
}

export interface Selection {
  readonly docs: Doc[]
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
  const fields = options.fields && withFields(options.fields, filter, sort)
  const matched: Doc[] = []
  let examined = 0
  for (const doc of candidates(collection, chosen, fields)) {
    examined++
    if (!matches(doc)) continue
    matched.push(doc)
    if (!needsSort && matched.length >= wanted) break
  }
  if (needsSort) matched.sort(documentComparator(sort))
  const end = limit > 0 ? skip + limit : undefined
  return { docs: skip > 0 || end !== undefined ? matched.slice(skip, end) : matched, examined, plan: chosen }
}

function* candidates(collection: Collection, chosen: Plan, fields: ReadonlySet<string> | undefined): Generator<Doc> {
  if (chosen.kind === 'collectionScan') {
    yield* collection.all(fields)
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
      const doc = collection.read(idKey, fields)
      if (doc) yield doc
    }
  }
}

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

function withFields(fields: ReadonlySet<string>, filter: Document, sort: SortSpec): ReadonlySet<string> {
  const all = new Set(fields)
  const add = (path: string) => all.add(path.split('.')[0]!)
  const visit = (f: Document) => {
    for (const [key, condition] of Object.entries(f)) {
      if (Array.isArray(condition) && key.startsWith('$')) condition.forEach((c) => isPlainObject(c) && visit(c))
      else if (!key.startsWith('$')) add(key)
    }
  }
  visit(filter)
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
