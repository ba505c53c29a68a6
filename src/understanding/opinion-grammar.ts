import type { Vocabulary } from './vocabulary.ts'
import { alternation, anyOf, compile } from './patterns.ts'

export interface OpinionGrammar {
  readonly cue: RegExp
  readonly speaker: RegExp
  readonly speakerTail: RegExp
  readonly leadIns: readonly RegExp[]
  readonly trailingParticle: RegExp
  readonly split: RegExp
  /** A message that opens with a split word (还有就是…) adds points to what came before. */
  readonly opensMore: RegExp
  /** Spoken connectives (然后) that start a clause of a message typed without punctuation. */
  readonly connective: RegExp
  readonly connectiveStart: RegExp
  readonly action: RegExp
  readonly filler: RegExp
  readonly followUp: RegExp
  /** A clause that only tells the consequence of the previous point or judges it (影响入职, 很不安全). */
  readonly consequence: RegExp
  readonly comment: RegExp
  readonly bareTopicMaxHan: number
  readonly problem: RegExp
  readonly notProblem: RegExp
  readonly anonymous: RegExp
  /** Words that say the writer may be named (不用匿名, 可以实名). */
  readonly notAnonymous: RegExp
  readonly raise: RegExp
  readonly asksAnonymity: RegExp
  readonly modifierMark: string
  /** Words that open another point of a submission: a new ticket (opinion-tickets.ts). */
  readonly ticketBreak: RegExp
}

export function compileOpinions(vocabulary: Vocabulary['opinions']): OpinionGrammar {
  return {
    cue: compile([alternation(vocabulary.cues), ...vocabulary.cuePatterns].join('|'), 'g'),
    speaker: anyOf(vocabulary.speakerPatterns),
    speakerTail: anyOf(vocabulary.speakerTailPatterns),
    leadIns: vocabulary.leadInPatterns.map((p) => compile(p, 'i')),
    trailingParticle: compile(`(?:${alternation(vocabulary.trailingParticles)})$`),
    split: compile(`(?:${alternation(vocabulary.splitWords)})`, 'g'),
    opensMore: compile(`^(?:${alternation(vocabulary.splitWords)})`),
    connective: compile(`(?:${alternation(vocabulary.clauseConnectives)})`, 'g'),
    connectiveStart: compile(`^\\s*(?:${alternation(vocabulary.clauseConnectives)})`),
    action: anyOf(vocabulary.actionPatterns),
    filler: anyOf(vocabulary.fillerPatterns, 'i'),
    followUp: anyOf(vocabulary.followUpPatterns),
    consequence: anyOf(vocabulary.consequencePatterns),
    comment: anyOf(vocabulary.commentPatterns),
    bareTopicMaxHan: vocabulary.bareTopicMaxHan,
    problem: anyOf(vocabulary.problemPatterns, 'i'),
    notProblem: anyOf(vocabulary.notProblemPatterns, 'i'),
    anonymous: anyOf(vocabulary.anonymousPatterns, 'g'),
    notAnonymous: anyOf(vocabulary.notAnonymousPatterns, 'g'),
    raise: anyOf(vocabulary.raisePatterns, 'i'),
    asksAnonymity: anyOf(vocabulary.anonymousPatterns),
    modifierMark: vocabulary.modifierMark,
    ticketBreak: anyOf(vocabulary.ticketBreakPatterns),
  }
}

export interface Cue {
  /** Where the opinion starts: just after the cue (relative to the clause). */
  readonly after: number
  /** Where the text that belongs to the opinion (speaker and cue included) starts. */
  readonly from: number
  /** The speaker (同学们 in 同学们普遍反映), when one is named. */
  readonly speaker: { readonly start: number; readonly end: number } | null
}

/**
 * The first cue in `clause` whose text before it is only a speaker (同学们普遍反映), or, when
 * `describesContact` says the text before it tells of the contact, any cue after it (座谈他说 …).
 */
export function findCue(
  clause: string,
  grammar: OpinionGrammar,
  describesContact?: (prefix: string) => boolean,
): Cue | null {
  for (const match of clause.matchAll(grammar.cue)) {
    const prefix = clause.slice(0, match.index)
    const after = match.index + match[0].length
    const tail = grammar.speakerTail.exec(prefix)
    const speaker = tail ? { start: tail.index, end: tail.index + (tail[1] ?? tail[0]).length } : null
    const before = prefix.slice(0, tail?.index ?? prefix.length)
    if (before.trim() && describesContact?.(before)) return { after, from: tail?.index ?? match.index, speaker }
    if (grammar.speaker.test(prefix)) return { after, from: 0, speaker }
  }
  return null
}
