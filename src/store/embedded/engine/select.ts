import type { Document } from 'bson'
import { Query } from 'mingo'
import { compareValues } from './bson-order.ts'
import type { Collection } from './collection.ts'
import { valuesAtPath, type Doc } from './paths.ts'
import { plan, type Plan, type SortSpec } from './planner.ts'

export interface SelectOptions {
  readonly sort?: SortSpec
  readonly skip?: number
  /** 0 or absent: no limit. */
  readonly limit?: number
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
  const matcher = new Query(filter)
  const chosen = plan(filter, sort, collection.indexes.values())
  const wanted = limit > 0 ? skip + limit : Infinity
  const needsSort = sort.length > 0 && !(chosen.kind === 'indexScan' && chosen.ordered)
  const matched: Doc[] = []
  let examined = 0
  for (const doc of candidates(collection, chosen)) {
    examined++
    if (!matcher.test(doc)) continue
    matched.push(doc)
    if (!needsSort && matched.length >= wanted) break
  }
  if (needsSort) matched.sort(documentComparator(sort))
  const end = limit > 0 ? skip + limit : undefined
  return { docs: skip > 0 || end !== undefined ? matched.slice(skip, end) : matched, examined, plan: chosen }
}

function* candidates(collection: Collection, chosen: Plan): Generator<Doc> {
  if (chosen.kind === 'collectionScan') {
    yield* collection.docs.values()
    return
  }
  const tree = chosen.index.tree
  const seen = chosen.index.multikey || chosen.ranges.length > 1 ? new Set<string>() : undefined
  const ranges = chosen.reverse ? [...chosen.ranges].reverse() : chosen.ranges
  for (const { low, high } of ranges) {
    const entries = chosen.reverse ? tree.entriesReversed(high) : tree.entries(low)
    for (const [key, idKey] of entries) {
      if (chosen.reverse ? tree._compare(key, low) < 0 : tree._compare(key, high) > 0) break
      if (seen) {
        if (seen.has(idKey)) continue
        seen.add(idKey)
      }
      const doc = collection.docs.get(idKey)
      if (doc) yield doc
    }
  }
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
