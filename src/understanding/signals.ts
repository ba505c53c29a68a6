import type { Vocabulary } from './vocabulary.ts'
import { anyOf } from './patterns.ts'

export interface Signals {
  readonly question: RegExp
  readonly future: RegExp
  readonly ticket: RegExp
}

export function compileSignals(vocabulary: Vocabulary['intents']['signals']): Signals {
  return {
    question: anyOf(vocabulary.question),
    future: anyOf(vocabulary.future),
    ticket: anyOf(vocabulary.ticket),
  }
}
