import { findDate } from './find-date.ts'
import { findKinds } from './kinds.ts'
import { findReportOpinions } from './opinions.ts'
import { blank, type Span } from './patterns.ts'
import { findPlace } from './places.ts'
import { findTargets } from './targets.ts'
import type { Grammar } from './understanding.ts'

export interface ContactAnalysis {
  readonly kinds: string[]
  readonly online: boolean
  readonly date: string | null
  readonly time: string | null
  readonly place: string | null
  readonly targets: string[]
  readonly opinions: string[]
  /** The contact part of the message, as written, without the opinions. */
  readonly summary: string
  /** Whether any kind word is said (not only implied by a venue or a fallback word). */
  readonly saysKind: boolean
  /** Whether the place follows 在/去/到 …, so the text says someone went there. */
  readonly placeIntroduced: boolean
  readonly hasOpinionCue: boolean
}

/** Reads a message as a contact report; `text` is the original, `normalized` its normalizeText. */
export function analyseContact(text: string, normalized: string, now: Date, grammar: Grammar): ContactAnalysis {
  const describesContact = (words: string) => describes(words, grammar)
  const opinions = findReportOpinions(normalized, grammar.opinions, describesContact)
  const contactText = blank(normalized, opinions.covered)
  const place = findPlace(
    contactText,
    grammar.places,
    (words) => grammar.dates.anyTime.test(words),
    (words) => grammar.targets.people.test(words),
  )
  const found = findTargets(place ? blank(contactText, [place]) : contactText, grammar.targets)
  const targetSpans: Span[] = found.spans.length ? found.spans : opinions.speaker ? [opinions.speaker] : []
  const kinds = findKinds(contactText, blank(contactText, targetSpans), grammar.kinds)
  const { date, time } = findDate(contactText, now, grammar.dates)
  return {
    kinds: kinds.kinds,
    online: kinds.online,
    date,
    time,
    place: place ? text.slice(place.start, place.end) : null,
    targets: (found.targets.length ? found.targets : opinions.speaker ? [opinions.speaker] : [])
      .map((t) => text.slice(t.start, t.end)),
    opinions: opinions.points.map((p) => text.slice(p.start, p.end)),
    summary: summarise(text, opinions.covered),
    saysKind: grammar.kinds.some((k) => k.said.test(contactText)),
    placeIntroduced: place?.introduced ?? false,
    hasOpinionCue: opinions.covered.length > 0,
  }
}

/** Whether a stretch of text tells of the contact itself (a kind, or whom or where). */
export function describes(words: string, grammar: Grammar): boolean {
  if (grammar.kinds.some((k) => k.said.test(words))) return true
  // 然后跟几个同学聊了一下: a spoken connective before the contact does not hide it.
  return grammar.contactStart.test(words.replace(grammar.opinions.connectiveStart, '').trimStart())
}

function summarise(text: string, opinionSpans: readonly Span[]): string {
  return blank(text, opinionSpans)
    .replace(/[\s，,。；;：:]+$/u, '')
    .replace(/\s{2,}/gu, ' ')
    .trim()
    .slice(0, 80)
}
