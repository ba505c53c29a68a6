import { createRequire } from 'node:module'

/** The part of sorted-btree's BTree that the indexes use. */
export interface SortedTree<K, V> {
  readonly size: number
  get(key: K): V | undefined
  set(key: K, value: V): boolean
  delete(key: K): boolean
  clear(): void
  entries(lowestKey?: K): IterableIterator<[K, V]>
  entriesReversed(highestKey?: K): IterableIterator<[K, V]>
  forRange(low: K, high: K, includeHigh: boolean, onFound: (key: K, value: V) => { break: true } | undefined): number
  _compare(a: K, b: K): number
}

type TreeConstructor = new <K, V>(entries: undefined, compare: (a: K, b: K) => number) => SortedTree<K, V>

/**
 * sorted-btree is CommonJS with `exports.default`; seen from ESM its class sits one default
 * deeper than its typings say, so it is loaded through require and typed by the interface above.
 */
const require = createRequire(import.meta.url)
const Tree = (require('sorted-btree') as { default: TreeConstructor }).default

export function createSortedTree<K, V>(compare: (a: K, b: K) => number): SortedTree<K, V> {
  return new Tree<K, V>(undefined, compare)
}
