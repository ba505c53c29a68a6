import type { Span } from './patterns.ts'

/**
 * Punctuation, white space and emoji end a clause; a clause keeps the indices of the text. A space
 * after a word of one or two characters does not (热水 只有晚上供应 is one point typed loosely), nor
 * does an emoji after a short word when a word follows it (宿舍🚿热水😭又没了 is one point decorated).
 */
const BOUNDARY = /[，,。．;；！!？?：:\n\r\t ()（）【】[\]「」“”"~～…]|\p{Extended_Pictographic}/u
const PICTOGRAPH = /\p{Extended_Pictographic}|[\u{1F000}-\u{1FAFF}]|[\uFE0F\u200D]/u
const WORD = /[\p{Script=Han}A-Za-z0-9]/u
/** The longest word an emoji may follow inside a clause. */
const MAX_DECORATED_WORD = 3

/**
 * Speech typed as it was said: most words of one to three characters, each followed by a space
 * (嗯那个 就是 校园网 嗯 晚上 老是 掉线). Such spaces are pauses, not clause ends.
 */
const SPOKEN_MIN_WORDS = 6
const SPOKEN_MAX_WORD = 3

export interface ClauseOptions {
  /** Spoken connectives (然后) that start a new clause, as said in a message without punctuation. */
  readonly connective?: RegExp
}

export function splitClauses(text: string, from = 0, to = text.length, options: ClauseOptions = {}): Span[] {
  const clauses: Span[] = []
  const cuts = new Set<number>()
  if (options.connective) {
    for (const m of text.slice(from, to).matchAll(new RegExp(options.connective, 'gu'))) if (m.index > 0) cuts.add(from + m.index)
  }
  const spoken = isSpoken(text.slice(from, to))
  let start = from
  /** Where the word before an emoji starts: after the clause start or the previous emoji. */
  let word = from
  for (let i = from; i <= to; i++) {
    const emoji = pictographAt(text, i)
    if (emoji && i < to) {
      const after = skipPictographs(text, i)
      if (i > word && i - word <= MAX_DECORATED_WORD && WORD.test(text[after] ?? '')) {
        i = after - 1
        word = after
        continue
      }
    }
    if (cuts.has(i) && i > start) {
      clauses.push({ start, end: i })
      start = i
      word = start
    }
    const space = text[i] === ' '
    const boundary = emoji || (BOUNDARY.test(text[i] ?? '') && !isClockColon(text, i) && !(space && (spoken || (i - start <= 2 && i > start))))
    if (i === to || boundary) {
      if (i > start) clauses.push({ start, end: i })
      start = i + 1
      word = start
    }
  }
  return clauses
}

/** Emoji outside the basic plane are two UTF-16 units; both end the clause. */
function pictographAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i)
  if (code >= 0xd800 && code <= 0xdfff) return true
  return PICTOGRAPH.test(text[i] ?? '')
}

function skipPictographs(text: string, i: number): number {
  let j = i
  while (j < text.length && pictographAt(text, j)) j++
  return j
}

/** 14:30 is a time, not two clauses. */
function isClockColon(text: string, i: number): boolean {
  return (text[i] === ':' || text[i] === '：') && /[0-9]/.test(text[i - 1] ?? '') && /[0-9]/.test(text[i + 1] ?? '')
}

function isSpoken(text: string): boolean {
  if (/[，,。；;！!？?：:\n]/u.test(text)) return false
  const words = text.trim().split(/ +/u)
  return words.length >= SPOKEN_MIN_WORDS && words.filter((w) => [...w].length <= SPOKEN_MAX_WORD).length >= words.length * 0.75
}
