import type { Vocabulary } from './vocabulary.ts'
import { anyOf } from './patterns.ts'

export interface Signals {
  readonly question: RegExp
  readonly future: RegExp
  readonly ticket: RegExp
  readonly ownOpinion: RegExp
  readonly progress: RegExp
  readonly done: RegExp
  /** Words a query or help message has; without them the classifier's guess is not believed. */
  readonly support: ReadonlyMap<string, RegExp>
}

export function compileSignals(vocabulary: Vocabulary['intents']['signals']): Signals {
  return {
    question: anyOf(vocabulary.question),
    future: anyOf(vocabulary.future),
    ticket: anyOf(vocabulary.ticket),
    ownOpinion: anyOf(vocabulary.ownOpinion),
    progress: anyOf(vocabulary.progress),
    done: anyOf(vocabulary.done),
    support: new Map(Object.entries(vocabulary.support).map(([intent, sources]) => [intent, anyOf(sources, 'i')])),
  }
}
