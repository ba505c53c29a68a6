import { chineseNumber } from './chinese-number.ts'
import { normalizeText } from './normalize-text.ts'
import { alternation, compile } from './patterns.ts'
import type { Understanding } from './understanding.ts'
import type { Vocabulary } from './vocabulary.ts'

export interface AmountGrammar {
  readonly classHours: RegExp
  readonly days: RegExp
  readonly halfDay: RegExp
  readonly numerals: Readonly<Record<string, number>>
}

/** What a report says it took, when it says: 课时 taught, days spent. */
export interface Amounts {
  readonly classHours?: number
  readonly days?: number
}

export function compileAmounts(vocabulary: Vocabulary['amounts'], numerals: Readonly<Record<string, number>>): AmountGrammar {
  // A whole number, not the tail of a longer one (the 5 of 25).
  const number = `(?<![0-9.${Object.keys(numerals).join('')}])(\\d+(?:\\.\\d+)?|[${Object.keys(numerals).join('')}]{1,3})`
  const notAfter = (words: readonly string[]) => (words.length > 0 ? `(?<!${alternation(words)})` : '')
  const measure = `\\s*(?:${alternation(vocabulary.measureWords)})?\\s*`
  const half = vocabulary.days.half
  return {
    classHours: compile(`${notAfter(vocabulary.classHours.notAfter)}${number}${measure}(?:${alternation(vocabulary.classHours.units)})`, 'g'),
    days: compile(`${notAfter(vocabulary.days.notAfter)}${number}${measure}(?:${alternation(vocabulary.days.units)})(${half})?`, 'g'),
    halfDay: compile(`(?<![0-9${Object.keys(numerals).join('')}])${half}(?:${alternation(vocabulary.days.units)})`, 'g'),
    numerals,
  }
}

/** The amounts a message states (讲了2个课时 → 2 课时, 驻点办公半天 → 0.5 天, 一天半 → 1.5 天); several add up. */
export function readAmounts(text: string, understanding: Pick<Understanding, 'amounts'>): Amounts {
  const grammar = understanding.amounts
  const normalized = normalizeText(text)
  const value = (written: string) => (/^\d/.test(written) ? Number(written) : (chineseNumber(written, grammar.numerals) ?? Number.NaN))
  let classHours = 0
  for (const m of normalized.matchAll(grammar.classHours)) classHours += value(m[1]!) || 0
  let days = 0
  for (const m of normalized.matchAll(grammar.days)) days += (value(m[1]!) || 0) + (m[2] ? 0.5 : 0)
  for (const _ of normalized.matchAll(grammar.halfDay)) days += 0.5
  return { ...(classHours > 0 ? { classHours } : {}), ...(days > 0 ? { days } : {}) }
}
