import type { Vocabulary } from './vocabulary.ts'
import { alternation, anyOf } from './patterns.ts'

export interface KindMatcher {
  readonly label: string
  readonly said: RegExp
  readonly venue: RegExp | null
  readonly fallback: RegExp | null
  readonly online: boolean
}

export function compileKinds(vocabulary: Vocabulary['kinds']): KindMatcher[] {
  return vocabulary.kinds.map((kind) => ({
    label: kind.label,
    said: anyOf([alternation(kind.words), ...kind.patterns], 'i'),
    venue: kind.venues.length || kind.venuePatterns.length ? anyOf([alternation(kind.venues), ...kind.venuePatterns], 'i') : null,
    fallback: kind.fallback.length ? anyOf([alternation(kind.fallback)], 'i') : null,
    online: kind.online,
  }))
}

export interface FoundKinds {
  /** Labels in vocabulary order. */
  readonly kinds: string[]
  readonly online: boolean
}

/**
 * Kinds named in the contact part of a message (`contactText`), plus those implied by a venue
 * (`venueText`: the place, and the contact text without its targets, so that 宿舍的同学 does not
 * count as a dorm visit). Fallback phrases count only when nothing else does.
 */
export function findKinds(contactText: string, venueText: string, matchers: readonly KindMatcher[]): FoundKinds {
  const found = matchers.filter((k) => k.said.test(contactText) || (k.venue?.test(venueText) ?? false))
  const kinds = found.length ? found : matchers.filter((k) => k.fallback?.test(contactText) ?? false)
  return { kinds: kinds.map((k) => k.label), online: kinds.some((k) => k.online) }
}
