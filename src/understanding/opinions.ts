import { splitClauses } from './clauses.ts'
import { findCue, type OpinionGrammar } from './opinion-grammar.ts'
import { blank, type Span } from './patterns.ts'
import { cutPoints, type Point } from './points.ts'

export interface FoundOpinions {
  /** Each point, as a span of the text. */
  readonly points: Point[]
  /** Text that belongs to the opinions (and their follow-up), not to the contact. */
  readonly covered: Span[]
  /** Who raised the first point (同学们), when the text says so. */
  readonly speaker: Span | null
  readonly anonymous: boolean
}

/**
 * Opinions carried by a contact report: everything after the first cue (反映, 建议 …) up to a clause
 * that tells what the leader did; before it, clauses that state a problem and describe no contact.
 */
export function findReportOpinions(
  text: string,
  grammar: OpinionGrammar,
  describesContact: (words: string) => boolean,
): FoundOpinions {
  const stretches: Span[] = []
  const covered: Span[] = []
  let speaker: Span | null = null
  let inOpinions = false
  for (const [index, clause] of splitClauses(text, 0, text.length, { connective: grammar.connective }).entries()) {
    const words = text.slice(clause.start, clause.end)
    const cue = findCue(words, grammar, describesContact)
    if (cue) {
      inOpinions = true
      if (!speaker && cue.speaker) speaker = { start: clause.start + cue.speaker.start, end: clause.start + cue.speaker.end }
      // Praise after a cue (同学们觉得饭菜不错) is no point, nor is a cue that makes a noun (反映的问题主要有三个：,
      // 提出的问题已转交): the points, if any, follow.
      const rest = words.slice(cue.after)
      if (!rest.startsWith(grammar.modifierMark) && isPoint(rest, grammar)) {
        stretches.push({ start: clause.start + cue.after, end: clause.end })
      }
      covered.push({ start: clause.start + cue.from, end: clause.end })
    } else if (inOpinions && grammar.action.test(words)) {
      inOpinions = false
      covered.push(clause)
    } else if (inOpinions) {
      if (isPoint(words, grammar)) stretches.push(clause)
      covered.push(clause)
    } else if (index > 0 && !describesContact(words) && isProblem(words, grammar)) {
      stretches.push(clause)
      covered.push(clause)
    }
  }
  return { points: cutPoints(text, stretches, grammar), covered, speaker, anonymous: false }
}

/** Opinions of a message that is itself the opinion: all of it but greetings and requests for anonymity. */
export function findSubmittedOpinions(text: string, grammar: OpinionGrammar): FoundOpinions {
  let anonymous = false
  const stretches: Span[] = []
  for (const clause of splitClauses(text, 0, text.length, { connective: grammar.connective })) {
    const words = text.slice(clause.start, clause.end)
    // Someone else's words (同学们都说宿舍太冷了) carry the points: the scene before them that states no
    // problem (上周我们班开班会) is none.
    if (findCue(words, grammar)?.speaker) {
      for (let i = stretches.length - 1; i >= 0; i--) {
        const before = text.slice(stretches[i]!.start, stretches[i]!.end)
        if (!grammar.problem.test(before) || grammar.notProblem.test(before)) stretches.splice(i, 1)
      }
    }
    // 不用匿名 and 不是匿名的 name 匿名 to waive it: taken out before looking for a request, and no point either.
    const waived = [...words.matchAll(grammar.notAnonymous)]
    const asked = [...blank(words, waived.map(spanOf)).matchAll(grammar.anonymous)]
    if (asked.length) anonymous = true
    const said = [...waived, ...asked].sort((a, b) => a.index - b.index)
    if (said.length) {
      const rest = said.reduce((w, m) => w.replace(m[0], ''), words)
      if (hanCount(rest) <= 4 || grammar.filler.test(rest.trim())) continue
      const last = said[said.length - 1]!
      stretches.push({ start: clause.start + (last.index === 0 ? last[0].length : 0), end: clause.end })
      continue
    }
    if (!grammar.filler.test(words)) stretches.push(clause)
  }
  return { points: cutPoints(text, stretches, grammar), covered: stretches, speaker: null, anonymous }
}

function isProblem(words: string, grammar: OpinionGrammar): boolean {
  return grammar.problem.test(words) && !grammar.notProblem.test(words) && !grammar.action.test(words)
}

function isPoint(words: string, grammar: OpinionGrammar): boolean {
  return !grammar.notProblem.test(words) || grammar.problem.test(words)
}

function spanOf(match: RegExpMatchArray): Span {
  return { start: match.index!, end: match.index! + match[0].length }
}

function hanCount(words: string): number {
  return (words.match(/\p{Script=Han}/gu) ?? []).length
}
