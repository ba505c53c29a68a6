import { EJSON } from 'bson'

/**
 * A string that is equal for two _id values exactly when MongoDB treats them as the same
 * _id (so 1 and 1.0 collide, as they do in a unique index).
 */
export function idKey(id: unknown): string {
  if (typeof id === 'string') return `s${id}`
  if (typeof id === 'number') return `n${Object.is(id, -0) ? 0 : id}`
  if (id && typeof id === 'object') {
    const tag = (id as { _bsontype?: string })._bsontype
    if (tag === 'ObjectId') return `o${(id as { toHexString(): string }).toHexString()}`
    if (id instanceof Date) return `d${id.getTime()}`
  }
  return `x${EJSON.stringify(id as never, { relaxed: true })}`
}
