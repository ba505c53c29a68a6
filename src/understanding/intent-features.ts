import type { ContactAnalysis } from './analyse-contact.ts'
import { bare } from './commands.ts'
import type { Grammar } from './understanding.ts'

/**
 * Features of a message for the intent classifier: character unigrams and bigrams (digits folded
 * together, since 2101班 and 3栋 say the same), plus flags from the rules that read the message.
 */
export function intentFeatures(normalized: string, contact: ContactAnalysis, grammar: Grammar): string[] {
  const chars = [...bare(normalized).replace(/[0-9]+/gu, '0')]
  const features = new Set<string>(chars)
  for (let i = 1; i < chars.length; i++) features.add(chars[i - 1]! + chars[i]!)
  const flags: ReadonlyArray<readonly [string, boolean]> = [
    ['kind', contact.saysKind],
    ['date', contact.date !== null],
    ['target', contact.targets.length > 0],
    ['place', contact.place !== null],
    ['cue', contact.hasOpinionCue],
    ['problem', grammar.opinions.problem.test(normalized)],
    ['question', grammar.signals.question.test(normalized)],
    ['future', grammar.signals.future.test(normalized)],
    ['short', chars.length <= 4],
  ]
  for (const [name, on] of flags) if (on) features.add(`#${name}`)
  return [...features]
}
