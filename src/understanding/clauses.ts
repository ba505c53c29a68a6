import type { Span } from './patterns.ts'

/**
 * Punctuation, white space and emoji end a clause; a clause keeps the indices of the text. A space
 * after a word of one or two characters does not (热水 只有晚上供应 is one point typed loosely).
 */
const BOUNDARY = /[，,。．;；！!？?：:\n\r\t ()（）【】[\]「」“”"~～…]|\p{Extended_Pictographic}/u

export function splitClauses(text: string, from = 0, to = text.length): Span[] {
  const clauses: Span[] = []
  let start = from
  for (let i = from; i <= to; i++) {
    const boundary = BOUNDARY.test(text[i] ?? '') && !isClockColon(text, i) && !(text[i] === ' ' && i - start <= 2 && i > start)
    if (i === to || boundary || isSurrogateBoundary(text, i)) {
      if (i > start) clauses.push({ start, end: i })
      start = i + 1
    }
  }
  return clauses
}

/** 14:30 is a time, not two clauses. */
function isClockColon(text: string, i: number): boolean {
  return (text[i] === ':' || text[i] === '：') && /[0-9]/.test(text[i - 1] ?? '') && /[0-9]/.test(text[i + 1] ?? '')
}

/** Emoji outside the basic plane are two UTF-16 units; both end the clause. */
function isSurrogateBoundary(text: string, i: number): boolean {
  const code = text.charCodeAt(i)
  return code >= 0xd800 && code <= 0xdfff
}
