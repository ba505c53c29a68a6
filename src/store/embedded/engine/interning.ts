import type { ObjectId } from 'bson'

/** Strings up to this length are shared; longer ones are rarely repeated. */
const MAX_INTERNED_LENGTH = 48
/** The pool stops growing here, so a stream of unique values cannot grow memory without bound. */
const MAX_POOL_SIZE = 250_000

/**
 * Shares equal strings, ObjectIds and Dates between index entries: every document is decoded
 * with fresh copies of its values, though indexed values repeat (the leader a contact belongs
 * to, its kind, its day). All three are never mutated, so sharing them is invisible.
 */
export class InternPool {
  private readonly values = new Map<string, unknown>()

  value<T>(value: T): T {
    let key: string
    if (typeof value === 'string') {
      if (value.length > MAX_INTERNED_LENGTH) return value
      key = `s${value}`
    } else if (value instanceof Date) key = `d${value.getTime()}`
    else if ((value as { _bsontype?: string } | null)?._bsontype === 'ObjectId') key = `o${(value as ObjectId).toHexString()}`
    else return value
    const shared = this.values.get(key)
    if (shared !== undefined) return shared as T
    if (this.values.size < MAX_POOL_SIZE) this.values.set(key, value)
    return value
  }
}
