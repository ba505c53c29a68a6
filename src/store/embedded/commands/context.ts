import type { Document } from 'bson'
import type { Catalog } from '../engine/catalog.ts'
import { invalidNamespace } from '../errors.ts'
import type { CursorRegistry } from './cursors.ts'

export interface CommandContext {
  readonly catalog: Catalog
  readonly cursors: CursorRegistry
  /** The database the command names in `$db`. */
  readonly db: string
}

/** A command handler: runs synchronously against the catalog and returns the reply body. */
export type CommandHandler = (command: Document, context: CommandContext) => Document

/** The collection a command names in its first field, e.g. `{ find: "contacts" }`. */
export function collectionName(command: Document, field: string): string {
  const value = command[field]
  if (typeof value !== 'string' || value.length === 0) {
    throw invalidNamespace(`collection name has invalid type ${value === null ? 'null' : typeof value}`)
  }
  return value
}
