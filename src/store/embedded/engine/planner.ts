import type { Document } from 'bson'
import { compareValues, typeRank } from './bson-order.ts'
import type { BTreeIndex } from './btree-index.ts'
import { isPlainObject } from './paths.ts'
import { RankEdge } from './rank-edge.ts'

export interface Bound {
  readonly value: unknown
  readonly inclusive: boolean
}

/** The one range an exact plan must still check: index scans include both ends, so only an exclusive end needs it. */
export interface RangeCheck {
  readonly field: string
  readonly lower?: Bound
  readonly upper?: Bound
}

/** What a filter says about one field that an index can use. */
interface FieldPredicate {
  eq?: unknown[]
  lower?: Bound
  upper?: Bound
  /** A condition was left out of the bounds (contradictory or of another type): not exact. */
  partial?: boolean
}

export type SortSpec = ReadonlyArray<readonly [string, 1 | -1]>

/**
 * How to read candidates: a collection scan, or scans of one index between two keys.
 * `ordered` means the scans come out in the requested sort order, so the caller need not sort
 * and may stop at skip + limit.
 */
export type Plan =
  | { readonly kind: 'collectionScan' }
  | {
      readonly kind: 'indexScan'
      readonly index: BTreeIndex
      readonly ranges: ReadonlyArray<{ readonly low: unknown[]; readonly high: unknown[] }>
      readonly reverse: boolean
      readonly ordered: boolean
      /**
       * The index answers the whole filter: candidates match once `range` (if any) holds,
       * so the caller need not run the full matcher.
       */
      readonly exact: boolean
      readonly range?: RangeCheck
    }

const MAX_EQUALITY_COMBINATIONS = 256

/** Picks the index that narrows the filter most; falls back to one that yields the sort order. */
export function plan(filter: Document, sort: SortSpec, indexes: Iterable<BTreeIndex>): Plan {
  const predicates = collectPredicates(filter)
  let best: { index: BTreeIndex; eqFields: number; range: boolean; score: number } | undefined
  let sortOnly: { index: BTreeIndex; reverse: boolean } | undefined
  for (const index of indexes) {
    if (index.spec.sparse || index.spec.partialFilterExpression) continue
    let eqFields = 0
    while (eqFields < index.fields.length && predicates.get(index.fields[eqFields]!)?.eq) eqFields++
    const next = predicates.get(index.fields[eqFields] ?? '')
    const range = eqFields < index.fields.length && next !== undefined && (next.lower !== undefined || next.upper !== undefined)
    const score = eqFields * 2 + (range ? 1 : 0) + (index.unique && eqFields === index.fields.length ? 0.5 : 0)
    if (score > 0 && (!best || score > best.score)) best = { index, eqFields, range, score }
    const reverse = sortDirection(index, 0, sort)
    if (reverse !== undefined && !sortOnly) sortOnly = { index, reverse }
  }
  if (best) {
    const { index, eqFields, range } = best
    const eqLists = index.fields.slice(0, eqFields).map((f) => predicates.get(f)!.eq!)
    const combos = eqLists.reduce((n, l) => n * l.length, 1)
    const usedEq = combos > MAX_EQUALITY_COMBINATIONS ? 1 : eqFields
    const prefixes = cartesian(eqLists.slice(0, usedEq))
    let rangePredicate = usedEq === eqFields && range ? predicates.get(index.fields[eqFields]!) : undefined
    // On an array field each bound may be met by a different element, so only one bound narrows.
    if (rangePredicate && index.multikey && rangePredicate.lower) rangePredicate = { lower: rangePredicate.lower }
    const reverse = prefixes.length === 1 ? sortDirection(index, usedEq, sort) : undefined
    const usedFields = index.fields.slice(0, usedEq + (rangePredicate ? 1 : 0))
    const simple = simpleFields(filter)
    const exact =
      !index.multikey &&
      simple !== undefined &&
      simple.size === usedFields.length &&
      usedFields.every((f) => simple.has(f) && !predicates.get(f)!.partial) &&
      (!rangePredicate || sameRank(rangePredicate))
    return {
      kind: 'indexScan',
      index,
      ranges: prefixes.map((p) => bounds(index, p, rangePredicate)).sort((a, b) => index.compareKeys(a.low, b.low)),
      reverse: reverse ?? false,
      ordered: reverse !== undefined,
      exact,
      ...(rangePredicate && (rangePredicate.lower?.inclusive === false || rangePredicate.upper?.inclusive === false)
        ? { range: { field: index.fields[usedEq]!, lower: rangePredicate.lower, upper: rangePredicate.upper } }
        : {}),
    }
  }
  if (sortOnly && sort.length > 0) {
    const index = sortOnly.index
    return { kind: 'indexScan', index, ranges: [bounds(index, [], undefined)], reverse: sortOnly.reverse, ordered: true, exact: Object.keys(filter).length === 0 }
  }
  return { kind: 'collectionScan' }
}

/**
 * Whether the index, after `from` equality fields, yields `sort`: false for its own order,
 * true for its reverse, undefined when it cannot.
 */
