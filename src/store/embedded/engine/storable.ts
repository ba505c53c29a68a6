import { badValue } from '../errors.ts'
import { isPlainObject, type Doc } from './paths.ts'

const REFUSED_TYPES: Record<string, string> = {
  Long: 'int64 (Long) values are not supported by the embedded store; store numbers below 2^53 as doubles',
  Decimal128: 'Decimal128 values are not supported by the embedded store',
}

/**
 * Refuses what the embedded store does not keep exactly: Long and Decimal128 values (it
 * would round them) and $-prefixed top-level field names. The 16 MiB limit is checked when
 * the document is encoded. `only`: the top-level fields to look at, when the others are
 * already stored.
 */
export function checkStorable(doc: Doc, only?: ReadonlySet<string>): void {
  for (const key of only ?? Object.keys(doc)) {
    if (!Object.hasOwn(doc, key)) continue
    if (key.startsWith('$')) throw badValue(`Document can't have $ prefixed field names: ${key}`)
    const refused = refusedType(doc[key])
    if (refused) throw badValue(`${REFUSED_TYPES[refused]} (field '${key}')`)
  }
}

/** The refused BSON type somewhere inside a value, if any. */
function refusedType(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || value instanceof Date) return undefined
  if (Array.isArray(value)) {
    for (const v of value) {
      const found = refusedType(v)
      if (found) return found
    }
    return undefined
  }
  if (isPlainObject(value)) {
    for (const key of Object.keys(value)) {
      const found = refusedType(value[key])
      if (found) return found
    }
    return undefined
  }
  const tag = (value as { _bsontype?: string })._bsontype
  return tag && REFUSED_TYPES[tag] ? tag : undefined
}
