import type { Vocabulary } from './vocabulary.ts'
import { alternation, anyOf, compile, type Span } from './patterns.ts'

export interface PlaceGrammar {
  readonly introducer: RegExp
  readonly skip: RegExp
  readonly stop: RegExp
  readonly ending: RegExp
  readonly notEnding: RegExp
  readonly numbered: RegExp
  readonly standalone: RegExp
  readonly dropPrefix: RegExp
}

const PLACE_CHAR = /[\p{Script=Han}A-Za-z0-9#-]/u

export function compilePlaces(vocabulary: Vocabulary['places']): PlaceGrammar {
  return {
    introducer: compile(`(?:${alternation(vocabulary.introducers)})`, 'g'),
    skip: anyOf(vocabulary.skipPatterns),
    stop: compile(`^(?:${alternation(vocabulary.stopWords)})`),
    ending: compile(`(?:${alternation(vocabulary.endings)})$`),
    notEnding: compile(`(?:${alternation(vocabulary.notEndings)})$`),
    numbered: anyOf(vocabulary.numberedPatterns, 'i'),
    standalone: compile(
      `(?:${[alternation(vocabulary.named), ...vocabulary.numberedVenuePatterns].join('|')})` +
        `(?=$|[^\\p{Script=Han}0-9]|${alternation(vocabulary.stopWords.filter((w) => w !== vocabulary.modifierMark))})`,
      'g',
    ),
    dropPrefix: compile(`^(?:${alternation(vocabulary.dropPrefixes)})(?=.)`),
  }
}

export interface FoundPlace extends Span {
  readonly text: string
}

/**
 * The venue of a contact: the first "在/去/到 … place word" in `contactText`, else a named or
 * numbered venue standing alone. Indices refer to `contactText`, which has the original's indices.
 */
export function findPlace(contactText: string, grammar: PlaceGrammar): FoundPlace | null {
  for (const intro of contactText.matchAll(grammar.introducer)) {
    let start = intro.index + intro[0].length
    const skipped = grammar.skip.exec(contactText.slice(start))
    if (skipped?.index === 0) start += skipped[0].length
    let end = start
    while (end < contactText.length && PLACE_CHAR.test(contactText[end]!)) {
      if (grammar.stop.test(contactText.slice(end))) break
      end++
    }
    const place = trimToPlace(contactText, start, end, grammar)
    if (place) return place
  }
  for (const match of contactText.matchAll(grammar.standalone)) {
    return dropPrefix(contactText, match.index, match.index + match[0].length, grammar)
  }
  return null
}

/** Cuts a captured stretch back to its last place word (3号楼会议室和 → 3号楼会议室). */
function trimToPlace(text: string, start: number, end: number, grammar: PlaceGrammar): FoundPlace | null {
  const captured = text.slice(start, end)
  if (grammar.numbered.test(captured)) return { start, end, text: captured }
  for (let cut = end; cut > start; cut--) {
    const candidate = text.slice(start, cut)
    if (grammar.ending.test(candidate) && !grammar.notEnding.test(candidate)) return dropPrefix(text, start, cut, grammar)
  }
  return null
}

function dropPrefix(text: string, start: number, end: number, grammar: PlaceGrammar): FoundPlace {
  const prefix = grammar.dropPrefix.exec(text.slice(start, end))
  const from = start + (prefix ? prefix[0].length : 0)
  return { start: from, end, text: text.slice(from, end) }
}
