import type { Vocabulary } from './vocabulary.ts'
import { alternation, anyOf, compile, type Span } from './patterns.ts'

export interface PlaceGrammar {
  readonly introducer: RegExp
  readonly unitEnding: RegExp
  readonly personSuffix: RegExp
  readonly skip: RegExp
  readonly stop: RegExp
  /** Place words that start with a stop word (交流中心): they do not end the place. */
  readonly notStop: RegExp
  readonly ending: RegExp
  readonly notEnding: RegExp
  readonly room: RegExp
  readonly position: RegExp
  readonly notPlace: RegExp
  readonly spacedWord: RegExp
  readonly modifierMark: string
  /**
   * A stop word that, with a one-character place word, makes one (接待室, 讲堂) does not end the place;
   * 和宿舍 or 调研食堂 are two words.
   */
  readonly placeAhead: RegExp
  readonly numbered: RegExp
  readonly standalone: RegExp
  readonly dropPrefix: RegExp
}

const PLACE_CHAR = /[\p{Script=Han}A-Za-z0-9#-]/u

/** A space between two Latin words belongs to a place (AI Lab). */
function isPlaceChar(text: string, at: number): boolean {
  if (PLACE_CHAR.test(text[at]!)) return true
  return text[at] === ' ' && /[A-Za-z]/u.test(text[at - 1] ?? '') && /[A-Za-z]/u.test(text[at + 1] ?? '')
}

export function compilePlaces(vocabulary: Vocabulary['places']): PlaceGrammar {
  return {
    introducer: compile([`(?:${alternation(vocabulary.introducers)})`, ...vocabulary.introducerPatterns].join('|'), 'g'),
    unitEnding: compile(`(?:${alternation(vocabulary.unitEndings)})$`),
    personSuffix: compile(`^(?:${alternation(vocabulary.personSuffixes)})`),
    skip: anyOf(vocabulary.skipPatterns),
    stop: compile(`^(?:${alternation(vocabulary.stopWords)})`),
    notStop: compile(`^(?:${alternation(vocabulary.notStopWords)})`),
    ending: compile(`(?:${alternation(vocabulary.endings)})$`),
    notEnding: compile(`(?:${alternation(vocabulary.notEndings)})$`),
    room: compile(vocabulary.roomPattern, 'i'),
    position: anyOf(vocabulary.positionPatterns),
    notPlace: anyOf(vocabulary.notPlacePatterns, 'i'),
    spacedWord: compile(vocabulary.spacedWordPattern, 'gi'),
    modifierMark: vocabulary.modifierMark,
    placeAhead: compile(
      `^(?:${alternation(vocabulary.stopWords.filter((w) => !vocabulary.prepositions.includes(w)))})` +
        `(?:${alternation(vocabulary.endings.filter((w) => [...w].length === 1))})`,
    ),
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
  /** Found after an introducer (在, 去 …), not standing alone. */
  readonly introduced: boolean
}

/**
 * The venue of a contact: the first "在/去/到 … place word" in `contactText` (or, before an
 * activity word, any short stretch that is not a time: 在湖边和…), else a named or numbered venue
 * standing alone. Indices refer to `contactText`, which has the original's indices.
 */
export function findPlace(
  contactText: string,
  grammar: PlaceGrammar,
  isTime: (words: string) => boolean,
  namesPeople: (words: string) => boolean = () => false,
): FoundPlace | null {
  for (const intro of contactText.matchAll(grammar.introducer)) {
    let start = intro.index + intro[0].length
    const skipped = grammar.skip.exec(contactText.slice(start))
    if (skipped?.index === 0) start += skipped[0].length
    let end = start
    while (end < contactText.length && isPlaceChar(contactText, end)) {
      const rest = contactText.slice(end)
      if (grammar.stop.test(rest) && !grammar.placeAhead.test(rest) && !grammar.notStop.test(rest)) break
      end++
    }
    const place = trimToPlace(contactText, start, end, grammar) ?? bareVenue(contactText, start, end, grammar, isTime, namesPeople)
    if (place && !ownsPeople(contactText, place, grammar, namesPeople)) return { ...place, introduced: true }
  }
  for (const match of contactText.matchAll(grammar.standalone)) {
    return dropPrefix(contactText, match.index, match.index + match[0].length, grammar)
  }
  for (const match of contactText.matchAll(grammar.spacedWord)) {
    const word = match[0]
    if (grammar.ending.test(word) && !grammar.notEnding.test(word) && !grammar.notPlace.test(word) && !isTime(word)) {
      return dropPrefix(contactText, match.index, match.index + word.length, grammar)
    }
  }
  return null
}

/** A unit followed by 的 and a person (学院的老领导) is whose the person is, not where the contact was. */
function ownsPeople(text: string, place: FoundPlace, grammar: PlaceGrammar, namesPeople: (words: string) => boolean): boolean {
  if (!grammar.unitEnding.test(place.text) || !text.startsWith(grammar.modifierMark, place.end)) return false
  const after = /^[\p{Script=Han}A-Za-z0-9]{1,8}/u.exec(text.slice(place.end + grammar.modifierMark.length))?.[0] ?? ''
  for (let end = after.length; end >= 2; end--) if (namesPeople(after.slice(0, end))) return true
  return false
}

/** Cuts a captured stretch back to its last place word (3号楼会议室和 → 3号楼会议室). */
function trimToPlace(text: string, start: number, end: number, grammar: PlaceGrammar): FoundPlace | null {
  const captured = text.slice(start, end)
  if (grammar.numbered.test(captured)) return { start, end, text: captured, introduced: false }
  for (let cut = end; cut > start; cut--) {
    const candidate = text.slice(start, cut)
    if (candidate.length > 1 && grammar.ending.test(candidate) && !grammar.notEnding.test(candidate) &&
      !grammar.personSuffix.test(text.slice(cut, end))) {
      const room = grammar.room.exec(text.slice(cut, end))
      return dropPrefix(text, start, cut + (room ? room[0].length : 0), grammar)
    }
  }
  return null
}

/** A stretch with no place word after an introducer, taken when an activity word follows it. */
function bareVenue(
  text: string,
  start: number,
  end: number,
  grammar: PlaceGrammar,
  isTime: (words: string) => boolean,
  namesPeople: (words: string) => boolean,
) {
  const words = text.slice(start, end)
  if (words.length < 2 || words.length > 8 || !grammar.stop.test(text.slice(end))) return null
  if (text.startsWith(grammar.modifierMark, end)) return null
  if (grammar.notPlace.test(words) || isTime(words) || /[0-9]/u.test(words) || namesPeople(words)) return null
  return dropPrefix(text, start, end, grammar)
}

/** Without 学校 before it or 门口 after it: the shortest form that names the venue. */
function dropPrefix(text: string, start: number, end: number, grammar: PlaceGrammar): FoundPlace {
  const prefix = grammar.dropPrefix.exec(text.slice(start, end))
  const from = start + (prefix ? prefix[0].length : 0)
  const position = grammar.position.exec(text.slice(from, end))
  const to = position && position.index > 0 && grammar.ending.test(text.slice(from, from + position.index))
    ? from + position.index
    : end
  return { start: from, end: to, text: text.slice(from, to), introduced: false }
}
