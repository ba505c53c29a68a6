import { EJSON } from 'bson'

/** bson 7 keeps an ObjectId's 12 bytes as four 24-bit integers. */
interface ObjectIdParts {
  readonly i0: number
  readonly i1: number
  readonly i2: number
  readonly i3: number
}

/**
 * A string that is equal for two _id values exactly when MongoDB treats them as the same
 * _id (so 1 and 1.0 collide, as they do in a unique index).
 */
export function idKey(id: unknown): string {
  if (typeof id === 'string') return `s${id}`
  if (typeof id === 'number') return `n${Object.is(id, -0) ? 0 : id}`
  if (id && typeof id === 'object') {
    const tag = (id as { _bsontype?: string })._bsontype
    if (tag === 'ObjectId') return objectIdKey(id as ObjectIdParts)
    if (id instanceof Date) return `d${id.getTime()}`
  }
  return `x${EJSON.stringify(id as never, { relaxed: true })}`
}

/**
 * 'o' and the 12 bytes as one-byte characters: a short flat string. A hex string built by
 * concatenation would be a chain of rope nodes, several times larger, kept in every index.
 */
function objectIdKey({ i0, i1, i2, i3 }: ObjectIdParts): string {
  return String.fromCharCode(
    0x6f,
    i0 >>> 16, (i0 >>> 8) & 0xff, i0 & 0xff,
    i1 >>> 16, (i1 >>> 8) & 0xff, i1 & 0xff,
    i2 >>> 16, (i2 >>> 8) & 0xff, i2 & 0xff,
    i3 >>> 16, (i3 >>> 8) & 0xff, i3 & 0xff,
  )
}