function sortDirection(index: BTreeIndex, from: number, sort: SortSpec): boolean | undefined {
  if (sort.length === 0) return false
  if (index.multikey || sort.length > index.fields.length - from) return undefined
  let reverse: boolean | undefined
  for (let i = 0; i < sort.length; i++) {
    const [field, dir] = sort[i]!
    if (index.fields[from + i] !== field) return undefined
    const r = index.directions[from + i] !== dir
    if (reverse === undefined) reverse = r
    else if (reverse !== r) return undefined
  }
  return reverse
}

function bounds(index: BTreeIndex, prefix: unknown[], range: FieldPredicate | undefined) {
  const low: unknown[] = [...prefix]
  const high: unknown[] = [...prefix]
  let i = prefix.length
  if (range && i < index.fields.length) {
    const rank = typeRank((range.lower ?? range.upper)!.value)
    const lowerValue = range.lower?.value ?? new RankEdge(rank, false)
    const upperValue = range.upper?.value ?? new RankEdge(rank, true)
    const ascending = index.directions[i] === 1
    low.push(ascending ? lowerValue : upperValue)
    high.push(ascending ? upperValue : lowerValue)
    i++
  }
  for (; i < index.fields.length; i++) {
    low.push(index.lowest(i))
    high.push(index.highest(i))
  }
  return { low, high }
}

function cartesian(lists: unknown[][]): unknown[][] {
  return lists.reduce<unknown[][]>((acc, list) => acc.flatMap((p) => list.map((v) => [...p, v])), [[]])
}

/** Field predicates from the filter's top level and its $and branches; others are left to the matcher. */
function collectPredicates(filter: Document, out = new Map<string, FieldPredicate>()): Map<string, FieldPredicate> {
  for (const [field, condition] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(condition)) {
      for (const branch of condition) if (isPlainObject(branch)) collectPredicates(branch, out)
      continue
    }
    if (field.startsWith('$')) continue
    const p = out.get(field) ?? {}
    if (isScalar(condition)) p.eq = narrowEq(p, [condition])
    else if (isPlainObject(condition) && Object.keys(condition).every((k) => k.startsWith('$'))) {
      for (const [op, value] of Object.entries(condition)) {
        if (op === '$eq' && isScalar(value)) p.eq = narrowEq(p, [value])
        else if (op === '$in' && Array.isArray(value) && value.length > 0 && value.every(isScalar)) p.eq = narrowEq(p, value)
        else if ((op === '$gt' || op === '$gte') && isRangeValue(value)) p.lower = tighter(p.lower, { value, inclusive: op === '$gte' }, 1)
        else if ((op === '$lt' || op === '$lte') && isRangeValue(value)) p.upper = tighter(p.upper, { value, inclusive: op === '$lte' }, -1)
      }
    } else if (isPlainObject(condition)) p.eq = narrowEq(p, [condition])
    if (p.eq || p.lower || p.upper) out.set(field, p)
  }
  for (const p of out.values()) {
    // Bounds of different types never match together (type bracketing): keep the lower one only.
    if (p.lower && p.upper && typeRank(p.lower.value) !== typeRank(p.upper.value)) {
      p.upper = undefined
      p.partial = true
    }
  }
  return out
}

/**
 * The fields of a filter that is a plain conjunction of equality, $in and range conditions on
 * scalar values (what an index answers exactly); undefined for anything else.
 */
function simpleFields(filter: Document): Set<string> | undefined {
  const fields = new Set<string>()
  for (const [field, condition] of Object.entries(filter)) {
    if (field.startsWith('$')) return undefined
    if (isPlainObject(condition)) {
      const ops = Object.entries(condition)
      if (ops.length === 0) return undefined
      for (const [op, value] of ops) {
        if (op === '$in' ? !(Array.isArray(value) && value.length > 0 && value.every(isScalar)) : !(SIMPLE_OPERATORS.has(op) && isScalar(value))) {
          return undefined
        }
        if (op !== '$eq' && op !== '$in' && value === null) return undefined
      }
    } else if (!isScalar(condition)) return undefined
    fields.add(field)
  }
  return fields
}

const SIMPLE_OPERATORS = new Set(['$eq', '$gt', '$gte', '$lt', '$lte'])

function sameRank(p: FieldPredicate): boolean {
  return !p.partial && (!p.lower || !p.upper || typeRank(p.lower.value) === typeRank(p.upper.value))
}

/** Values an index can look up by equality: not arrays, regexes or null-vs-missing subtleties of $exists. */
function isScalar(value: unknown): boolean {
  if (value === undefined || Array.isArray(value) || value instanceof RegExp) return false
  if (isPlainObject(value)) return false
  const tag = (value as { _bsontype?: string } | null)?._bsontype
  return tag !== 'BSONRegExp' && tag !== 'MinKey' && tag !== 'MaxKey'
}

function isRangeValue(value: unknown): boolean {
  return isScalar(value) && value !== null
}

/** The values both conditions allow; when none, the first list (an array field can satisfy both). */
function narrowEq(p: FieldPredicate, values: unknown[]): unknown[] {
  const existing = p.eq
  if (!existing) return values
  const both = existing.filter((e) => values.some((v) => compareValues(e, v) === 0))
  if (both.length > 0) return both
  p.partial = true
  return existing
}

function tighter(current: Bound | undefined, next: Bound, sign: 1 | -1): Bound {
  if (!current) return next
  const c = compareValues(next.value, current.value) * sign
  return c > 0 || (c === 0 && !next.inclusive) ? next : current
}
