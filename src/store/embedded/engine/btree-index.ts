import { MaxKey, MinKey, type Document } from 'bson'
import { Query } from 'mingo'
import { cannotIndexParallelArrays } from '../errors.ts'
import { compareValues } from './bson-order.ts'
import type { InternPool } from './interning.ts'
import { valuesAtPath, type Doc } from './paths.ts'
import { postingIds, postingSize, withId, withoutId, type Posting } from './posting.ts'
import { createSortedTree, type SortedTree } from './sorted-tree.ts'

/** The indexed values of one entry, one per key field. */
export type IndexKey = unknown[]

export interface IndexSpec {
  readonly name: string
  readonly key: Readonly<Record<string, 1 | -1>>
  readonly unique?: boolean
  readonly sparse?: boolean
  readonly partialFilterExpression?: Document
  /** Options we keep only to return them from listIndexes (e.g. expireAfterSeconds, background). */
  readonly [option: string]: unknown
}

const MIN = new MinKey()
const MAX = new MaxKey()

/**
 * One index: a B+tree from key to the documents holding it, in the index's own order. A
 * single-field index keys the tree by the bare value, a compound one by the tuple. Arrays
 * are expanded (multikey) as MongoDB does. Documents sharing a key keep insertion order,
 * which is also MongoDB's order for ties.
 */
export class BTreeIndex {
  readonly fields: readonly string[]
  readonly directions: readonly (1 | -1)[]
  /** The first segment of each key path: what an update must touch to change this index's keys. */
  private readonly topLevelFields: readonly string[]
  private readonly tree: SortedTree<unknown, Posting>
  private readonly single: boolean
  multikey = false
  private readonly partial: Query | undefined

  /** `pool` shares repeated key values; the _id index has none, its values being unique. */
  constructor(readonly spec: IndexSpec, private readonly pool: InternPool | undefined) {
    this.fields = Object.keys(spec.key)
    this.topLevelFields = this.fields.map((path) => path.split('.', 1)[0]!)
    this.directions = this.fields.map((f) => (spec.key[f] === -1 ? -1 : 1))
    this.single = this.fields.length === 1
    this.partial = spec.partialFilterExpression ? new Query(spec.partialFilterExpression) : undefined
    const dirs = this.directions
    this.tree = this.single
      ? createSortedTree<unknown, Posting>((a, b) => compareValues(a, b) * dirs[0]!)
      : createSortedTree<unknown, Posting>((a, b) => {
          const x = a as unknown[]
          const y = b as unknown[]
          for (let i = 0; i < dirs.length; i++) {
            const c = compareValues(x[i], y[i])
            if (c !== 0) return c * dirs[i]!
          }
          return 0
        })
  }

  get name(): string {
    return this.spec.name
  }

  get unique(): boolean {
    return this.spec.unique === true
  }

  /** Whether a change to these top-level fields may change the index's keys (a partial filter may read any field). */
  dependsOn(fields: ReadonlySet<string>): boolean {
    if (this.partial) return true
    for (const field of this.topLevelFields) if (fields.has(field)) return true
    return false
  }

  /** The keys a document contributes; none when sparse or partial excludes it. */
  keysOf(doc: Doc): IndexKey[] {
    if (this.partial && !this.partial.test(doc)) return []
    const perField = this.fields.map((f) => valuesAtPath(doc, f))
    if (this.spec.sparse && perField.every((p) => p.values.every((v) => v === undefined))) return []
    const expanded = perField.filter((p) => p.expandedArray)
    if (expanded.length > 1) {
      const names = this.fields.filter((_, i) => perField[i]!.expandedArray)
      throw cannotIndexParallelArrays(`cannot index parallel arrays [${names[1]}] [${names[0]}]`)
    }
    let tuples: IndexKey[] = [[]]
    for (const { values } of perField) {
      const distinct = dedupe(values.map((v) => (v === undefined ? null : this.pool ? this.pool.value(v) : v)))
      // concat allocates exactly the tuple's length; a spread would leave room for 17 values in every kept key.
      tuples = tuples.flatMap((t) => distinct.map((v) => t.concat([v])))
    }
    if (expanded.length > 0) this.multikey = true
    return tuples
  }

  add(keys: IndexKey[], idKey: string): void {
    for (const k of keys) {
      const key = this.treeKey(k)
      const posting = this.tree.get(key)
      const next = withId(posting, idKey)
      if (next !== posting) this.tree.set(key, next)
    }
  }

  remove(keys: IndexKey[], idKey: string): void {
    for (const k of keys) {
      const key = this.treeKey(k)
      const posting = this.tree.get(key)
      if (posting === undefined) continue
      const next = withoutId(posting, idKey)
      if (next === undefined) this.tree.delete(key)
      else if (next !== posting) this.tree.set(key, next)
    }
  }

  /** Another document holding one of these keys, if any (for unique indexes). */
  conflict(keys: IndexKey[], ownIdKey: string | undefined): IndexKey | undefined {
    for (const k of keys) {
      const posting = this.tree.get(this.treeKey(k))
      if (posting === undefined) continue
      for (const id of postingIds(posting, false)) if (id !== ownIdKey) return k
    }
    return undefined
  }

  /**
   * The _id keys of the entries between two key tuples (inclusive, in tree order), forwards
   * or backwards. Bounds use MinKey/MaxKey and RankEdge for open ends.
   */
  *scan(low: IndexKey, high: IndexKey, reverse: boolean): Generator<string> {
    const lo = this.treeKey(low)
    const hi = this.treeKey(high)
    const compare = this.tree._compare
    const entries = reverse ? this.tree.entriesReversed(hi) : this.tree.entries(lo)
    for (const [key, posting] of entries) {
      if (reverse ? compare(key, lo) < 0 : compare(key, hi) > 0) return
      if (typeof posting === 'string') yield posting
      else yield* postingIds(posting, reverse)
    }
  }

  /** How many ids lie between the keys (both included), without listing them. */
  count(low: IndexKey, high: IndexKey): number {
    const hi = this.treeKey(high)
    const compare = this.tree._compare
    let n = 0
    for (const [key, posting] of this.tree.entries(this.treeKey(low))) {
      if (compare(key, hi) > 0) break
      n += postingSize(posting)
    }
    return n
  }

  /** Orders key tuples as the tree does. */
  compareKeys(a: IndexKey, b: IndexKey): number {
    return this.tree._compare(this.treeKey(a), this.treeKey(b))
  }

  /** The lowest and highest sentinel of field i in tree order. */
  lowest(i: number): unknown {
    return this.directions[i] === 1 ? MIN : MAX
  }

  highest(i: number): unknown {
    return this.directions[i] === 1 ? MAX : MIN
  }

  private treeKey(tuple: IndexKey): unknown {
    return this.single ? tuple[0] : tuple
  }
}

function dedupe(values: unknown[]): unknown[] {
  if (values.length < 2) return values
  const out: unknown[] = []
  for (const v of values) if (!out.some((o) => compareValues(o, v) === 0)) out.push(v)
  return out
}
