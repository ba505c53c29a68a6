import type { AmountGrammar } from './amounts.ts'
import type { CategoryMatcher } from './categories.ts'
import type { CommandGrammar } from './commands.ts'
import type { DateGrammar } from './date-grammar.ts'
import type { IntentClassifier } from './intent-classifier.ts'
import type { KindMatcher } from './kinds.ts'
import type { OpinionGrammar } from './opinion-grammar.ts'
import type { PlaceGrammar } from './places.ts'
import type { Signals } from './signals.ts'
import type { SlipFixer } from './slips.ts'
import type { TargetGrammar } from './targets.ts'

/** The vocabulary compiled once at start and the trained classifier: what `parse` needs besides the text. */
export interface Understanding {
  readonly dates: DateGrammar
  readonly amounts: AmountGrammar
  readonly kinds: readonly KindMatcher[]
  readonly places: PlaceGrammar
  readonly targets: TargetGrammar
  readonly opinions: OpinionGrammar
  readonly categories: CategoryMatcher
  readonly commands: CommandGrammar
  readonly signals: Signals
  /** Typing slips corrected before anything else reads the text. */
  readonly slips: SlipFixer
  /** Text that starts like a contact: 在/去 … (a place) or 和/给 … (a target). */
  readonly contactStart: RegExp
  readonly classifier: IntentClassifier
}

/** Everything but the classifier, which is trained with features that need the rest. */
export type Grammar = Omit<Understanding, 'classifier'>
