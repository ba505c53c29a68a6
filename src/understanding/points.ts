import { bare } from './commands.ts'
import { findCue, type OpinionGrammar } from './opinion-grammar.ts'
import type { Span } from './patterns.ts'

const EDGE = /[^\p{Script=Han}A-Za-z0-9]/u

/** A point; when a follow-up (希望尽快修) joined it, `subjectEnd` is where the point itself ends. */
export interface Point extends Span {
  readonly subjectEnd?: number
}

/**
 * Cuts stretches of opinion text into points: at 还有/另外 …, at 、 between two statements, without
 * numbering, cue or speaker; a clause that only asks to fix the previous one joins it, and so does
 * one that says what is wrong with a bare topic before it (食堂，太贵了).
 */
export function cutPoints(text: string, stretches: readonly Span[], grammar: OpinionGrammar): Point[] {
  const points: Point[] = []
  for (const part of stretches.flatMap((s) => splitStretch(text, s, grammar))) {
    const point = trimPoint(text, part, grammar)
    if (!point) continue
    const words = text.slice(point.start, point.end)
    if (grammar.filler.test(words)) continue
    const previous = points[points.length - 1]
    if (previous && (grammar.followUp.test(words.replace(/\s+/gu, '')) || grammar.consequence.test(asTyped(text, part, grammar)))) {
      points[points.length - 1] = { start: previous.start, end: point.end, subjectEnd: previous.subjectEnd ?? previous.end }
    } else if (previous && commentsOnTopic(text, previous, part, grammar)) {
      points[points.length - 1] = { start: previous.start, end: point.end }
    } else if (!grammar.followUp.test(words) || !previous) points.push(point)
  }
  return withoutRepeats(text, points)
}

/**
 * A clause as typed, without its leading punctuation (a numbered or 还有 … clause is a point of its own),
 * spaces and a spoken connective, which are pauses in speech typed as said (然后 晚上 很 不安全).
 */
function asTyped(text: string, part: Span, grammar: OpinionGrammar): string {
  return text.slice(part.start, part.end).replace(LEADING_EDGE, '').replace(/\s+/gu, '').replace(grammar.connectiveStart, '')
}

/** The same point said again (宿舍热水不稳定！宿舍热水不稳定！) is one point. */
function withoutRepeats(text: string, points: readonly Point[]): Point[] {
  const seen = new Set<string>()
  return points.filter((p) => {
    const key = bare(text.slice(p.start, p.end))
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/**
 * Whether `part` only says what is wrong with the previous point, a bare topic: its words as typed
 * (a numbered or 还有 … clause is a point of its own) start with a comment (太, 经常 …).
 */
function commentsOnTopic(text: string, previous: Point, part: Span, grammar: OpinionGrammar): boolean {
  if (previous.subjectEnd !== undefined) return false
  const topic = text.slice(previous.start, previous.end)
  const bare = (topic.match(/\p{Script=Han}/gu) ?? []).length <= grammar.bareTopicMaxHan && !grammar.problem.test(topic) && !grammar.notProblem.test(topic)
  return bare && grammar.comment.test(asTyped(text, part, grammar))
}

const LEADING_EDGE = /^[^\p{Script=Han}A-Za-z0-9]+/u

function splitStretch(text: string, stretch: Span, grammar: OpinionGrammar): Span[] {
  const cuts = new Set<number>()
  const body = text.slice(stretch.start, stretch.end)
  for (const match of body.matchAll(grammar.split)) if (match.index > 0) cuts.add(match.index)
  for (let i = body.indexOf('、'); i >= 0; i = body.indexOf('、', i + 1)) {
    const left = body.slice(0, i).split(/[、]/u).pop()!
    const right = body.slice(i + 1).split(/[、]/u)[0]!
    if (left.length >= 4 && right.length >= 3) cuts.add(i)
  }
  const positions = [0, ...[...cuts].sort((a, b) => a - b), body.length]
  return positions.slice(0, -1).map((from, i) => ({ start: stretch.start + from, end: stretch.start + positions[i + 1]! }))
}

function trimPoint(text: string, part: Span, grammar: OpinionGrammar): Span | null {
  let { start, end } = part
  const skipEdges = () => {
    while (start < end && (EDGE.test(text[start]!) || text[start] === '、')) start++
    while (end > start && (EDGE.test(text[end - 1]!) || grammar.trailingParticle.test(text.slice(start, end)))) end--
  }
  skipEdges()
  for (let changed = true; changed && start < end; ) {
    changed = false
    for (const leadIn of grammar.leadIns) {
      const match = leadIn.exec(text.slice(start, end))
      if (match && match[0].length > 0 && match[0].length < end - start) {
        start += match[0].length
        changed = true
      }
    }
    const cue = findCue(text.slice(start, end), grammar)
    if (cue && cue.after < end - start) {
      start += cue.after
      changed = true
    }
    skipEdges()
  }
  return end - start >= 2 ? { start, end } : null
}
