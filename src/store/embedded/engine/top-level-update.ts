import type { Document } from 'bson'
import { cloneValue, type Doc } from './paths.ts'

const SIMPLE_OPERATORS = new Set(['$set', '$unset', '$inc'])

/**
 * $set, $unset and $inc of top-level fields, applied in place: what most updates are (a
 * status, a lease, a counter). mingo's updater builds its operator context and compiles the
 * filter on every call, about a hundred times the work of this. Only the named fields are
 * assigned (values copied, nothing nested changed in place), so a shallow copy may be given.
 * Returns the fields written, or undefined, changing nothing, for anything else (dotted or
 * positional paths, other operators), which then goes to mingo. The caller has already
 * checked operators, conflicts and $inc's types.
 */
export function applyTopLevelUpdate(doc: Doc, ops: Record<string, Document>): ReadonlySet<string> | undefined {
  for (const op of Object.keys(ops)) {
    if (!SIMPLE_OPERATORS.has(op)) return undefined
    const fields = ops[op]!
    for (const field of Object.keys(fields)) {
      if (!isTopLevelName(field)) return undefined
      const value = fields[field]
      if (value === undefined || (op === '$inc' && (typeof value !== 'number' || (doc[field] !== undefined && typeof doc[field] !== 'number')))) return undefined
    }
  }
  const written = new Set<string>()
  for (const op of Object.keys(ops)) {
    const fields = ops[op]!
    for (const field of Object.keys(fields)) {
      if (op === '$set') doc[field] = cloneValue(fields[field])
      else if (op === '$unset') delete doc[field]
      else doc[field] = ((doc[field] as number | undefined) ?? 0) + (fields[field] as number)
      written.add(field)
    }
  }
  return written
}

function isTopLevelName(field: string): boolean {
  return field.length > 0 && !field.includes('.') && !field.startsWith('$')
}
