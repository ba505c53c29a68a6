/**
 * The documents (by _id key) holding one index key, in insertion order: one string, a
 * short array, or a Set once there are many. Most keys are held by one or a few documents,
 * and a Set costs about 400 bytes even for two, an exact two-element array 64; past
 * MAX_ARRAY_IDS a Set keeps adding and removing constant-time.
 */
export type Posting = string | string[] | Set<string>

const MAX_ARRAY_IDS = 16

/** The posting with `id` added (unchanged when it is already there). */
export function withId(posting: Posting | undefined, id: string): Posting {
  if (posting === undefined) return id
  if (typeof posting === 'string') return posting === id ? posting : [posting, id]
  if (Array.isArray(posting)) {
    if (posting.includes(id)) return posting
    if (posting.length < MAX_ARRAY_IDS) {
      posting.push(id)
      return posting
    }
    return new Set([...posting, id])
  }
  return posting.add(id)
}

/** The posting with `id` removed; undefined once no document is left. */
export function withoutId(posting: Posting, id: string): Posting | undefined {
  if (typeof posting === 'string') return posting === id ? undefined : posting
  if (Array.isArray(posting)) {
    const at = posting.indexOf(id)
    if (at >= 0) posting.splice(at, 1)
  } else posting.delete(id)
  const size = postingSize(posting)
  return size === 1 ? (Array.isArray(posting) ? posting[0]! : posting.values().next().value!) : size === 0 ? undefined : posting
}

export function postingSize(posting: Posting): number {
  return typeof posting === 'string' ? 1 : Array.isArray(posting) ? posting.length : posting.size
}

/** The ids in insertion order, or in reverse. */
export function postingIds(posting: Posting, reverse: boolean): Iterable<string> {
  if (typeof posting === 'string') return [posting]
  return reverse ? [...posting].reverse() : posting
}
