import { MaxKey, MinKey, type Document } from 'bson'
import { Query } from 'mingo'
import { cannotIndexParallelArrays } from '../errors.ts'
import { compareValues } from './bson-order.ts'
import { valuesAtPath, type Doc } from './paths.ts'
import { createSortedTree, type SortedTree } from './sorted-tree.ts'

/** An index entry: the indexed values followed by the document's _id key, so entries are unique. */
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
 * One secondary (or the _id) index: a B+tree of key tuples in the index's own order, valued
 * by the document's _id key string. Arrays are expanded (multikey) as MongoDB does.
 */
export class BTreeIndex {
  readonly fields: readonly string[]
  readonly directions: readonly (1 | -1)[]
  readonly tree: SortedTree<IndexKey, string>
  multikey = false
  private readonly partial: Query | undefined

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key)
    this.directions = this.fields.map((f) => (spec.key[f] === -1 ? -1 : 1))
    this.partial = spec.partialFilterExpression ? new Query(spec.partialFilterExpression) : undefined
    const dirs = this.directions
    this.tree = createSortedTree<IndexKey, string>((a, b) => {
      for (let i = 0; i < dirs.length; i++) {
        const c = compareValues(a[i], b[i])
        if (c !== 0) return c * dirs[i]!
      }
      return compareValues(a[dirs.length], b[dirs.length])
    })
  }

  get name(): string {
    return this.spec.name
  }

  get unique(): boolean {
    return this.spec.unique === true
  }

  /** The key tuples (without _id) a document contributes; none when sparse or partial excludes it. */
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
      const distinct = dedupe(values.map((v) => (v === undefined ? null : v)))
      tuples = tuples.flatMap((t) => distinct.map((v) => [...t, v]))
    }
    if (expanded.length > 0) this.multikey = true
    return tuples
  }

  add(keys: IndexKey[], id: unknown, idKey: string): void {
    for (const k of keys) this.tree.set([...k, id], idKey)
  }

  remove(keys: IndexKey[], id: unknown): void {
    for (const k of keys) this.tree.delete([...k, id])
  }

  /** The _id key of another document holding one of these keys, if any (for unique indexes). */
  conflict(keys: IndexKey[], ownIdKey: string | undefined): { key: IndexKey; idKey: string } | undefined {
    for (const k of keys) {
      let found: string | undefined
      this.tree.forRange([...k, MIN], [...k, MAX], true, (_key, idKey) => {
        if (idKey !== ownIdKey) {
          found = idKey
          return { break: true }
        }
        return undefined
      })
      if (found !== undefined) return { key: k, idKey: found }
    }
    return undefined
  }

  /** The lowest and highest sentinel of field i in tree order. */
  lowest(i: number): unknown {
    return this.directions[i] === 1 ? MIN : MAX
  }

  highest(i: number): unknown {
    return this.directions[i] === 1 ? MAX : MIN
  }

  clear(): void {
    this.tree.clear()
    this.multikey = false
  }
}

function dedupe(values: unknown[]): unknown[] {
  if (values.length < 2) return values
  const out: unknown[] = []
  for (const v of values) if (!out.some((o) => compareValues(o, v) === 0)) out.push(v)
  return out
}

export { MIN as MIN_KEY, MAX as MAX_KEY }
