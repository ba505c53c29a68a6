import type { Document } from 'bson'
import type { IndexSpec } from './btree-index.ts'

/**
 * One change to the data, as the journal stores it: a redo record that replays the same
 * change at recovery without running the command again. Documents travel as BSON bytes.
 */
export type WriteRecord =
  | { readonly op: 'insert'; readonly db: string; readonly coll: string; readonly doc: Uint8Array }
  | { readonly op: 'replace'; readonly db: string; readonly coll: string; readonly doc: Uint8Array }
  | { readonly op: 'delete'; readonly db: string; readonly coll: string; readonly id: unknown }
  | { readonly op: 'createCollection'; readonly db: string; readonly coll: string; readonly options: Document; readonly uuid: unknown }
  | { readonly op: 'dropCollection'; readonly db: string; readonly coll: string }
  | { readonly op: 'dropDatabase'; readonly db: string }
  | { readonly op: 'createIndex'; readonly db: string; readonly coll: string; readonly spec: IndexSpec }
  | { readonly op: 'dropIndex'; readonly db: string; readonly coll: string; readonly name: string }
