import type { Vocabulary } from './vocabulary.ts'
import { alternation, compile } from './patterns.ts'

/** Typing slips and the words meant, compiled once. */
export interface SlipFixer {
  readonly pattern: RegExp
  readonly words: ReadonlyMap<string, string>
}

export function compileSlips(vocabulary: Vocabulary['slips']): SlipFixer {
  const words = new Map(Object.entries(vocabulary.slips).map(([slip, word]) => [slip.toLowerCase(), word.toLowerCase()]))
  return { pattern: compile(alternation([...words.keys()]), 'g'), words }
}

/**
 * Replaces each slip (座淡, 宿社) with the word meant. Slips and words have the same length, so
 * every index into the result is still an index into what the user typed.
 */
export function fixSlips(normalized: string, fixer: SlipFixer): string {
  if (!fixer.words.size) return normalized
  return normalized.replace(fixer.pattern, (slip) => fixer.words.get(slip) ?? slip)
}
