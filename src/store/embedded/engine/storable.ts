import { calculateObjectSize } from 'bson'
import { badValue, bsonObjectTooLarge } from '../errors.ts'
import { MAX_BSON_OBJECT_SIZE } from '../limits.ts'
import { isPlainObject, type Doc } from './paths.ts'

const REFUSED_TYPES: Record<string, string> = {
  Long: 'int64 (Long) values are not supported by the embedded store; store numbers below 2^53 as doubles',
  Decimal128: 'Decimal128 values are not supported by the embedded store',
}

/**
 * Refuses what the embedded store does not keep exactly: Long and Decimal128 values, field
 * names MongoDB forbids, and documents above the 16 MiB BSON limit.
 */
export function checkStorable(doc: Doc): void {
  walk(doc, '')
  const size = calculateObjectSize(doc)
  if (size > MAX_BSON_OBJECT_SIZE) {
    throw bsonObjectTooLarge(`object to insert too large. size in bytes: ${size}, max size: ${MAX_BSON_OBJECT_SIZE}`)
  }
}

function walk(value: unknown, path: string): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, `${path}.${i}`))
    return
  }
  if (isPlainObject(value)) {
    for (const key of Object.keys(value)) {
      if (path === '' && key.startsWith('$')) throw badValue(`Document can't have $ prefixed field names: ${key}`)
      walk(value[key], path ? `${path}.${key}` : key)
    }
    return
  }
  const tag = (value as { _bsontype?: string } | null)?._bsontype
  if (tag && REFUSED_TYPES[tag]) throw badValue(`${REFUSED_TYPES[tag]} (field '${path}')`)
}
