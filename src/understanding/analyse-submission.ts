import { findCategory } from './categories.ts'
import { findSubmittedOpinions } from './opinions.ts'
import type { Grammar } from './understanding.ts'

export interface SubmissionAnalysis {
  readonly category: string
  readonly opinions: string[]
  readonly anonymous: boolean
}

/** Reads a message as an opinion to be handled; `text` is the original, `normalized` its normalizeText. */
export function analyseSubmission(text: string, normalized: string, grammar: Grammar): SubmissionAnalysis {
  const found = findSubmittedOpinions(normalized, grammar.opinions)
  const opinions = found.points.map((p) => text.slice(p.start, p.end))
  const first = found.points[0]
  return {
    // The first point decides, without the follow-up that asks to fix it (希望后勤尽快解决 names no topic).
    category: findCategory(first ? normalized.slice(first.start, first.subjectEnd ?? first.end) : normalized, normalized, grammar.categories),
    opinions,
    anonymous: found.anonymous,
  }
}
