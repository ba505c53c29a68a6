import { analyseContact } from './analyse-contact.ts'
import { compileAmounts } from './amounts.ts'
import { compileCategories } from './categories.ts'
import { compileCommands } from './commands.ts'
import { compileDateGrammar } from './date-grammar.ts'
import { trainIntentClassifier, type Example } from './intent-classifier.ts'
import { intentFeatures } from './intent-features.ts'
import { compileKinds } from './kinds.ts'
import { normalizeText } from './normalize-text.ts'
import { compileOpinions } from './opinion-grammar.ts'
import { compile } from './patterns.ts'
import { compilePlaces } from './places.ts'
import { compileSignals } from './signals.ts'
import { compileSlips, fixSlips } from './slips.ts'
import { compileTargets } from './targets.ts'
import type { Grammar, Understanding } from './understanding.ts'
import { INTENTS, loadVocabulary, type Vocabulary } from './vocabulary.ts'

/** Training examples are dated at a fixed moment: only the presence of a date is a feature. */
const TRAINING_NOW = new Date('2026-01-01T12:00:00+08:00')

/**
 * Compiles the vocabulary and trains the intent classifier on its utterances; done once at start.
 * Takes the vocabulary directory (conversations/vocabulary) or an already loaded vocabulary.
 */
export function createUnderstanding(source: string | Vocabulary): Understanding {
  const vocabulary = typeof source === 'string' ? loadVocabulary(source) : source
  const places = compilePlaces(vocabulary.places)
  const targets = compileTargets(vocabulary.targets)
  const grammar: Grammar = {
    dates: compileDateGrammar(vocabulary.dates),
    amounts: compileAmounts(vocabulary.amounts, vocabulary.dates.numerals),
    kinds: compileKinds(vocabulary.kinds),
    places,
    targets,
    opinions: compileOpinions(vocabulary.opinions),
    categories: compileCategories(vocabulary.categories),
    commands: compileCommands(vocabulary.commands),
    signals: compileSignals(vocabulary.intents.signals),
    slips: compileSlips(vocabulary.slips),
    contactStart: compile(`^(?:${places.introducer.source}|${targets.introducer.source}|${targets.preposition.source})`),
  }
  const examples: Example[] = INTENTS.flatMap((intent) =>
    vocabulary.intents.intents[intent].map((utterance) => {
      const normalized = fixSlips(normalizeText(utterance), grammar.slips)
      const contact = analyseContact(utterance, normalized, TRAINING_NOW, grammar)
      return { intent, features: intentFeatures(normalized, contact, grammar) }
    }),
  )
  return { ...grammar, classifier: trainIntentClassifier(examples) }
}
